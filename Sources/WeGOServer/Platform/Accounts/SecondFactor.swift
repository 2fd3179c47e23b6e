import Fluent
import SQLKit
import Vapor
import WeGOCore

/// The optional second step of signing in (issue 12): a code from an authenticator app
/// (RFC 6238), or one of ten single-use recovery codes. Each code works once: the newest
/// accepted time step is kept and a code of that step or an older one is refused, and a
/// recovery code is claimed by one conditional update. The secret is set when setup begins and
/// takes effect only once a code from the app has confirmed it.
struct SecondFactorService {
    let app: Application
    let db: any Database

    init(_ app: Application, db: (any Database)? = nil) {
        self.app = app
        self.db = db ?? app.db
    }

    static let issuer = "WeGO platform"
    /// How long the code page waits after the password, and how many wrong codes it takes.
    static let challengeLifetime: TimeInterval = 5 * 60
    static let challengeFailures = 5

    // MARK: Setup

    /// What the account page and the setup page show.
    struct Status: Sendable {
        var enabledAt: Date?
        /// The key and the app link while setup waits for its first code.
        var pendingKey: String?
        var pendingLink: String?
        var recoveryCodesLeft: Int
    }

    func status(of user: SignedInUser) async throws -> Status {
        guard let account = try await User.find(user.id, on: db) else { throw Abort(.notFound) }
        let left = try await RecoveryCode.query(on: db).filter(\.$user.$id == user.id).filter(\.$usedAt == nil).count()
        guard account.totpEnabledAt == nil, let secret = account.totpSecret, let totp = WeGOCore.TOTP(base32: secret) else {
            return Status(enabledAt: account.totpEnabledAt, recoveryCodesLeft: left)
        }
        return Status(
            pendingKey: totp.base32Secret, pendingLink: totp.provisioningURI(account: account.email, issuer: Self.issuer),
            recoveryCodesLeft: left)
    }

    /// A new key for the app; an earlier unconfirmed one stops counting.
    func begin(user: SignedInUser) async throws {
        guard let account = try await User.find(user.id, on: db) else { throw Abort(.notFound) }
        guard account.totpEnabledAt == nil else { throw SecondFactorError.alreadyOn }
        account.totpSecret = WeGOCore.TOTP(secret: WeGOCore.TOTP.newSecret()).base32Secret
        try await account.save(on: db)
    }

