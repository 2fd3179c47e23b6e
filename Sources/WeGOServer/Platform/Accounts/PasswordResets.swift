import Fluent
import SQLKit
import Vapor
import WeGOCore

/// Password reset by e-mail (issue 12). Asking answers the same whether or not the address has
/// an account, so the form cannot be used to learn who has one; the link is single-use, expires
/// after an hour, and only the newest one works. Choosing the new password ends every session
/// of the account. Requests, resets and refused links are in the audit log.
struct PasswordResetService {
    let app: Application
    let db: any Database

    init(_ app: Application, db: (any Database)? = nil) {
        self.app = app
        self.db = db ?? app.db
    }

    static let lifetime: TimeInterval = 60 * 60
    /// Each request may send an e-mail: three per address a person types, ten per client
    /// address, per hour. The sign-in throttle's sliding window, counting requests.
    static let throttle = SignInThrottle(maxFailuresPerAccount: 3, maxFailuresPerAddress: 10, window: 60 * 60)

    enum Outcome: Sendable, Equatable {
        /// "If the address has an account, a link is on its way": said for every address.
        case accepted
        case throttled(retryAfter: Int)
    }

    /// Records the request and, when `email` belongs to an account that may sign in, queues the
    /// link in the account's language (or the page's, when the person never chose one).
    func request(email: String, address: String, language: Language) async throws -> Outcome {
        let (app, now) = (self.app, app.clock())
        let token = SecretGenerator.token()
        return try await AuditLog.perform(on: db, actor: "password-reset:\(address)", at: app.clock) { db in
            try await db.lockUntilCommit(["password-reset-email:" + email, "password-reset-address:" + address])
            let since = Self.throttle.cutoff(now: now)
            let forEmail = try await PasswordReset.query(on: db).filter(\.$email == email).filter(\.$requestedAt > since).all()
            let fromAddress = try await PasswordReset.query(on: db).filter(\.$address == address).filter(\.$requestedAt > since).all()
            if case .blocked(let retryAfter, _) = Self.throttle.decision(
                accountFailures: forEmail.map(\.requestedAt), addressFailures: fromAddress.map(\.requestedAt), now: now)
            {
                return (.throttled(retryAfter: retryAfter), nil)
            }
            let user = try await User.query(on: db).filter(\.$email == email).filter(\.$disabled == false).first()
            // Only the newest link works.
            if let userID = user?.id {
                try await db.sql.update(PasswordReset.schema).set("expires_at", to: now)
                    .where("user_id", .equal, userID).where("used_at", .is, SQLLiteral.null).where("expires_at", .greaterThan, now).run()
            }
            let reset = PasswordReset()
            reset.email = email
            reset.address = address
            reset.$user.id = user?.id
            reset.tokenHash = user == nil ? nil : TokenHash.sha256Hex(token)
            reset.requestedAt = now
            reset.expiresAt = now.addingTimeInterval(Self.lifetime)
            try await reset.create(on: db)
            if let user {
                try await Mail.enqueue(
                    "password_reset", to: user.email,
                    language: user.preferredLanguageCode.flatMap(Language.init(rawValue:)) ?? language,
                    arguments: [
                        "name": user.displayName,
                        "link": app.publicURL + SiteURL.passwordReset.with(query: [("token", token)]),
                    ], app: app, at: now, on: db)
            }
            let details = "address=\(address)" + (user == nil ? " account=none" : "")
            return (.accepted, AuditLog.Event(action: "auth.password_reset_requested", target: "user:\(email)", details: details))
        }
    }

    /// The account a reset link is for, while the link is unused and unexpired.
    func account(forToken token: String?) async throws -> PasswordResetPage? {
        guard let token, !token.isEmpty, token.utf8.count <= 100 else { return nil }
        guard
            let reset = try await PasswordReset.query(on: db).filter(\.$tokenHash == TokenHash.sha256Hex(token))
                .filter(\.$usedAt == nil).filter(\.$expiresAt > app.clock()).with(\.$user).first(),
            let user = reset.user, !user.disabled
        else { return nil }
        return PasswordResetPage(resetID: try reset.requireID(), userID: try user.requireID(), email: user.email)
    }

    /// Sets the new password if the link is still unused: claiming it is one conditional
    /// update, so of fifty submissions of one link exactly one changes the password.
    func complete(_ page: PasswordResetPage, password: String, address: String) async throws {
        let hash = try await app.password.async.hash(PasswordPolicy.bcryptInput(for: password))
        let now = app.clock()
        let changed = try await AuditLog.perform(on: db, actor: "user:\(page.email)", at: app.clock) { db -> (Bool, AuditLog.Event?) in
            let claimed = try await db.sql.update(PasswordReset.schema).set("used_at", to: now)
                .where("id", .equal, page.resetID).where("used_at", .is, SQLLiteral.null).where("expires_at", .greaterThan, now)
                .returning("id").all()
            guard !claimed.isEmpty else {
                return (
                    false,
                    AuditLog.Event(action: "auth.password_reset_refused", target: "user:\(page.email)", details: "link used or expired")
                )
            }
            guard let user = try await User.find(page.userID, on: db), !user.disabled else { return (false, nil) }
            user.passwordHash = hash
            user.mustChangePassword = false
            try await user.save(on: db)
            // Whoever knew the old password is signed out everywhere.
            try await UserSession.query(on: db).filter(\.$user.$id == page.userID).delete()
            return (true, AuditLog.Event(action: "auth.password_reset", target: "user:\(page.email)", details: "address=\(address)"))
        }
        guard changed else { throw PasswordResetError.linkGone }
    }
}

/// Whom an open reset link is for.
struct PasswordResetPage: Sendable {
    var resetID: UUID
    var userID: UUID
    var email: String
}

enum PasswordResetError: ServiceError, Equatable {
    case linkGone

    var key: String { "reset.gone" }
    var status: HTTPStatus { .notFound }
}
