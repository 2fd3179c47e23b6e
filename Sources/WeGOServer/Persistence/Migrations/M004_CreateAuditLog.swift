import Fluent

struct M004_CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .id()
            .field("sequence", .int64, .required)
            .field("occurred_at_ms", .int64, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("target", .string, .required)
            .field("details", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            // The unique sequence is what makes two concurrent appends collide instead of forking the chain.
            .unique(on: "sequence")
            .create()
    }

    /// Loses the audit trail: never run this on a production database.
    func revert(on database: any Database) async throws {
        try await database.schema("audit_entries").delete()
    }
}
