import Fluent
import SQLKit
import WeGOCore

/// Each member's folded name, indexed, so that linking an index edition's cities to members
/// reads only the members with those names. Before it, every edition page and member page
/// loaded all members (0 completed requests in 10 s with 100,000 members, issue 11).
/// Existing rows are filled in here, in batches, with the same folding the application uses.
struct M011_MemberNameKey: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("members").field("name_key", .string).update()
        let sql = database.sql
        let batch = 1000
        var after = ""
        while true {
            let rows = try await sql.select().column("slug").column("name").from("members")
                .where("slug", .greaterThan, after).orderBy("slug").limit(batch).all()
            guard !rows.isEmpty else { break }
            try await database.transaction { tx in
                for row in rows {
                    let slug = try row.decode(column: "slug", as: String.self)
                    let name = try row.decode(column: "name", as: String.self)
                    try await tx.sql.update("members").set("name_key", to: TextFolding.fold(name)).where("slug", .equal, slug).run()
                }
            }
            after = try rows.last!.decode(column: "slug", as: String.self)
        }
        try await sql.create(index: "members_name_key_idx").on("members").column("name_key").run()
    }

    /// Loses nothing but speed.
    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "members_name_key_idx").run()
        try await database.sql.raw("ALTER TABLE members DROP COLUMN name_key").run()
    }
}
