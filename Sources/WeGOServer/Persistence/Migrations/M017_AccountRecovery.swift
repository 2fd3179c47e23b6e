import Fluent
import SQLKit

/// Password reset by e-mail, and the optional second factor (issue 12). Every request for a
/// reset is a row, for an address with an account or without, so the throttle counts both alike
/// and the answer cannot tell them apart. Tokens and recovery codes are stored as SHA-256 only.
struct M017_AccountRecovery: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("password_resets")
            .id()
            .field("email", .string, .required)
            .field("address", .string, .required)
            .field("user_id", .uuid, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string)
            .field("requested_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema("users")
            .field("totp_secret", .string)
            .update()
        try await database.schema("users")
            .field("totp_enabled_at", .datetime)
            .update()
        try await database.schema("users")
            .field("totp_last_step", .int64)
            .update()
        try await database.schema("recovery_codes")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .unique(on: "code_hash")
            .create()
        try await database.schema("sign_in_challenges")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("return_path", .string)
            .field("failures", .int, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        let sql = database.sql
        try await sql.create(index: "password_resets_email_idx").on("password_resets").column("email").column("requested_at").run()
        try await sql.create(index: "password_resets_address_idx").on("password_resets").column("address").column("requested_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sign_in_challenges").delete()
        try await database.schema("recovery_codes").delete()
        try await database.schema("password_resets").delete()
        for column in ["totp_secret", "totp_enabled_at", "totp_last_step"] {
            try await database.sql.raw("ALTER TABLE users DROP COLUMN \(unsafeRaw: column)").run()
        }
    }
}
