import Vapor
import WeGOCore

/// The code page of a sign-in with a second step, and the step's setup on the account page.
enum SecondFactorController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.signInCode, use: codeForm)
        routes.post(.signInCode, use: checkCode)
        routes.get(.accountTwoFactor, use: setup)
        routes.post(.accountTwoFactor, use: changeSetup)
        routes.post(.accountTwoFactorOff, use: turnOff)
    }

    /// The browser's half of a pending sign-in: only the code page reads it.
    static let cookieName = "wego_sign_in_code"

    static func cookie(_ token: String, _ request: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, maxAge: Int(SecondFactorService.challengeLifetime), path: SiteURL.signInCode.path,
            isSecure: request.application.sessionStore.settings.secureCookies, isHTTPOnly: true, sameSite: .strict)
    }

    struct CodeForm: Content {
        var code: String?
    }

    static func challenge(_ request: Request) async throws -> SignInChallenge? {
        try await SecondFactorService(request.application, db: request.db).openChallenge(request.cookies[cookieName]?.string)
    }

    @Sendable static func codeForm(_ request: Request) async throws -> Response {
        guard try await challenge(request) != nil else { return request.redirect(to: SiteURL.signIn.path, redirectType: .normal) }
        _ = try await request.ensureSession()
        return SecondFactorViews.codePage(PageContext(request), alert: nil, errors: [:]).response(status: .ok)
    }

    @Sendable static func checkCode(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        guard let challenge = try await challenge(request) else {
            return request.redirect(to: SiteURL.signIn.path, redirectType: .normal)
        }
        let code = String((try request.content.decode(CodeForm.self).code ?? "").prefix(100))
        if code.trimmingCharacters(in: .whitespaces).isEmpty {
            let errors = ["code": context.t("twofactor.error.code_required")]
            return SecondFactorViews.codePage(context, alert: nil, errors: errors).response(status: .unprocessableEntity)
        }
        let user = challenge.user
        let address = request.clientAddress
        // Codes are guessed like passwords: the same throttle bounds them.
        let attempt: SignInAttempt
        switch try await SignInAttempts.record(
            email: user.email, address: address, throttle: AuthController.throttle, now: request.application.clock(), on: request.db)
        {
        case .recorded(let recorded): attempt = recorded
        case .blocked(let retryAfter):
            let minutes = context.format.number(max(1, (retryAfter + 59) / 60))
            let response = SecondFactorViews.codePage(context, alert: context.t("signin.throttled", ["minutes": minutes]), errors: [:])
                .response(status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter))
            return response
        }
        switch try await SecondFactorService(request.application, db: request.db).verify(challenge, code: code) {
        case .accepted(let method):
            let response = try await AuthController.startSession(
                request, for: user, attempt: attempt, returnPath: challenge.returnPath,
                details: "address=\(address) second_step=\(method)")
            response.cookies[cookieName] = HTTPCookies.Value(
                string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0,
                path: SiteURL.signInCode.path, isHTTPOnly: true, sameSite: .strict)
            return response
        case .wrongCode:
            let errors = ["code": context.t("twofactor.error.code")]
            return SecondFactorViews.codePage(context, alert: nil, errors: errors).response(status: .unprocessableEntity)
        case .gone:
            return request.redirect(to: SiteURL.signIn.path, redirectType: .normal)
        }
    }

    // MARK: Setup

    struct SetupForm: Content {
        /// "start" asks for a new key; "confirm" turns the step on with `code`.
        var action: String?
        var code: String?
    }

    struct OffForm: Content {
        var current_password: String?
    }

    @Sendable static func setup(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let status = try await SecondFactorService(request.application, db: request.db).status(of: user)
        return SecondFactorViews.setupPage(PageContext(request), status: status, errors: [:]).response(status: .ok)
    }

    @Sendable static func changeSetup(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let context = PageContext(request)
        let service = SecondFactorService(request.application, db: request.db)
        let form = try request.content.decode(SetupForm.self)
        switch form.action {
        case "start":
            try await service.begin(user: user)
            return request.redirect(to: SiteURL.accountTwoFactor.path, redirectType: .normal)
        case "confirm":
            do {
                let codes = try await service.confirm(user: user, code: String((form.code ?? "").prefix(100)))
                return SecondFactorViews.recoveryCodesPage(context, codes: codes).response(status: .ok)
            } catch SecondFactorError.wrongCode {
                let status = try await service.status(of: user)
                return SecondFactorViews.setupPage(context, status: status, errors: ["code": context.t("twofactor.error.code")])
                    .response(status: .unprocessableEntity)
            }
        default:
            throw Abort(.badRequest, reason: "unknown action")
        }
    }

    @Sendable static func turnOff(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let context = PageContext(request)
        let service = SecondFactorService(request.application, db: request.db)
        let password = try request.content.decode(OffForm.self).current_password ?? ""
        do {
            try await service.turnOff(user: user, password: password)
            return request.redirect(to: SiteURL.accountTwoFactor.path, redirectType: .normal)
        } catch SecondFactorError.wrongPassword {
            let status = try await service.status(of: user)
            return SecondFactorViews.setupPage(
                context, status: status, errors: ["current_password": context.t("account.error.wrong_password")]
            ).response(status: .unprocessableEntity)
        }
    }
}
