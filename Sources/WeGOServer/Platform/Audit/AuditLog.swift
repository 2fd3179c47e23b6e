import Fluent
import FluentSQLiteDriver
import SQLKit
import Vapor
import WeGOCore

/// The append-only audit trail of privileged actions, hash-chained by `AuditChain`.
///
/// An entry is written in the same transaction as the action it records, so an action is never
/// committed without its entry. Two concurrent appends both read the same last entry; the unique
/// index on `sequence` makes the second one fail, and `perform` retries its whole transaction.
enum AuditLog {
    struct Event: Sendable {
        var action: String
        var target: String
        var details: String
    }

    /// Runs `body` in a transaction and appends its event to the log in that transaction.
    /// `body` may run more than once: it must load or build its models afresh each time, since a
    /// rolled-back attempt leaves Fluent models believing they were saved.
    static func perform<T: Sendable>(
        on db: any Database, actor: String, at clock: @escaping @Sendable () -> Date, attempts: Int = 10,
        _ body: @escaping @Sendable (any Database) async throws -> (T, Event)
    ) async throws -> T {
        var lastError: (any Error)?
        for attempt in 0 ..< attempts {
            if attempt > 0 {
                // Back off a little, with jitter, so colliding writers do not collide again.
                try await Task.sleep(for: .milliseconds(Int.random(in: 1 ... (5 * attempt))))
            }
            do {
                return try await db.transaction { tx in
                    let (value, event) = try await body(tx)
                    try await append(event, actor: actor, at: clock(), on: tx)
                    return value
                }
            } catch  where isRetryable(error) {
                lastError = error
                continue
            }
        }
        throw lastError!
    }

    /// A lost race: two appends took the same sequence, or SQLite refused a second writer (its
    /// transactions start deferred, so two read-then-write transactions can meet as "busy").
    /// Other constraint failures (a slug or e-mail taken) are the caller's to report at once.
    static func isRetryable(_ error: any Error) -> Bool {
        if (error as? any DatabaseError)?.isConstraintFailure == true {
            return String(reflecting: error).contains("audit_entries")
        }
        if let sqlite = error as? SQLiteError {
            switch sqlite.reason {
            case .busy, .locked, .busyInSnapshot, .busyTimeout, .busyInRecovery: return true
            default: return false
            }
        }
        return false
    }

    static func append(_ event: Event, actor: String, at date: Date, on db: any Database) async throws {
        // One appender at a time, held until this transaction ends, so concurrent actions queue
        // instead of colliding on the sequence.
        try await db.lockUntilCommit(number: AuditLog.advisoryLockKey)
        let last = try await AuditRecord.query(on: db).sort(\.$sequence, .descending).first()
        let entry = AuditEntry.next(
            after: last.map(entry), occurredAt: date, actor: actor,
            action: event.action, target: event.target, details: event.details)
        let record = AuditRecord()
        record.sequence = entry.sequence
        record.occurredAtMilliseconds = AuditChain.epochMilliseconds(entry.occurredAt)
        record.actor = entry.actor
        record.action = entry.action
        record.target = entry.target
        record.details = entry.details
        record.previousHash = entry.previousHash
        record.hash = entry.hash
        try await record.create(on: db)
    }

    /// An arbitrary constant naming the audit log's lock among the application's advisory locks.
    static let advisoryLockKey = 0x5745_474F_4155_44

    static func entry(_ record: AuditRecord) -> AuditEntry {
        AuditEntry(
            sequence: record.sequence,
            occurredAt: Date(timeIntervalSince1970: Double(record.occurredAtMilliseconds) / 1000),
            actor: record.actor, action: record.action, target: record.target, details: record.details,
            previousHash: record.previousHash, hash: record.hash)
    }

    /// Verifies the whole chain page by page, so a long log never sits in memory at once.
    static func verify(on db: any Database, pageSize: Int = 1000) async throws -> AuditChain.VerificationResult {
        var verifier = AuditChain.Verifier()
        var after: Int64 = 0
        while true {
            let page = try await AuditRecord.query(on: db).filter(\.$sequence > after)
                .sort(\.$sequence).limit(pageSize).all()
            for record in page where !verifier.check(entry(record)) { return verifier.result }
            guard let last = page.last, page.count == pageSize else { break }
            after = last.sequence
        }
        return verifier.result
    }

    static func actor(_ user: SignedInUser?) -> String {
        user.map { "user:\($0.email)" } ?? "anonymous"
    }
}
