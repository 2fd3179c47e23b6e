import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WeGOCore

@testable import WeGOServer

/// The token of the newest reset link e-mailed to `email`.
func resetToken(mailedTo email: String, on db: any Database) async throws -> String {
    let messages = try await OutboxMessage.query(on: db).filter(\.$recipient == email).sort(\.$createdAt, .descending).all()
    let body = try #require(messages.first { $0.subject.contains("new password") }?.body)
    let start = try #require(body.range(of: "/sign-in/reset?token="))
    return String(body[start.upperBound...].prefix { !$0.isWhitespace })
}

extension Browser {
    /// Loads the "forgot your password?" form and asks for a link for `email`.
    func askForReset(_ email: String) async throws -> TestingHTTPResponse {
        let token = try #require(csrfToken(in: try await get("/sign-in/forgot").text))
        return try await post("/sign-in/forgot", [("csrf_token", token), ("email", email)])
    }

    /// Opens a reset link and submits a new password with it.
    func chooseNewPassword(token: String, _ password: String, confirmation: String? = nil) async throws -> TestingHTTPResponse {
        let form = try await get("/sign-in/reset?token=\(token)")
        let csrf = try #require(csrfToken(in: form.text))
        return try await post(
            "/sign-in/reset?token=\(token)",
            [("csrf_token", csrf), ("new_password", password), ("confirm_password", confirmation ?? password)])
    }
}

extension ServerTests {
    @Suite struct PasswordResets {
        @Test(arguments: TestDatabase.all)
        func aResetLinkSetsANewPasswordOnceAndSignsOutEverywhere(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                let old = try await makeUser(app, email: "officer@example.org", role: .regionalStaff, region: .americas)
                let elsewhere = Browser(app)
                #expect(try await elsewhere.signIn(email: "officer@example.org", password: old).status == .seeOther)

                let person = Browser(app)
                let asked = try await person.askForReset("Officer@Example.org ")
                #expect(asked.status == .seeOther && asked.headers.first(name: .location) == "/sign-in/forgot?sent=1")
                #expect(try await person.get("/sign-in/forgot?sent=1").text.contains("a link to choose a new password is on its way"))
                let token = try await resetToken(mailedTo: "officer@example.org", on: app.db)
                #expect(token.count == 43)
                // The database keeps only the token's hash.
                #expect(try await PasswordReset.query(on: app.db).filter(\.$tokenHash == token).count() == 0)

                let form = try await person.get("/sign-in/reset?token=\(token)")
                #expect(form.status == .ok && form.text.contains("officer@example.org"))
                let mismatch = try await person.chooseNewPassword(token: token, "a new passphrase 2026", confirmation: "another one 2026")
                #expect(mismatch.status == .unprocessableEntity && mismatch.text.contains("The two new passwords differ."))
                #expect(!mismatch.text.contains("a new passphrase 2026"), "passwords are never echoed")
                let weak = try await person.chooseNewPassword(token: token, "password1234")
                #expect(weak.status == .unprocessableEntity && weak.text.contains("This password is too common"))

                let done = try await person.chooseNewPassword(token: token, "a new passphrase 2026")
                #expect(done.status == .seeOther && done.headers.first(name: .location) == "/sign-in?reset=done")
                #expect(try await person.get("/sign-in?reset=done").text.contains("Your new password is set."))
                #expect(try await elsewhere.get("/admin").status == .seeOther, "the session that knew the old password ended")
                #expect(try await Browser(app).signIn(email: "officer@example.org", password: old).status == .unprocessableEntity)
                #expect(try await Browser(app).signIn(email: "officer@example.org", password: "a new passphrase 2026").status == .seeOther)

                // Used once: the link is gone, for showing and for posting.
                #expect(try await Browser(app).get("/sign-in/reset?token=\(token)").status == .notFound)
                let again = try await Browser(app).post("/sign-in/reset?token=\(token)", [("new_password", "x")])
                #expect(again.status == .notFound || again.status == .forbidden)
                #expect(try await person.get("/sign-in/reset?token=not-a-token").status == .notFound)
                #expect(try await person.get("/sign-in/reset").status == .notFound)

                let actions = try await AuditRecord.query(on: app.db).sort(\.$sequence).all().map(\.action)
                #expect(actions.filter { $0 == "auth.password_reset_requested" }.count == 1)
                #expect(actions.filter { $0 == "auth.password_reset" }.count == 1)
                #expect(try await AuditLog.verify(on: app.db) == .intact(count: actions.count))
            }
        }

