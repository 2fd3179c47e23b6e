import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WeGOCore

@testable import WeGOServer

extension Browser {
    /// Turns two-step sign-in on from the account pages, as a person would with an app; returns
    /// the app's secret and the recovery codes the page shows once.
    func turnOnSecondFactor(at now: Date) async throws -> (totp: WeGOCore.TOTP, recoveryCodes: [String]) {
        let start = try #require(csrfToken(in: try await get("/account/two-factor").text))
        #expect(try await post("/account/two-factor", [("csrf_token", start), ("action", "start")]).status == .seeOther)
        let page = try await get("/account/two-factor").text
        let keyStart = try #require(page.range(of: "<code class=\"secret\" translate=\"no\">"))
        let key = String(page[keyStart.upperBound...].prefix { $0 != "<" })
        let parsed = WeGOCore.TOTP(base32: key)
        let totp = try #require(parsed)
        #expect(page.contains("otpauth://totp/"))
        let token = try #require(csrfToken(in: page))
        let confirmed = try await post(
            "/account/two-factor", [("csrf_token", token), ("action", "confirm"), ("code", totp.code(at: now))])
        #expect(confirmed.status == .ok && confirmed.text.contains("Your recovery codes"))
        let codes = confirmed.text.components(separatedBy: "<li><code translate=\"no\">").dropFirst().map { String($0.prefix(11)) }
        return (totp, codes)
    }

    /// The code page after a right password, posted with `code`.
    func enterCode(_ code: String) async throws -> TestingHTTPResponse {
        let token = try #require(csrfToken(in: try await get("/sign-in/code").text))
        return try await post("/sign-in/code", [("csrf_token", token), ("code", code)])
    }
}

/// officer@example.org, signed in once to turn two-step sign-in on: the password and the app.
func officerWithSecondFactor(_ app: Application, clock: MutableClock) async throws -> (password: String, totp: WeGOCore.TOTP) {
    let password = try await makeUser(app, email: "officer@example.org")
    let owner = Browser(app)
    try await owner.signIn(email: "officer@example.org", password: password)
    return (password, try await owner.turnOnSecondFactor(at: clock.now).totp)
}

extension ServerTests {
    @Suite struct SecondFactor {
        @Test(arguments: TestDatabase.all)
        func anAppCodeOrARecoveryCodeCompletesTheSignInAndEachWorksOnce(_ database: TestDatabase) async throws {
            let clock = MutableClock(pinnedNow)
            try await withWeGOApp(database, seed: false, clock: clock) { app in
                let password = try await makeUser(app, email: "officer@example.org")
                let owner = Browser(app)
                try await owner.signIn(email: "officer@example.org", password: password)
                #expect(try await owner.get("/account/two-factor").text.contains("Two-step sign-in is off"))
                // A wrong first code leaves it off.
                let start = try #require(csrfToken(in: try await owner.get("/account/two-factor").text))
                _ = try await owner.post("/account/two-factor", [("csrf_token", start), ("action", "start")])
                let wrongSetup = try #require(csrfToken(in: try await owner.get("/account/two-factor").text))
                let refused = try await owner.post(
                    "/account/two-factor", [("csrf_token", wrongSetup), ("action", "confirm"), ("code", "000000")])
                #expect(refused.status == .unprocessableEntity && refused.text.contains("This code is not right"))

                let (totp, recovery) = try await owner.turnOnSecondFactor(at: clock.now)
                #expect(recovery.count == 10 && Set(recovery).count == 10)
                #expect(try await RecoveryCode.query(on: app.db).count() == 10)
                #expect(try await RecoveryCode.query(on: app.db).filter(\.$codeHash == recovery[0]).count() == 0, "stored as hashes")

                // The password alone no longer signs in: it leads to the code page, no session yet.
                let person = Browser(app)
                let afterPassword = try await person.signIn(email: "officer@example.org", password: password)
                #expect(afterPassword.status == .seeOther && afterPassword.headers.first(name: .location) == "/sign-in/code")
                #expect(person.signInCode != nil)
                #expect(try await person.get("/admin").status == .seeOther)
                // The code that confirmed the setup was used in this time step: refused again.
                let replay = try await person.enterCode(totp.code(at: clock.now))
                #expect(replay.status == .unprocessableEntity && replay.text.contains("already used"))
                clock.advance(by: 30)
                let accepted = try await person.enterCode(totp.code(at: clock.now))
                #expect(accepted.status == .seeOther && accepted.headers.first(name: .location) == "/admin")
                #expect(try await person.get("/admin").status == .ok)
                #expect(person.signInCode == nil, "the code cookie is cleared")

                // A recovery code, in capitals and spaced: once.
                let lost = Browser(app)
                try await lost.signIn(email: "officer@example.org", password: password)
                #expect(try await lost.enterCode(" " + recovery[3].uppercased()).status == .seeOther)
                let again = Browser(app)
                try await again.signIn(email: "officer@example.org", password: password)
                #expect(try await again.enterCode(recovery[3]).status == .unprocessableEntity)

                let signIns = try await AuditRecord.query(on: app.db).filter(\.$action == "auth.sign_in").all().map(\.details)
                #expect(signIns.filter { $0.hasSuffix("second_step=app") }.count == 1)
                #expect(signIns.filter { $0.hasSuffix("second_step=recovery code") }.count == 1)
                let actions = try await AuditRecord.query(on: app.db).all().map(\.action)
                #expect(actions.filter { $0 == "account.second_factor_on" }.count == 1)
                #expect(actions.filter { $0 == "auth.second_factor_failed" }.count == 2)
                #expect(try await AuditLog.verify(on: app.db) == .intact(count: actions.count))
            }
        }

