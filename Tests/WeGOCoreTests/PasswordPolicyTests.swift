import Foundation
import Testing

@testable import WeGOCore

/// SplitMix64: a tiny seedable generator so secret generation is reproducible in tests.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The shipped list (Django's), read from the server's resources by path.
private let shippedListURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/WeGOServer/Resources/Security/common-passwords.txt")

private let shippedPolicy: PasswordPolicy = {
    let text = (try? String(contentsOf: shippedListURL, encoding: .utf8)) ?? ""
    return PasswordPolicy.fromCommonPasswordList(text)
}()

private let smallPolicy = PasswordPolicy(commonPasswords: ["password1234", "Qwertyuiop123", "  letmeinletmein  "])

@Suite struct PasswordPolicyTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var password: String
        var email: String?
        var expected: [PasswordProblem]
        var testDescription: String { name }
    }

    static let combiningHeavy = String(repeating: "a" + String(repeating: "\u{0301}", count: 50), count: 12)
    static let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}"

    static let cases: [Case] = [
        Case(name: "empty", password: "", expected: [.tooShort(minimum: 12)]),
        Case(name: "11 characters", password: "tulip-orbit", expected: [.tooShort(minimum: 12)]),
        Case(name: "12 characters", password: "tulip-orbit9", expected: []),
        Case(name: "128 characters", password: String(repeating: "ab", count: 64), expected: []),
        Case(name: "129 characters", password: String(repeating: "ab", count: 64) + "c", expected: [.tooLong(maximum: 128)]),
        Case(name: "12 Korean characters (36 bytes)", password: "비밀번호는길고안전해야함", expected: []),
        Case(name: "11 Korean characters", password: "비밀번호는길고안전해야", expected: [.tooShort(minimum: 12)]),
        Case(name: "12 emoji, 4 bytes each", password: String(repeating: "🦊🐙", count: 6), expected: []),
        Case(name: "12 ZWJ family emoji (300 bytes)", password: String(repeating: family + "🐙", count: 6), expected: []),
        Case(name: "12 characters of 101 bytes each", password: combiningHeavy, expected: [.tooLongInBytes(maximum: 1024)]),
        Case(name: "common", password: "password1234", expected: [.common]),
        Case(name: "common, other case", password: "PassWord1234", expected: [.common]),
        Case(name: "common, list in mixed case", password: "qwertyuiop123", expected: [.common]),
        Case(name: "common, surrounding spaces", password: " password1234 ", expected: [.common]),
        Case(name: "list entry with spaces trimmed", password: "LetMeInLetMeIn", expected: [.common]),
        Case(name: "equals e-mail", password: "Alice.Liddell@Example.org", email: "alice.liddell@example.org", expected: [.matchesEmail]),
        Case(name: "equals local part", password: "alice.liddell", email: "Alice.Liddell@example.org", expected: [.matchesEmail]),
        Case(name: "contains local part only", password: "alice.liddell!", email: "alice.liddell@example.org", expected: []),
        Case(name: "no e-mail given", password: "alice.liddell", email: nil, expected: []),
        Case(name: "one repeated character", password: "aaaaaaaaaaaa", expected: [.onlyOneDistinctCharacter]),
        Case(name: "one character, mixed case", password: "aAaAaAaAaAaA", expected: [.onlyOneDistinctCharacter]),
        Case(name: "one repeated and short", password: "zzz", expected: [.tooShort(minimum: 12), .onlyOneDistinctCharacter]),
        Case(name: "two characters", password: "abababababab", expected: []),
    ]

    @Test(arguments: cases)
    func validate(_ c: Case) {
        #expect(smallPolicy.validate(c.password, email: c.email) == c.expected)
        #expect(smallPolicy.isAcceptable(c.password, email: c.email) == c.expected.isEmpty)
    }

    @Test func shortCommonPasswordReportsBoth() {
        let policy = PasswordPolicy(commonPasswords: ["password"])
        #expect(policy.validate("Password", email: nil) == [.tooShort(minimum: 12), .common])
    }

    @Test func charactersNotBytes() {
        // 12 characters, 36 bytes: counts as 12; 4 characters of 3 bytes (12 bytes) counts as 4.
        #expect("비밀번호는길고안전해야함".utf8.count == 36)
        #expect(smallPolicy.validate("비밀번호", email: nil) == [.tooShort(minimum: 12)])
        #expect(Self.combiningHeavy.count == 12)
    }

    @Test(arguments: [
        (PasswordProblem.tooShort(minimum: 12), "password.too_short"),
        (.tooLong(maximum: 128), "password.too_long"),
        (.tooLongInBytes(maximum: 1024), "password.too_long_in_bytes"),
        (.common, "password.common"),
        (.matchesEmail, "password.matches_email"),
        (.onlyOneDistinctCharacter, "password.one_distinct_character"),
    ])
    func stableKeys(problem: PasswordProblem, key: String) {
        #expect(problem.key == key)
    }

    @Test func listParsing() {
        let policy = PasswordPolicy.fromCommonPasswordList("Alpha\r\n\r\n  beta  \ngamma\n\n")
        #expect(policy.commonPasswords == ["alpha", "beta", "gamma"])
    }

    // MARK: - The shipped list

    @Test func shippedListLoads() throws {
        let text = try String(contentsOf: shippedListURL, encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline)
        #expect(lines.count > 19_000)
        #expect(lines.allSatisfy { $0 == $0.lowercased() })
        #expect(shippedPolicy.commonPasswords.count > 19_000)
    }

    @Test(arguments: ["password1234", "PASSWORD1234", "qwertyuiop123", "1234567890123", "Q1W2E3R4T5Y6", "qazwsxedcrfv"])
    func shippedListRefuses(_ password: String) {
        #expect(shippedPolicy.validate(password, email: nil) == [.common])
    }

    @Test func password1234IsRefusedByShippedList() {
        #expect(shippedPolicy.validate("password1234", email: nil) == [.common])
        #expect(shippedPolicy.validate("tulip-orbit-9x", email: nil) == [])
    }

    // MARK: - bcrypt input

    @Test(arguments: [
        ("short", "short"),
        (String(repeating: "x", count: 72), String(repeating: "x", count: 72)),
        (String(repeating: "한", count: 24), String(repeating: "한", count: 24)),  // 72 bytes
    ])
    func bcryptInputUnchangedUpTo72Bytes(password: String, expected: String) {
        #expect(PasswordPolicy.bcryptInput(for: password) == expected)
        #expect(smallPolicy.bcryptInput(for: password) == expected)
    }

    @Test func bcryptInputPreHashesLongInput() {
        let hundred = String(repeating: "a", count: 100)
        let result = PasswordPolicy.bcryptInput(for: hundred)
        // base64(SHA-256("a" × 100)), computed independently.
        #expect(result == "KBZZeIjkoNOja4K4MxarMmgOuPAPjNO5BNaBJG0oWg4=")
        #expect(result.utf8.count == 44)
        #expect(PasswordPolicy.bcryptInput(for: hundred) == result)  // deterministic

        // Same first 72 bytes, different afterwards: raw bcrypt would accept either for the other.
        let other = String(repeating: "a", count: 72) + String(repeating: "b", count: 28)
        #expect(other.utf8.count == 100)
        #expect(Array(other.utf8.prefix(72)) == Array(hundred.utf8.prefix(72)))
        #expect(PasswordPolicy.bcryptInput(for: other) != result)
        #expect(PasswordPolicy.bcryptInput(for: other).utf8.count == 44)

        // 73 bytes is already pre-hashed; multibyte counts bytes.
        #expect(PasswordPolicy.bcryptInput(for: String(repeating: "x", count: 73)).utf8.count == 44)
        #expect(
            PasswordPolicy.bcryptInput(for: String(repeating: "€", count: 34))
                == "ERKqBNDGPO6fKuPDSB4e5coQ0QC19SPpUDvbRXu8WXg=")
    }

    // MARK: - Secret generation

    @Test func generatedPasswordsPassThePolicy() {
        let lookAlikes = Set("0Oo1lI")
        for seed in UInt64(0) ..< 300 {
            var generator = SeededGenerator(seed: seed)
            let password = SecretGenerator.password(length: 20, satisfying: shippedPolicy, using: &generator)
            #expect(password.count == 20)
            #expect(password.allSatisfy(SecretGenerator.passwordAlphabet.contains))
            #expect(!password.contains(where: lookAlikes.contains))
            #expect(password.contains { $0.isUppercase })
            #expect(password.contains { $0.isLowercase })
            #expect(password.contains { $0.isNumber })
            #expect(shippedPolicy.validate(password, email: nil) == [])
        }
    }

    @Test func generatedPasswordsAreReproducibleWithASeed() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let first = SecretGenerator.password(length: 20, using: &a)
        #expect(first == SecretGenerator.password(length: 20, using: &b))
        #expect(first != SecretGenerator.password(length: 20, using: &c))
    }

    @Test(arguments: [12, 20, 64, 128])
    func generatedPasswordLengths(length: Int) {
        let password = SecretGenerator.password(length: length, satisfying: shippedPolicy)
        #expect(password.count == length)
        #expect(shippedPolicy.isAcceptable(password, email: nil))
    }

    @Test func passwordAlphabetHasNoLookAlikes() {
        #expect(SecretGenerator.passwordAlphabet.count == 56)
        #expect(Set(SecretGenerator.passwordAlphabet).count == 56)
        #expect(Set(SecretGenerator.passwordAlphabet).isDisjoint(with: Set("0Oo1lI")))
    }

    @Test(arguments: [(1, 2), (2, 3), (3, 4), (16, 22), (31, 42), (32, 43), (33, 44)])
    func tokenLength(bytes: Int, characters: Int) {
        let token = SecretGenerator.token(bytes: bytes)
        #expect(token.count == characters)
        let urlSafe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        #expect(token.allSatisfy(urlSafe.contains))
        // Decodes back to the right number of bytes.
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        #expect(Data(base64Encoded: base64)?.count == bytes)
    }

    @Test func tokensAreUniqueAndSeedable() {
        let tokens = Set((0 ..< 1000).map { _ in SecretGenerator.token() })
        #expect(tokens.count == 1000)
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7)
        #expect(SecretGenerator.token(bytes: 32, using: &a) == SecretGenerator.token(bytes: 32, using: &b))
    }

    @Test func base64URL() {
        #expect(SecretGenerator.base64URL([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(SecretGenerator.base64URL([0xFF]) == "_w")
        #expect(SecretGenerator.base64URL([]) == "")
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ])
    func tokenHash(token: String, hex: String) {
        #expect(TokenHash.sha256Hex(token) == hex)
    }

    @Test(arguments: [
        ("abc", "abc", true), ("abc", "abd", false), ("abc", "ab", false), ("", "", true), ("é", "e\u{0301}", false),
    ])
    func constantTimeEquals(a: String, b: String, equal: Bool) {
        #expect(TokenHash.constantTimeEquals(a, b) == equal)
    }
}
