import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WeGOCore

@testable import WeGOServer

/// Each person reads e-mail in the language they chose on their account page; nobody's choice
/// changes anybody else's.
extension ServerTests {
    @Suite struct AccountLanguage {
        @Test(arguments: TestDatabase.all)
        func theAccountPageSavesTheLanguageAndRefusesOthers(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let lima = try await MatchingPages.representative(app, of: "lima")
                let page = try await lima.get("/account")
                #expect(page.status == .ok && page.text.contains("lima@members.test") && page.text.contains("name=\"language\""))

                let unknown = try await MatchingPages.submit(lima, from: "/account", [("language", "tlh")])
                #expect(unknown.status == .unprocessableEntity && unknown.text.contains("Choose one of the languages in the list."))
                #expect(try await User.query(on: app.db).filter(\.$email == "lima@members.test").first()?.preferredLanguageCode == nil)

                let saved = try await MatchingPages.submit(lima, from: "/account", [("language", "es")])
                #expect(saved.status == .seeOther && MatchingPages.location(saved) == "/account?saved=1")
                #expect(try await User.query(on: app.db).filter(\.$email == "lima@members.test").first()?.preferredLanguageCode == "es")
                #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "account.language").count() == 1)
                #expect(try await lima.get("/account?saved=1").text.contains("Your choice is saved."))
                // Signed out, the page sends to sign in.
                #expect(try await Browser(app).get("/account").status == .seeOther)
            }
        }

        @Test(arguments: TestDatabase.all)
        func anInvitationAcceptedInKoreanMakesAKoreanReader(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                #expect(try await MembershipPages.apply(app).status == .created)
                let id = try #require(try await MembershipApplication.query(on: app.db).first()?.requireID())
                _ = try await WeGOServer.MembershipService(app).approve(id, region: nil, actor: "x")
                let mail = try #require(try await OutboxMessage.query(on: app.db).all().first { $0.body.contains("/invitation?token=") })
                let line = try #require(mail.body.split(separator: "\n").first { $0.contains("/invitation?token=") })
                let path = String(line[line.range(of: "/invitation?token=")!.lowerBound...])
                let reader = Browser(app)
                reader.language = "ko"
                let form = try await reader.get(path)
                let accepted = try await reader.post(
                    path,
                    [
                        ("csrf_token", try #require(csrfToken(in: form.text))), ("display_name", "Sita Sharma"),
                        ("password", "a long and unusual passphrase"),
                    ])
                #expect(accepted.status == .seeOther)
                let user = try #require(try await User.query(on: app.db).filter(\.$role == .memberRepresentative).first())
                #expect(user.preferredLanguageCode == "ko" && user.preferredLanguage == .ko)
            }
        }

        @Test(arguments: TestDatabase.all)
        func matchingMailIsWrittenInEachRecipientsLanguage(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let provider = try await MatchingPages.representative(app, of: "becloud")
                let colleague = "becloud-2@members.test"
                try await makeUser(app, email: colleague, role: .memberRepresentative, memberSlug: "becloud")
                #expect(try await MatchingPages.submit(provider, from: "/account", [("language", "ko")]).status == .seeOther)

                let lima = try await MatchingPages.representative(app, of: "lima")
                let solution = MatchingPages.location(
                    try await MatchingPages.submit(
                        provider, from: "/matching/new?kind=solution",
                        MatchingPages.solution))
                let requested = try await MatchingPages.submit(
                    lima, from: solution + "/request",
                    [
                        ("message", "¿Podemos hablar?"), ("time_zone", "America/Lima"), ("windows", MatchingPages.limaWindows),
                    ])
                #expect(requested.status == .seeOther)

                let messages = try await OutboxMessage.query(on: app.db).all()
                let korean = messages.filter { $0.recipient == "becloud@members.test" }.map(\.subject)
                let english = messages.filter { $0.recipient == colleague }.map(\.subject)
                #expect(korean == ["Lima의 회의 요청"], "\(korean)")
                #expect(english == ["Meeting request from Lima"], "\(english)")
            }
        }
    }
}
