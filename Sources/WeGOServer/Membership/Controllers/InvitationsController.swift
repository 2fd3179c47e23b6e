import Vapor
import WeGOCore

/// The invitation that makes an applicant the new member's representative: a name and a
/// password, then the sign-in page. Unknown, used and expired links all read as gone.
enum InvitationsController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.membership(.invitation), use: form)
        routes.post(.membership(.invitation), use: accept)
    }

    static func page(_ request: Request) async throws -> InvitationPage? {
        try await InvitationPage.query(
            token: try? request.query.get(String.self, at: "token"), now: request.application.clock(),
            on: request.db)
    }

    static func gone(_ context: PageContext) -> Response {
        MembershipViews.invitationGone(context).response(status: .notFound)
    }

    @Sendable static func form(_ request: Request) async throws -> Response {
        _ = try await request.ensureSession()
        let context = PageContext(request)
        guard let page = try await page(request) else { return gone(context) }
        return MembershipViews.invitation(page, context, displayName: "", errors: [:]).response(status: .ok)
    }

    @Sendable static func accept(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        guard let page = try await page(request) else { return gone(context) }
        let (service, policy) = (MembershipService(request.application, db: request.db), request.application.passwordPolicy)
        let submission = try FormSubmission(
            request, decoding: InvitationForm.self, validate: { $0.checked(email: page.email, policy: policy) },
            render: { form, errors in
                MembershipViews.invitation(
                    page, context, displayName: (form.display_name ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                    errors: errors)
            })
        do {
            return try await submission.respond { acceptance in
                try await service.acceptInvitation(
                    page.invitationID, displayName: acceptance.displayName, password: acceptance.password,
                    language: request.language)
                return request.redirect(
                    to: SiteURL.signIn.with(query: [("return", SiteURL.membership(.account).path)]), redirectType: .normal)
            }
        } catch MembershipError.invitationGone {
            return gone(context)
        }
    }
}
