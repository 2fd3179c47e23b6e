import Fluent
import SQLKit
import Vapor
import WeGOCore
import WeGOIndex

/// An edition's stored inputs, the engine's input to everything the pages show.
struct EditionInputs: Sendable, Hashable {
    var data: String
    var meta: String
    var pipeline: String
    var assumptions: String?

    init(data: String, meta: String, pipeline: String, assumptions: String?) {
        self.data = data; self.meta = meta; self.pipeline = pipeline; self.assumptions = assumptions
    }

    init?(_ edition: IndexEdition) {
        guard let data = edition.dataCSV, let meta = edition.metaCSV, let pipeline = edition.pipelineJSON else { return nil }
        self.init(data: data, meta: meta, pipeline: pipeline, assumptions: edition.assumptionsJSON)
    }
}

/// The engine's results for one edition's inputs, with the optional columns the platform reads
/// beside COINr's (`country`, ISO alpha-2, and `member`, a WeGO member's slug).
struct ComputedEdition: Sendable {
    let input: IndexInput
    let pipeline: Pipeline
    let results: IndexResults
    let ranking: IndexRanking
    let countries: [String: String]
    let memberSlugs: [String: String]

    static func compute(_ inputs: EditionInputs) throws(IndexError) -> ComputedEdition {
        let input = try IndexInput.read(data: inputs.data, meta: inputs.meta)
        let pipeline = try Pipeline(json: Data(inputs.pipeline.utf8))
        let results = try IndexEngine.run(input, pipeline)
        var countries: [String: String] = [:], members: [String: String] = [:]
        if let table = try? CSVTable(parsing: inputs.data), let code = table.column("uCode") {
            let country = table.column("country"), member = table.column("member")
            for row in table.rows {
                if let country, !row[country].isEmpty { countries[row[code]] = row[country].uppercased() }
                if let member, !row[member].isEmpty { members[row[code]] = row[member] }
            }
        }
        return ComputedEdition(
            input: input, pipeline: pipeline, results: results,
            ranking: try IndexRanking(results: results, input: input), countries: countries, memberSlugs: members)
    }

    /// The rank interval of the uncertainty analysis: fixed runs and seed, so every reader of
    /// the page sees the same interval and the methodology page can say how it was made.
    static let uncertaintyRuns = 100
    static let uncertaintySeed: UInt64 = 1

    func uncertainty(_ assumptions: String) throws(IndexError) -> UncertaintyResults {
        let spec = try UncertaintySpec(json: Data(assumptions.utf8))
        return try UncertaintyAnalysis.run(
            input, pipeline, spec: spec, runs: Self.uncertaintyRuns, seed: Self.uncertaintySeed, sobol: false)
    }
}

/// Results are computed when first read and kept per edition version, since the inputs are
/// small and the engine fast; one computation runs at a time per edition, however many readers
/// arrive together. The uncertainty analysis (a hundred runs) is kept the same way, apart.
actor IndexComputations {
    private var editions: [EditionInputs: Task<ComputedEdition, any Error>] = [:]
    private var uncertainty: [EditionInputs: Task<UncertaintyResults, any Error>] = [:]
    /// Old versions are dropped in bulk; an edition rarely changes and there are few of them.
    private let capacity = 32

    func edition(_ inputs: EditionInputs) async throws -> ComputedEdition {
        if let task = editions[inputs] { return try await task.value }
        if editions.count >= capacity { editions.removeAll() }
        let task = Task.detached { () throws -> ComputedEdition in try ComputedEdition.compute(inputs) }
        editions[inputs] = task
        return try await task.value
    }

    private var entries: [UUID: (version: Date?, entries: EditionEntries)] = [:]

    /// An edition's ranked names, read from the edition only when it changed since last asked:
    /// member pages need them on every visit, and loading an edition means its whole data files.
    func entries(
        of id: UUID, version: Date?, load: @Sendable () async throws -> EditionEntries?
    ) async throws -> EditionEntries? {
        if let cached = entries[id], cached.version == version { return cached.entries }
        guard let loaded = try await load() else { return nil }
        entries[id] = (version, loaded)
        return loaded
    }

    func uncertainty(_ inputs: EditionInputs) async throws -> UncertaintyResults? {
        guard let assumptions = inputs.assumptions else { return nil }
        if let task = uncertainty[inputs] { return try await task.value }
        if uncertainty.count >= capacity { uncertainty.removeAll() }
        let computed = try await edition(inputs)
        let task = Task.detached { () throws -> UncertaintyResults in try computed.uncertainty(assumptions) }
        uncertainty[inputs] = task
        return try await task.value
    }
}

