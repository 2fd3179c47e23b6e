import Vapor
import WeGOCore

/// The Secretariat's review queue: pending applications with their computed fee, and the
/// decision on each (approve or reject with a reason), recorded in the audit log.
enum AdminApplicationsController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.admin(.applications), use: queue)
        routes.get(.admin(.application(.key)), use: show)
        routes.post(.admin(.approve(.key)), use: approve)
        routes.post(.admin(.reject(.key)), use: reject)
    }

    @Sendable static func queue(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        let status = (try? request.query.get(String.self, at: "status")).flatMap(ApplicationStatus.init(rawValue:)) ?? .pending
        let page = try await ApplicationQueuePage.query(status: status, app: request.application, on: request.db)
        return AdminApplicationViews.queue(page, PageContext(request)).response(status: .ok)
    }

    static func detail(_ request: Request) async throws -> ApplicationDetailPage {
        try await ApplicationDetailPage.query(
            id: try request.parameter(.id), language: request.language, app: request.application,
            on: request.db)
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        return AdminApplicationViews.detail(try await detail(request), PageContext(request), errors: [:], alert: nil).response(status: .ok)
    }

    /// The application's page is read only to show it again: the service finds the application itself.
    static func formAgain<Form>(_ request: Request) -> @Sendable (Form, [String: String]) async throws -> HTML {
        let context = PageContext(request)
        return { _, errors in AdminApplicationViews.detail(try await detail(request), context, errors: errors, alert: nil) }
    }

    static func applicationID(_ request: Request) throws -> UUID {
        let id = try request.parameter(.id, as: UUID.self)
        return id
    }

    @Sendable static func approve(_ request: Request) async throws -> Response {
        let actor = AuditLog.actor(try request.requireMembershipManager())
        let id = try applicationID(request)
        let service = MembershipService(request.application, db: request.db)
        let submission = try FormSubmission(request, decoding: ApproveForm.self, validate: { $0.checked }, render: formAgain(request))
        do {
            return try await submission.perform { region in
                .admin(.membership(.value(try await service.approve(id, region: region, actor: actor).0.slug)))
            }
        } catch let refusal as MembershipError {
            return try await refused(refusal, request)
        }
    }

    @Sendable static func reject(_ request: Request) async throws -> Response {
        let actor = AuditLog.actor(try request.requireMembershipManager())
        let id = try applicationID(request)
        let service = MembershipService(request.application, db: request.db)
        let submission = try FormSubmission(
            request, decoding: ReasonForm.self,
            validate: {
                FieldRules.requiredText(
                    $0.reason, field: "reason", maxLength: 2_000, multiline: true,
                    message: "admin.applications.reason_required")
            },
            render: formAgain(request))
        do {
            return try await submission.perform { reason in
                try await service.reject(id, reason: reason, actor: actor)
                return .admin(.application(.value(id)))
            }
        } catch let refusal as MembershipError {
            return try await refused(refusal, request)
        }
    }

    /// The application as it now stands, with the reason the action was refused; nothing was written.
    static func refused(_ refusal: MembershipError, _ request: Request) async throws -> Response {
        let context = PageContext(request)
        let page = try await detail(request)
        return AdminApplicationViews.detail(page, context, errors: [:], alert: context.t(refusal.key, refusal.arguments))
            .response(status: refusal.status)
    }
}
