import Fluent
import Vapor
import WeGOCore
import WeGOIndex

/// The Cities Future Readiness Index in public: the editions, each edition's ranking (sortable,
/// filtered by region, as CSV), a profile per city and the methodology of the pipeline used.
enum IndexController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.index, use: overview)
        routes.get(.indexEdition(slug: ""), use: edition)
        routes.get(.indexEditionCSV(slug: ""), use: csv)
        routes.get(.indexMethodology(slug: ""), use: methodology)
        routes.get(.indexUnit(slug: "", code: ""), use: unit)
    }

    @Sendable static func overview(_ request: Request) async throws -> Response {
        var query = IndexEdition.query(on: request.db).sort(\.$year, .descending).sort(\.$title)
        if !(request.user.map(Permissions.canManageIndex) ?? false) { query = query.filter(\.$status == .published) }
        let editions = try await query.all()
        let framework = try await IndexFrameworks.current(on: request.db)
        return IndexViews.overview(PageContext(request), editions: editions, framework: framework).response(status: .ok)
    }

    /// What the ranking page was asked for: `sort` (rank, name or an aggregate's code), `order`
    /// (asc, desc) and `region`; anything unknown is a 400 naming the parameter.
    struct RankingQuery: Sendable {
        var sort: IndexRanking.SortKey = .rank
        var sortName = "rank"
        var descending = false
        var region: String?

        init(_ request: Request, ranking: IndexRanking, regions: Set<String>) throws {
            let context = PageContext(request)
            let values = request.queryParameters
            if let sort = values["sort"], !sort.isEmpty {
                switch sort {
                case "rank": self.sort = .rank
                case "name": self.sort = .name
                default:
                    // The columns the table offers: the index, the dimensions and the pillars.
                    guard sort == ranking.indexCode || (ranking.dimensions + ranking.pillars).contains(where: { $0.code == sort }) else {
                        throw ExplainedError(status: .badRequest, reason: context.t("index.error.sort", ["value": sort]))
                    }
                    self.sort = .score(sort)
                }
                sortName = sort
            }
            switch values["order"] ?? "" {
            case "": if case .score = self.sort { descending = true } // best scores first, ranks from 1
            case "asc": descending = false
            case "desc": descending = true
            default: throw ExplainedError(status: .badRequest, reason: context.t("index.error.order"))
            }
            if let region = values["region"], !region.isEmpty {
                guard regions.contains(region) else { throw ExplainedError(status: .badRequest, reason: context.t("index.error.region", ["value": region])) }
                self.region = region
            }
        }
    }

    @Sendable static func edition(_ request: Request) async throws -> Response {
        let edition = try await IndexEditions.find(request)
        let context = PageContext(request)
        let linker = try await MemberLinker.load(on: request.db)
        switch edition.kind {
        case .published:
            guard let published = IndexEditions.published(edition) else { throw Abort(.notFound) }
            return IndexViews.publishedRanking(context, edition: edition, ranking: published, linker: linker,
                                               reference: request.application.referenceData).response(status: .ok)
        case .computed:
            let computed = try await IndexEditions.computed(edition, request)
            let places = linker.places(computed, regionGroup: edition.regionGroup, reference: request.application.referenceData)
            let query = try RankingQuery(request, ranking: computed.ranking, regions: Set(places.values.compactMap(\.region)))
            return IndexViews.ranking(context, edition: edition, computed: computed, places: places, query: query).response(status: .ok)
        }
    }

    @Sendable static func csv(_ request: Request) async throws -> Response {
        let edition = try await IndexEditions.find(request)
        let linker = try await MemberLinker.load(on: request.db)
        var lines: [[String]]
        switch edition.kind {
        case .published:
            guard let published = IndexEditions.published(edition) else { throw Abort(.notFound) }
            lines = [["rank", "city", "country", "wego_member"]]
            for entry in published.entries {
                let member = linker.link(name: entry.city, country: entry.country, slug: nil)
                lines.append([String(entry.rank), entry.city, entry.country, member?.slug ?? ""])
            }
        case .computed:
            let computed = try await IndexEditions.computed(edition, request)
            let places = linker.places(computed, regionGroup: edition.regionGroup, reference: request.application.referenceData)
            let ranking = computed.ranking
            let codes = [ranking.indexCode] + ranking.dimensions.map(\.code) + ranking.pillars.map(\.code)
            lines = [["rank", "uCode", "uName", "region", "wego_member"] + codes]
            for row in ranking.rows {
                let place = places[row.code]
                lines.append([row.rank.map(String.init) ?? "", row.code, row.name, place?.region ?? "", place?.member?.slug ?? ""]
                             + codes.map { row.scores[$0].map { "\($0)" } ?? "" })
            }
        }
        let body = lines.map { $0.map(CSVTable.field).joined(separator: ",") }.joined(separator: "\n") + "\n"
        return Response(status: .ok, headers: [
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": "attachment; filename=\"\(edition.slug)-ranking.csv\"",
        ], body: .init(string: body))
    }

    @Sendable static func methodology(_ request: Request) async throws -> Response {
        let edition = try await IndexEditions.find(request)
        guard edition.kind == .computed else { throw Abort(.notFound) }
        let computed = try await IndexEditions.computed(edition, request)
        let spec = edition.assumptionsJSON.flatMap { try? UncertaintySpec(json: Data($0.utf8)) }
        return IndexViews.methodology(PageContext(request), edition: edition, computed: computed, assumptions: spec).response(status: .ok)
    }

    @Sendable static func unit(_ request: Request) async throws -> Response {
        let edition = try await IndexEditions.find(request)
        guard edition.kind == .computed, let code = request.parameters.get("code"), let inputs = EditionInputs(edition) else { throw Abort(.notFound) }
        let computed = try await IndexEditions.computed(edition, request)
        guard let row = computed.ranking.row(code) else { throw Abort(.notFound) }
        let linker = try await MemberLinker.load(on: request.db)
        let place = linker.places(computed, regionGroup: edition.regionGroup, reference: request.application.referenceData)[code]
        var interval: UncertaintyResults.UnitRanks?
        do {
            interval = try await request.application.indexComputations.uncertainty(inputs)?.ranks.first { $0.unit == code }
        } catch let error as IndexError {
            // The profile stands without its interval; the assumptions were checked at import.
            request.logger.warning("index uncertainty for \(edition.slug) failed: \(error)")
        }
        return IndexViews.profile(PageContext(request), edition: edition, computed: computed, row: row, place: place, interval: interval,
                                  reference: request.application.referenceData).response(status: .ok)
    }
}
