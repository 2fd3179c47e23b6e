import Crypto
import Foundation

/// One entry of the append-only audit log. Each entry's `hash` covers its own fields and the
/// previous entry's hash, so editing, deleting, inserting or reordering entries breaks the chain
/// at (or right after) the tampered place.
public struct AuditEntry: Hashable, Sendable, Codable {
    /// 1, 2, 3, ... without gaps (`AuditChain.firstSequence` is the first).
    public var sequence: Int64
    /// Whole milliseconds; see `AuditChain.epochMilliseconds(_:)`.
    public var occurredAt: Date
    /// Who acted, e.g. "user:42" or "cli".
    public var actor: String
    /// What was done, e.g. "member.update".
    public var action: String
    /// On what, e.g. "member:acme".
    public var target: String
    /// Free text or JSON. Hashed byte for byte: store and reload it verbatim, never
    /// re-serialize it (JSON key order and spacing would change the hash).
    public var details: String
    /// The previous entry's `hash`, or `AuditChain.genesisHash` for the first entry.
    public var previousHash: String
    /// `AuditChain.hash(...)` of the fields above: 64 lower-case hex digits.
    public var hash: String

    public init(
        sequence: Int64, occurredAt: Date, actor: String, action: String, target: String,
        details: String, previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actor = actor
        self.action = action
        self.target = target
        self.details = details
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The entry that follows `previous` (or the first entry when `previous` is nil), with its
    /// sequence, previous hash and hash filled in and `occurredAt` rounded to whole
    /// milliseconds. The server must append under a lock or in a serializable transaction
    /// (read the last entry, insert the next) so two appends never share a sequence; a unique
    /// index on `sequence` turns a lost race into an error instead of a fork.
    public static func next(
        after previous: AuditEntry?, occurredAt: Date, actor: String,
        action: String, target: String, details: String
    ) -> AuditEntry {
        let sequence = previous.map { $0.sequence + 1 } ?? AuditChain.firstSequence
        let previousHash = previous?.hash ?? AuditChain.genesisHash
        let at = AuditChain.roundedToMilliseconds(occurredAt)
        let hash = AuditChain.hash(
            sequence: sequence, occurredAt: at, actor: actor, action: action,
            target: target, details: details, previousHash: previousHash)
        return AuditEntry(
            sequence: sequence, occurredAt: at, actor: actor, action: action, target: target,
            details: details, previousHash: previousHash, hash: hash)
    }

    /// The hash this entry should carry, computed from its other fields.
    public var computedHash: String {
        AuditChain.hash(
            sequence: sequence, occurredAt: occurredAt, actor: actor, action: action,
            target: target, details: details, previousHash: previousHash)
    }
}

/// Hashing and verification of the audit hash chain.
///
/// ## Canonical encoding
///
/// `hash` is the lower-case hex SHA-256 of:
///
///     "wego-audit-v1"                      domain/version tag (13 ASCII bytes)
///     sequence                             Int64, 8 bytes big-endian
///     occurredAt                           Int64 milliseconds since 1970-01-01T00:00:00Z, 8 bytes big-endian
///     actor, action, target, details,
///     previousHash                         each: UInt64 byte length, 8 bytes big-endian, then UTF-8 bytes
///
/// Every variable-length field is length-prefixed, so no choice of field contents can make two
/// different entries encode the same way (with a separator such as "|", actor "a|b" + action "c"
/// and actor "a" + action "b|c" would collide). Strings are hashed as their exact UTF-8 bytes,
/// without Unicode normalization; both databases return text byte for byte.
///
/// ## Why integer milliseconds
///
/// `Date` is a `Double` of seconds since 2001 with sub-microsecond noise. PostgreSQL
/// `timestamptz` keeps microseconds and SQLite (as Fluent uses it) keeps a floating-point or
/// text form, so hashing the raw `Double` would give a different hash after a round trip through
/// either database. Whole milliseconds survive both exactly, and rounding (not truncating) when
/// hashing absorbs the tiny binary error a stored value may come back with.
/// `AuditEntry.next(after:...)` already rounds `occurredAt`, so what is stored is what was hashed.
///
/// ## What the chain does and does not prove
///
/// The hash is not keyed: someone able to rewrite the whole table can recompute every hash
/// from the point of tampering onwards. Verification therefore proves integrity relative to a
/// trusted copy of a later hash; publish or export `lastHash` periodically (e.g. in the backups
/// or the server log) and compare.
public enum AuditChain {
    /// `previousHash` of the first entry: 64 zeros.
    public static let genesisHash = String(repeating: "0", count: 64)
    /// The sequence number of the first entry.
    public static let firstSequence: Int64 = 1

