import Fluent
import SQLKit

/// Listings order by name, then slug. An index on name alone made SQLite sort every member for
/// each page (27 ms with 100,000 members, EXPLAIN: "USE TEMP B-TREE FOR ORDER BY"); this one
/// serves the order directly. It replaces the name index, which it covers.
struct M006_IndexMemberOrder: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.create(index: "members_name_slug_idx").on("members").column("name").column("slug").run()
        try await sql.drop(index: "members_name_idx").run()
    }

    /// Loses nothing but speed.
    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.create(index: "members_name_idx").on("members").column("name").run()
        try await sql.drop(index: "members_name_slug_idx").run()
    }
}
