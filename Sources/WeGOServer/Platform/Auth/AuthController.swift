import Fluent
import Vapor
import WeGOCore

/// Sign-in, sign-out and the language switch.
enum AuthController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.signIn, use: signInForm)
        routes.post(.signIn, use: signIn)
        routes.post(.signOut, use: signOut)
        routes.get(.language, use: switchLanguage)
    }

    /// Wrong passwords and wrong second-step codes count alike against one account and one address.
    static let throttle = SignInThrottle(maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, window: 15 * 60)

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var `return`: String?
    }

    /// Only same-site paths may be returned to, so a crafted link cannot bounce a user elsewhere.
    static func safeReturnPath(_ raw: String?) -> String? {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"), raw.count < 2000,
            !raw.contains(" "), !TextFolding.containsControlCharacters(raw),
            let components = URLComponents(string: raw), components.scheme == nil, components.host == nil
        else { return nil }
        return raw
    }

    @Sendable static func signInForm(_ request: Request) async throws -> Response {
        if request.user != nil { return request.redirect(to: SiteURL.admin(.dashboard).path) }
        _ = try await request.ensureSession()
        let returnPath = safeReturnPath(try? request.query.get(String.self, at: "return"))
        let context = PageContext(request)
        let notice = request.query[String.self, at: "reset"] == "done" ? context.t("reset.done") : nil
        return SignInView(context: context, email: "", errors: [:], alert: nil, returnPath: returnPath, notice: notice)
            .render().response(status: .ok)
    }

    @Sendable static func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        let email = EmailAddress.normalized(form.email)
        let password = form.password ?? ""
        let returnPath = safeReturnPath(form.return)
        let context = PageContext(request)
        func reshow(_ status: HTTPStatus, errors: [String: String] = [:], alert: String? = nil) -> Response {
            SignInView(context: context, email: email, errors: errors, alert: alert, returnPath: returnPath)
                .render().response(status: status)
        }
        var errors: [String: String] = [:]
        if email.isEmpty {
            errors["email"] = context.t("signin.email_required")
        } else if !EmailAddress.isPlausible(email) {
            errors["email"] = context.t("signin.email_invalid")
        }
        if password.isEmpty {
            errors["password"] = context.t("signin.password_required")
        } else if password.utf8.count > PasswordPolicy.maximumBytes || password.unicodeScalars.contains(where: { $0.value == 0 }) {
            errors["password"] = context.t("signin.failed")
        }
        if !errors.isEmpty { return reshow(.badRequest, errors: errors) }

        let address = request.clientAddress
        let attempt: SignInAttempt
        switch try await SignInAttempts.record(
            email: email, address: address, throttle: Self.throttle, now: request.application.clock(), on: request.db)
        {
        case .recorded(let recorded): attempt = recorded
        case .blocked(let retryAfter):
            let response = reshow(
                .tooManyRequests, alert: context.t("signin.throttled", ["minutes": context.format.number(max(1, (retryAfter + 59) / 60))]))
            response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter))
            return response
        }
        let user = try await User.query(on: request.db).filter(\.$email == email).first()
        let input = PasswordPolicy.bcryptInput(for: password)
        // Verify against a fixed hash when the account does not exist, so timing does not reveal which e-mails have accounts.
        let hash = user?.passwordHash ?? request.application.unknownAccountHash
        let matches = try await request.password.async.verify(input, created: hash)
        let clock = request.application.clock
        guard let user, matches, !user.disabled else {
            // Failures are audited too (the throttle bounds how many): who was tried, from where.
            try await AuditLog.perform(on: request.db, actor: "sign-in:\(address)", at: clock) { _ in
                ((), AuditLog.Event(action: "auth.sign_in_failed", target: "user:\(email)", details: "address=\(address)"))
            }
            return reshow(.unprocessableEntity, alert: context.t("signin.failed"))
        }
        if user.totpEnabledAt != nil {
            // The password was right; the session waits for the code (SecondFactorController).
            attempt.succeeded = true
            try await attempt.save(on: request.db)
            let token = try await SecondFactorService(request.application, db: request.db).challenge(for: user, returnPath: returnPath)
            let response = request.redirect(to: SiteURL.signInCode.path, redirectType: .normal)
            response.cookies[SecondFactorController.cookieName] = SecondFactorController.cookie(token, request)
            return response
        }
        return try await startSession(request, for: user, attempt: attempt, returnPath: returnPath, details: "address=\(address)")
    }

    /// Signs `user` in: the attempt counts as a success, the pre-sign-in session ends and a new
    /// one is issued, audited with `details`.
    static func startSession(
        _ request: Request, for user: User, attempt: SignInAttempt, returnPath: String?, details: String
    ) async throws -> Response {
        attempt.succeeded = true
        let store = request.application.sessionStore
        let (token, session) = try await AuditLog.perform(on: request.db, actor: "user:\(user.email)", at: request.application.clock) {
            db in
            try await attempt.save(on: db)
            // Rotate: the pre-sign-in session dies and a new id is issued.
            if let old = request.session { try await UserSession.query(on: db).filter(\.$id == old.sessionID).delete() }
            let created = try await store.create(for: user, on: db)
            return (created, AuditLog.Event(action: "auth.sign_in", target: "user:\(user.email)", details: details))
        }
        request.session = SessionContext(sessionID: try session.requireID(), csrfToken: session.csrfToken, user: try SignedInUser(user))
        request.pendingSessionCookie = store.cookie(for: token)
        let response = request.redirect(to: returnPath ?? SiteURL.admin(.dashboard).path, redirectType: .normal)
        response.cookies[SessionCookie.name] = store.cookie(for: token)
        return response
    }

    @Sendable static func signOut(_ request: Request) async throws -> Response {
        if let session = request.session {
            try await UserSession.query(on: request.db).filter(\.$id == session.sessionID).delete()
        }
        request.session = nil
        let response = request.redirect(to: SiteURL.home.path, redirectType: .normal)
        response.cookies[SessionCookie.name] = request.application.sessionStore.expiredCookie
        return response
    }

    /// A link, not a form: choosing a language changes nothing but a preference cookie, and a
    /// link works without JavaScript and without a session.
    @Sendable static func switchLanguage(_ request: Request) async throws -> Response {
        guard let raw = try? request.query.get(String.self, at: "lang"), let language = Language(rawValue: raw) else {
            throw Abort(.badRequest, reason: "unknown language")
        }
        let response = request.redirect(to: safeReturnPath(try? request.query.get(String.self, at: "return")) ?? "/", redirectType: .normal)
        response.cookies[LanguageCookie.name] = HTTPCookies.Value(
            string: language.rawValue, maxAge: 365 * 86_400, path: "/",
            isSecure: request.application.sessionStore.settings.secureCookies, isHTTPOnly: true, sameSite: .lax)
        return response
    }
}
