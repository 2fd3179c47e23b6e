import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238): HOTP (RFC 4226, HMAC-SHA-1) over 30-second steps,
/// six digits, the parameters every authenticator app uses by default.
public struct TOTP: Sendable, Equatable {
    public let secret: [UInt8]
    public let digits: Int
    public let period: Int

    public init(secret: [UInt8], digits: Int = 6, period: Int = 30) {
        precondition(!secret.isEmpty && (6 ... 8).contains(digits) && period > 0, "invalid TOTP parameters")
        self.secret = secret
        self.digits = digits
        self.period = period
    }

    /// The secret as apps take it typed in (base32, RFC 4648); nil when it is not base32.
    public init?(base32 text: String) {
        guard let secret = Base32.decode(text), secret.count >= 10 else { return nil }
        self.init(secret: secret)
    }

    /// A new random secret of 160 bits (RFC 4226 §4 recommends it).
    public static func newSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0 ..< 20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    public var base32Secret: String { Base32.encode(secret) }

    /// The time step `date` falls in: whole periods since 1970.
    public func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(period)).rounded(.down))
    }

    public func code(step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        // Dynamic truncation (RFC 4226 §5.3).
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0 ..< digits { modulus *= 10 }
        let text = String(binary % modulus)
        return String(repeating: "0", count: digits - text.count) + text
    }

    public func code(at date: Date) -> String { code(step: step(at: date)) }

    /// The step a typed code belongs to, looking `drift` steps either side of now (clocks and
    /// typing take time), or nil. Spaces are ignored, as apps show codes in groups.
    public func matchingStep(_ typed: String, at now: Date, drift: Int64 = 1) -> Int64? {
        let code = typed.filter { !$0.isWhitespace }
        guard code.count == digits, code.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let current = step(at: now)
        var found: Int64?
        // Every candidate is compared, in constant time, so timing does not tell which one matched.
        for candidate in (current - drift) ... (current + drift) where TokenHash.constantTimeEquals(self.code(step: candidate), code) {
            found = found ?? candidate
        }
        return found
    }

    /// The link authenticator apps read (Key Uri Format): `otpauth://totp/Issuer:account?…`.
    public func provisioningURI(account: String, issuer: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return "otpauth://totp/\(encode(issuer)):\(encode(account))?secret=\(base32Secret)&issuer=\(encode(issuer))"
            + "&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }
}

/// Base32 (RFC 4648 §6) without padding, as authenticator apps show and take secrets.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Case, spaces, hyphens and padding are forgiven (people copy keys shown in groups).
    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased().utf8 where character != UInt8(ascii: " ") && character != UInt8(ascii: "-") {
            if character == UInt8(ascii: "=") { continue }
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return out
    }
}

/// Single-use codes that replace the authenticator app when it is lost: ten of 50 random bits,
/// written `abcde-fghij` in base32 lower case (no 0/1/8/9, nothing to confuse when typed).
public enum RecoveryCodes {
    public static let count = 10

    public static func generate(count: Int = count) -> [String] {
        var generator = SystemRandomNumberGenerator()
        let letters = Array("abcdefghijklmnopqrstuvwxyz234567")
        return (0 ..< count).map { _ in
            let characters = (0 ..< 10).map { _ in letters.randomElement(using: &generator)! }
            return String(characters[0 ..< 5]) + "-" + String(characters[5...])
        }
    }

    /// The code as stored (its hash's input): lower case, without spaces or hyphens; nil when it
    /// cannot be a recovery code.
    public static func normalized(_ typed: String) -> String? {
        let code = typed.lowercased().filter { !$0.isWhitespace && $0 != "-" }
        guard code.count == 10, code.allSatisfy({ "abcdefghijklmnopqrstuvwxyz234567".contains($0) }) else { return nil }
        return code
    }
}
