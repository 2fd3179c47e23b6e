import Crypto
import Foundation

/// The audit chain's newest entry, signed with a key kept outside the database. The chain alone
/// cannot tell that its newest entries were deleted (what is left still links up); an anchor
/// exported earlier can: the chain must still hold the anchored entry, unchanged (issue 12).
public struct AuditAnchor: Codable, Sendable, Equatable {
    public var sequence: Int64
    public var hash: String
    /// HMAC-SHA256 over "sequence:hash" with the audit key, hex.
    public var mac: String

    public enum Verdict: Equatable, Sendable {
        /// The chain holds the anchored entry as it was.
        case consistent
        /// The anchor was not made with this key, or was edited.
        case forged
        /// The chain ends before the anchored entry: its newest entries were deleted.
        case truncated(lastSequence: Int64)
        /// The chain's entry at the anchored sequence is not the one anchored.
        case rewritten
    }

    public init(head: AuditEntry, key: SymmetricKey) {
        sequence = head.sequence
        hash = head.hash
        mac = Self.mac(sequence: head.sequence, hash: head.hash, key: key)
    }

    /// Compares the anchor with the chain: `entryAtSequence` is the chain's entry at the anchor's
    /// sequence (nil when there is none), `lastSequence` the chain's newest (0 when empty).
    public func verdict(key: SymmetricKey, entryAtSequence: AuditEntry?, lastSequence: Int64) -> Verdict {
        guard Self.mac(sequence: sequence, hash: hash, key: key) == mac else { return .forged }
        guard lastSequence >= sequence else { return .truncated(lastSequence: lastSequence) }
        guard let entry = entryAtSequence, entry.hash == hash else { return .rewritten }
        return .consistent
    }

    static func mac(sequence: Int64, hash: String, key: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: Data("\(sequence):\(hash)".utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }
}
