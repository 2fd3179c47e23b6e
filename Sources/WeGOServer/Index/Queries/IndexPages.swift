import Fluent
import Vapor
import WeGOCore
import WeGOIndex

/// An edition as the index's pages name it, without its inputs.
struct EditionSummary: Sendable {
    typealias Kind = IndexEdition.Kind
    typealias Status = IndexEdition.Status

    var slug: String
    var title: String
    var year: Int
    var kind: Kind
    var status: Status
    var source: String?
    var rankedCount: Int?

    init(slug: String, title: String, year: Int, kind: Kind, status: Status, source: String?, rankedCount: Int?) {
        self.slug = slug; self.title = title; self.year = year; self.kind = kind; self.status = status
        self.source = source; self.rankedCount = rankedCount
    }

    init(_ edition: IndexEdition) {
        self.init(
            slug: edition.slug, title: edition.title, year: edition.year, kind: edition.kind, status: edition.status,
            source: edition.source, rankedCount: edition.rankedCount)
    }

    /// Editions newest first, reading only the columns a summary holds: the inputs are large.
    static func all(includingDrafts: Bool, on db: any Database) async throws -> [EditionSummary] {
        let query = IndexEdition.query(on: db)
            .field(\.$id).field(\.$slug).field(\.$title).field(\.$year).field(\.$kind).field(\.$status)
            .field(\.$source).field(\.$rankedCount)
            .sort(\.$year, .descending).sort(\.$title)
        if !includingDrafts { query.filter(\.$status == .published) }
        return try await query.all().map(EditionSummary.init)
    }
}

/// The editions and the framework they hang on.
struct IndexOverviewPage: Sendable {
    var editions: [EditionSummary]
    var framework: IndexFramework

    static func query(includingDrafts: Bool, on db: any Database) async throws -> IndexOverviewPage {
        IndexOverviewPage(
            editions: try await EditionSummary.all(includingDrafts: includingDrafts, on: db),
            framework: try await IndexFrameworks.current(on: db))
    }
}

/// An edition known only by the ranks it published, each city linked to its WeGO member.
struct PublishedRankingPage: Sendable {
    struct Entry: Sendable {
        var rank: Int
        var city: String
        var country: String
        var member: EditionMemberLink?
    }

    var edition: EditionSummary
    var entries: [Entry]
    /// Ranks the publication left unnamed.
    var missingRanks: Set<Int>
    var reference: ReferenceData

    static func query(
        _ edition: IndexEdition, ranking: PublishedRanking, on db: any Database,
        reference: ReferenceData
    ) async throws -> PublishedRankingPage {
        let linker = try await MemberLinker.load(for: ranking, on: db)
        let entries = ranking.entries.map { entry in
            Entry(
                rank: entry.rank, city: entry.city, country: entry.country,
                member: linker.link(name: entry.city, country: entry.country, slug: nil))
        }
        return PublishedRankingPage(
            edition: EditionSummary(edition), entries: entries, missingRanks: Set(ranking.missingRanks),
            reference: reference)
    }
}

/// A computed edition's ranking as asked for: sorted, filtered by region.
struct RankingPage: Sendable {
    var edition: EditionSummary
    var computed: ComputedEdition
    var places: [String: EditionUnitPlace]
    var query: RankingQuery

    /// 400 for a sort, order or region the edition does not have.
    static func query(
        _ edition: IndexEdition, parameters: [String: String], computations: IndexComputations, on db: any Database,
        reference: ReferenceData
    ) async throws -> RankingPage {
        let computed = try await IndexEditions.computed(edition, computations: computations)
        let places = try await MemberLinker.load(for: computed, on: db).places(
            computed, regionGroup: edition.regionGroup, reference: reference)
        let query = try RankingQuery(parameters, ranking: computed.ranking, regions: Set(places.values.compactMap(\.region)))
        return RankingPage(edition: EditionSummary(edition), computed: computed, places: places, query: query)
    }
}

/// One unit of a computed edition: its scores against the median, its rank interval, and the
/// member it is, if any.
struct UnitProfilePage: Sendable {
    var edition: EditionSummary
    var computed: ComputedEdition
    var row: IndexRanking.Row
    var place: EditionUnitPlace?
    var interval: UncertaintyResults.UnitRanks?
    var reference: ReferenceData

