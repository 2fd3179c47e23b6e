import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting
import WeGOCore

@testable import WeGOServer

extension ServerTests {
    @Suite struct Admin {
        static func signedIn(
            _ app: Application, role: UserRole = .secretariatAdmin, region: Region? = nil, member: String? = nil
        ) async throws -> Browser {
            let email = "\(role.rawValue)@example.org"
            let password = try await makeUser(app, email: email, role: role, region: region, memberSlug: member)
            let browser = Browser(app)
            let response = try await browser.signIn(email: email, password: password)
            #expect(response.status == .seeOther)
            return browser
        }

        static func memberForm(_ browser: Browser, _ path: String, _ fields: [(String, String)]) async throws -> TestingHTTPResponse {
            let page = try await browser.get(path)
            let token = try #require(csrfToken(in: page.text), "form at \(path)")
            return try await browser.post(path, [("csrf_token", token)] + fields)
        }

        @Test(arguments: TestDatabase.all)
        func invalidMemberFormComesBackWithErrorsAndSavesNothing(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let browser = try await Self.signedIn(app)
                let before = try await Member.query(on: app.db).count()
                let response = try await Self.memberForm(
                    browser, "/admin/members/new",
                    [
                        ("name", ""), ("category", "local_government"), ("country", "ZZ"), ("latitude", "95"), ("longitude", "10"),
                        ("population", "-4"),
                    ])
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Enter the member&#39;s name."))
                #expect(response.text.contains("Choose a country from the list."))
                #expect(response.text.contains("Latitude must be a number between -90 and 90."))
                #expect(response.text.contains("Population must be a whole number greater than zero."))
                #expect(response.text.contains("aria-invalid=\"true\""))
                #expect(try await Member.query(on: app.db).count() == before)
                // Nothing but the sign-in is recorded.
                #expect(try await AuditRecord.query(on: app.db).all().map(\.action) == ["auth.sign_in"])
            }
        }

