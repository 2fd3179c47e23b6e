import Fluent
import SQLKit

/// The language each person reads e-mail in (issue 11): set from the language in use when they
/// accept an invitation, editable on their account page. Empty for accounts made before it, who
/// get English until they choose.
struct M010_UserPreferredLanguage: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("preferred_language", .string).update()
    }

    /// Loses each person's choice of language.
    func revert(on database: any Database) async throws {
        try await database.sql.raw("ALTER TABLE users DROP COLUMN preferred_language").run()
    }
}
