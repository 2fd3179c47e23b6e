import Vapor
import WeGOCore

/// "Forgot your password?": an e-mail address, then a link that lets its owner choose a new one.
enum PasswordResetController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.passwordForgot, use: requestForm)
        routes.post(.passwordForgot, use: requestLink)
        routes.get(.passwordReset, use: chooseForm)
        routes.post(.passwordReset, use: choose)
    }

    struct RequestForm: Content {
        var email: String?
    }

    struct ChooseForm: Content {
        var new_password: String?
        var confirm_password: String?
    }

    @Sendable static func requestForm(_ request: Request) async throws -> Response {
        _ = try await request.ensureSession()
        let sent = request.query[String.self, at: "sent"] == "1"
        return PasswordResetViews.request(PageContext(request), email: "", sent: sent, alert: nil, errors: [:]).response(status: .ok)
    }

    @Sendable static func requestLink(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let form = try request.content.decode(RequestForm.self)
        let email = EmailAddress.normalized(form.email)
        guard EmailAddress.isPlausible(email) else {
            let key = email.isEmpty ? "signin.email_required" : "signin.email_invalid"
            return PasswordResetViews.request(context, email: email, sent: false, alert: nil, errors: ["email": context.t(key)])
                .response(status: .unprocessableEntity)
        }
        let service = PasswordResetService(request.application, db: request.db)
        switch try await service.request(email: email, address: request.clientAddress, language: request.language) {
        case .accepted:
            return request.redirect(to: SiteURL.passwordForgot.with(query: [("sent", "1")]), redirectType: .normal)
        case .throttled(let retryAfter):
            let minutes = context.format.number(max(1, (retryAfter + 59) / 60))
            let response = PasswordResetViews.request(
                context, email: email, sent: false, alert: context.t("reset.throttled", ["minutes": minutes]), errors: [:]
            ).response(status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter))
            return response
        }
    }

    static func openLink(_ request: Request) async throws -> (token: String, page: PasswordResetPage)? {
        let token = try? request.query.get(String.self, at: "token")
        guard let token, let page = try await PasswordResetService(request.application, db: request.db).account(forToken: token)
        else { return nil }
        return (token, page)
    }

    @Sendable static func chooseForm(_ request: Request) async throws -> Response {
        _ = try await request.ensureSession()
        let context = PageContext(request)
        guard let (token, page) = try await openLink(request) else { return PasswordResetViews.gone(context).response(status: .notFound) }
        return PasswordResetViews.choose(context, token: token, email: page.email, errors: [:]).response(status: .ok)
    }

    @Sendable static func choose(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        guard let (token, page) = try await openLink(request) else { return PasswordResetViews.gone(context).response(status: .notFound) }
        let policy = request.application.passwordPolicy
        let service = PasswordResetService(request.application, db: request.db)
        do {
            return try await FormSubmission(
                request,
                validate: { (form: ChooseForm) -> Result<String, FieldProblems> in
                    var problems = FieldProblems()
                    let password = form.new_password ?? ""
                    AccountService.checkNewPassword(
                        password, confirmation: form.confirm_password, email: page.email, policy: policy, into: &problems)
                    return problems.isEmpty ? .success(password) : .failure(problems)
                },
                // Passwords are never sent back into the form.
                render: { _, errors in PasswordResetViews.choose(context, token: token, email: page.email, errors: errors) }
            ).perform(redirectingTo: { password in
                try await service.complete(page, password: password, address: request.clientAddress)
                return SiteURL.signIn.with(query: [("reset", "done")])
            })
        } catch PasswordResetError.linkGone {
            return PasswordResetViews.gone(context).response(status: .notFound)
        }
    }
}
