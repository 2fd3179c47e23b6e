import Foundation
import Testing

@testable import WeGOCore

@Suite struct TOTPTests {
    /// RFC 6238 appendix B, SHA-1 rows: the secret "12345678901234567890", eight digits.
    @Test(arguments: [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ])
    func theRFCTestVectors(_ time: Int, _ expected: String) {
        let totp = TOTP(secret: Array("12345678901234567890".utf8), digits: 8)
        #expect(totp.code(at: Date(timeIntervalSince1970: TimeInterval(time))) == expected)
    }

    /// RFC 4226 appendix D: the first HOTP values of the same secret, six digits.
    @Test func theHOTPVectors() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect((0 ..< 4).map { totp.code(step: Int64($0)) } == ["755224", "287082", "359152", "969429"])
    }

    @Test func aCodeMatchesWithinOneStepEitherSideAndNoFurther() {
        let totp = TOTP(secret: TOTP.newSecret())
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let step = totp.step(at: now)
        #expect(totp.matchingStep(totp.code(at: now), at: now) == step)
        #expect(totp.matchingStep(totp.code(step: step - 1), at: now) == step - 1)
        #expect(totp.matchingStep(totp.code(step: step + 1), at: now) == step + 1)
        let tooOld = totp.code(step: step - 2)
        if ![step - 1, step, step + 1].map(totp.code(step:)).contains(tooOld) {
            #expect(totp.matchingStep(tooOld, at: now) == nil)
        }
        let spaced = totp.code(at: now).enumerated().map { $0.offset == 3 ? " \($0.element)" : "\($0.element)" }.joined()
        #expect(totp.matchingStep(spaced, at: now) == step)
        for wrong in ["", "12345", "1234567", "12345a", "１２３４５６"] { #expect(totp.matchingStep(wrong, at: now) == nil, "\(wrong)") }
    }

    /// RFC 4648 §10's vectors, and the forgiving decoder.
    @Test func base32() {
        let pairs = [
            ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
        ]
        for (plain, encoded) in pairs {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("mzxw 6ytb-oi======") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil)
        let secret = TOTP.newSecret()
        #expect(TOTP(base32: Base32.encode(secret))?.secret == secret)
        #expect(TOTP(base32: "MZXW6") == nil, "too short to be a secret")
    }

    @Test func theProvisioningLinkNamesIssuerAccountAndSecret() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(
            totp.provisioningURI(account: "ana@wego.example", issuer: "WeGO platform")
                == "otpauth://totp/WeGO%20platform:ana@wego.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=WeGO%20platform"
                + "&algorithm=SHA1&digits=6&period=30")
    }

    @Test func recoveryCodesAreDistinctAndNormalize() {
        let codes = RecoveryCodes.generate()
        #expect(codes.count == 10 && Set(codes).count == 10)
        for code in codes { #expect(code.count == 11 && RecoveryCodes.normalized(code) == code.replacingOccurrences(of: "-", with: "")) }
        #expect(RecoveryCodes.normalized(" ABCDE-fghij ") == "abcdefghij")
        #expect(RecoveryCodes.normalized("abcde-fghi1") == nil && RecoveryCodes.normalized("123456") == nil)
    }
}