    /// 404 for a unit the edition does not rank. A failed uncertainty analysis leaves the page
    /// without its interval: the assumptions were checked at import.
    static func query(
        _ edition: IndexEdition, code: String?, computations: IndexComputations, on db: any Database,
        reference: ReferenceData, logger: Logger
    ) async throws -> UnitProfilePage {
        guard edition.kind == .computed, let code, let inputs = EditionInputs(edition) else { throw Abort(.notFound) }
        let computed = try await IndexEditions.computed(edition, computations: computations)
        guard let row = computed.ranking.row(code) else { throw Abort(.notFound) }
        let place = try await MemberLinker.load(for: computed, on: db).places(
            computed, regionGroup: edition.regionGroup, reference: reference)[code]
        var interval: UncertaintyResults.UnitRanks?
        do {
            interval = try await computations.uncertainty(inputs)?.ranks.first { $0.unit == code }
        } catch let error as IndexError {
            logger.warning("index uncertainty for \(edition.slug) failed: \(error)")
        }
        return UnitProfilePage(
            edition: EditionSummary(edition), computed: computed, row: row, place: place, interval: interval,
            reference: reference)
    }
}

/// How a computed edition was made: the pipeline's steps, the treated indicators, the structure
/// and the uncertainty analysis's assumptions.
struct MethodologyPage: Sendable {
    var edition: EditionSummary
    var computed: ComputedEdition
    var assumptions: UncertaintySpec?

    static func query(_ edition: IndexEdition, computations: IndexComputations) async throws -> MethodologyPage {
        guard edition.kind == .computed else { throw Abort(.notFound) }
        let computed = try await IndexEditions.computed(edition, computations: computations)
        let assumptions = edition.assumptionsJSON.flatMap { try? UncertaintySpec(json: Data($0.utf8)) }
        return MethodologyPage(edition: EditionSummary(edition), computed: computed, assumptions: assumptions)
    }
}

/// The ranking as a spreadsheet: ranks for a published edition, ranks and every score for a computed one.
enum EditionRankingCSV {
    static func text(
        _ edition: IndexEdition, computations: IndexComputations, on db: any Database,
        reference: ReferenceData
    ) async throws -> String {
        var lines: [[String]]
        switch edition.kind {
        case .published:
            guard let published = IndexEditions.published(edition) else { throw Abort(.notFound) }
            let linker = try await MemberLinker.load(for: published, on: db)
            lines = [["rank", "city", "country", "wego_member"]]
            for entry in published.entries {
                let member = linker.link(name: entry.city, country: entry.country, slug: nil)
                lines.append([String(entry.rank), entry.city, entry.country, member?.slug ?? ""])
            }
        case .computed:
            let computed = try await IndexEditions.computed(edition, computations: computations)
            let places = try await MemberLinker.load(for: computed, on: db).places(
                computed, regionGroup: edition.regionGroup, reference: reference)
            let ranking = computed.ranking
            let codes = [ranking.indexCode] + ranking.dimensions.map(\.code) + ranking.pillars.map(\.code)
            lines = [["rank", "uCode", "uName", "region", "wego_member"] + codes]
            for row in ranking.rows {
                let place = places[row.code]
                lines.append(
                    [row.rank.map(String.init) ?? "", row.code, row.name, place?.region ?? "", place?.member?.slug ?? ""]
                        + codes.map { row.scores[$0].map { "\($0)" } ?? "" })
            }
        }
        return lines.map { $0.map(CSVTable.field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}

/// The Secretariat's list of editions, drafts included.
struct AdminEditionListPage: Sendable {
    var editions: [EditionSummary]

    static func query(on db: any Database) async throws -> AdminEditionListPage {
        AdminEditionListPage(editions: try await EditionSummary.all(includingDrafts: true, on: db))
    }
}

/// One edition for the Secretariat, with what the engine made of a computed one.
struct AdminEditionPage: Sendable {
    var edition: EditionSummary
    var computed: ComputedEdition?

    static func query(_ edition: IndexEdition, computations: IndexComputations) async throws -> AdminEditionPage {
        let computed = edition.kind == .computed ? try await IndexEditions.computed(edition, computations: computations) : nil
        return AdminEditionPage(edition: EditionSummary(edition), computed: computed)
    }
}

/// The framework as the Secretariat last saved it, or as typed when it was refused.
struct FrameworkPage: Sendable {
    var text: String
    /// nil when the text is not a framework.
    var framework: IndexFramework?

    init(text: String) {
        self.text = text
        framework = try? IndexFramework(csv: text)
    }

    static func query(on db: any Database) async throws -> FrameworkPage {
        FrameworkPage(text: try await IndexFrameworks.record(on: db)?.aggregatesCSV ?? "")
    }
}
