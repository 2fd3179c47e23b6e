import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import WeGOCore

@testable import WeGOServer

/// The membership service against real databases: the whole path from application to good
/// standing, and the races the issue names (double approval, parallel numbering, concurrent
/// reminder and renewal runs).
extension ServerTests {
    @Suite struct MembershipService {
        static func cityDraft(_ name: String = "Kathmandu Metropolitan City", email: String = "sita@example.org") -> ApplicationDraft.Valid
        {
            var draft = ApplicationDraft()
            draft.category = "local_government"; draft.organizationName = name; draft.subtype = "city"
            draft.country = "NP"; draft.population = "120000"; draft.contactName = "Sita Sharma"
            draft.contactEmail = email; draft.consent = true
            return try! draft.validate(knownCountries: ["NP"]).get()
        }

        static func submit(_ app: Application, _ valid: ApplicationDraft.Valid = cityDraft()) async throws -> UUID {
            try await WeGOServer.MembershipService(app).submit(valid, language: .en).application.requireID()
        }

        @Test(arguments: TestDatabase.all)
        func applicantBecomesAMemberInGoodStanding(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                let service = WeGOServer.MembershipService(app)
                let submission = try await service.submit(Self.cityDraft(), language: .en)
                let (application, quote) = (submission.application, submission.quote)
                #expect(application.status == .pending && quote?.quote.annualFee == USD(dollars: 500))
                let (member, invoice) = try await service.approve(
                    try application.requireID(), region: .asiaPacific, actor: "user:admin@wego.test")
                #expect(
                    member.slug == "kathmandu-metropolitan-city" && member.population == 120_000
                        && member.contactEmail == "sita@example.org")
                #expect(invoice.number == "INV-2026-0001" && invoice.amount == USD(dollars: 500))
                #expect(invoice.issuedOn == "2026-11-18" && invoice.dueOn == "2026-12-18")
                #expect(invoice.feeExplanation.contains("row 4,000–5,999") && invoice.feeExplanation.contains("annual fee USD 500"))

                var account = try await MembershipLedger.account(of: member, on: app.db)
                #expect(account.periods.map(\.year) == [2026])
                #expect(
                    account.standing(on: CalendarDate(pinnedNow), policy: .standard)
                        == Standing(status: .active, goodStanding: false, year: 2026))

