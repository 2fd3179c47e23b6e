import Fluent
import Testing
import Vapor
import VaporTesting
import WeGOCore

@testable import WeGOServer

extension ServerTests {
    @Suite struct Accounts {
        /// A password the Secretariat issues is its owner's to replace at the first sign-in, before
        /// anything else; changing it needs the current one, follows the password rules, ends the
        /// account's other sessions and is audited, as sign-ins and failed ones are (issue 12).
        @Test(arguments: TestDatabase.all)
        func aPasswordIssuedBySomeoneElseIsReplacedAtTheFirstSignIn(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let admin = try await Admin.signedIn(app)
                let issued = "issued passphrase 2026"
                let created = try await Admin.memberForm(
                    admin, "/admin/users/new",
                    [
                        ("email", "rep@kampala.example"), ("display_name", "Kampala representative"),
                        ("role", "member_representative"), ("member", "kampala"), ("password", issued),
                    ])
                #expect(created.status == .seeOther)
                let person = Browser(app), elsewhere = Browser(app)
                #expect(try await person.signIn(email: "rep@kampala.example", password: issued).status == .seeOther)
                #expect(try await elsewhere.signIn(email: "rep@kampala.example", password: issued).status == .seeOther)
                for path in ["/admin", "/matching", "/membership", "/members"] {
                    let page = try await person.get(path)
                    #expect(page.status == .seeOther && page.headers.first(name: .location) == "/account", "\(path)")
                }
                let account = try await person.get("/account")
                #expect(account.status == .ok && account.text.contains("Someone else issued your password"))

                func change(_ current: String, _ new: String, _ confirmation: String) async throws -> TestingHTTPResponse {
                    let token = try #require(csrfToken(in: try await person.get("/account").text))
                    return try await person.post(
                        "/account/password",
                        [("csrf_token", token), ("current_password", current), ("new_password", new), ("confirm_password", confirmation)])
                }
                // Refusals change nothing, and never echo a password back into the page.
                let wrong = try await change("not it at all", "my own passphrase 77", "my own passphrase 77")
                #expect(wrong.status == .unprocessableEntity && wrong.text.contains("This is not your current password."))
                #expect(!wrong.text.contains("my own passphrase 77"))
                let mismatch = try await change(issued, "my own passphrase 77", "my own passphrase 78")
                #expect(mismatch.status == .unprocessableEntity && mismatch.text.contains("The two new passwords differ."))
                let weak = try await change(issued, "password1234", "password1234")
                #expect(weak.status == .unprocessableEntity && weak.text.contains("This password is too common"))
                let same = try await change(issued, issued, issued)
                #expect(same.status == .unprocessableEntity && same.text.contains("other than the current one"))

                let changed = try await change(issued, "my own passphrase 77", "my own passphrase 77")
                #expect(changed.status == .seeOther && changed.headers.first(name: .location) == "/account?saved=password")
                #expect(try await person.get("/admin").status == .ok)
                #expect(try await elsewhere.get("/admin").status == .seeOther)  // the other session ended
                #expect(try await Browser(app).signIn(email: "rep@kampala.example", password: issued).status == .unprocessableEntity)
                #expect(try await Browser(app).signIn(email: "rep@kampala.example", password: "my own passphrase 77").status == .seeOther)

                let actions = try await AuditRecord.query(on: app.db).all().map(\.action)
                #expect(actions.filter { $0 == "account.password_change" }.count == 1)
                #expect(actions.contains("user.create") && actions.filter { $0 == "auth.sign_in_failed" }.count == 1)
                #expect(actions.filter { $0 == "auth.sign_in" }.count == 4)  // the admin, the person twice, then again
                #expect(try await AuditLog.verify(on: app.db) == .intact(count: actions.count))
            }
        }

