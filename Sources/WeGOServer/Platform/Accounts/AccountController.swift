import Vapor
import WeGOCore

/// A signed-in person's own account: who they are, and the language their e-mail is written in.
enum AccountController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.account, use: show)
        routes.post(.account, use: update)
    }

    struct LanguageForm: Content {
        var language: String?
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let page = try await AccountSettingsPage.query(user, on: request.db)
        let saved = request.query[String.self, at: "saved"] == "1"
        return AccountViews.page(PageContext(request), page: page, chosen: nil, saved: saved, errors: [:]).response(status: .ok)
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let context = PageContext(request)
        return try await FormSubmission(
            request, validate: { (form: LanguageForm) in AccountService.validateLanguage(form.language) },
            render: { form, errors in
                AccountViews.page(
                    context, page: try await AccountSettingsPage.query(user, on: request.db),
                    chosen: form.language, saved: false, errors: errors)
            }
        ).perform(redirectingTo: { language in
            try await AccountService(request.application, db: request.db).setPreferredLanguage(language, user: user)
            return SiteURL.account.with(query: [("saved", "1")])
        })
    }
}
