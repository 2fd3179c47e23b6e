import Fluent
import FluentSQLiteDriver
import SQLKit

/// The one place that reaches below Fluent: SQLKit access and the locks that keep concurrent
/// writers apart on PostgreSQL. SQLite serialises writers itself (one writer, busy timeout), so
/// every lock here is a no-op there.
extension Database {
    /// SQLKit over the same connection (inside a transaction, the transaction's). Both drivers the
    /// platform registers (SQLite and PostgreSQL) are SQL databases, so the cast cannot fail.
    var sql: any SQLDatabase { self as! any SQLDatabase }

    var isPostgreSQL: Bool { sql.dialect.name == "postgresql" }

    /// Holds a lock named `key` until the current transaction ends: a second transaction asking
    /// for the same key waits. Must be called inside a transaction. Keys name what they guard,
    /// such as "member-status:<uuid>".
    func lockUntilCommit(_ key: String) async throws {
        guard isPostgreSQL else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: key)))").run()
    }

    /// `lockUntilCommit` for several keys, taken in one order so two transactions that want the
    /// same keys cannot deadlock.
    func lockUntilCommit(_ keys: [String]) async throws {
        for key in Set(keys).sorted() { try await lockUntilCommit(key) }
    }

    /// A transaction-long lock with a fixed numeric key (the audit chain's appender).
    func lockUntilCommit(number: Int) async throws {
        guard isPostgreSQL else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: number))").run()
    }

    /// Locks one row until the transaction ends (`SELECT … FOR UPDATE`), so a read-check-write on
    /// it cannot interleave with another's.
    func lockRow(in table: String, where column: String, equals value: some Encodable & Sendable) async throws {
        guard isPostgreSQL else { return }
        try await sql.raw("SELECT 1 FROM \(ident: table) WHERE \(ident: column) = \(bind: value) FOR UPDATE").run()
    }

    /// Runs `body` while holding a session-level lock (not tied to a transaction), released even
    /// when `body` throws. Start-up uses it so that one of several servers migrates and seeds.
    func withSessionLock<T: Sendable>(number: Int, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard isPostgreSQL else { return try await body() }
        return try await sql.withSession { session in
            try await session.raw("SELECT pg_advisory_lock(\(literal: number))").run()
            do {
                let result = try await body()
                try await session.raw("SELECT pg_advisory_unlock(\(literal: number))").run()
                return result
            } catch {
                try? await session.raw("SELECT pg_advisory_unlock(\(literal: number))").run()
                throw error
            }
        }
    }
}

extension Database {
    /// A transaction for a read-check-write ("at most five", "only once"), run again when it lost
    /// a race. On PostgreSQL the body takes `lockUntilCommit` on what it checks, so racers queue.
    /// SQLite starts transactions deferred: two that read and then write meet as "busy", and the
    /// loser's whole transaction is retried, reading what the winner wrote. `alsoRetry` names
    /// further lost races (the audit log's sequence).
    func serializedTransaction<T: Sendable>(
        attempts: Int = 10, alsoRetry: @escaping @Sendable (any Error) -> Bool = { _ in false },
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        var lastError: (any Error)?
        for attempt in 0 ..< attempts {
            if attempt > 0 {
                // Back off a little, with jitter, so colliding writers do not collide again.
                try await Task.sleep(for: .milliseconds(Int.random(in: 1 ... (5 * attempt))))
            }
            do {
                return try await transaction(body)
            } catch  where Self.isBusy(error) || alsoRetry(error) {
                lastError = error
                continue
            }
        }
        throw lastError!
    }

    /// SQLite refused a second writer.
    static func isBusy(_ error: any Error) -> Bool {
        guard let sqlite = error as? SQLiteError else { return false }
        switch sqlite.reason {
        case .busy, .locked, .busyInSnapshot, .busyTimeout, .busyInRecovery: return true
        default: return false
        }
    }
}

extension Database {
    /// The rows of `table` whose `column` is one of `values`, a few hundred values to a query:
    /// each value is a bound parameter, and the databases cap how many one statement holds.
    func rows(
        _ columns: [String], from table: String, where column: String, in values: [some Encodable & Sendable], perQuery: Int = 500
    ) async throws -> [any SQLRow] {
        var rows: [any SQLRow] = []
        for start in stride(from: 0, to: values.count, by: perQuery) {
            rows += try await sql.select().columns(columns.map { SQLColumn($0) }).from(table)
                .where(column, .in, Array(values[start ..< min(values.count, start + perQuery)])).all()
        }
        return rows
    }
}

extension Model {
    /// Inserts many new rows a few hundred to a statement: one statement per row costs a round
    /// trip each, and one statement for all could pass the databases' limits on bound values
    /// (SQLite's 32,766; PostgreSQL's 65,535).
    static func insert(_ models: [Self], rowsPerStatement: Int = 200, on db: any Database) async throws {
        for start in stride(from: 0, to: models.count, by: rowsPerStatement) {
            try await models[start ..< min(models.count, start + rowsPerStatement)].create(on: db)
        }
    }
}
