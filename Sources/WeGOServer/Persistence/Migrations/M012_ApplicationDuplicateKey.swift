import Fluent
import SQLKit
import WeGOCore

/// One pending application per contact and organization, kept by the database (issue 12): the
/// service's check inside its transaction is the first guard, this unique key the one that
/// holds whatever path writes an application. Existing pending applications get their key,
/// oldest first; a later duplicate among them (from before the fix) keeps none.
struct M012_ApplicationDuplicateKey: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MembershipApplication.schema).field("duplicate_key", .string).update()
        let pending = try await MembershipApplication.query(on: database).filter(\.$status == .pending).sort(\.$submittedAt).all()
        var taken = Set<String>()
        for application in pending {
            let key = MembershipApplication.duplicateKey(email: application.contactEmail, organization: application.organizationName)
            guard taken.insert(key).inserted else { continue }
            try await database.sql.update(MembershipApplication.schema).set("duplicate_key", to: key)
                .where("id", .equal, try application.requireID()).run()
        }
        try await database.sql.raw(
            """
            CREATE UNIQUE INDEX membership_applications_pending_duplicate_idx ON membership_applications (duplicate_key) \
            WHERE status = 'pending'
            """
        ).run()
    }

    /// Loses the database's guard; the service's check remains.
    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "membership_applications_pending_duplicate_idx").run()
        try await database.sql.raw("ALTER TABLE membership_applications DROP COLUMN duplicate_key").run()
    }
}
