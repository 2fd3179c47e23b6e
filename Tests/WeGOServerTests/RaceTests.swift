import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WeGOCore

@testable import WeGOServer

/// Every limit and every "only once" promise, attacked with 50 parallel requests on both
/// databases (issue 12). Each of these found more than the promise on the main of 2026-12-04:
/// 21 password checks against a limit of 5, 16 applications against 5 an hour, 3 of 20 duplicates.
extension ServerTests {
    @Suite struct Races {
        static let parallel = 50

        @Test(arguments: TestDatabase.all)
        func fiftyParallelGuessesAtOneAccountCheckFivePasswords(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                try await makeUser(app, email: "admin@example.org")
                // Each guess comes with its own session and form, as from separate browser tabs.
                var posts: [(Browser, String)] = []
                for _ in 0 ..< Self.parallel {
                    let browser = Browser(app)
                    let token = try #require(csrfToken(in: try await browser.get("/sign-in").text))
                    posts.append((browser, token))
                }
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for (browser, token) in posts {
                        group.addTask {
                            try await browser.post(
                                "/sign-in", [("csrf_token", token), ("email", "admin@example.org"), ("password", "not the password")]
                            ).status
                        }
                    }
                    return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .unprocessableEntity }.count == 5)
                #expect(statuses.filter { $0 == .tooManyRequests }.count == Self.parallel - 5)
                #expect(try await SignInAttempt.query(on: app.db).count() == 5)
            }
        }

        @Test(arguments: TestDatabase.all)
        func fiftyParallelApplicationsFromOneAddressStoreFive(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                let service = WeGOServer.MembershipService(app)
                let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0 ..< Self.parallel {
                        group.addTask {
                            do {
                                _ = try await service.submit(
                                    MembershipService.cityDraft("City \(index)", email: "c\(index)@example.org"), language: .en,
                                    from: "203.0.113.9")
                                return true
                            } catch MembershipError.tooManyApplications { return false }
                        }
                    }
                    return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
                }
                let limit = WeGOServer.MembershipService.applicationsPerAddressPerHour
                #expect(stored == limit)
                #expect(try await MembershipApplication.query(on: app.db).count() == limit)
                #expect(try await OutboxMessage.query(on: app.db).count() == limit)
                #expect(try await AuditLog.verify(on: app.db) == .intact(count: limit))
            }
        }

        @Test(arguments: TestDatabase.all)
        func fiftyIdenticalApplicationsAtOnceStoreOneAndSendOneEmail(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                let service = WeGOServer.MembershipService(app)
                // From different addresses, so the hourly limit is not what stops them.
                let submissions = try await withThrowingTaskGroup(of: WeGOServer.MembershipService.Submission.self) { group in
                    for index in 0 ..< Self.parallel {
                        group.addTask {
                            try await service.submit(MembershipService.cityDraft(), language: .en, from: "198.51.100.\(index)")
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(submissions.filter { !$0.alreadyReceived }.count == 1)
                #expect(Set(submissions.compactMap(\.application.id)).count == 1)
                #expect(try await MembershipApplication.query(on: app.db).count() == 1)
                #expect(try await OutboxMessage.query(on: app.db).count() == 1)
            }
        }

        @Test(arguments: TestDatabase.all)
        func theDatabaseKeepsOnePendingApplicationPerContactAndOrganization(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                let service = WeGOServer.MembershipService(app)
                let first = try await service.submit(MembershipService.cityDraft(), language: .en).application
                // A write that skips the service's check is refused by the unique key.
                let copy = MembershipApplication()
                copy.status = .pending; copy.category = first.category; copy.organizationName = "KATHMANDU  metropolitan City"
                copy.subtype = first.subtype; copy.country = first.country; copy.contactName = first.contactName
                copy.contactEmail = first.contactEmail; copy.language = "en"; copy.consentedAt = first.consentedAt
                copy.submittedFrom = "test"; copy.submittedAt = first.submittedAt
                copy.duplicateKey = MembershipApplication.duplicateKey(email: copy.contactEmail, organization: copy.organizationName)
                await #expect(throws: (any Error).self) { try await copy.create(on: app.db) }
                #expect(try await MembershipApplication.query(on: app.db).count() == 1)
                // A decided application frees the key: the organization may apply again.
                try await service.reject(try first.requireID(), reason: "incomplete", actor: "test")
                let again = try await service.submit(MembershipService.cityDraft(), language: .en)
                #expect(!again.alreadyReceived && again.application.id != first.id)
            }
        }
        @Test(arguments: TestDatabase.all)
        func fiftyParallelUsesOfOneResetLinkSetOnePassword(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                try await makeUser(app, email: "officer@example.org")
                _ = try await Browser(app).askForReset("officer@example.org")
                let token = try await resetToken(mailedTo: "officer@example.org", on: app.db)
                // Fifty tabs with the form open, each with its own password, submitted at once.
                var posts: [(Browser, String, String)] = []
                for index in 0 ..< Self.parallel {
                    let browser = Browser(app)
                    let csrf = try #require(csrfToken(in: try await browser.get("/sign-in/reset?token=\(token)").text))
                    posts.append((browser, csrf, "new passphrase number \(index)"))
                }
                let results = try await withThrowingTaskGroup(of: (HTTPStatus, String).self) { group in
                    for (browser, csrf, password) in posts {
                        group.addTask {
                            let response = try await browser.post(
                                "/sign-in/reset?token=\(token)",
                                [("csrf_token", csrf), ("new_password", password), ("confirm_password", password)])
                            return (response.status, password)
                        }
                    }
                    return try await group.reduce(into: [(HTTPStatus, String)]()) { $0.append($1) }
                }
                let winners = results.filter { $0.0 == .seeOther }
                #expect(winners.count == 1)
                #expect(results.filter { $0.0 == .notFound }.count == Self.parallel - 1)
                let actions = try await AuditRecord.query(on: app.db).all().map(\.action)
                #expect(actions.filter { $0 == "auth.password_reset" }.count == 1)
                // The password that was set is the winner's.
                let winner = try #require(winners.first?.1)
                #expect(try await Browser(app).signIn(email: "officer@example.org", password: winner).status == .seeOther)
            }
        }

        /// Fifty sign-ins, each past its password, enter the same app code at once: a code works
        /// once, so one gets in.
        @Test(arguments: TestDatabase.all)
        func fiftyParallelSignInsWithOneAppCodeLetOneIn(_ database: TestDatabase) async throws {
            let clock = MutableClock(pinnedNow)
            try await withWeGOApp(database, seed: false, clock: clock) { app in
                let (password, totp) = try await officerWithSecondFactor(app, clock: clock)
                clock.advance(by: 30)
                var posts: [(Browser, String)] = []
                for _ in 0 ..< Self.parallel {
                    let browser = Browser(app)
                    #expect(try await browser.signIn(email: "officer@example.org", password: password).status == .seeOther)
                    posts.append((browser, try #require(csrfToken(in: try await browser.get("/sign-in/code").text))))
                }
                let code = totp.code(at: clock.now)
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for (browser, csrf) in posts {
                        group.addTask { try await browser.post("/sign-in/code", [("csrf_token", csrf), ("code", code)]).status }
                    }
                    return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .seeOther }.count == 1)
                #expect(statuses.filter { $0 == .unprocessableEntity || $0 == .tooManyRequests }.count == Self.parallel - 1)
                let secondSteps = try await AuditRecord.query(on: app.db).filter(\.$action == "auth.sign_in").all()
                    .filter { $0.details.contains("second_step") }
                #expect(secondSteps.count == 1)
            }
        }
    }
}
