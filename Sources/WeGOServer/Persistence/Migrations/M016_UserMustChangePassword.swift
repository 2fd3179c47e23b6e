import Fluent
import SQLKit

/// An account whose password someone else issued (a new account, or an administrator's reset)
/// must choose its own at the next sign-in before anything else (issue 12).
struct M016_UserMustChangePassword: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("must_change_password", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("ALTER TABLE users DROP COLUMN must_change_password").run()
    }
}