extension Application {
    private struct IndexComputationsKey: StorageKey { typealias Value = IndexComputations }
    var indexComputations: IndexComputations {
        get { storage[IndexComputationsKey.self]! }
        set { storage[IndexComputationsKey.self] = newValue }
    }
}

/// A WeGO member that an edition's unit is.
struct EditionMemberLink: Sendable, Equatable {
    var slug: String
    var name: String
}

/// Where a unit is and whether it is a WeGO member, for the region filter and the member links.
struct EditionUnitPlace: Sendable, Equatable {
    var country: String?
    /// A continent code (from the country) or a label of the edition's region group.
    var region: String?
    var member: EditionMemberLink?
}

/// Links an edition's units to WeGO members: by the `member` column when the data names one,
/// otherwise a local government of the same name (accents and case aside) in the same country.
struct MemberLinker: Sendable {
    struct Candidate: Sendable { var slug: String; var name: String; var country: String?; var category: MemberCategory }
    let bySlug: [String: Candidate]
    let byName: [String: [Candidate]]

    init(candidates: [Candidate]) {
        bySlug = Dictionary(candidates.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        byName = Dictionary(grouping: candidates.filter { $0.category == .localGovernment }) { TextFolding.fold($0.name) }
    }

    /// The members that the given names and slugs can link to, and no others: a link needs the
    /// member of a slug, or every local government of a name (to know it is the only one), so
    /// the answer is the one a linker of all members would give, read through the name-key and
    /// slug indexes in bounded batches.
    static func load(names: some Sequence<String>, slugs: some Sequence<String>, on db: any Database) async throws -> MemberLinker {
        let keys = Array(Set(names.map(TextFolding.fold)))
        let slugs = Array(Set(slugs))
        // By slug: a member found both by its name and by its slug is one candidate, not two.
        var candidates: [String: Candidate] = [:]
        for (column, values) in [("name_key", keys), ("slug", slugs)] {
            for row in try await db.rows(["slug", "name", "country", "category"], from: Member.schema, where: column, in: values) {
                guard let category = MemberCategory(rawValue: try row.decode(column: "category", as: String.self)) else { continue }
                let slug = try row.decode(column: "slug", as: String.self)
                candidates[slug] = Candidate(
                    slug: slug, name: try row.decode(column: "name", as: String.self),
                    country: try row.decode(column: "country", as: String?.self), category: category)
            }
        }
        return MemberLinker(candidates: Array(candidates.values))
    }

    /// Everything a computed edition's units can link to.
    static func load(for computed: ComputedEdition, on db: any Database) async throws -> MemberLinker {
        try await load(names: computed.input.unitNames, slugs: computed.memberSlugs.values, on: db)
    }

    /// Everything a published ranking's cities can link to.
    static func load(for ranking: PublishedRanking, on db: any Database) async throws -> MemberLinker {
        try await load(names: ranking.entries.map(\.city), slugs: [], on: db)
    }

    func link(name: String, country: String?, slug: String?) -> EditionMemberLink? {
        if let slug { return bySlug[slug].map { EditionMemberLink(slug: $0.slug, name: $0.name) } }
        let matches = (byName[TextFolding.fold(name)] ?? []).filter { country == nil || $0.country == country }
        guard matches.count == 1, let match = matches.first else { return nil }
        return EditionMemberLink(slug: match.slug, name: match.name)
    }

    /// Places of every unit of a computed edition.
    func places(_ computed: ComputedEdition, regionGroup: String?, reference: ReferenceData) -> [String: EditionUnitPlace] {
        var places: [String: EditionUnitPlace] = [:]
        for (index, code) in computed.input.unitCodes.enumerated() {
            let member = link(name: computed.input.unitNames[index], country: computed.countries[code], slug: computed.memberSlugs[code])
            let country = computed.countries[code] ?? member.flatMap { bySlug[$0.slug]?.country }
            let region =
                regionGroup.flatMap { computed.input.group($0, of: code) } ?? country.flatMap { reference.countries[$0]?.continent }
            places[code] = EditionUnitPlace(country: country, region: region, member: member)
        }
        return places
    }
}

/// Finding editions for the public pages: published ones for everybody, drafts for the
/// Secretariat only (anyone else gets 404, as if the draft did not exist).
enum IndexEditions {
    static func find(slug: String?, viewer: SignedInUser?, on db: any Database) async throws -> IndexEdition {
        guard let slug, let edition = try await IndexEdition.query(on: db).filter(\.$slug == slug).first() else { throw Abort(.notFound) }
        if edition.status == .draft {
            guard let viewer, Permissions.canManageIndex(viewer) else { throw Abort(.notFound) }
        }
        return edition
    }

