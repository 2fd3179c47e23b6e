import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WeGOCore

@testable import WeGOServer

/// The membership screens end to end through HTTP: apply, review, invoice, pay, and the
/// representative's view; with the failure paths changing nothing.
extension ServerTests {
    @Suite struct MembershipPages {
        static let application: [(String, String)] = [
            ("organization_name", "Kathmandu Metropolitan City"), ("subtype", "city"), ("country", "NP"), ("population", "120,000"),
            ("contact_name", "Sita Sharma"), ("contact_email", "sita@example.org"), ("motivation", "Learn from peers."), ("consent", "yes"),
        ]

        static func apply(
            _ app: Application, _ fields: [(String, String)] = application, category: String = "local_government"
        ) async throws -> TestingHTTPResponse {
            try await Admin.memberForm(Browser(app), "/apply/\(category)", fields)
        }

        @Test(arguments: TestDatabase.all)
        func applicantToMemberInGoodStandingThroughThePages(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                let received = try await Self.apply(app)
                #expect(received.status == .created)
                #expect(received.text.contains("annual fee USD 500"))
                let stored = try #require(try await MembershipApplication.query(on: app.db).first())
                #expect(stored.status == .pending && stored.language == "en" && stored.population == 120_000)
                #expect(received.text.contains(stored.reference))

                let admin = try await Admin.signedIn(app)
                let queue = try await admin.get("/admin/applications")
                #expect(queue.text.contains("Kathmandu Metropolitan City") && queue.text.contains("USD 500"))
                let detailPath = "/admin/applications/\(try stored.requireID().uuidString.lowercased())"
                let page = try await admin.get(detailPath)
                let token = try #require(csrfToken(in: page.text))
                let approve = try await admin.post(detailPath + "/approve", [("csrf_token", token), ("region", "asia_pacific")])
                #expect(approve.status == .seeOther)
                #expect(approve.headers.first(name: .location) == "/admin/members/kathmandu-metropolitan-city/membership")
                let again = try await admin.post(detailPath + "/approve", [("csrf_token", token), ("region", "asia_pacific")])
                #expect(again.status == .conflict)
                #expect(again.text.contains("already been approved"))
                #expect(try await Member.query(on: app.db).count() == 1)

                let account = try await admin.get("/admin/members/kathmandu-metropolitan-city/membership")
                #expect(account.text.contains("INV-2026-0001") && account.text.contains("status active"))
                #expect(account.text.contains("No: this year&#39;s fee is not settled."))

                let invoicePath = "/invoices/INV-2026-0001"
                let invoice = try await admin.get(invoicePath)
                #expect(invoice.status == .ok && invoice.text.contains("payment-form") && invoice.text.contains("row 4,000–5,999"))
                let tooMuch = try await admin.post(
                    "/admin/invoices/INV-2026-0001/payments",
                    [
                        ("csrf_token", token), ("received_on", "2026-11-18"), ("amount", "600"), ("method", "bank_transfer"),
                        ("reference", ""),
                    ])
                #expect(tooMuch.status == .unprocessableEntity)
                #expect(tooMuch.text.contains("more than what is outstanding"))
                #expect(try await Payment.query(on: app.db).count() == 0)
                let paid = try await admin.post(
                    "/admin/invoices/INV-2026-0001/payments",
                    [
                        ("csrf_token", token), ("received_on", "2026-11-18"), ("amount", "500.00"), ("method", "bank_transfer"),
                        ("reference", "TX 42"),
                    ])
                #expect(paid.status == .seeOther)
                let paidInvoice = try await admin.get(invoicePath)
                #expect(
                    paidInvoice.text.contains("status paid") && !paidInvoice.text.contains("payment-form")
                        && paidInvoice.text.contains("TX 42"))
                #expect(
                    try await admin.get("/admin/members/kathmandu-metropolitan-city/membership").text.contains(
                        "Yes: this year&#39;s fee is paid or waived."))

