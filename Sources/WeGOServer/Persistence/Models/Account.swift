import Fluent
import Foundation
import WeGOCore

enum UserRole: String, Codable, CaseIterable, Sendable {
    case secretariatAdmin = "secretariat_admin"
    case regionalStaff = "regional_staff"
    case memberRepresentative = "member_representative"
    case judge
    case youthParticipant = "youth_participant"
}

final class User: Model, @unchecked Sendable {
    static let schema = "users"
    @ID(key: .id) var id: UUID?
    /// Stored lower-cased: e-mail addresses are compared case-insensitively.
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Enum(key: "role") var role: UserRole
    /// Regional office staff see and edit only their region.
    @OptionalEnum(key: "region") var region: Region?
    /// Member representatives act for exactly one member.
    @OptionalParent(key: "member_id") var member: Member?
    @Field(key: "disabled") var disabled: Bool
    /// A catalog language code; nil until the person chooses (or accepts an invitation).
    @OptionalField(key: "preferred_language") var preferredLanguageCode: String?
    /// Someone else issued the password: the owner chooses their own before anything else.
    @Field(key: "must_change_password") var mustChangePassword: Bool
    /// The shared secret of the authenticator app (RFC 6238), base32; set when setup begins.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    /// Set once a code from the app confirmed the setup: from then on sign-in asks for a code.
    @OptionalField(key: "totp_enabled_at") var totpEnabledAt: Date?
    /// The newest time step a code was accepted for: a code works once (RFC 6238 §5.2).
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() { mustChangePassword = false }

    /// The language the person's e-mail is written in: their choice, or English.
    var preferredLanguage: Language { preferredLanguageCode.flatMap(Language.init(rawValue:)) ?? .en }
}

/// A browser session. The cookie carries a random token; the database keeps only its SHA-256,
/// so a leaked database backup does not hand out live sessions.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "sessions"
    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @OptionalParent(key: "user_id") var user: User?
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    init() {}
}

final class SignInAttempt: Model, @unchecked Sendable {
    static let schema = "sign_in_attempts"
    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "address") var address: String
    @Field(key: "succeeded") var succeeded: Bool
    @Field(key: "attempted_at") var attemptedAt: Date
    init() {}
}

final class AuditRecord: Model, @unchecked Sendable {
    static let schema = "audit_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int64
    /// Milliseconds since 1970 as an integer: both databases store it exactly, which the hash needs.
    @Field(key: "occurred_at_ms") var occurredAtMilliseconds: Int64
    @Field(key: "actor") var actor: String
    @Field(key: "action") var action: String
    @Field(key: "target") var target: String
    @Field(key: "details") var details: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String
    init() {}
}

/// One request for a password reset. `user` and `tokenHash` are empty when the address has no
/// usable account: the row still counts toward the throttle, and nothing is sent.
final class PasswordReset: Model, @unchecked Sendable {
    static let schema = "password_resets"
    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "address") var address: String
    @OptionalParent(key: "user_id") var user: User?
    @OptionalField(key: "token_hash") var tokenHash: String?
    @Field(key: "requested_at") var requestedAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    init() {}
}

/// A single-use code that stands in for the authenticator app when it is lost.
final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "recovery_codes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?
    init() {}
}

/// A sign-in whose password was right and whose second factor is still to come. The browser
/// holds the token in a short-lived cookie; no session exists until the code is accepted.
final class SignInChallenge: Model, @unchecked Sendable {
    static let schema = "sign_in_challenges"
    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @OptionalField(key: "return_path") var returnPath: String?
    @Field(key: "failures") var failures: Int
    @Field(key: "expires_at") var expiresAt: Date
    init() {}
}