    static func computed(_ edition: IndexEdition, computations: IndexComputations) async throws -> ComputedEdition {
        guard let inputs = EditionInputs(edition) else { throw Abort(.notFound) }
        do { return try await computations.edition(inputs) } catch let error as IndexError {
            throw EditionError.inputsRefused(reason: error.description)
        }
    }

    static func published(_ edition: IndexEdition) -> PublishedRanking? {
        edition.publishedRanksCSV.flatMap { try? PublishedRanking(csv: $0) }
    }
}

/// Where a member appears in the published editions, for its member page.
struct IndexAppearance: Sendable {
    var title: String
    var link: SiteURL
    var rank: Int?
    var total: Int
}

extension IndexAppearance {
    static func all(
        of slug: String, named name: String, on db: any Database, computations: IndexComputations
    ) async throws -> [IndexAppearance] {
        let published = try await db.sql.select().column("id").column("updated_at").from(IndexEdition.schema)
            .where("status", .equal, IndexEdition.Status.published.rawValue).orderBy("year", .descending).all()
        guard !published.isEmpty else { return [] }
        // Only this member's name and slug: an entry links here only through one of them.
        let linker = try await MemberLinker.load(names: [name], slugs: [slug], on: db)
        let key = TextFolding.fold(name)
        var found: [IndexAppearance] = []
        for row in published {
            let id = try row.decode(column: "id", as: UUID.self)
            let version = try row.decode(column: "updated_at", as: Date?.self)
            let entries = try await computations.entries(of: id, version: version) {
                guard let edition = try await IndexEdition.find(id, on: db) else { return nil }
                return try? await EditionEntries.read(edition, computations: computations)
            }
            guard let entries else { continue }
            for entry in entries.entries where entry.slug == slug || (entry.slug == nil && entry.nameKey == key) {
                guard linker.link(name: entry.name, country: entry.country, slug: entry.slug)?.slug == slug else { continue }
                found.append(IndexAppearance(title: entries.title, link: entry.link, rank: entry.rank, total: entries.total))
            }
        }
        return found
    }
}

/// The names an edition ranks, folded once, for finding a member in it.
struct EditionEntries: Sendable {
    struct Entry: Sendable {
        var name: String
        var nameKey: String
        var country: String?
        /// The member the edition's data names outright (computed editions' `member` column).
        var slug: String?
        var rank: Int?
        var link: SiteURL
    }

    var title: String
    var total: Int
    var entries: [Entry]

    static func read(_ edition: IndexEdition, computations: IndexComputations) async throws -> EditionEntries? {
        switch edition.kind {
        case .published:
            guard let ranking = IndexEditions.published(edition) else { return nil }
            return EditionEntries(
                title: edition.title, total: edition.rankedCount ?? ranking.entries.count,
                entries: ranking.entries.map { entry in
                    Entry(
                        name: entry.city, nameKey: TextFolding.fold(entry.city), country: entry.country, slug: nil, rank: entry.rank,
                        link: .index(.edition(.value(edition.slug))))
                })
        case .computed:
            guard let inputs = EditionInputs(edition) else { return nil }
            let computed = try await computations.edition(inputs)
            let names = Dictionary(zip(computed.input.unitCodes, computed.input.unitNames), uniquingKeysWith: { first, _ in first })
            return EditionEntries(
                title: edition.title, total: computed.ranking.rows.count,
                entries: computed.ranking.rows.map { row in
                    let name = names[row.code] ?? row.name
                    return Entry(
                        name: name, nameKey: TextFolding.fold(name), country: computed.countries[row.code],
                        slug: computed.memberSlugs[row.code], rank: row.rank, link: .index(.unit(.value(edition.slug), .value(row.code))))
                })
        }
    }
}