        @Test(arguments: TestDatabase.all)
        func signInRotatesTheSessionAndSignOutEndsIt(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let password = try await makeUser(app, email: "admin@example.org")
                let browser = Browser(app)
                let form = try await browser.get("/sign-in")
                let anonymousSession = try #require(browser.session)
                let cookie = try #require(form.headers[.setCookie].first { $0.hasPrefix("wego_session=") })
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
                let token = try #require(csrfToken(in: form.text))
                let signedIn = try await browser.post(
                    "/sign-in", [("csrf_token", token), ("email", "Admin@Example.org"), ("password", password)])
                #expect(signedIn.status == .seeOther)
                #expect(signedIn.headers.first(name: .location) == "/admin")
                let userSession = try #require(browser.session)
                #expect(userSession != anonymousSession, "the session id changes at sign-in")
                // The pre-sign-in session no longer exists.
                #expect(try await UserSession.query(on: app.db).filter(\.$tokenHash == TokenHash.sha256Hex(anonymousSession)).count() == 0)
                let admin = try await browser.get("/admin")
                #expect(admin.status == .ok)
                #expect(admin.text.contains("id=\"sign-out-form\""))

                let adminPage = try await browser.get("/admin")
                let signOutToken = try #require(csrfToken(in: adminPage.text))
                let out = try await browser.post("/sign-out", [("csrf_token", signOutToken)])
                #expect(out.status == .seeOther)
                // Replaying the old cookie after sign-out gets nothing.
                browser.session = userSession
                let after = try await browser.get("/admin")
                #expect(after.status == .seeOther)
                #expect(after.headers.first(name: .location)?.hasPrefix("/sign-in") == true)
            }
        }

        @Test(arguments: TestDatabase.all)
        func wrongPasswordAndUnknownAccountLookTheSame(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                try await makeUser(app, email: "admin@example.org")
                let browser = Browser(app)
                let wrong = try await browser.signIn(email: "admin@example.org", password: "not the right password")
                #expect(wrong.status == .unprocessableEntity)
                #expect(wrong.text.contains("role=\"alert\""))
                #expect(wrong.text.contains("value=\"admin@example.org\""), "the e-mail is kept in the form")
                let unknown = try await Browser(app).signIn(email: "nobody@example.org", password: "not the right password")
                #expect(unknown.status == .unprocessableEntity)
                #expect(try await browser.get("/admin").status == .seeOther)
                let empty = try await Browser(app).signIn(email: "", password: "")
                #expect(empty.status == .badRequest)
                #expect(empty.text.contains("Enter your e-mail address."))
            }
        }

        @Test(arguments: TestDatabase.all)
        func formsWithoutTheCSRFTokenAreRefused(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let password = try await makeUser(app, email: "admin@example.org")
                let browser = Browser(app)
                _ = try await browser.get("/sign-in")
                let missing = try await browser.post("/sign-in", [("email", "admin@example.org"), ("password", password)])
                #expect(missing.status == .forbidden)
                let forged = try await browser.post(
                    "/sign-in", [("csrf_token", "forged"), ("email", "admin@example.org"), ("password", password)])
                #expect(forged.status == .forbidden)
                let noSession = try await Browser(app).post("/sign-in", [("email", "admin@example.org"), ("password", password)])
                #expect(noSession.status == .forbidden)
                #expect(try await SignInAttempt.query(on: app.db).count() == 0, "a refused form is not even an attempt")
            }
        }

        @Test(arguments: TestDatabase.all)
        func signInIsThrottledPerAccount(_ database: TestDatabase) async throws {
            let clock = MutableClock(pinnedNow)
            try await withWeGOApp(database, clock: clock) { app in
                let password = try await makeUser(app, email: "admin@example.org")
                let browser = Browser(app)
                for _ in 0 ..< 5 {
                    let failed = try await browser.signIn(email: "admin@example.org", password: "wrong password here")
                    #expect(failed.status == .unprocessableEntity)
                    clock.advance(by: 10)
                }
                // Even the right password is refused while the account is throttled.
                let throttled = try await browser.signIn(email: "admin@example.org", password: password)
                #expect(throttled.status == .tooManyRequests)
                let retryAfter = try #require(throttled.headers.first(name: .retryAfter).flatMap(Int.init))
                #expect(retryAfter == 15 * 60 - 50, "until the first failure leaves the 15-minute window")
                #expect(throttled.text.contains("role=\"alert\""))
                clock.advance(by: TimeInterval(retryAfter))
                let allowed = try await browser.signIn(email: "admin@example.org", password: password)
                #expect(allowed.status == .seeOther)
            }
        }

        @Test(arguments: TestDatabase.all)
        func oversizedBodiesAnswer413(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let big = ByteBuffer(string: "email=" + String(repeating: "a", count: 2 * 1024 * 1024))
                let response = try await app.testing(method: .running(port: 0)).sendRequest(
                    .POST, "/sign-in", headers: formHeaders, body: big)
                #expect(response.status == .payloadTooLarge)
            }
        }

        @Test(arguments: TestDatabase.all)
        func createAdminCommandNeedsNoDefaultPassword(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                #expect(try await User.query(on: app.db).count() == 0, "no account exists until an operator creates one")
                let console = TestConsole()
                var context = CommandContext(console: console, input: CommandInput(arguments: ["wego", "--email", "Boss@Example.org"]))
                context.application = app
                try await CreateAdminCommand(environment: [:]).run(using: &context)
                let user = try #require(try await User.query(on: app.db).first())
                #expect(user.email == "boss@example.org" && user.role == .secretariatAdmin)
                let printed = console.output
                let password = try #require(
                    printed.components(separatedBy: "store it now): ").last?.trimmingCharacters(in: .whitespacesAndNewlines))
                #expect(password.count == 20)
                #expect(app.passwordPolicy.validate(password, email: user.email).isEmpty)
                let browser = Browser(app)
                #expect(try await browser.signIn(email: "boss@example.org", password: password).status == .seeOther)
                // The account's creation and its first sign-in.
                #expect(try await AuditLog.verify(on: app.db) == .intact(count: 2))
            }
        }
    }
}

/// Captures what a command prints.
final class TestConsole: Console, @unchecked Sendable {
    var output = ""
    var userInfo: [AnySendableHashable: any Sendable] = [:]
    var size: (width: Int, height: Int) { (120, 40) }
    func input(isSecure: Bool) -> String { "" }
    func output(_ text: ConsoleText, newLine: Bool) { output += text.description + (newLine ? "\n" : "") }
    func clear(_ type: ConsoleClear) {}
    func report(error: String, newLine: Bool) { output += error + (newLine ? "\n" : "") }
}
