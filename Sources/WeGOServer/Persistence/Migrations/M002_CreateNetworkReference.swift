import Fluent
import SQLKit

struct M002_CreateNetworkReference: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("governance_roles")
            .id()
            .field("member_id", .uuid, .required, .references("members", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("term", .string, .required)
            .unique(on: "member_id", "role", "term")
            .create()
        try await database.schema("offices")
            .id()
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("city", .string, .required)
            .field("region", .string)
            .field("country", .string)
            .field("address", .string)
            .field("phone", .string)
            .field("fax", .string)
            .field("email", .string)
            .field("member_id", .uuid, .references("members", "id", onDelete: .setNull))
            .field("position", .int, .required)
            .unique(on: "name")
            .create()
        try await database.schema("regional_networks")
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("region", .string)
            .field("description", .string)
            .unique(on: "code")
            .create()
        try await database.schema("partners")
            .id()
            .field("name", .string, .required)
            .field("full_name", .string)
            .field("note", .string)
            .unique(on: "name")
            .create()
        try await database.schema("founding_members")
            .id()
            .field("name", .string, .required)
            .field("country", .string)
            .field("member_id", .uuid, .references("members", "id", onDelete: .setNull))
            .unique(on: "name")
            .create()
        try await database.schema("reported_figures")
            .id()
            .field("scope", .string, .required)
            .field("key", .string, .required)
            .field("value", .int64, .required)
            .field("as_of", .string, .required)
            .field("source", .string, .required)
            .unique(on: "scope", "key", "as_of")
            .create()
    }

    /// Loses governance roles, offices, networks, partners, founding members and reported figures.
    func revert(on database: any Database) async throws {
        for table in ["reported_figures", "founding_members", "partners", "regional_networks", "offices", "governance_roles"] {
            try await database.schema(table).delete()
        }
    }
}
