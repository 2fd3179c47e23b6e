import Fluent
import SQLKit
import Vapor
import WeGOCore

/// Database-backed sessions. The cookie holds a random token; the row holds its hash, the CSRF
/// token, and the signed-in user, if any. Anonymous sessions exist only once a page needs a
/// CSRF token (the sign-in form), so browsing creates no rows.
struct SessionContext: Sendable {
    let sessionID: UUID
    let csrfToken: String
    let user: SignedInUser?
}

struct SignedInUser: Sendable {
    let id: UUID
    let email: String
    let displayName: String
    let role: UserRole
    let region: Region?
    let memberID: UUID?
    /// Signed in with a password someone else issued: only the account page until it is changed.
    let mustChangePassword: Bool

    init(
        id: UUID, email: String, displayName: String, role: UserRole, region: Region?, memberID: UUID?, mustChangePassword: Bool = false
    ) {
        self.id = id; self.email = email; self.displayName = displayName; self.role = role; self.region = region
        self.memberID = memberID; self.mustChangePassword = mustChangePassword
    }

    init(_ user: User) throws {
        id = try user.requireID()
        email = user.email
        displayName = user.displayName
        role = user.role
        region = user.region
        memberID = user.$member.id
        mustChangePassword = user.mustChangePassword
    }
}

enum SessionCookie {
    static let name = "wego_session"
}

struct SessionStore: Sendable {
    let settings: Settings
    let now: @Sendable () -> Date

    /// The session of a cookie's token, with its user, in one query: every signed-in page pays for
    /// it, and loading the two Fluent models took two queries and a sixth of a page's time.
    /// Expired, idle and disabled-user sessions are deleted and read as none.
    func load(token: String, on db: any Database) async throws -> SessionContext? {
        let hash = TokenHash.sha256Hex(token)
        guard
            let row = try await db.sql.select()
                .column(SQLColumn("id", table: "s"), as: "session_id").column(SQLColumn("csrf_token", table: "s"))
                .column(SQLColumn("last_seen_at", table: "s")).column(SQLColumn("expires_at", table: "s"))
                .column(SQLColumn("id", table: "u"), as: "user_id").column(SQLColumn("email", table: "u"))
                .column(SQLColumn("display_name", table: "u")).column(SQLColumn("role", table: "u"))
                .column(SQLColumn("region", table: "u")).column(SQLColumn("member_id", table: "u"))
                .column(SQLColumn("disabled", table: "u")).column(SQLColumn("must_change_password", table: "u"))
                .from(SQLAlias(SQLIdentifier(UserSession.schema), as: SQLIdentifier("s")))
                .join(
                    SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("u")), method: SQLJoinMethod.left,
                    on: SQLColumn("user_id", table: "s"), .equal, SQLColumn("id", table: "u")
                )
                .where(SQLColumn("token_hash", table: "s"), .equal, SQLBind(hash))
                .first()
        else { return nil }
        let sessionID = try row.decode(column: "session_id", as: UUID.self)
        let lastSeen = try row.decode(column: "last_seen_at", as: Date.self)
        let current = now()
        var user: SignedInUser?
        if let userID = try row.decode(column: "user_id", as: UUID?.self) {
            guard let role = UserRole(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
            if try row.decode(column: "disabled", as: Bool.self) {
                user = nil
            } else {
                user = SignedInUser(
                    id: userID, email: try row.decode(column: "email", as: String.self),
                    displayName: try row.decode(column: "display_name", as: String.self), role: role,
                    region: try row.decode(column: "region", as: String?.self).flatMap(Region.init(rawValue:)),
                    memberID: try row.decode(column: "member_id", as: UUID?.self),
                    mustChangePassword: try row.decode(column: "must_change_password", as: Bool?.self) ?? false)
            }
            if user == nil {
                try await UserSession.query(on: db).filter(\.$id == sessionID).delete()
                return nil
            }
        }
        if try row.decode(column: "expires_at", as: Date.self) <= current
            || lastSeen.addingTimeInterval(settings.sessionIdleTimeout) <= current
        {
            try await UserSession.query(on: db).filter(\.$id == sessionID).delete()
            return nil
        }
        // Touch at most once a minute: an idle timeout needs minutes of precision, not a write per request.
        if current.timeIntervalSince(lastSeen) > 60 {
            try await UserSession.query(on: db).filter(\.$id == sessionID).set(\.$lastSeenAt, to: current).update()
        }
        return SessionContext(sessionID: sessionID, csrfToken: try row.decode(column: "csrf_token", as: String.self), user: user)
    }

