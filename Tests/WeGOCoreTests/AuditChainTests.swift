import Foundation
import Testing

@testable import WeGOCore

private let base = Date(timeIntervalSince1970: 1_700_000_000.123)

/// A valid chain of `count` entries, one minute apart.
private func makeChain(_ count: Int) -> [AuditEntry] {
    var entries: [AuditEntry] = []
    for i in 0 ..< count {
        entries.append(
            AuditEntry.next(
                after: entries.last,
                occurredAt: base.addingTimeInterval(Double(i) * 60),
                actor: "user:\(i % 3)",
                action: "member.update",
                target: "member:m\(i)",
                details: #"{"field":"name","n":\#(i)}"#))
    }
    return entries
}

/// Recomputes an entry's hash after a field was edited (an attacker covering their tracks).
private func rehashed(_ entry: AuditEntry) -> AuditEntry {
    var copy = entry
    copy.hash = copy.computedHash
    return copy
}

@Suite struct AuditChainTests {
    // MARK: - Hashing

    @Test func knownHashes() {
        // Computed independently (Python hashlib + struct) from the documented encoding.
        let first = AuditEntry.next(
            after: nil, occurredAt: Date(timeIntervalSince1970: 1_700_000_000.123),
            actor: "user:1", action: "member.create", target: "member:acme",
            details: #"{"name":"Acme"}"#)
        #expect(first.sequence == 1)
        #expect(first.previousHash == String(repeating: "0", count: 64))
        #expect(first.hash == "9c8b42478ec5562609fca6f47f467350f693578d7628b7d8be8edd198066923f")

        let second = AuditEntry.next(
            after: first, occurredAt: Date(timeIntervalSince1970: 1_700_000_060),
            actor: "cli", action: "user.reset-password", target: "user:7",
            details: "Zoë 😀")
        #expect(second.sequence == 2)
        #expect(second.previousHash == first.hash)
        #expect(second.hash == "c014fd0a29faf0487d35e628a3cab51bd2da7fab5d919af36fcf5ae9ccafa8c3")
        #expect(AuditChain.verify([first, second]) == .intact(count: 2))
    }

    @Test func genesis() {
        #expect(AuditChain.genesisHash == String(repeating: "0", count: 64))
        #expect(AuditChain.firstSequence == 1)
    }

    @Test(arguments: [
        // (actor, action, target, details) pairs that a separator-joined encoding would confuse.
        (("a|b", "c", "t", "d"), ("a", "b|c", "t", "d")),
        (("ab", "", "t", "d"), ("a", "b", "t", "d")),
        (("a", "b", "", ""), ("a", "", "b", "")),
        (("a\u{0}", "b", "t", "d"), ("a", "\u{0}b", "t", "d")),
    ])
    func encodingIsUnambiguous(a: (String, String, String, String), b: (String, String, String, String)) {
        func h(_ f: (String, String, String, String)) -> String {
            AuditChain.hash(
                sequence: 1, occurredAt: base, actor: f.0, action: f.1, target: f.2, details: f.3,
                previousHash: AuditChain.genesisHash)
        }
        #expect(h(a) != h(b))
    }

    @Test func hashIsLowercaseHex() {
        let hash = makeChain(1)[0].hash
        #expect(hash.count == 64)
        #expect(hash.allSatisfy { "0123456789abcdef".contains($0) })
    }

    // MARK: - Dates

    @Test func occurredAtIsRoundedToMilliseconds() {
        let entry = AuditEntry.next(
            after: nil, occurredAt: Date(timeIntervalSince1970: 1_700_000_000.123_456_7),
            actor: "a", action: "b", target: "c", details: "")
        #expect(AuditChain.epochMilliseconds(entry.occurredAt) == 1_700_000_000_123)
        #expect(entry.occurredAt == AuditChain.roundedToMilliseconds(entry.occurredAt))
    }

    @Test(arguments: [Int64(0), 1, 999, 1_700_000_000_123, 1_700_000_000_999, 4_102_444_799_999, -1_000])
    func millisecondsSurviveDatabaseRoundTrips(ms: Int64) throws {
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        #expect(AuditChain.epochMilliseconds(date) == ms)
        let hash = AuditChain.hash(
            sequence: 1, occurredAt: date, actor: "a", action: "b", target: "c",
            details: "d", previousHash: AuditChain.genesisHash)
        func sameHash(_ other: Date) -> Bool {
            AuditChain.hash(
                sequence: 1, occurredAt: other, actor: "a", action: "b", target: "c",
                details: "d", previousHash: AuditChain.genesisHash) == hash
        }
        // PostgreSQL timestamptz: integer microseconds since 2000-01-01.
        let pgEpoch = Date(timeIntervalSince1970: 946_684_800)
        let micros = Int64((date.timeIntervalSince(pgEpoch) * 1_000_000).rounded())
        #expect(sameHash(Date(timeInterval: Double(micros) / 1_000_000, since: pgEpoch)))
        // SQLite REAL: seconds since 1970 as a Double, or since 2001 (Date's reference).
        #expect(sameHash(Date(timeIntervalSince1970: date.timeIntervalSince1970)))
        #expect(sameHash(Date(timeIntervalSinceReferenceDate: date.timeIntervalSinceReferenceDate)))
        // SQLite TEXT: ISO 8601 with fractional seconds.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let parsed = try #require(formatter.date(from: formatter.string(from: date)))
        #expect(sameHash(parsed))
    }

    @Test func aMillisecondChangesTheHash() {
        let a = AuditChain.hash(
            sequence: 1, occurredAt: base, actor: "a", action: "b", target: "c", details: "d",
            previousHash: AuditChain.genesisHash)
        let b = AuditChain.hash(
            sequence: 1, occurredAt: base.addingTimeInterval(0.001), actor: "a", action: "b",
            target: "c", details: "d", previousHash: AuditChain.genesisHash)
        #expect(a != b)
    }

    // MARK: - Verification

    @Test(arguments: [0, 1, 2, 10])
    func intactChains(count: Int) {
        let chain = makeChain(count)
        #expect(AuditChain.verify(chain) == .intact(count: count))
        #expect(chain.enumerated().allSatisfy { $0.element.sequence == Int64($0.offset + 1) })
    }

    struct Tampering: CustomTestStringConvertible, Sendable {
        var name: String
        var tamper: @Sendable ([AuditEntry]) -> [AuditEntry]
        var expected: AuditChain.VerificationResult
        var testDescription: String { name }
    }

    static let tamperings: [Tampering] = [
        Tampering(
            name: "details of #3 edited",
            tamper: { e in
                var e = e; e[2].details = "{}"; return e
            },
            expected: .broken(firstBadSequence: 3, reason: .hashMismatch)),
        Tampering(
            name: "actor of #1 edited",
            tamper: { e in
                var e = e; e[0].actor = "user:9"; return e
            },
            expected: .broken(firstBadSequence: 1, reason: .hashMismatch)),
        Tampering(
            name: "action of #6 edited",
            tamper: { e in
                var e = e; e[5].action = "x"; return e
            },
            expected: .broken(firstBadSequence: 6, reason: .hashMismatch)),
        Tampering(
            name: "target of last edited",
            tamper: { e in
                var e = e; e[5].target = "x"; return e
            },
            expected: .broken(firstBadSequence: 6, reason: .hashMismatch)),
        Tampering(
            name: "time of #2 moved by 1 ms",
            tamper: { e in
                var e = e; e[1].occurredAt.addTimeInterval(0.001); return e
            },
            expected: .broken(firstBadSequence: 2, reason: .hashMismatch)),
        Tampering(
            name: "hash of #4 replaced",
            tamper: { e in
                var e = e; e[3].hash = String(repeating: "a", count: 64); return e
            },
            expected: .broken(firstBadSequence: 4, reason: .hashMismatch)),
        Tampering(
            name: "#3 edited and re-hashed",
            tamper: { e in
                var e = e; e[2].details = "{}"; e[2] = rehashed(e[2]); return e
            },
            expected: .broken(firstBadSequence: 4, reason: .chainBroken)),
        Tampering(
            name: "previousHash of #2 forged and re-hashed",
            tamper: { e in
                var e = e; e[1].previousHash = AuditChain.genesisHash; e[1] = rehashed(e[1]); return e
            },
            expected: .broken(firstBadSequence: 2, reason: .chainBroken)),
        Tampering(
            name: "#3 deleted",
            tamper: { e in
                var e = e; e.remove(at: 2); return e
            },
            expected: .broken(firstBadSequence: 3, reason: .sequenceGap)),
        Tampering(
            name: "#1 deleted", tamper: { e in Array(e.dropFirst()) },
            expected: .broken(firstBadSequence: 1, reason: .sequenceGap)),
        Tampering(
            name: "#3 deleted and later ones renumbered",
            tamper: { e in
                var e = e; e.remove(at: 2)
                for i in 2 ..< e.count { e[i].sequence -= 1 }
                return e
            }, expected: .broken(firstBadSequence: 3, reason: .hashMismatch)),
        Tampering(
            name: "#3 deleted, later renumbered and re-hashed",
            tamper: { e in
                var e = e; e.remove(at: 2)
                for i in 2 ..< e.count { e[i].sequence -= 1; e[i] = rehashed(e[i]) }
                return e
            }, expected: .broken(firstBadSequence: 3, reason: .chainBroken)),
        Tampering(
            name: "#2 and #3 swapped in order",
            tamper: { e in
                var e = e; e.swapAt(1, 2); return e
            },
            expected: .broken(firstBadSequence: 2, reason: .sequenceGap)),
        Tampering(
            name: "#2 and #3 swapped with sequence numbers",
            tamper: { e in
                var e = e; e.swapAt(1, 2); e[1].sequence = 2; e[2].sequence = 3; return e
            }, expected: .broken(firstBadSequence: 2, reason: .hashMismatch)),
        Tampering(
            name: "#2 and #3 swapped, renumbered and re-hashed",
            tamper: { e in
                var e = e; e.swapAt(1, 2); e[1].sequence = 2; e[2].sequence = 3
                e[1] = rehashed(e[1]); e[2] = rehashed(e[2]); return e
            }, expected: .broken(firstBadSequence: 2, reason: .chainBroken)),
        Tampering(
            name: "#4 duplicated",
            tamper: { e in
                var e = e; e.insert(e[3], at: 4); return e
            },
            expected: .broken(firstBadSequence: 5, reason: .sequenceGap)),
        Tampering(
            name: "forged entry inserted as #4",
            tamper: { e in
                var e = e
                let forged = AuditEntry.next(after: e[2], occurredAt: base, actor: "x", action: "y", target: "z", details: "")
                e.insert(forged, at: 3)
                for i in 4 ..< e.count { e[i].sequence += 1; e[i] = rehashed(e[i]) }
                return e
            }, expected: .broken(firstBadSequence: 5, reason: .chainBroken)),
        Tampering(
            name: "#2 and #5 edited: the first is reported",
            tamper: { e in
                var e = e; e[1].details = "a"; e[4].details = "b"; return e
            }, expected: .broken(firstBadSequence: 2, reason: .hashMismatch)),
        Tampering(
            name: "chain starting at 0",
            tamper: { e in
                var e = e; e[0].sequence = 0; e[0] = rehashed(e[0]); return e
            }, expected: .broken(firstBadSequence: 1, reason: .sequenceGap)),
        // Truncating the end cannot be seen from the entries alone; compare `lastHash` with an
        // exported copy to detect it (see AuditChain's documentation).
        Tampering(
            name: "last entry deleted (undetectable without an anchor)", tamper: { e in Array(e.dropLast()) },
            expected: .intact(count: 5)),
    ]

    @Test(arguments: tamperings)
    func tamperingIsFound(_ t: Tampering) {
        let chain = makeChain(6)
        #expect(AuditChain.verify(chain) == .intact(count: 6))
        #expect(AuditChain.verify(t.tamper(chain)) == t.expected)
    }

    @Test func verificationStreamsAndStopsAtTheFirstProblem() {
        var chain = makeChain(1000)
        chain[9].details = "tampered"
        var pulled = 0
        var iterator = chain.makeIterator()
        let stream = AnySequence {
            AnyIterator { () -> AuditEntry? in
                guard let next = iterator.next() else { return nil }
                pulled += 1
                return next
            }
        }
        #expect(AuditChain.verify(stream) == .broken(firstBadSequence: 10, reason: .hashMismatch))
        #expect(pulled == 10)
    }

    @Test func verifierWorksPageByPage() {
        let chain = makeChain(10)
        var verifier = AuditChain.Verifier()
        for entry in chain[0 ..< 4] { let ok = verifier.check(entry); #expect(ok) }
        #expect(verifier.result == .intact(count: 4))
        #expect(verifier.expectedSequence == 5)
        #expect(verifier.lastHash == chain[3].hash)
        for entry in chain[4...] { verifier.check(entry) }
        #expect(verifier.result == .intact(count: 10))

        // From a trusted checkpoint.
        var resumed = AuditChain.Verifier(after: chain[5])
        for entry in chain[6...] { resumed.check(entry) }
        #expect(resumed.result == .intact(count: 4))
        #expect(resumed.lastHash == chain[9].hash)

        // A checkpoint that disagrees with the stored chain.
        var forked = AuditChain.Verifier(expectedSequence: 7, previousHash: String(repeating: "f", count: 64))
        let first = forked.check(chain[6])
        let second = forked.check(chain[7])  // stays broken
        #expect(!first && !second)
        #expect(forked.result == .broken(firstBadSequence: 7, reason: .chainBroken))
    }

    @Test func entriesRoundTripThroughJSON() throws {
        let chain = makeChain(3)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        let decoded = try decoder.decode([AuditEntry].self, from: encoder.encode(chain))
        #expect(AuditChain.verify(decoded) == .intact(count: 3))
    }
}
