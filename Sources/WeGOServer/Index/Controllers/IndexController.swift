import Vapor
import WeGOCore
import WeGOIndex

/// The Cities Future Readiness Index in public: the editions, each edition's ranking (sortable,
/// filtered by region, as CSV), a profile per city and the methodology of the pipeline used.
enum IndexController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.index(.editions), use: overview)
        routes.get(.index(.edition(.key)), use: edition)
        routes.get(.index(.ranking(.key)), use: csv)
        routes.get(.index(.methodology(.key)), use: methodology)
        routes.get(.index(.unit(.key, .key)), use: unit)
    }

    /// The edition the address names, as far as the reader may see it (a draft is the Secretariat's).
    static func requestedEdition(_ request: Request) async throws -> IndexEdition {
        try await IndexEditions.find(slug: try request.parameter(.slug), viewer: request.user, on: request.db)
    }

    @Sendable static func overview(_ request: Request) async throws -> Response {
        let page = try await IndexOverviewPage.query(includingDrafts: request.user.map(Permissions.canManageIndex) ?? false, on: request.db)
        return IndexViews.overview(page, PageContext(request)).response(status: .ok)
    }

    @Sendable static func edition(_ request: Request) async throws -> Response {
        let edition = try await requestedEdition(request)
        let app = request.application
        switch edition.kind {
        case .published:
            guard let published = IndexEditions.published(edition) else { throw Abort(.notFound) }
            let page = try await PublishedRankingPage.query(edition, ranking: published, on: request.db, reference: app.referenceData)
            return IndexViews.publishedRanking(page, PageContext(request)).response(status: .ok)
        case .computed:
            let page = try await RankingPage.query(
                edition, parameters: try request.queryParameters, computations: app.indexComputations,
                on: request.db, reference: app.referenceData)
            return IndexViews.ranking(page, PageContext(request)).response(status: .ok)
        }
    }

    @Sendable static func csv(_ request: Request) async throws -> Response {
        let edition = try await requestedEdition(request)
        let text = try await EditionRankingCSV.text(
            edition, computations: request.application.indexComputations, on: request.db,
            reference: request.application.referenceData)
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"\(edition.slug)-ranking.csv\"",
            ], body: .init(string: text))
    }

    @Sendable static func methodology(_ request: Request) async throws -> Response {
        let page = try await MethodologyPage.query(try await requestedEdition(request), computations: request.application.indexComputations)
        return IndexViews.methodology(page, PageContext(request)).response(status: .ok)
    }

    @Sendable static func unit(_ request: Request) async throws -> Response {
        let app = request.application
        let page = try await UnitProfilePage.query(
            try await requestedEdition(request), code: try request.parameter(.code),
            computations: app.indexComputations, on: request.db, reference: app.referenceData,
            logger: request.logger)
        return IndexViews.profile(page, PageContext(request)).response(status: .ok)
    }
}
