import Fluent
import SQLKit

/// A member's abbreviation (KISA, NITDA…), which the seed documents give and the directory
/// used to drop, so searching "KISA" found nothing (issue 12). The seeder fills it in for
/// members seeded before it; search text includes it from then on.
struct M013_MemberAbbreviation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("members").field("abbreviation", .string).update()
    }

    /// Loses the abbreviations.
    func revert(on database: any Database) async throws {
        try await database.sql.raw("ALTER TABLE members DROP COLUMN abbreviation").run()
    }
}
