import Crypto
import Foundation

/// Why a password was refused. The core never carries user-facing text: the server maps
/// `key` (and the associated values, where the message needs them) to a translated message.
public enum PasswordProblem: Hashable, Sendable {
    /// Fewer than `minimum` characters (grapheme clusters, not bytes).
    case tooShort(minimum: Int)
    /// More than `maximum` characters.
    case tooLong(maximum: Int)
    /// More than `maximum` UTF-8 bytes. This is not the bcrypt 72-byte limit (that one is
    /// handled by pre-hashing, see `PasswordPolicy.bcryptInput(for:)`); it bounds the work and
    /// storage spent on pathological input, such as a few "characters" each made of hundreds
    /// of combining marks, that passes the character-count rule.
    case tooLongInBytes(maximum: Int)
    /// In the list of common passwords (compared case-insensitively).
    case common
    /// Equal to the account's e-mail address or to its local part (case-insensitively).
    case matchesEmail
    /// The same character repeated, e.g. "aaaaaaaaaaaa" (case-insensitively).
    case onlyOneDistinctCharacter

    /// A stable identifier for translations and API problem details, e.g. "password.too_short".
    public var key: String {
        switch self {
        case .tooShort: "password.too_short"
        case .tooLong: "password.too_long"
        case .tooLongInBytes: "password.too_long_in_bytes"
        case .common: "password.common"
        case .matchesEmail: "password.matches_email"
        case .onlyOneDistinctCharacter: "password.one_distinct_character"
        }
    }
}

/// The password rules of DESIGN.md "Security defaults" (OWASP ASVS level 2 / NIST SP 800-63B):
/// 12 to 128 characters, not a common password, not the e-mail address, not one repeated
/// character. No composition rules (ASVS 2.1.9): long passphrases are welcome.
///
/// ## bcrypt and the 72-byte limit
///
/// bcrypt reads only the first 72 bytes of its input and silently ignores the rest, so two
/// long passwords sharing a 72-byte prefix would be interchangeable. 128 characters can be far
/// more than 72 bytes (ASCII passphrases, or 18 four-byte emoji), so instead of refusing them
/// we *pre-hash*: always hash `bcryptInput(for:)` rather than the raw password, both when
/// setting and when checking it. Input of at most 72 UTF-8 bytes passes unchanged (so existing
/// hashes of short passwords stay valid); longer input becomes the base64 of its SHA-256
/// (44 ASCII bytes), so every byte of a long password counts. Base64 rather than raw digest
/// bytes, because some bcrypt implementations stop at a NUL byte.
///
/// Note that the password's bytes are used as given: no Unicode normalization is applied. If
/// the server decides to normalize (e.g. NFC), it must do so before both `validate` and
/// `bcryptInput`, and for every password, old and new.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 12
    public static let maximumLength = 128
    /// Upper bound on the UTF-8 size; see `PasswordProblem.tooLongInBytes`.
    public static let maximumBytes = 1024
    /// bcrypt's input limit in bytes.
    public static let bcryptByteLimit = 72

    /// Lower-cased, trimmed common passwords.
    public let commonPasswords: Set<String>

    public init(commonPasswords: some Sequence<String>) {
        var set = Set<String>()
        for password in commonPasswords {
            let normalized = Self.comparable(password)
            if !normalized.isEmpty { set.insert(normalized) }
        }
        self.commonPasswords = set
    }

    /// A policy from the contents of a common-password file: one password per line, as in
    /// `Resources/Security/common-passwords.txt` (Django's list). Blank lines are ignored; the
    /// file's case does not matter.
    public static func fromCommonPasswordList(_ contents: String) -> PasswordPolicy {
        PasswordPolicy(commonPasswords: contents.split(whereSeparator: \.isNewline).lazy.map(String.init))
    }

    /// Every rule the password breaks, in a stable order; empty when the password is acceptable.
    /// - Parameter email: the account's e-mail address, when known.
    public func validate(_ password: String, email: String?) -> [PasswordProblem] {
        var problems: [PasswordProblem] = []
        let characters = password.count
        if characters < Self.minimumLength { problems.append(.tooShort(minimum: Self.minimumLength)) }
        if characters > Self.maximumLength { problems.append(.tooLong(maximum: Self.maximumLength)) }
        if password.utf8.count > Self.maximumBytes { problems.append(.tooLongInBytes(maximum: Self.maximumBytes)) }
        // Past the length limits the remaining checks are pointless and would cost work.
        if password.utf8.count > Self.maximumBytes { return problems }

        let comparable = Self.comparable(password)
        if commonPasswords.contains(comparable) { problems.append(.common) }
        if let email, Self.matchesEmail(comparable, email: email) { problems.append(.matchesEmail) }
        if !password.isEmpty, Set(password.lowercased()).count == 1 { problems.append(.onlyOneDistinctCharacter) }
        return problems
    }

    /// Convenience: `validate(_:email:).isEmpty`.
    public func isAcceptable(_ password: String, email: String?) -> Bool {
        validate(password, email: email).isEmpty
    }

    /// What to give bcrypt (for hashing and for verifying): the password itself when its UTF-8
    /// form fits in 72 bytes, otherwise the base64 (standard alphabet, padded: 44 ASCII bytes)
    /// of its SHA-256. Deterministic, and two long passwords that differ anywhere, even after
    /// byte 72, give different results.
    public static func bcryptInput(for password: String) -> String {
        let bytes = Array(password.utf8)
        if bytes.count <= bcryptByteLimit { return password }
        return Data(SHA256.hash(data: bytes)).base64EncodedString()
    }

    /// Same as the static `bcryptInput(for:)`.
    public func bcryptInput(for password: String) -> String {
        Self.bcryptInput(for: password)
    }

    // MARK: - Private

    /// The form used for list and e-mail comparison (as Django: lower-cased and trimmed).
    private static func comparable(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    private static func matchesEmail(_ comparablePassword: String, email: String) -> Bool {
        let address = comparable(email)
        guard !address.isEmpty else { return false }
        if comparablePassword == address { return true }
        if let at = address.lastIndex(of: "@") {
            let local = address[..<at]
            if !local.isEmpty, comparablePassword == local { return true }
        }
        return false
    }
}
