import Vapor
import WeGOCore

/// A signed-in person's own account: who they are, and the language their e-mail is written in.
enum AccountController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.account, use: show)
        routes.post(.account, use: update)
        routes.post(.accountPassword, use: changePassword)
    }

    struct PasswordForm: Content {
        var current_password: String?
        var new_password: String?
        var confirm_password: String?
    }

    struct LanguageForm: Content {
        var language: String?
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let page = try await AccountSettingsPage.query(user, on: request.db)
        let notice: AccountViews.Notice? =
            switch request.query[String.self, at: "saved"] {
            case "1": .languageSaved
            case "password": .passwordChanged
            default: user.mustChangePassword ? .passwordRequired : nil
            }
        return AccountViews.page(PageContext(request), page: page, chosen: nil, notice: notice, errors: [:]).response(status: .ok)
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let context = PageContext(request)
        return try await FormSubmission(
            request, validate: { (form: LanguageForm) in AccountService.validateLanguage(form.language) },
            render: { form, errors in
                AccountViews.page(
                    context, page: try await AccountSettingsPage.query(user, on: request.db),
                    chosen: form.language, notice: nil, errors: errors)
            }
        ).perform(redirectingTo: { language in
            try await AccountService(request.application, db: request.db).setPreferredLanguage(language, user: user)
            return SiteURL.account.with(query: [("saved", "1")])
        })
    }

    @Sendable static func changePassword(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let context = PageContext(request)
        let policy = request.application.passwordPolicy
        return try await FormSubmission(
            request,
            validate: { (form: PasswordForm) in
                AccountService.validatePasswordChange(
                    current: form.current_password, new: form.new_password, confirmation: form.confirm_password, email: user.email,
                    policy: policy)
            },
            render: { _, errors in
                // Passwords are never sent back into the form.
                AccountViews.page(
                    context, page: try await AccountSettingsPage.query(user, on: request.db), chosen: nil,
                    notice: user.mustChangePassword ? .passwordRequired : nil, errors: errors)
            }
        ).perform(redirectingTo: { change in
            try await AccountService(request.application, db: request.db).changePassword(
                change, user: user, keepingSession: request.session?.sessionID)
            return SiteURL.account.with(query: [("saved", "password")])
        })
    }
}
