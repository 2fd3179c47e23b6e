import Fluent
import SQLKit

/// Audit entries can be added, never changed or removed, whatever the application does or is
/// tricked into doing (issue 12): triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL)
/// for every role. Someone who owns the database can still drop a trigger; the signed anchor
/// (`wego audit anchor`) is what reveals that.
struct M015_AuditAppendOnly: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        if database.isPostgreSQL {
            try await sql.raw(
                """
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit entries are append-only'; END $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries \
                FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries \
                FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()
                """
            ).run()
        } else {
            for (name, event) in [("audit_entries_no_update", "UPDATE"), ("audit_entries_no_delete", "DELETE")] {
                try await sql.raw(
                    SQLQueryString(
                        """
                        CREATE TRIGGER \(unsafeRaw: name) BEFORE \(unsafeRaw: event) ON audit_entries \
                        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END
                        """)
                )
                .run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        if database.isPostgreSQL {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries").run()
            try await sql.raw("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries").run()
            try await sql.raw("DROP FUNCTION IF EXISTS audit_entries_append_only()").run()
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_entries_no_update").run()
            try await sql.raw("DROP TRIGGER IF EXISTS audit_entries_no_delete").run()
        }
    }
}