                let csv = try await admin.get("/admin/dues.csv?year=2026")
                #expect(csv.headers.first(name: .contentType) == "text/csv; charset=utf-8")
                let rows = csv.text.split(separator: "\r\n").map(String.init)
                #expect(
                    rows.first
                        == "member,name,category,region,country,year,status,good_standing,billed_usd,paid_usd,outstanding_usd,invoices")
                #expect(
                    rows.dropFirst().first
                        == """
                        kathmandu-metropolitan-city,Kathmandu Metropolitan \
                        City,local_government,asia_pacific,NP,2026,active,yes,500.00,500.00,0.00,INV-2026-0001
                        """
                )
                let dues = try await admin.get("/admin/dues")
                #expect(dues.text.contains("dues-by-region") && dues.text.contains("Asia-Pacific"))

                // The applicant accepts the invitation from the approval e-mail and sees the membership.
                let mail = try #require(try await OutboxMessage.query(on: app.db).all().first { $0.body.contains("/invitation?token=") })
                let link = try #require(mail.body.split(separator: "\n").first { $0.contains("/invitation?token=") })
                let invitationPath = String(link[link.range(of: "/invitation?token=")!.lowerBound...])
                let representative = Browser(app)
                let form = try await representative.get(invitationPath)
                #expect(form.status == .ok)
                let weak = try await representative.post(
                    invitationPath,
                    [("csrf_token", try #require(csrfToken(in: form.text))), ("display_name", "Sita"), ("password", "password")])
                #expect(weak.status == .unprocessableEntity)
                let accepted = try await representative.post(
                    invitationPath,
                    [
                        ("csrf_token", try #require(csrfToken(in: form.text))), ("display_name", "Sita Sharma"),
                        ("password", "a long and unusual passphrase"),
                    ])
                #expect(accepted.status == .seeOther)
                #expect(try await representative.get(invitationPath).status == .notFound)
                try await representative.signIn(email: "sita@example.org", password: "a long and unusual passphrase")
                let own = try await representative.get("/membership")
                #expect(
                    own.status == .ok && own.text.contains("INV-2026-0001")
                        && own.text.contains("Yes: this year&#39;s fee is paid or waived."))
                #expect(!own.text.contains("waive-") && !own.text.contains("resign-form"))
                #expect(try await representative.get(invoicePath).status == .ok)
                #expect(try await representative.get("/admin/dues").status == .forbidden)
                #expect(try await representative.get("/admin/applications").status == .forbidden)
                let actions = try await AuditRecord.query(on: app.db).sort(\.$sequence).all().map(\.action)
                // Sign-ins are recorded too: the Secretariat's, and the new representative's.
                #expect(
                    actions.filter { !$0.hasPrefix("auth.") } == [
                        "application.submit", "application.approve", "payment.record", "invitation.accept",
                    ])
                #expect(actions.filter { $0 == "auth.sign_in" }.count == 2)
                #expect(try await AuditLog.verify(on: app.db) == .intact(count: actions.count))
                // The Secretariat's outbox shows that an invitation went out, not its token.
                let outbox = try await admin.get("/admin/outbox")
                #expect(outbox.text.contains("token=…") && !outbox.text.contains(String(invitationPath.split(separator: "=").last!)))
            }
        }

        @Test func invalidApplicationsComeBackWithFieldErrorsAndStoreNothing() async throws {
            try await withWeGOApp(.sqlite, seed: false) { app in
                var fields = Self.application.filter { !["population", "consent", "contact_email"].contains($0.0) }
                fields += [("population", "-3"), ("contact_email", "nobody")]
                let response = try await Self.apply(app, fields)
                #expect(response.status == .unprocessableEntity)
                for message in [
                    "The population must be a whole number greater than zero.", "Give an e-mail address such as name@example.org.",
                    "The application can only be stored with your consent to this use of the data.",
                ] {
                    #expect(response.text.contains(message), "\(message)")
                }
                #expect(response.text.contains("value=\"Kathmandu Metropolitan City\""))
                #expect(try await MembershipApplication.query(on: app.db).count() == 0)
                #expect(try await OutboxMessage.query(on: app.db).count() == 0)
                #expect(try await Browser(app).get("/apply/mayor").status == .notFound)
                let company = try await Self.apply(
                    app,
                    [
                        ("organization_name", "Acme"), ("subtype", "sme"), ("country", "KR"), ("employees", ""),
                        ("contact_name", "Kim"), ("contact_email", "kim@example.org"), ("consent", "yes"),
                    ], category: "corporation")
                #expect(company.status == .unprocessableEntity && company.text.contains("Give the number of employees."))
            }
        }

        @Test func secretariatFormsRefuseBadInputAndOutsidersAreKeptOut() async throws {
            try await withWeGOApp(.sqlite, seed: false) { app in
                #expect(try await Self.apply(app).status == .created)
                let id = try #require(try await MembershipApplication.query(on: app.db).first()?.requireID()).uuidString.lowercased()
                #expect(try await Browser(app).get("/admin/applications").status == .seeOther)
                let admin = try await Admin.signedIn(app)
                let page = try await admin.get("/admin/applications/\(id)")
                let token = try #require(csrfToken(in: page.text))
                let noReason = try await admin.post("/admin/applications/\(id)/reject", [("csrf_token", token), ("reason", "  ")])
                #expect(noReason.status == .unprocessableEntity && noReason.text.contains("Give the reason for the rejection"))
                let badRegion = try await admin.post("/admin/applications/\(id)/approve", [("csrf_token", token), ("region", "atlantis")])
                #expect(badRegion.status == .unprocessableEntity)
                #expect(try await MembershipApplication.query(on: app.db).first()?.status == .pending)
                let rejected = try await admin.post(
                    "/admin/applications/\(id)/reject", [("csrf_token", token), ("reason", "Outside the statutes.")])
                #expect(rejected.status == .seeOther)
                let afterwards = try await admin.post("/admin/applications/\(id)/approve", [("csrf_token", token), ("region", "")])
                #expect(afterwards.status == .conflict && afterwards.text.contains("already been rejected"))
                #expect(try await Member.query(on: app.db).count() == 0)
                #expect(try await OutboxMessage.query(on: app.db).all().contains { $0.body.contains("Outside the statutes.") })

                // A GDP override makes a country without a World Bank figure quotable, and is audited.
                #expect(
                    try await app.testing().sendRequest(.GET, "/api/v1/fees/quote?category=local_government&country=CU&population=100000")
                        .status == .unprocessableEntity)
                let badFigure = try await admin.post(
                    "/admin/gdp", [("csrf_token", token), ("country", "CU"), ("value", "abc"), ("year", "1800"), ("source", "")])
                #expect(badFigure.status == .unprocessableEntity)
                #expect(try await GDPOverride.query(on: app.db).count() == 0)
                let saved = try await admin.post(
                    "/admin/gdp",
                    [
                        ("csrf_token", token), ("country", "CU"), ("value", "12,300.50"), ("year", "2024"),
                        ("source", "IMF WEO October 2025"),
                    ])
                #expect(saved.status == .seeOther)
                let quote = try await app.testing().sendRequest(
                    .GET, "/api/v1/fees/quote?category=local_government&country=CU&population=100000")
                #expect(quote.status == .ok && quote.text.contains("IMF WEO October 2025") && quote.text.contains("\"annualFeeUSD\":3000"))
                #expect(try await AuditRecord.query(on: app.db).all().contains { $0.action == "gdp.override" && $0.target == "country:CU" })
            }
        }
    }
}

