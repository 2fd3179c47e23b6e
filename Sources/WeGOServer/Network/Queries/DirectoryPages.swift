import Fluent
import Foundation
import WeGOCore

/// A page of the public directory, with the counts beside each filter.
struct DirectoryPage: Sendable {
    var results: MemberPage
    var facets: MemberFacets
    /// The organisation's own published total, shown beside the directory's count when nothing is filtered.
    var reportedTotal: (value: Int, asOf: String)?
    var reference: ReferenceData

    static func query(
        _ filter: MemberFilter, on db: any Database, cache: DirectoryCountsCache, now: Date,
        reference: ReferenceData
    ) async throws -> DirectoryPage {
        let results = try await MemberDirectory.list(filter, on: db, cache: cache, now: now)
        let facets = try await MemberDirectory.facets(filter, on: db, cache: cache, now: now)
        let reported = try await ReportedFigures.latest(on: db)
        return DirectoryPage(
            results: results, facets: facets,
            reportedTotal: reported.flatMap { figures in figures.total.map { ($0, figures.asOf) } }, reference: reference)
    }
}

/// A member's public page: its facts, roles, networks and offices, and where it stands in the
/// published editions of the index.
struct MemberProfilePage: Sendable {
    var profile: MemberDirectory.Profile
    var index: [IndexAppearance]
    var reference: ReferenceData

    /// nil when no member has this slug.
    static func query(
        slug: String, on db: any Database, computations: IndexComputations,
        reference: ReferenceData
    ) async throws -> MemberProfilePage? {
        guard let profile = try await MemberDirectory.profile(slug: slug, on: db) else { return nil }
        let index = try await IndexAppearance.all(
            of: slug, named: profile.member.name, on: db, computations: computations)
        return MemberProfilePage(profile: profile, index: index, reference: reference)
    }
}

/// The members with a known location, and the offices, for the world map and its table.
struct MapPage: Sendable {
    var members: [MemberSummary]
    /// How many members the map cannot place.
    var unlocated: Int
    var offices: [OfficeSummary]
    var worldMap: WorldMap
    var reference: ReferenceData

    static func query(
        on db: any Database, cache: DirectoryCountsCache, now: Date, worldMap: WorldMap,
        reference: ReferenceData
    ) async throws -> MapPage {
        let (members, unlocated) = try await MemberDirectory.located(on: db, cache: cache, now: now)
        return MapPage(
            members: members, unlocated: unlocated, offices: try await OfficeSummary.all(on: db), worldMap: worldMap,
            reference: reference)
    }
}
