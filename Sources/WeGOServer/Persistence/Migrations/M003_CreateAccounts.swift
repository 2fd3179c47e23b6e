import Fluent
import SQLKit

struct M003_CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("region", .string)
            .field("member_id", .uuid, .references("members", "id", onDelete: .setNull))
            .field("disabled", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email")
            .create()
        try await database.schema("sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .references("users", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema("sign_in_attempts")
            .id()
            .field("email", .string, .required)
            .field("address", .string, .required)
            .field("succeeded", .bool, .required)
            .field("attempted_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "sign_in_attempts_email_idx").on("sign_in_attempts").column("email").column("attempted_at").run()
        try await sql.create(index: "sign_in_attempts_address_idx").on("sign_in_attempts").column("address").column("attempted_at").run()
        try await sql.create(index: "sessions_expires_idx").on("sessions").column("expires_at").run()
    }

    /// Loses every account, session and sign-in record.
    func revert(on database: any Database) async throws {
        for table in ["sign_in_attempts", "sessions", "users"] {
            try await database.schema(table).delete()
        }
    }
}