extension ServerTests.MembershipPages {
    @Test(arguments: TestDatabase.all)
    func aNewInvitationReplacesTheLostOne(_ database: TestDatabase) async throws {
        try await withWeGOApp(database, seed: false) { app in
            #expect(try await Self.apply(app).status == .created)
            let id = try #require(try await MembershipApplication.query(on: app.db).first()?.requireID())
            _ = try await WeGOServer.MembershipService(app).approve(id, region: nil, actor: "x")
            let admin = try await ServerTests.Admin.signedIn(app)
            let account = try await admin.get("/admin/members/kathmandu-metropolitan-city/membership")
            #expect(account.text.contains("invite-form"))
            let token = try #require(csrfToken(in: account.text))
            let sent = try await admin.post("/admin/members/kathmandu-metropolitan-city/invite", [("csrf_token", token)])
            #expect(sent.status == .seeOther)
            let links = try await OutboxMessage.query(on: app.db).sort(\.$createdAt).all().compactMap { message -> String? in
                guard let line = message.body.split(separator: "\n").first(where: { $0.contains("/invitation?token=") }) else { return nil }
                return String(line[line.range(of: "/invitation?token=")!.lowerBound...])
            }
            #expect(links.count == 2)
            // Only the newest link works.
            #expect(try await Browser(app).get(links[0]).status == .notFound)
            #expect(try await Browser(app).get(links[1]).status == .ok)
            #expect(try await AuditRecord.query(on: app.db).all().contains { $0.action == "invitation.send" })
        }
    }
}