    /// Turns the second step on once `code` shows the app has the key; returns the recovery
    /// codes, shown once and stored as hashes.
    func confirm(user: SignedInUser, code: String) async throws -> [String] {
        let now = app.clock()
        let codes = RecoveryCodes.generate()
        return try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
            try await db.lockRow(in: User.schema, where: "id", equals: user.id)
            guard let account = try await User.find(user.id, on: db) else { throw Abort(.notFound) }
            guard account.totpEnabledAt == nil else { throw SecondFactorError.alreadyOn }
            guard let secret = account.totpSecret, let totp = WeGOCore.TOTP(base32: secret) else { throw SecondFactorError.notStarted }
            guard let step = totp.matchingStep(code, at: now) else { throw SecondFactorError.wrongCode }
            account.totpEnabledAt = now
            account.totpLastStep = step
            try await account.save(on: db)
            try await Self.replaceRecoveryCodes(of: user.id, with: codes, on: db)
            return (codes, AuditLog.Event(action: "account.second_factor_on", target: "user:\(user.email)", details: ""))
        }
    }

    static func replaceRecoveryCodes(of userID: UUID, with codes: [String], on db: any Database) async throws {
        try await RecoveryCode.query(on: db).filter(\.$user.$id == userID).delete()
        for code in codes {
            let stored = RecoveryCode()
            stored.$user.id = userID
            stored.codeHash = TokenHash.sha256Hex(RecoveryCodes.normalized(code) ?? code)
            try await stored.create(on: db)
        }
    }

    /// Turns the second step off; the current password confirms it is the owner asking.
    func turnOff(user: SignedInUser, password: String) async throws {
        guard let account = try await User.find(user.id, on: db) else { throw Abort(.notFound) }
        guard try await app.password.async.verify(PasswordPolicy.bcryptInput(for: password), created: account.passwordHash) else {
            throw SecondFactorError.wrongPassword
        }
        try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
            guard let account = try await User.find(user.id, on: db) else { throw Abort(.notFound) }
            account.totpSecret = nil
            account.totpEnabledAt = nil
            account.totpLastStep = nil
            try await account.save(on: db)
            try await RecoveryCode.query(on: db).filter(\.$user.$id == user.id).delete()
            return ((), AuditLog.Event(action: "account.second_factor_off", target: "user:\(user.email)", details: ""))
        }
    }

    // MARK: Signing in

    /// After the right password: the token of the code page's challenge (its hash is stored).
    func challenge(for user: User, returnPath: String?) async throws -> String {
        let token = SecretGenerator.token()
        let challenge = SignInChallenge()
        challenge.$user.id = try user.requireID()
        challenge.tokenHash = TokenHash.sha256Hex(token)
        challenge.returnPath = returnPath
        challenge.failures = 0
        challenge.expiresAt = app.clock().addingTimeInterval(Self.challengeLifetime)
        try await challenge.create(on: db)
        return token
    }

    /// The challenge a browser's cookie names, while it is open.
    func openChallenge(_ token: String?) async throws -> SignInChallenge? {
        guard let token, !token.isEmpty, token.utf8.count <= 100 else { return nil }
        return try await SignInChallenge.query(on: db).filter(\.$tokenHash == TokenHash.sha256Hex(token))
            .filter(\.$expiresAt > app.clock()).filter(\.$failures < Self.challengeFailures).with(\.$user).first()
    }

    enum Verdict: Sendable, Equatable {
        /// The code was right: "app" or "recovery code".
        case accepted(method: String)
        case wrongCode
        /// Another request used the challenge first, or it expired.
        case gone
    }

    /// Checks a code for an open challenge. A right code ends the challenge and is used up in
    /// the same transaction; a wrong one counts against the challenge.
    func verify(_ challenge: SignInChallenge, code typed: String) async throws -> Verdict {
        let user = challenge.user
        let (now, challengeID, userID) = (app.clock(), try challenge.requireID(), try user.requireID())
        let totp = user.totpSecret.flatMap(WeGOCore.TOTP.init(base32:))
        let step = totp?.matchingStep(typed, at: now)
        let recovery = step == nil ? RecoveryCodes.normalized(typed) : nil
        do {
            return try await AuditLog.perform(on: db, actor: "user:\(user.email)", at: app.clock) { db in
                let claimed = try await db.sql.delete(from: SignInChallenge.schema).where("id", .equal, challengeID).returning("id").all()
                guard !claimed.isEmpty else { return (Verdict.gone, nil) }
                var used: [any SQLRow] = []
                if let step {
                    used = try await db.sql.update(User.schema).set("totp_last_step", to: step).where("id", .equal, userID)
                        .where { $0.where("totp_last_step", .is, SQLLiteral.null).orWhere("totp_last_step", .lessThan, step) }
                        .returning("id").all()
                } else if let recovery {
                    used = try await db.sql.update(RecoveryCode.schema).set("used_at", to: now).where("user_id", .equal, userID)
                        .where("code_hash", .equal, TokenHash.sha256Hex(recovery)).where("used_at", .is, SQLLiteral.null)
                        .returning("id").all()
                }
                // Undo the claim of the challenge: the person may try again.
                guard !used.isEmpty else { throw SecondFactorError.wrongCode }
                let method = step != nil ? "app" : "recovery code"
                return (.accepted(method: method), nil)
            }
        } catch SecondFactorError.wrongCode {
            try await AuditLog.perform(on: db, actor: "user:\(user.email)", at: app.clock) { db in
                try await db.sql.update(SignInChallenge.schema).set("failures", to: SQLRaw("failures + 1")).where("id", .equal, challengeID)
                    .run()
                return ((), AuditLog.Event(action: "auth.second_factor_failed", target: "user:\(user.email)", details: ""))
            }
            return .wrongCode
        }
    }
}

enum SecondFactorError: ServiceError, Equatable {
    case wrongCode, wrongPassword, alreadyOn, notStarted

    var key: String {
        switch self {
        case .wrongCode: "twofactor.error.code"
        case .wrongPassword: "account.error.wrong_password"
        case .alreadyOn: "twofactor.error.already_on"
        case .notStarted: "twofactor.error.not_started"
        }
    }
    var status: HTTPStatus {
        switch self {
        case .wrongCode, .wrongPassword: .unprocessableEntity
        case .alreadyOn, .notStarted: .conflict
        }
    }
    var fieldProblems: FieldProblems? {
        switch self {
        case .wrongCode: FieldProblems(fields: ["code": key])
        case .wrongPassword: FieldProblems(fields: ["current_password": key])
        case .alreadyOn, .notStarted: nil
        }
    }
}
