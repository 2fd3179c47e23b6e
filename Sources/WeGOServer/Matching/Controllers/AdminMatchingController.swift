import Fluent
import Vapor
import WeGOCore
import WeGOMatching

/// The Secretariat's side of Solutions Meet Cities: open a month's cycle, plan it once (maximum
/// weight matching over reciprocal scores), follow every meeting on the pipeline board, and read
/// the funnel by month and region, also as CSV.
enum AdminMatchingController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.admin(.matching), use: overview)
        routes.post(.admin(.matching), use: openCycle)
        routes.post(.admin(.planCycle(.key)), use: plan)
        routes.get(.admin(.funnelCSV), use: funnelCSV)
    }

    static func page(
        _ request: Request, user: SignedInUser, errors: [String: String] = [:], form: CycleOpenForm? = nil,
        planned: PlannedCycle? = nil
    ) async throws -> HTML {
        let page = try await AdminMatchingPage.query(viewer: user, now: request.application.clock(), on: request.db)
        return AdminMatchingViews.overview(PageContext(request), page: page, errors: errors, form: form, planned: planned)
    }

    @Sendable static func overview(_ request: Request) async throws -> Response {
        let user = try request.requireMatchingManager()
        return try await page(request, user: user).response(status: .ok)
    }

    @Sendable static func openCycle(_ request: Request) async throws -> Response {
        let user = try request.requireMatchingManager()
        let service = CycleService(request.application, db: request.db)
        return try await FormSubmission(
            request, validate: { try await service.validate($0) },
            render: { form, errors in
                try await page(request, user: user, errors: errors, form: form)
            }
        ).perform { opening in
            try await service.open(opening, user: user)
            return .admin(.matching)
        }
    }

    /// Plans the month once; the page then lists the proposals and, for each city left out, why.
    @Sendable static func plan(_ request: Request) async throws -> Response {
        let user = try request.requireMatchingManager()
        let planned = try await CycleService(request.application, db: request.db).plan(try request.parameter(.month), user: user)
        return try await page(request, user: user, planned: planned).response(status: .ok)
    }

    @Sendable static func funnelCSV(_ request: Request) async throws -> Response {
        let user = try request.requireMatchingManager()
        let pipeline = try await MatchPipeline.query(viewer: user, on: request.db)
        var lines = ["month,region," + MatchFunnel.Stage.allCases.map(\.code).joined(separator: ",")]
        for row in MatchFunnel.rows(pipeline.funnel) {
            lines.append("\(row.month),\(row.region ?? ""),\(row.counts.map(String.init).joined(separator: ","))")
        }
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"wego-matching-funnel.csv\"",
            ],
            body: .init(string: lines.joined(separator: "\r\n") + "\r\n"))
    }
}