        /// The form must not tell who has an account: the same answer, the same page, for an
        /// address with an account, one without and a disabled one; only the first gets mail.
        @Test(arguments: TestDatabase.all)
        func theAnswerDoesNotTellWhichAddressesHaveAccounts(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                try await makeUser(app, email: "known@example.org")
                try await makeUser(app, email: "gone@example.org")
                let disabled = try #require(try await User.query(on: app.db).filter(\.$email == "gone@example.org").first())
                disabled.disabled = true
                try await disabled.save(on: app.db)

                var answers: [String] = []
                for email in ["known@example.org", "nobody@example.org", "gone@example.org"] {
                    let browser = Browser(app)
                    let response = try await browser.askForReset(email)
                    #expect(response.status == .seeOther)
                    answers.append(response.headers.first(name: .location) ?? "")
                }
                #expect(Set(answers) == ["/sign-in/forgot?sent=1"])
                #expect(try await OutboxMessage.query(on: app.db).all().map(\.recipient) == ["known@example.org"])
                #expect(try await PasswordReset.query(on: app.db).count() == 3, "every request counts toward the throttle")
                let details = try await AuditRecord.query(on: app.db).filter(\.$action == "auth.password_reset_requested").all()
                    .map(\.details)
                #expect(details.filter { $0.hasSuffix("account=none") }.count == 2)

                let invalid = try await Browser(app).askForReset("not an address")
                #expect(invalid.status == .unprocessableEntity && invalid.text.contains("Enter a valid e-mail address."))
                #expect(try await PasswordReset.query(on: app.db).count() == 3)
            }
        }

        @Test(arguments: TestDatabase.all)
        func aLinkExpiresAfterAnHourAndANewerOneReplacesIt(_ database: TestDatabase) async throws {
            let clock = MutableClock(pinnedNow)
            try await withWeGOApp(database, seed: false, clock: clock) { app in
                try await makeUser(app, email: "officer@example.org")
                _ = try await Browser(app).askForReset("officer@example.org")
                let first = try await resetToken(mailedTo: "officer@example.org", on: app.db)
                clock.advance(by: 60)
                _ = try await Browser(app).askForReset("officer@example.org")
                let second = try await resetToken(mailedTo: "officer@example.org", on: app.db)
                #expect(first != second)
                #expect(try await Browser(app).get("/sign-in/reset?token=\(first)").status == .notFound, "only the newest link works")
                #expect(try await Browser(app).get("/sign-in/reset?token=\(second)").status == .ok)
                clock.advance(by: PasswordResetService.lifetime)
                let expired = try await Browser(app).get("/sign-in/reset?token=\(second)")
                #expect(expired.status == .notFound && expired.text.contains("Reset link not valid"))
            }
        }

        /// Three links per address an hour, ten per client: the fourth answer is 429 for an
        /// address with an account and for one without alike, and sends nothing.
        @Test(arguments: TestDatabase.all)
        func requestsAreThrottledAlikeForEveryAddress(_ database: TestDatabase) async throws {
            let clock = MutableClock(pinnedNow)
            try await withWeGOApp(database, seed: false, clock: clock) { app in
                try await makeUser(app, email: "officer@example.org")
                for email in ["officer@example.org", "nobody@example.org"] {
                    for _ in 0 ..< 3 { #expect(try await Browser(app).askForReset(email).status == .seeOther) }
                    let fourth = try await Browser(app).askForReset(email)
                    #expect(fourth.status == .tooManyRequests && fourth.headers.first(name: .retryAfter) == "3600")
                    #expect(fourth.text.contains("Too many reset requests"))
                }
                #expect(try await OutboxMessage.query(on: app.db).count() == 3)
                clock.advance(by: 3601)
                #expect(try await Browser(app).askForReset("officer@example.org").status == .seeOther)
                #expect(try await OutboxMessage.query(on: app.db).count() == 4)
            }
        }
    }
}