                _ = try await service.recordPayment(
                    invoiceNumber: invoice.number, draft: PaymentDraft(receivedOn: "2026-11-18", amount: "200", method: "bank_transfer"),
                    actor: "user:admin@wego.test")
                account = try await MembershipLedger.account(of: member, on: app.db)
                #expect(account.invoices.first?.state == .partlyPaid)
                #expect(!account.standing(on: CalendarDate(pinnedNow), policy: .standard).goodStanding)
                _ = try await service.recordPayment(
                    invoiceNumber: invoice.number,
                    draft: PaymentDraft(receivedOn: "2026-11-18", amount: "300.00", method: "card", reference: "R-1"),
                    actor: "user:admin@wego.test")
                account = try await MembershipLedger.account(of: member, on: app.db)
                #expect(account.invoices.first?.state == .paid)
                #expect(
                    account.standing(on: CalendarDate(pinnedNow), policy: .standard)
                        == Standing(status: .active, goodStanding: true, year: 2026))
                #expect(account.transitions.map(\.toStatus) == [.active])

                let mail = try await OutboxMessage.query(on: app.db).sort(\.$createdAt).all()
                #expect(mail.count == 2 && mail.allSatisfy { $0.recipient == "sita@example.org" })
                #expect(mail.contains { $0.body.contains("INV-2026-0001") && $0.body.contains("/invitation?token=") })
                #expect(try await Invitation.query(on: app.db).count() == 1)
                let actions = try await AuditRecord.query(on: app.db).sort(\.$sequence).all().map(\.action)
                #expect(actions == ["application.submit", "application.approve", "payment.record", "payment.record"])
                #expect(try await AuditLog.verify(on: app.db) == .intact(count: 4))
            }
        }

        @Test(arguments: TestDatabase.all)
        func approvingTwiceAtOnceCreatesOneMember(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                let id = try await Self.submit(app)
                let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0 ..< 6 {
                        group.addTask {
                            do {
                                _ = try await WeGOServer.MembershipService(app).approve(id, region: nil, actor: "user:a@wego.test")
                                return true
                            } catch MembershipError.applicationDecided(.approved) {
                                return false
                            }
                        }
                    }
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 }.count == 1)
                #expect(try await Member.query(on: app.db).count() == 1)
                #expect(try await Invoice.query(on: app.db).count() == 1)
                #expect(try await MembershipPeriod.query(on: app.db).count() == 1)
                do {
                    try await WeGOServer.MembershipService(app).reject(id, reason: "late", actor: "user:a@wego.test")
                    Issue.record("a decided application was rejected")
                } catch MembershipError.applicationDecided(.approved) {}
            }
        }

        @Test(arguments: TestDatabase.all)
        func invoiceNumbersHaveNoGapsUnderConcurrency(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                var ids: [UUID] = []
                for index in 1 ... 8 {
                    ids.append(try await Self.submit(app, Self.cityDraft("City \(index)", email: "c\(index)@example.org")))
                }
                // A transaction that takes a number and then fails gives the number back.
                await #expect(throws: (any Error).self) {
                    try await app.db.transaction { tx in
                        _ = try await DocumentNumbering.next(.invoice, year: 2026, on: tx)
                        throw Abort(.internalServerError)
                    }
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for id in ids {
                        group.addTask {
                            _ = try await WeGOServer.MembershipService(app).approve(id, region: nil, actor: "user:a@wego.test")
                        }
                    }
                    try await group.waitForAll()
                }
                let numbers = try await Invoice.query(on: app.db).all().map(\.number).sorted()
                #expect(numbers == (1 ... 8).map { DocumentNumber(series: .invoice, year: 2026, sequence: $0).description })
            }
        }

        @Test(arguments: TestDatabase.all)
        func aFailureMidwayThroughApprovalLeavesNothing(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                let id = try await Self.submit(app)
                // Number 0001 is already taken outside the counter, so the approval's invoice
                // insert fails after the member and period were written in its transaction.
                let sql = app.db.sql
                let squatter = Member(); squatter.slug = "squatter"; squatter.name = "Squatter"; squatter.category = .corporation
                squatter.founding = false; squatter.refreshSearchText()
                try await squatter.create(on: app.db)
                try await sql.insert(into: "invoices").columns(
                    "id", "number", "series", "year", "sequence", "member_id", "issued_on", "due_on",
                    "amount_cents", "description", "fee_explanation", "schedule_effective_from",
                    "bill_to_name", "created_at"
                )
                .values(
                    SQLBind(UUID()), SQLBind("INV-2026-0001"), SQLBind("INV"), SQLBind(2026), SQLBind(1), SQLBind(try squatter.requireID()),
                    SQLBind("2026-01-01"), SQLBind("2026-01-31"), SQLBind(100), SQLBind("x"), SQLBind("x"), SQLBind("2026-01-01"),
                    SQLBind("x"), SQLBind(Date())
                ).run()
                await #expect(throws: (any Error).self) {
                    _ = try await WeGOServer.MembershipService(app).approve(id, region: nil, actor: "user:a@wego.test")
                }
                #expect(try await Member.query(on: app.db).filter(\.$slug == "kathmandu-metropolitan-city").count() == 0)
                #expect(try await MembershipPeriod.query(on: app.db).count() == 0)
                #expect(try await MembershipApplication.find(id, on: app.db)?.status == .pending)
                #expect(try await OutboxMessage.query(on: app.db).count() == 1)  // the acknowledgement only
            }
        }

        @Test(arguments: TestDatabase.all)
        func paymentsThatDoNotFitChangeNothing(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                let service = WeGOServer.MembershipService(app)
                let (_, invoice) = try await service.approve(try await Self.submit(app), region: nil, actor: "user:a@wego.test")
                do {
                    _ = try await service.recordPayment(
                        invoiceNumber: invoice.number, draft: PaymentDraft(receivedOn: "2026-11-18", amount: "500.01", method: "card"),
                        actor: "x")
                    Issue.record("overpayment accepted")
                } catch MembershipError.invalid(let problems) { #expect(problems.fields == ["amount": "payment.error.amount_exceeds"]) }
                let credit = try await service.void(invoiceNumber: invoice.number, reason: "wrong population", actor: "x")
                #expect(credit.number == "CN-2026-0001" && credit.amountCents == invoice.amountCents)
                do {
                    _ = try await service.recordPayment(
                        invoiceNumber: invoice.number, draft: PaymentDraft(receivedOn: "2026-11-18", amount: "10", method: "card"),
                        actor: "x")
                    Issue.record("payment on a void invoice accepted")
                } catch MembershipError.invalid(let problems) { #expect(problems.fields == ["amount": "payment.error.void"]) }
                await #expect(throws: MembershipError.invoiceVoid) {
                    _ = try await service.void(invoiceNumber: invoice.number, reason: "again", actor: "x")
                }
                #expect(try await Payment.query(on: app.db).count() == 0)
                // The voided period can be invoiced again, with the next number.
                let period = try #require(try await MembershipPeriod.query(on: app.db).first())
                let again = try await service.reissue(periodID: try period.requireID(), actor: "x")
                #expect(again.number == "INV-2026-0002")
                await #expect(throws: MembershipError.periodAlreadyInvoiced) {
                    _ = try await service.reissue(periodID: try period.requireID(), actor: "x")
                }
            }
        }

        @Test(arguments: TestDatabase.all)
        func renewalsAndRemindersHappenOnceEvenWhenRunTogether(_ database: TestDatabase) async throws {
            let clock = MutableClock(pinnedNow)
            try await withWeGOApp(database, seed: false, clock: clock) { app in
                for index in 1 ... 3 {
                    let id = try await Self.submit(app, Self.cityDraft("City \(index)", email: "c\(index)@example.org"))
                    _ = try await WeGOServer.MembershipService(app).approve(id, region: nil, actor: "x")
                }
                // 2026-12-05, thirteen days before the due date (2026-12-18): "due in 14" is due.
                clock.advance(by: 17 * 86_400)
                let reports = try await withThrowingTaskGroup(of: WeGOServer.MembershipService.ReminderReport.self) { group in
                    for _ in 0 ..< 3 { group.addTask { try await WeGOServer.MembershipService(app).remind() } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(reports.map(\.sent.count).reduce(0, +) == 3)
                #expect(reports.map(\.alreadySent).reduce(0, +) == 6)
                #expect(try await OutboxMessage.query(on: app.db).filter(\.$dedupeKey != nil).count() == 3)

                let renewals = try await withThrowingTaskGroup(of: WeGOServer.MembershipService.RenewalReport.self) { group in
                    for _ in 0 ..< 2 { group.addTask { try await WeGOServer.MembershipService(app).renew(year: 2027, actor: "x") } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(renewals.map(\.issued.count).reduce(0, +) == 3)
                #expect(renewals.map(\.alreadyRenewed).reduce(0, +) == 3)
                #expect(try await MembershipPeriod.query(on: app.db).filter(\.$year == 2027).count() == 3)
                let numbers = try await Invoice.query(on: app.db).all().map(\.number).sorted()
                #expect(numbers == (1 ... 6).map { "INV-2026-000\($0)" })
                let renewal = try #require(try await MembershipPeriod.query(on: app.db).filter(\.$year == 2027).first())
                #expect(renewal.dueOn == "2027-01-31")

                // Unpaid past the 2026 due date: the daily run records the move into grace once.
                clock.advance(by: 20 * 86_400)
                let late = try await WeGOServer.MembershipService(app).remind()
                #expect(late.transitions == 3)
                #expect(try await WeGOServer.MembershipService(app).remind().transitions == 0)
                let causes = try await MembershipTransition.query(on: app.db).filter(\.$toStatus == .grace).all().map(\.cause)
                #expect(causes.count == 3 && causes.allSatisfy { $0 == "due date 2026-12-18 passed unpaid" })
            }
        }
    }
}

extension ServerTests.MembershipService {
    @Test(arguments: TestDatabase.all)
    func namesakesApprovedAtOnceGetTheirOwnAddresses(_ database: TestDatabase) async throws {
        try await withWeGOApp(database, seed: false) { app in
            var ids: [UUID] = []
            for index in 1 ... 4 { ids.append(try await Self.submit(app, Self.cityDraft("Springfield", email: "s\(index)@example.org"))) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in ids { group.addTask { _ = try await WeGOServer.MembershipService(app).approve(id, region: nil, actor: "x") } }
                try await group.waitForAll()
            }
            let slugs = try await Member.query(on: app.db).all().map(\.slug).sorted()
            #expect(slugs == ["springfield", "springfield-2", "springfield-3", "springfield-4"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func noFeeNoApproval(_ database: TestDatabase) async throws {
        try await withWeGOApp(database, seed: false) { app in
            var draft = ApplicationDraft()
            draft.category = "local_government"; draft.organizationName = "La Habana"; draft.subtype = "city"; draft.country = "CU"
            draft.population = "2100000"; draft.contactName = "Ana"; draft.contactEmail = "ana@example.org"; draft.consent = true
            let submission = try await WeGOServer.MembershipService(app).submit(
                try draft.validate(knownCountries: ["CU"]).get(), language: .es)
            let (application, quote) = (submission.application, submission.quote)
            #expect(quote == nil)
            let acknowledgement = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(acknowledgement.body.contains("Secretaría") || acknowledgement.body.contains("Secretar"))
            do {
                _ = try await WeGOServer.MembershipService(app).approve(try application.requireID(), region: nil, actor: "x")
                Issue.record("approved without a fee")
            } catch MembershipError.feeUnavailable(let reason) {
                #expect(reason.contains("Cuba"))
            }
            #expect(try await Member.query(on: app.db).count() == 0)
            #expect(try await MembershipApplication.find(application.requireID(), on: app.db)?.status == .pending)
        }
    }
}

extension ServerTests.MembershipService {
    @Test(arguments: TestDatabase.all)
    func waivingCancelsWhatIsUnpaidAndCorrectionsQueue(_ database: TestDatabase) async throws {
        try await withWeGOApp(database, seed: false) { app in
            let service = WeGOServer.MembershipService(app)
            let (member, invoice) = try await service.approve(try await Self.submit(app), region: .asiaPacific, actor: "x")
            _ = try await service.void(invoiceNumber: invoice.number, reason: "wrong population", actor: "x")
            let period = try #require(try await MembershipPeriod.query(on: app.db).first())
            // Two corrections of one period at once: one invoice, one refusal.
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0 ..< 2 {
                    group.addTask {
                        do {
                            _ = try await WeGOServer.MembershipService(app).reissue(periodID: try period.requireID(), actor: "x");
                            return true
                        } catch MembershipError.periodAlreadyInvoiced { return false }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.count == 2 && outcomes.filter { $0 }.count == 1)
            let reissued = try #require(try await Invoice.query(on: app.db).filter(\.$number == "INV-2026-0002").first())
            #expect(reissued.dueOn == "2026-12-18")
            try await service.waive(periodID: try period.requireID(), decision: "Executive Committee, 2026-11-18", actor: "x")
            let account = try await MembershipLedger.account(of: member, on: app.db)
            #expect(account.invoices.filter { $0.series == .invoice }.allSatisfy { $0.voidedAt != nil })
            #expect(account.invoices.filter { $0.series == .creditNote }.map(\.number).sorted() == ["CN-2026-0001", "CN-2026-0002"])
            #expect(account.standing(on: CalendarDate(pinnedNow), policy: .standard).goodStanding)
            let dues = try await DuesOverview.load(year: 2026, today: CalendarDate(pinnedNow), policy: .standard, on: app.db)
            #expect(dues.lines.map(\.outstanding) == [USD(cents: 0)] && dues.totals.first?.receivable == USD(cents: 0))
            await #expect(throws: MembershipError.periodSettled) {
                try await service.waive(periodID: try period.requireID(), decision: "again", actor: "x")
            }
        }
    }

    @Test func aDoubleSubmitStoresOneApplicationAndAddressesAreLimited() async throws {
        try await withWeGOApp(.sqlite, seed: false) { app in
            let service = WeGOServer.MembershipService(app)
            let first = try await service.submit(Self.cityDraft(), language: .en, from: "203.0.113.9")
            let again = try await service.submit(Self.cityDraft(), language: .en, from: "203.0.113.9")
            #expect(!first.alreadyReceived && again.alreadyReceived && again.application.id == first.application.id)
            for index in 2 ... 5 {
                _ = try await service.submit(
                    Self.cityDraft("City \(index)", email: "c\(index)@example.org"), language: .en, from: "203.0.113.9")
            }
            await #expect(throws: MembershipError.tooManyApplications) {
                _ = try await service.submit(Self.cityDraft("City 6", email: "c6@example.org"), language: .en, from: "203.0.113.9")
            }
            _ = try await service.submit(Self.cityDraft("City 6", email: "c6@example.org"), language: .en, from: "198.51.100.7")
            #expect(try await MembershipApplication.query(on: app.db).count() == 6)
            #expect(try await OutboxMessage.query(on: app.db).count() == 6)
        }
    }

    @Test func aDecemberApprovalStartsWithTheNextYear() async throws {
        let clock = MutableClock(Date(timeIntervalSince1970: 1_796_428_800))  // 2026-12-05
        try await withWeGOApp(.sqlite, seed: false, clock: clock) { app in
            let (member, invoice) = try await WeGOServer.MembershipService(app).approve(try await Self.submit(app), region: nil, actor: "x")
            #expect(invoice.number == "INV-2026-0001" && invoice.dueOn == "2027-01-31")
            let account = try await MembershipLedger.account(of: member, on: app.db)
            #expect(account.periods.map(\.year) == [2027])
            #expect(account.standing(on: CalendarDate(clock.now), policy: .standard).status == .active)
        }
    }
}
