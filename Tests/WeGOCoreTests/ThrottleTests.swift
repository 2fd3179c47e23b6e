import Foundation
import Testing

@testable import WeGOCore

/// 2023-11-14T22:13:20Z: a pinned clock.
private let now = Date(timeIntervalSince1970: 1_700_000_000)

/// Failure times given as seconds before `now`.
private func ago(_ seconds: [Double]) -> [Date] {
    seconds.map { now.addingTimeInterval(-$0) }
}

@Suite struct ThrottleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var account: [Double]
        var address: [Double]
        var expected: ThrottleDecision
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no failures", account: [], address: [], expected: .allowed),
        Case(name: "4 account failures", account: [10, 20, 30, 40], address: [], expected: .allowed),
        Case(
            name: "5 account failures: wait until the oldest expires",
            account: [60, 120, 180, 240, 300], address: [],
            expected: .blocked(retryAfter: 600, reason: .account)),
        Case(
            name: "order does not matter",
            account: [240, 60, 300, 180, 120], address: [],
            expected: .blocked(retryAfter: 600, reason: .account)),
        Case(
            name: "5 failures, one exactly a window old (expired)",
            account: [900, 10, 20, 30, 40], address: [], expected: .allowed),
        Case(
            name: "5 failures, oldest half a second from expiry",
            account: [899.5, 10, 20, 30, 40], address: [],
            expected: .blocked(retryAfter: 1, reason: .account)),
        Case(
            name: "fractional seconds round up",
            account: [100.25, 10, 20, 30, 40], address: [],
            expected: .blocked(retryAfter: 800, reason: .account)),
        Case(
            name: "old failures are ignored",
            account: [1000, 2000, 5000, 901, 10, 20, 30, 40], address: [], expected: .allowed),
        Case(
            name: "6 failures: wait for two to expire",
            account: [10, 20, 30, 40, 50, 60], address: [],
            expected: .blocked(retryAfter: 850, reason: .account)),
        Case(
            name: "a failure just now",
            account: [0, 0, 0, 0, 0], address: [],
            expected: .blocked(retryAfter: 900, reason: .account)),
        Case(
            name: "a failure in the future (clock skew) counts",
            account: [-30, 10, 20, 30, 40], address: [],
            expected: .blocked(retryAfter: 860, reason: .account)),
        Case(name: "19 address failures", account: [], address: Array(repeating: 5, count: 19), expected: .allowed),
        Case(
            name: "20 address failures",
            account: [], address: (1 ... 20).map { Double($0) * 10 },
            expected: .blocked(retryAfter: 700, reason: .address)),
        Case(
            name: "both blocked: the longer wait (address)",
            account: [60, 120, 180, 240, 300], address: Array(repeating: 50, count: 20),
            expected: .blocked(retryAfter: 850, reason: .address)),
        Case(
            name: "both blocked: account expires sooner",
            account: [600, 10, 20, 30, 40], address: Array(repeating: 100, count: 20),
            expected: .blocked(retryAfter: 800, reason: .address)),
        Case(
            name: "both blocked, account longer",
            account: [10, 10, 10, 10, 10], address: Array(repeating: 700, count: 20),
            expected: .blocked(retryAfter: 890, reason: .account)),
        Case(
            name: "both blocked, same wait: account",
            account: Array(repeating: 300, count: 5), address: Array(repeating: 300, count: 20),
            expected: .blocked(retryAfter: 600, reason: .account)),
        Case(
            name: "account blocked, address fine",
            account: [1, 2, 3, 4, 5], address: [1, 2, 3],
            expected: .blocked(retryAfter: 895, reason: .account)),
    ]

    @Test(arguments: cases)
    func defaults(_ c: Case) {
        let throttle = SignInThrottle()
        #expect(throttle.decision(accountFailures: ago(c.account), addressFailures: ago(c.address), now: now) == c.expected)
    }

    @Test func defaultValues() {
        let throttle = SignInThrottle()
        #expect(throttle.maxFailuresPerAccount == 5)
        #expect(throttle.maxFailuresPerAddress == 20)
        #expect(throttle.window == 900)
        #expect(throttle == SignInThrottle(maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, window: 15 * 60))
    }

    @Test func blockLiftsExactlyWhenTheOldestFailureExpires() {
        let throttle = SignInThrottle()
        let failures = ago([60, 120, 180, 240, 300])
        let oldestExpires = now.addingTimeInterval(600)
        #expect(
            throttle.decision(accountFailures: failures, addressFailures: [], now: oldestExpires.addingTimeInterval(-0.001))
                == .blocked(retryAfter: 1, reason: .account))
        #expect(throttle.decision(accountFailures: failures, addressFailures: [], now: oldestExpires) == .allowed)
        // The retry-after of any earlier moment lands exactly on that instant.
        for elapsed in stride(from: 0.0, to: 600, by: 37) {
            let t = now.addingTimeInterval(elapsed)
            guard case let .blocked(retryAfter, _) = throttle.decision(accountFailures: failures, addressFailures: [], now: t) else {
                Issue.record("expected a block at +\(elapsed)s"); continue
            }
            #expect(retryAfter == Int(600 - elapsed))
            #expect(
                throttle.decision(
                    accountFailures: failures, addressFailures: [],
                    now: t.addingTimeInterval(Double(retryAfter))) == .allowed)
        }
    }

    @Test func customLimits() {
        let throttle = SignInThrottle(maxFailuresPerAccount: 3, maxFailuresPerAddress: 4, window: 60)
        #expect(throttle.decision(accountFailures: ago([10, 20]), addressFailures: [], now: now) == .allowed)
        #expect(
            throttle.decision(accountFailures: ago([10, 20, 30]), addressFailures: [], now: now)
                == .blocked(retryAfter: 30, reason: .account))
        #expect(
            throttle.decision(accountFailures: ago([10, 20, 30]), addressFailures: [], now: now.addingTimeInterval(30))
                == .allowed)
        #expect(
            throttle.decision(accountFailures: [], addressFailures: ago([5, 10, 15, 59.9]), now: now)
                == .blocked(retryAfter: 1, reason: .address))
        #expect(throttle.decision(accountFailures: [], addressFailures: ago([5, 10, 15, 60]), now: now) == .allowed)
    }

    @Test func cutoff() {
        #expect(SignInThrottle().cutoff(now: now) == now.addingTimeInterval(-900))
    }

    @Test func reasonKeys() {
        #expect(ThrottleReason.account.key == "signin.throttled.account")
        #expect(ThrottleReason.address.key == "signin.throttled.address")
    }
}