    private static let domainTag = Array("wego-audit-v1".utf8)

    public static func hash(
        sequence: Int64, occurredAt: Date, actor: String, action: String,
        target: String, details: String, previousHash: String
    ) -> String {
        var hasher = SHA256()
        hasher.update(data: domainTag)
        hasher.update(data: bigEndianBytes(UInt64(bitPattern: sequence)))
        hasher.update(data: bigEndianBytes(UInt64(bitPattern: epochMilliseconds(occurredAt))))
        for field in [actor, action, target, details, previousHash] {
            let bytes = Array(field.utf8)
            hasher.update(data: bigEndianBytes(UInt64(bytes.count)))
            hasher.update(data: bytes)
        }
        return TokenHash.hex(hasher.finalize())
    }

    /// Milliseconds since 1970, rounded to the nearest millisecond.
    public static func epochMilliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The date at the nearest whole millisecond; store this, hash this.
    public static func roundedToMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(epochMilliseconds(date)) / 1000)
    }

    /// Why verification failed.
    public enum BreakReason: String, Hashable, Sendable, Codable {
        /// The entry's stored hash is not the hash of its fields: a field (or the hash) was edited.
        case hashMismatch
        /// The entry is consistent in itself but its `previousHash` is not the previous entry's
        /// hash: an entry was inserted, or the previous entry was edited and re-hashed
        /// (so the tampered entry is this one or the one before it).
        case chainBroken
        /// The sequence numbers are not contiguous: an entry is missing (deleted), duplicated, or
        /// out of order. `firstBadSequence` is the sequence that was expected at that point.
        case sequenceGap
    }

    public enum VerificationResult: Hashable, Sendable {
        /// All `count` entries check out.
        case intact(count: Int)
        /// The first problem found, scanning in ascending sequence order.
        case broken(firstBadSequence: Int64, reason: BreakReason)
    }

    /// Verifies entries given in ascending sequence order, starting with the first entry of the
    /// log. Stops at the first problem, so it works on a lazy sequence / database cursor. To
    /// verify page by page, or from a trusted checkpoint, use `Verifier` directly.
    public static func verify(_ entries: some Sequence<AuditEntry>) -> VerificationResult {
        var verifier = Verifier()
        for entry in entries {
            if !verifier.check(entry) { break }
        }
        return verifier.result
    }

    /// Incremental verification: feed entries in ascending order with `check(_:)`.
    public struct Verifier: Hashable, Sendable {
        /// The sequence the next entry must have.
        public private(set) var expectedSequence: Int64
        /// The hash the next entry's `previousHash` must equal: the last verified entry's hash.
        public private(set) var lastHash: String
        /// Entries verified so far.
        public private(set) var count = 0
        /// Set at the first problem; later entries are ignored.
        private var failure: Failure?
        private struct Failure: Hashable, Sendable { var sequence: Int64; var reason: BreakReason }

        /// Starts at the beginning of the log (`firstSequence`, `genesisHash`).
        public init() {
            self.init(expectedSequence: AuditChain.firstSequence, previousHash: AuditChain.genesisHash)
        }

        /// Continues after a trusted entry (a checkpoint), or after the last entry of a previous page.
        public init(after trusted: AuditEntry) {
            self.init(expectedSequence: trusted.sequence + 1, previousHash: trusted.hash)
        }

        public init(expectedSequence: Int64, previousHash: String) {
            self.expectedSequence = expectedSequence
            self.lastHash = previousHash
        }

        /// Checks the next entry. Returns false once the chain is broken (at this entry or earlier).
        @discardableResult
        public mutating func check(_ entry: AuditEntry) -> Bool {
            guard failure == nil else { return false }
            if entry.sequence != expectedSequence {
                failure = Failure(sequence: expectedSequence, reason: .sequenceGap)
                return false
            }
            if entry.computedHash != entry.hash {
                failure = Failure(sequence: entry.sequence, reason: .hashMismatch)
                return false
            }
            if entry.previousHash != lastHash {
                failure = Failure(sequence: entry.sequence, reason: .chainBroken)
                return false
            }
            lastHash = entry.hash
            expectedSequence = entry.sequence + 1
            count += 1
            return true
        }

        public var result: VerificationResult {
            if let failure {
                return .broken(firstBadSequence: failure.sequence, reason: failure.reason)
            }
            return .intact(count: count)
        }
    }

    private static func bigEndianBytes(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}
