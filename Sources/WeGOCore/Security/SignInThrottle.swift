import Foundation

/// What the sign-in throttle decided for the next attempt.
public enum ThrottleDecision: Hashable, Sendable {
    case allowed
    /// Refuse the attempt without checking the password; send `Retry-After: retryAfter`
    /// (whole seconds, at least 1).
    case blocked(retryAfter: Int, reason: ThrottleReason)
}

public enum ThrottleReason: String, Hashable, Sendable, Codable {
    /// Too many recent failures for this account (protects one account from guessing).
    case account
    /// Too many recent failures from this client address (protects all accounts from spraying).
    case address

    /// A stable key for translated messages, e.g. "signin.throttled.account".
    public var key: String { "signin.throttled.\(rawValue)" }
}

/// Sign-in rate limit per account and per client address over a sliding window (ASVS 2.2.1).
///
/// Pure policy: the server records failed sign-ins (time, account, address) in its database,
/// passes the recent ones and the current time here, and acts on the decision. Nothing here
/// reads a clock or keeps state, so the same decision comes out on every server instance.
///
/// An attempt is blocked when the window already holds `max` failures. It becomes possible again
/// when enough of them have aged out of the window to leave `max - 1`; when the window holds
/// exactly `max` failures (the usual case, since blocked attempts are not checked and so are
/// not recorded as failures) that is when the oldest failure in the window expires.
/// A failure at time `t` counts while `now < t + window`.
///
/// Throttling by account lets an attacker lock a known account for a window at a time; the
/// window is short for that reason, and the address limit is higher because many people can
/// share one address (NAT, offices).
public struct SignInThrottle: Hashable, Sendable {
    public var maxFailuresPerAccount: Int
    public var maxFailuresPerAddress: Int
    /// Window length in seconds.
    public var window: TimeInterval

    public init(maxFailuresPerAccount: Int = 5, maxFailuresPerAddress: Int = 20, window: TimeInterval = 15 * 60) {
        precondition(maxFailuresPerAccount > 0 && maxFailuresPerAddress > 0, "limits must be positive")
        precondition(window > 0, "window must be positive")
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.window = window
    }

    /// The earliest failure time that still counts at `now`; the server may use it to query
    /// only recent failures (`WHERE failed_at > cutoff`) and to purge older rows.
    public func cutoff(now: Date) -> Date {
        now.addingTimeInterval(-window)
    }

    /// - Parameters:
    ///   - accountFailures: times of failed sign-ins for the account being signed in to (any order;
    ///     older ones are ignored). Pass the failures of the submitted account name even when no
    ///     such account exists, so the response does not reveal which accounts exist.
    ///   - addressFailures: times of failed sign-ins from the client's address.
    ///   - now: the current time.
    /// When both limits are exceeded, the longer wait is reported (the account on a tie).
    public func decision(accountFailures: [Date], addressFailures: [Date], now: Date) -> ThrottleDecision {
        let account = wait(failures: accountFailures, limit: maxFailuresPerAccount, now: now)
        let address = wait(failures: addressFailures, limit: maxFailuresPerAddress, now: now)
        switch (account, address) {
        case (nil, nil):
            return .allowed
        case let (account?, nil):
            return .blocked(retryAfter: account, reason: .account)
        case let (nil, address?):
            return .blocked(retryAfter: address, reason: .address)
        case let (account?, address?):
            return address > account
                ? .blocked(retryAfter: address, reason: .address)
                : .blocked(retryAfter: account, reason: .account)
        }
    }

    /// Seconds until an attempt is allowed under one limit, or nil when allowed now.
    private func wait(failures: [Date], limit: Int, now: Date) -> Int? {
        // A failure counts while now < failure + window. Failures "in the future" (clock skew
        // between servers) count too, until they expire.
        let recent =
            failures
            .filter { now.timeIntervalSince($0) < window }
            .sorted()
        guard recent.count >= limit else { return nil }
        // Allowed again once only limit - 1 remain: when the (count - limit + 1)-th oldest expires.
        let expiry = recent[recent.count - limit].addingTimeInterval(window)
        var seconds = expiry.timeIntervalSince(now)
        // Guard the Int conversion against absurd stored dates.
        if !seconds.isFinite || seconds > Double(Int32.max) { seconds = Double(Int32.max) }
        return max(1, Int(seconds.rounded(.up)))
    }
}
