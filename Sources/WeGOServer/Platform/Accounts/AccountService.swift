import Fluent
import Vapor
import WeGOCore

/// What a signed-in person changes about their own account.
struct AccountService {
    let app: Application
    let db: any Database

    init(_ app: Application, db: (any Database)? = nil) {
        self.app = app
        self.db = db ?? app.db
    }

    /// The language a code names, or the field problem.
    static func validateLanguage(_ code: String?) -> Result<Language, FieldProblems> {
        guard let language = code.flatMap(Language.init(rawValue:)) else {
            return .failure(FieldProblems(fields: ["language": "account.error.language"]))
        }
        return .success(language)
    }

    struct PasswordChange: Sendable {
        var current: String
        var new: String
    }

    /// The form's problems by field, before the current password is checked.
    static func validatePasswordChange(
        current: String?, new: String?, confirmation: String?, email: String, policy: PasswordPolicy
    ) -> Result<PasswordChange, FieldProblems> {
        var problems = FieldProblems()
        let current = current ?? "", new = new ?? ""
        if current.isEmpty { problems.add("current_password", "signin.password_required") }
        checkNewPassword(new, confirmation: confirmation, email: email, policy: policy, into: &problems)
        if !new.isEmpty, new == current { problems.add("new_password", "account.error.password_unchanged") }
        guard problems.isEmpty else { return .failure(problems) }
        return .success(PasswordChange(current: current, new: new))
    }

    /// A new password and its confirmation (`new_password`, `confirm_password`), as the account
    /// page and the reset link ask for them.
    static func checkNewPassword(
        _ new: String, confirmation: String?, email: String, policy: PasswordPolicy, into problems: inout FieldProblems
    ) {
        if let problem = policy.validate(new, email: email).first { problems.add("new_password", problem.key) }
        if new != (confirmation ?? "") { problems.add("confirm_password", "account.error.password_mismatch") }
    }

    /// Replaces the person's password once the current one is confirmed; every other session of
    /// the account ends (a thief signed in elsewhere is signed out), this one stays.
    func changePassword(_ change: PasswordChange, user: SignedInUser, keepingSession sessionID: UUID?) async throws {
        guard let account = try await User.find(user.id, on: db) else { throw Abort(.notFound) }
        let matches = try await app.password.async.verify(PasswordPolicy.bcryptInput(for: change.current), created: account.passwordHash)
        guard matches else { throw AccountError.wrongPassword }
        let hash = try await app.password.async.hash(PasswordPolicy.bcryptInput(for: change.new))
        try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
            guard let account = try await User.find(user.id, on: db) else { throw Abort(.notFound) }
            account.passwordHash = hash
            account.mustChangePassword = false
            try await account.save(on: db)
            let others = UserSession.query(on: db).filter(\.$user.$id == user.id)
            if let sessionID { others.filter(\.$id != sessionID) }
            try await others.delete()
            return ((), AuditLog.Event(action: "account.password_change", target: "user:\(user.email)", details: ""))
        }
    }

    /// The language the person's e-mail is written in from now on.
    func setPreferredLanguage(_ language: Language, user: SignedInUser) async throws {
        try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
            guard let account = try await User.find(user.id, on: db) else { throw Abort(.notFound) }
            account.preferredLanguageCode = language.rawValue
            try await account.save(on: db)
            return ((), AuditLog.Event(action: "account.language", target: "user:\(user.email)", details: "language=\(language.rawValue)"))
        }
    }
}

/// The account page as its owner sees it.
struct AccountSettingsPage: Sendable {
    var displayName: String
    var email: String
    var role: UserRole
    var memberName: String?
    /// nil until the person chooses; e-mail then goes out in English.
    var preferredLanguage: Language?

    static func query(_ user: SignedInUser, on db: any Database) async throws -> AccountSettingsPage {
        guard let account = try await User.query(on: db).filter(\.$id == user.id).with(\.$member).first() else { throw Abort(.notFound) }
        return AccountSettingsPage(
            displayName: account.displayName, email: account.email, role: account.role,
            memberName: (account.$member.value ?? nil)?.name,
            preferredLanguage: account.preferredLanguageCode.flatMap(Language.init(rawValue:)))
    }
}
