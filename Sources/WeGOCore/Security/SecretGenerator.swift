import Crypto
import Foundation

/// Random secrets: one-time passwords for the admin CLI, session ids and CSRF tokens.
///
/// Production code uses the overloads without a generator, which draw from
/// `SystemRandomNumberGenerator` (a CSPRNG: `getrandom(2)` on Linux, `arc4random_buf` on
/// Apple platforms). The `using:` overloads exist so tests can pass a seeded generator;
/// never pass a non-cryptographic generator in production.
public enum SecretGenerator {
    /// The password alphabet: ASCII letters and digits without look-alikes
    /// (no 0/O/o, 1/l/I), so a password read aloud or copied from paper survives.
    /// 24 upper-case + 24 lower-case + 8 digits = 56 symbols, about 5.8 bits each.
    public static let passwordAlphabet: [Character] = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789")

    private static let upper = Set("ABCDEFGHJKLMNPQRSTUVWXYZ")
    private static let lower = Set("abcdefghijkmnpqrstuvwxyz")
    private static let digits = Set("23456789")

    /// A random password of `length` characters from `passwordAlphabet`, with at least one
    /// upper-case letter, one lower-case letter and one digit. `length` must be within
    /// `PasswordPolicy.minimumLength...PasswordPolicy.maximumLength`, so the result always
    /// passes the length rules and never consists of one repeated character. When `policy` is
    /// given, candidates are drawn until one passes it completely (including the common list);
    /// with 20 characters (about 116 bits) a retry is practically never needed.
    ///
    /// Rejection sampling keeps the result uniform over all acceptable passwords.
    public static func password(
        length: Int = 20,
        satisfying policy: PasswordPolicy? = nil,
        using generator: inout some RandomNumberGenerator
    ) -> String {
        precondition(
            (PasswordPolicy.minimumLength ... PasswordPolicy.maximumLength).contains(length),
            "password length must be within \(PasswordPolicy.minimumLength)...\(PasswordPolicy.maximumLength)")
        while true {
            var characters: [Character] = []
            characters.reserveCapacity(length)
            for _ in 0 ..< length {
                // randomElement(using:) draws an unbiased index.
                characters.append(passwordAlphabet.randomElement(using: &generator)!)
            }
            guard characters.contains(where: upper.contains),
                characters.contains(where: lower.contains),
                characters.contains(where: digits.contains)
            else { continue }
            let candidate = String(characters)
            if let policy, !policy.isAcceptable(candidate, email: nil) { continue }
            return candidate
        }
    }

    /// A random password from the system CSPRNG; see `password(length:satisfying:using:)`.
    public static func password(length: Int = 20, satisfying policy: PasswordPolicy? = nil) -> String {
        var generator = SystemRandomNumberGenerator()
        return password(length: length, satisfying: policy, using: &generator)
    }

    /// `bytes` random bytes as URL-safe base64 without padding (RFC 4648 §5): safe in
    /// cookies, URLs and form fields. 32 bytes give 43 characters and 256 bits.
    public static func token(bytes: Int = 32, using generator: inout some RandomNumberGenerator) -> String {
        precondition(bytes > 0, "a token needs at least one byte")
        var data = [UInt8]()
        data.reserveCapacity(bytes + 8)
        while data.count < bytes {
            withUnsafeBytes(of: generator.next().littleEndian) { data.append(contentsOf: $0) }
        }
        return base64URL(data.prefix(bytes))
    }

    /// A session id or CSRF token from the system CSPRNG; see `token(bytes:using:)`.
    public static func token(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        return token(bytes: bytes, using: &generator)
    }

    /// URL-safe base64 without padding.
    public static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// Hashing of bearer secrets before they are stored: the database holds `sha256Hex(sessionId)`,
/// so a leaked database (or backup) does not hand out live sessions. A fast hash is right here
/// (unlike passwords) because the tokens are 256-bit random values, not guessable.
public enum TokenHash {
    /// Lower-case hex SHA-256 of the token's UTF-8 bytes (64 characters).
    public static func sha256Hex(_ token: String) -> String {
        hex(SHA256.hash(data: Array(token.utf8)))
    }

    /// Compares two secrets (e.g. the CSRF token in the form and in the session) in time that
    /// depends only on their lengths, not on where they first differ.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
