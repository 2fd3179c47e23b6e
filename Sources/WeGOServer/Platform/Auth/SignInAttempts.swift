import Fluent
import Foundation
import WeGOCore

/// The sign-in throttle's bookkeeping. An attempt counts as a failure from before its password
/// is checked (success updates it), and counting the recent failures and recording the new one
/// happen in one serialized transaction: 30 guesses sent at once get exactly the limit's worth
/// of password checks, not whatever slipped between a count and an insert (issue 12).
enum SignInAttempts {
    enum Outcome: Sendable {
        case recorded(SignInAttempt)
        case blocked(retryAfter: Int)
    }

    static func record(
        email: String, address: String, throttle: SignInThrottle, now: Date, on db: any Database
    ) async throws -> Outcome {
        try await db.serializedTransaction { tx in
            try await tx.lockUntilCommit(["sign-in-account:" + email, "sign-in-address:" + address])
            let since = throttle.cutoff(now: now)
            let accountFailures = try await SignInAttempt.query(on: tx)
                .filter(\.$email == email).filter(\.$succeeded == false).filter(\.$attemptedAt > since).all().map(\.attemptedAt)
            let addressFailures = try await SignInAttempt.query(on: tx)
                .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$attemptedAt > since).all().map(\.attemptedAt)
            if case .blocked(let retryAfter, _) = throttle.decision(
                accountFailures: accountFailures, addressFailures: addressFailures, now: now)
            {
                return .blocked(retryAfter: retryAfter)
            }
            let attempt = SignInAttempt()
            attempt.email = email
            attempt.address = address
            attempt.attemptedAt = now
            attempt.succeeded = false
            try await attempt.create(on: tx)
            return .recorded(attempt)
        }
    }
}