        /// Wrong codes count against the sign-in throttle like wrong passwords, and five end the
        /// pending sign-in; the code page without a pending sign-in is the sign-in page.
        @Test(arguments: TestDatabase.all)
        func wrongCodesAreThrottledAndThereIsNoCodePageWithoutAPassword(_ database: TestDatabase) async throws {
            let clock = MutableClock(pinnedNow)
            try await withWeGOApp(database, seed: false, clock: clock) { app in
                let (password, totp) = try await officerWithSecondFactor(app, clock: clock)
                clock.advance(by: 60)

                let stranger = Browser(app)
                let noChallenge = try await stranger.get("/sign-in/code")
                #expect(noChallenge.status == .seeOther && noChallenge.headers.first(name: .location) == "/sign-in")
                stranger.signInCode = "made-up"
                #expect(try await stranger.get("/sign-in/code").status == .seeOther)

                let guesser = Browser(app)
                try await guesser.signIn(email: "officer@example.org", password: password)
                let right = totp.code(at: clock.now)
                for guess in 0 ..< 4 {
                    let wrong = String(format: "%06d", (Int(right)! + 1 + guess) % 1_000_000)
                    #expect(try await guesser.enterCode(wrong).status == .unprocessableEntity)
                }
                #expect(try await guesser.enterCode("").status == .unprocessableEntity)  // empty: not a guess
                // The fifth wrong code is the account's fifth failure: from now on, 429.
                let fifth = String(format: "%06d", (Int(right)! + 7) % 1_000_000)
                #expect(try await guesser.enterCode(fifth).status == .unprocessableEntity)
                let held = Browser(app)
                let blocked = try await held.signIn(email: "officer@example.org", password: password)
                #expect(blocked.status == .tooManyRequests)
                // And the pending sign-in that took five wrong codes is over.
                #expect(try await guesser.get("/sign-in/code").status == .seeOther)
            }
        }

        @Test(arguments: TestDatabase.all)
        func turningItOffNeedsThePassword(_ database: TestDatabase) async throws {
            let clock = MutableClock(pinnedNow)
            try await withWeGOApp(database, seed: false, clock: clock) { app in
                let password = try await makeUser(app, email: "officer@example.org")
                let owner = Browser(app)
                try await owner.signIn(email: "officer@example.org", password: password)
                _ = try await owner.turnOnSecondFactor(at: clock.now)
                let page = try await owner.get("/account/two-factor")
                #expect(page.text.contains("Unused recovery codes: 10."))
                let wrong = try await owner.post(
                    "/account/two-factor/off", [("csrf_token", try #require(csrfToken(in: page.text))), ("current_password", "nope")])
                #expect(wrong.status == .unprocessableEntity && wrong.text.contains("This is not your current password."))
                let off = try await owner.post(
                    "/account/two-factor/off", [("csrf_token", try #require(csrfToken(in: page.text))), ("current_password", password)])
                #expect(off.status == .seeOther)
                #expect(try await RecoveryCode.query(on: app.db).count() == 0)
                #expect(
                    try await Browser(app).signIn(email: "officer@example.org", password: password).headers.first(name: .location)
                        == "/admin")
                let actions = try await AuditRecord.query(on: app.db).all().map(\.action)
                #expect(actions.contains("account.second_factor_off"))
            }
        }
    }
}
