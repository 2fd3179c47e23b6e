import Fluent
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

    /// Runs `body` in a transaction and appends its event to the log in that transaction (none
    /// when the body did nothing worth recording, such as a duplicate it refused).
    /// `body` may run more than once: it must load or build its models afresh each time, since a
    /// rolled-back attempt leaves Fluent models believing they were saved.
    static func perform<T: Sendable>(
        on db: any Database, actor: String, at clock: @escaping @Sendable () -> Date, attempts: Int = 10,
        _ body: @escaping @Sendable (any Database) async throws -> (T, Event?)
    ) async throws -> T {
        try await db.serializedTransaction(attempts: attempts, alsoRetry: isSequenceTaken) { tx in
            let (value, event) = try await body(tx)
            if let event { try await append(event, actor: actor, at: clock(), on: tx) }
            return value
        }
    }

    /// Two appends took the same sequence. Other constraint failures (a slug or e-mail taken) are
    /// the caller's to report at once.
    static func isSequenceTaken(_ error: any Error) -> Bool {
        (error as? any DatabaseError)?.isConstraintFailure == true && String(reflecting: error).contains("audit_entries")
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
