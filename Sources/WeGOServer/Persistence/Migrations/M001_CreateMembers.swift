import Fluent
import SQLKit

/// Migrations are immutable once released: change the schema with a new numbered file.
struct M001_CreateMembers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("members")
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("name_local", .string)
            .field("category", .string, .required)
            .field("subtype", .string)
            .field("region", .string)
            .field("country", .string)
            .field("founding", .bool, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("population", .int64)
            .field("geonameid", .int64)
            .field("note", .string)
            .field("search_text", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "slug")
            .create()
        let sql = database.sql
        // The directory sorts by name and filters by these columns on every page.
        try await sql.create(index: "members_name_idx").on("members").column("name").run()
        try await sql.create(index: "members_category_idx").on("members").column("category").run()
        try await sql.create(index: "members_region_idx").on("members").column("region").run()
        try await sql.create(index: "members_country_idx").on("members").column("country").run()
    }

    /// Loses every member and everything that refers to one.
    func revert(on database: any Database) async throws {
        try await database.schema("members").delete()
    }
}