    /// A fresh session with a new token: used for sign-in so that a token planted before sign-in
    /// (session fixation) is worthless afterwards.
    func create(for user: User?, on db: any Database) async throws -> (token: String, session: UserSession) {
        let token = SecretGenerator.token(bytes: 32)
        let session = UserSession()
        session.tokenHash = TokenHash.sha256Hex(token)
        session.$user.id = try user?.requireID()
        session.csrfToken = SecretGenerator.token(bytes: 32)
        let current = now()
        session.createdAt = current
        session.lastSeenAt = current
        session.expiresAt = current.addingTimeInterval(settings.sessionLifetime)
        try await session.create(on: db)
        return (token, session)
    }

    func cookie(for token: String) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, expires: nil, maxAge: Int(settings.sessionLifetime), path: "/",
            isSecure: settings.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    var expiredCookie: HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
            isSecure: settings.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    /// Removes expired and idle sessions and old sign-in records; run at start-up and every few minutes.
    func purgeExpired(on db: any Database) async throws {
        try await UserSession.query(on: db).group(.or) { group in
            group.filter(\.$expiresAt <= now())
            group.filter(\.$lastSeenAt <= now().addingTimeInterval(-settings.sessionIdleTimeout))
        }.delete()
        try await SignInAttempt.query(on: db).filter(\.$attemptedAt <= now().addingTimeInterval(-86_400)).delete()
    }
}

extension Request {
    private struct SessionKey: StorageKey { typealias Value = SessionContext }
    private struct NewCookieKey: StorageKey { typealias Value = HTTPCookies.Value }

    var session: SessionContext? {
        get { storage[SessionKey.self] }
        set { storage[SessionKey.self] = newValue }
    }

    var user: SignedInUser? { session?.user }

    /// A cookie to set on the way out (a new or rotated session).
    var pendingSessionCookie: HTTPCookies.Value? {
        get { storage[NewCookieKey.self] }
        set { storage[NewCookieKey.self] = newValue }
    }

    /// The session, creating an anonymous one when a page needs a CSRF token.
    func ensureSession() async throws -> SessionContext {
        if let session { return session }
        let (token, row) = try await application.sessionStore.create(for: nil, on: db)
        let context = SessionContext(sessionID: try row.requireID(), csrfToken: row.csrfToken, user: nil)
        session = context
        pendingSessionCookie = application.sessionStore.cookie(for: token)
        return context
    }
}

/// Reads the session cookie into `req.session` and writes new cookies on the response.
struct SessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.cookies[SessionCookie.name]?.string, !token.isEmpty, token.count < 200 {
            request.session = try await request.application.sessionStore.load(token: token, on: request.db)
        }
        let response = try await next.respond(to: request)
        if let cookie = request.pendingSessionCookie {
            response.cookies[SessionCookie.name] = cookie
        }
        return response
    }
}

/// Refuses state-changing form posts without the session's CSRF token. JSON API routes are not
/// cookie-authenticated, so they are outside this check.
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "csrf_token"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST || request.method == .PUT || request.method == .PATCH || request.method == .DELETE else {
            return try await next.respond(to: request)
        }
        // Collect the body here, under the size limit, so an oversized post answers 413 and a
        // body that arrived in several chunks can still be read for its token.
        _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
        let submitted = try? request.content.get(String.self, at: CSRFMiddleware.fieldName)
        guard let session = request.session, let submitted,
            TokenHash.constantTimeEquals(submitted, session.csrfToken)
        else {
            throw Abort(.forbidden, reason: "csrf")
        }
        return try await next.respond(to: request)
    }
}
