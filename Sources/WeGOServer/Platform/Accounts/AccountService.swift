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
