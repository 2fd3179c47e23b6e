import Fluent
import Vapor
import WeGOCore
import WeGOMatching

/// Monthly City-to-City cycles as a city sees them: the open months, and joining one with its
/// availability (in its own time) until the Secretariat plans it.
enum CyclesController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.matching(.cycles), use: list)
        routes.post(.matching(.joinCycle(.key)), use: join)
    }

    static func page(
        _ request: Request, errors: [String: String] = [:], form: CycleJoinForm? = nil, month: String? = nil
    ) async throws -> HTML {
        let page = try await CyclesPage.query(viewer: request.user, on: request.db)
        return CycleViews.list(PageContext(request), page: page, errors: errors, form: form, formMonth: month)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        try await page(request, month: request.query[String.self, at: "month"]).response(status: .ok)
    }

    @Sendable static func join(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let city = try await MatchAccess.requireCity(user, on: request.db)
        let service = CycleService(request.application, db: request.db)
        let month = try request.parameter(.month)
        let (cycle, cycleMonth) = try await service.openCycle(month)
        let form = try request.content.decode(CycleJoinForm.self)
        if form.action == "leave" {
            try await service.leave(cycle, city: city, user: user)
            return request.redirect(to: SiteURL.matching(.cycles).path, redirectType: .normal)
        }
        return try await FormSubmission(
            request, form: form, validate: { try await service.validate($0, month: cycleMonth, city: city) },
            render: { form, errors in try await page(request, errors: errors, form: form, month: month) }
        )
        .perform { joining in
            try await service.join(cycle, city: city, joining, user: user)
            return .matching(.cycles)
        }
    }
}