        @Test(arguments: TestDatabase.all)
        func creatingAndEditingAMemberIsAudited(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let browser = try await Self.signedIn(app)
                let brazilBefore = try await Member.query(on: app.db).filter(\.$country == "BR").count()
                // Counts and anonymous pages are cached: read them once so the test proves a write clears them.
                #expect(try await browser.get("/members?country=BR").text.contains("\(brazilBefore) members found"))
                let anonymous = Browser(app)
                #expect(try await anonymous.get("/members?country=BR").text.contains("\(brazilBefore) members found"))
                #expect(try await anonymous.get("/api/v1/members?country=BR").text.contains("\"total\":\(brazilBefore)"))
                let created = try await Self.memberForm(
                    browser, "/admin/members/new",
                    [
                        ("name", "Nova Cidade"), ("category", "local_government"), ("subtype", "city"), ("region", "americas"),
                        ("country", "BR"), ("latitude", "-10.5"), ("longitude", "-50.25"), ("population", "120,000"),
                    ])
                #expect(created.status == .seeOther)
                #expect(created.headers.first(name: .location) == "/members/nova-cidade")
                let member = try #require(try await Member.query(on: app.db).filter(\.$slug == "nova-cidade").first())
                #expect(member.population == 120_000 && member.country == "BR")
                #expect(try await browser.get("/members?country=BR").text.contains("\(brazilBefore + 1) members found"))
                #expect(try await anonymous.get("/members?country=BR").text.contains("\(brazilBefore + 1) members found"))
                #expect(try await anonymous.get("/api/v1/members?country=BR").text.contains("\"total\":\(brazilBefore + 1)"))
                let duplicate = try await Self.memberForm(
                    browser, "/admin/members/new", [("name", "Nova Cidade"), ("category", "local_government")])
                #expect(duplicate.status == .unprocessableEntity)
                #expect(duplicate.text.contains("Another member already has this web address."))

                let edited = try await Self.memberForm(
                    browser, "/admin/members/nova-cidade/edit",
                    [
                        ("name", "Nova Cidade do Norte"), ("category", "local_government"), ("region", "americas"), ("country", "BR"),
                    ])
                #expect(edited.status == .seeOther)
                #expect(edited.headers.first(name: .location) == "/members/nova-cidade", "the slug stays")
                let entries = try await AuditRecord.query(on: app.db).sort(\.$sequence).all()
                #expect(entries.map(\.action) == ["auth.sign_in", "member.create", "member.update"])
                #expect(entries.allSatisfy { $0.actor == "user:secretariat_admin@example.org" })
                #expect(try await AuditLog.verify(on: app.db) == .intact(count: 3))
            }
        }

        @Test(arguments: TestDatabase.all)
        func auditVerifyFindsTheFirstTamperedEntry(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                for i in 1 ... 4 {
                    try await AuditLog.perform(on: app.db, actor: "test", at: app.clock) { _ in
                        ((), AuditLog.Event(action: "test.action", target: "item:\(i)", details: "n=\(i)"))
                    }
                }
                #expect(try await AuditLog.verify(on: app.db) == .intact(count: 4))
                let sql = app.db.sql
                // As someone who owns the database could: remove the append-only triggers first.
                try await M015_AuditAppendOnly().revert(on: app.db)
                try await sql.raw("UPDATE audit_entries SET details = 'n=99' WHERE sequence = 3").run()
                #expect(try await AuditLog.verify(on: app.db) == .broken(firstBadSequence: 3, reason: .hashMismatch))
                try await sql.raw("DELETE FROM audit_entries WHERE sequence = 2").run()
                #expect(try await AuditLog.verify(on: app.db) == .broken(firstBadSequence: 2, reason: .sequenceGap))
            }
        }

        /// The application cannot change or remove audit entries; someone who owns the database
        /// and deletes the newest ones leaves a chain that still verifies, and a signed anchor
        /// exported before reveals it (issue 12).
        @Test(arguments: TestDatabase.all)
        func auditEntriesAreAppendOnlyAndAnAnchorRevealsDeletedNewestEntries(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                await #expect(throws: AuditAnchors.Problem.self) { _ = try await AuditAnchors.make(app) }
                app.settings.auditKey = String(repeating: "a-secret-kept-elsewhere-", count: 2)
                await #expect(throws: AuditAnchors.Problem.self) { _ = try await AuditAnchors.make(app) }  // nothing to anchor
                for i in 1 ... 4 {
                    try await AuditLog.perform(on: app.db, actor: "test", at: app.clock) { _ in
                        ((), AuditLog.Event(action: "test.action", target: "item:\(i)", details: "n=\(i)"))
                    }
                }
                let sql = app.db.sql
                await #expect(throws: (any Error).self) { try await sql.raw("UPDATE audit_entries SET details = 'x'").run() }
                await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_entries WHERE sequence = 4").run() }
                #expect(try await AuditLog.verify(on: app.db) == .intact(count: 4))

                let anchor = try await AuditAnchors.make(app)
                let verdict = try await AuditAnchors.verdict(anchor, app: app)
                #expect(anchor.sequence == 4 && verdict == .consistent)
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("anchor-\(UUID().uuidString).json").path
                defer { try? FileManager.default.removeItem(atPath: file) }
                try AuditAnchors.write(anchor, to: file)
                #expect(try AuditAnchors.read(file) == anchor)
                #expect(throws: (any Error).self) { try AuditAnchors.write(anchor, to: file) }  // never overwritten

                try await M015_AuditAppendOnly().revert(on: app.db)
                try await sql.raw("DELETE FROM audit_entries WHERE sequence >= 3").run()
                #expect(try await AuditLog.verify(on: app.db) == .intact(count: 2))  // the chain alone cannot tell
                #expect(try await AuditAnchors.verdict(anchor, app: app) == .truncated(lastSequence: 2))

                var moved = anchor
                moved.sequence = 2
                #expect(try await AuditAnchors.verdict(moved, app: app) == .forged)
                app.settings.auditKey = String(repeating: "another-key-entirely-", count: 2)
                #expect(try await AuditAnchors.verdict(anchor, app: app) == .forged)
            }
        }

        @Test(arguments: TestDatabase.all)
        func concurrentAuditedActionsNeverForkTheChain(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for i in 0 ..< 12 {
                        group.addTask {
                            try await AuditLog.perform(on: app.db, actor: "test", at: app.clock) { _ in
                                ((), AuditLog.Event(action: "test.concurrent", target: "item:\(i)", details: ""))
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(try await AuditLog.verify(on: app.db) == .intact(count: 12))
            }
        }

        @Test(arguments: TestDatabase.all)
        func theMemberListIsPagedSearchableAndScopedToWhatEachUserEdits(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let total = try await Member.query(on: app.db).count()
                let perPage = AdminMemberListPage.perPage
                #expect(total > perPage, "the seeded network fills more than one page")
                func rows(_ text: String) -> Int { text.components(separatedBy: "<tr><td>").count - 1 }

                let admin = try await Self.signedIn(app)
                let first = try await admin.get("/admin/members")
                #expect(first.status == .ok)
                #expect(rows(first.text) == perPage)
                #expect(first.text.contains("\(total) members found"))
                #expect(first.text.contains("rel=\"next\" href=\"/admin/members?page=2\""))
                let pages = (total + perPage - 1) / perPage
                let last = try await admin.get("/admin/members?page=\(pages)")
                #expect(rows(last.text) == total - perPage * (pages - 1))
                #expect(!last.text.contains("rel=\"next\""))
                // Every member appears on exactly one page.
                let editLink = try Regex(#"href="/admin/members/([^"/]+)/edit""#, as: (Substring, Substring).self)
                var seen: [String] = []
                for page in 1 ... pages {
                    let text = try await admin.get("/admin/members?page=\(page)").text
                    seen += text.matches(of: editLink).map { String($0.output.1) }
                }
                #expect(seen.count == total && Set(seen).count == total)

                let search = try await admin.get("/admin/members?q=kampala")
                #expect(search.text.contains("/admin/members/kampala/edit") && !search.text.contains("/admin/members/seoul/edit"))
                #expect(search.text.contains("value=\"kampala\""))
                #expect(try await admin.get("/admin/members?page=0").status == .badRequest)
                #expect(try await admin.get("/admin/members?page=many").status == .badRequest)

                let africa = try await Member.query(on: app.db).filter(\.$region == .africa).count()
                let regional = try await Self.signedIn(app, role: .regionalStaff, region: .africa)
                let regionalList = try await regional.get("/admin/members")
                #expect(rows(regionalList.text) == min(africa, perPage))
                #expect(regionalList.text.contains("\(africa) members found") && !regionalList.text.contains("/admin/members/seoul/edit"))

                let representative = try await Self.signedIn(app, role: .memberRepresentative, member: "kampala")
                let own = try await representative.get("/admin/members")
                #expect(rows(own.text) == 1 && own.text.contains("/admin/members/kampala/edit"))
                #expect(!own.text.contains("/admin/members/new"))
            }
        }

        @Test(arguments: TestDatabase.all)
        func permissionsAreCheckedOnTheObject(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let regional = try await Self.signedIn(app, role: .regionalStaff, region: .africa)
                #expect(try await regional.get("/admin/members/kampala/edit").status == .ok)
                #expect(try await regional.get("/admin/members/seoul/edit").status == .forbidden)
                #expect(try await regional.get("/admin/users").status == .forbidden)
                let outside = try await Self.memberForm(
                    regional, "/admin/members/new",
                    [
                        ("name", "Somewhere Else"), ("category", "local_government"), ("region", "europe"),
                    ])
                #expect(outside.status == .unprocessableEntity)

                let representative = try await Self.signedIn(app, role: .memberRepresentative, member: "kampala")
                #expect(try await representative.get("/admin/members/kampala/edit").status == .ok)
                #expect(try await representative.get("/admin/members/seoul/edit").status == .forbidden)
                #expect(try await representative.get("/admin/members/new").status == .forbidden)
                // A representative cannot reclassify their member.
                let attempt = try await Self.memberForm(
                    representative, "/admin/members/kampala/edit",
                    [
                        ("name", "Kampala Capital City"), ("category", "corporation"), ("region", "europe"), ("country", "FR"),
                    ])
                #expect(attempt.status == .seeOther)
                let kampala = try #require(try await Member.query(on: app.db).filter(\.$slug == "kampala").first())
                #expect(kampala.name == "Kampala Capital City" && kampala.category == .localGovernment && kampala.country == "UG")

                let judge = try await Self.signedIn(app, role: .judge)
                #expect(try await judge.get("/admin/members").status == .forbidden)
            }
        }

        @Test(arguments: TestDatabase.all)
        func usersAreCreatedWithPolicyCheckedPasswords(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let admin = try await Self.signedIn(app)
                let weak = try await Self.memberForm(
                    admin, "/admin/users/new",
                    [
                        ("email", "staff@example.org"), ("display_name", "Staff"), ("role", "regional_staff"), ("region", "africa"),
                        ("password", "password1234"),
                    ])
                #expect(weak.status == .unprocessableEntity)
                #expect(weak.text.contains("This password is too common"))
                let short = try await Self.memberForm(
                    admin, "/admin/users/new",
                    [
                        ("email", "staff@example.org"), ("display_name", "Staff"), ("role", "regional_staff"), ("region", "africa"),
                        ("password", "short"),
                    ])
                #expect(short.text.contains("at least 12 characters"))
                let noRegion = try await Self.memberForm(
                    admin, "/admin/users/new",
                    [
                        ("email", "staff@example.org"), ("display_name", "Staff"), ("role", "regional_staff"),
                    ])
                #expect(noRegion.text.contains("Regional office staff need a region."))
                #expect(try await User.query(on: app.db).count() == 1, "nothing saved for invalid forms")

                let created = try await Self.memberForm(
                    admin, "/admin/users/new",
                    [
                        ("email", "staff@example.org"), ("display_name", "Staff"), ("role", "regional_staff"), ("region", "africa"),
                    ])
                #expect(created.status == .created)
                let password = try #require(created.text.components(separatedBy: "<code>").last?.components(separatedBy: "</code>").first)
                #expect(try await Browser(app).signIn(email: "staff@example.org", password: password).status == .seeOther)
                let entry = try #require(try await AuditRecord.query(on: app.db).filter(\.$action == "user.create").first())
                #expect(entry.details == "role=regional_staff region=africa")
                #expect(!entry.details.contains(password), "secrets never reach the audit log")
            }
        }
    }
}
