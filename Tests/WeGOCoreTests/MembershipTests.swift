import Foundation
import Testing

@testable import WeGOCore

@Suite struct CalendarDateTests {
    @Test(arguments: ["2026-01-01", "2024-02-29", "1999-12-31", "2026-11-22"])
    func roundTripsISO(_ text: String) throws {
        #expect(try #require(CalendarDate(iso: text)).iso == text)
    }

    @Test(arguments: [
        "2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026/01/01", "", "2026-01-01T00:00", "２０２６-01-01",
    ])
    func rejectsWhatIsNotADay(_ text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func addsDaysAcrossMonthsYearsAndLeapDays() throws {
        let start = try #require(CalendarDate(iso: "2024-02-28"))
        #expect(start.adding(days: 1).iso == "2024-02-29")
        #expect(start.adding(days: 2).iso == "2024-03-01")
        #expect(try #require(CalendarDate(iso: "2026-12-02")).adding(days: 30).iso == "2027-01-01")
        #expect(try #require(CalendarDate(iso: "2026-03-01")).adding(days: -1).iso == "2026-02-28")
        #expect(start.days(until: try #require(CalendarDate(iso: "2025-02-28"))) == 366)
    }

    @Test func readsTheUTCDayOfAnInstant() {
        #expect(CalendarDate(Date(timeIntervalSince1970: 1_795_000_000)).iso == "2026-11-18")
        #expect(CalendarDate(Date(timeIntervalSince1970: -1)).iso == "1969-12-31")
    }
}

@Suite struct ApplicationDraftTests {
    static let countries: Set<String> = ["NP", "KR", "UG"]

    static func city() -> ApplicationDraft {
        var draft = ApplicationDraft()
        draft.category = "local_government"; draft.organizationName = " Kathmandu Metropolitan City "
        draft.subtype = "city"; draft.country = "np"; draft.population = "1,003,285"
        draft.contactName = "Sita Sharma"; draft.contactEmail = "Sita@Example.ORG"; draft.consent = true
        return draft
    }

    @Test func acceptsACompleteCityApplication() throws {
        let valid = try Self.city().validate(knownCountries: Self.countries).get()
        #expect(valid.organizationName == "Kathmandu Metropolitan City" && valid.country == "NP")
        #expect(valid.population == 1_003_285 && valid.employees == nil && valid.contactEmail == "sita@example.org")
        #expect(valid.feeApplicant == .localGovernment(country: "NP", population: 1_003_285))
    }

    @Test func acceptsACompanyByHeadCount() throws {
        var draft = Self.city()
        draft.category = "corporation"; draft.subtype = "startup"; draft.employees = "50"; draft.population = ""
        let valid = try draft.validate(knownCountries: Self.countries).get()
        #expect(valid.feeApplicant == .corporation(employees: 50))
    }

    @Test(arguments: [
        ("population", "0", "application.error.population_invalid"),
        ("population", "-5", "application.error.population_invalid"),
        ("population", "many", "application.error.population_invalid"),
        ("population", "", "application.error.population_required"),
        ("country", "QQ", "application.error.country"),
        ("subtype", "startup", "application.error.subtype_local_government"),
        ("contact_email", "not-an-address", "application.error.contact_email"),
        ("contact_phone", "call me", "application.error.contact_phone"),
        ("organization_name", "  ", "application.error.organization_name_required"),
        ("organization_name", "a\u{0}b", "form.invalid_characters"),
    ])
    func namesTheFieldThatIsWrong(_ field: String, _ value: String, _ key: String) {
        var draft = Self.city()
        switch field {
        case "population": draft.population = value
        case "country": draft.country = value
        case "subtype": draft.subtype = value
        case "contact_email": draft.contactEmail = value
        case "contact_phone": draft.contactPhone = value
        default: draft.organizationName = value
        }
        guard case .failure(let problems) = draft.validate(knownCountries: Self.countries) else {
            Issue.record("accepted \(field)=\(value)"); return
        }
        #expect(problems.fields == [field: key])
    }

    @Test func requiresConsentAndEmployeesForOrganizations() {
        var draft = Self.city()
        draft.category = "institution"; draft.subtype = "academic"; draft.consent = false
        guard case .failure(let problems) = draft.validate(knownCountries: Self.countries) else { Issue.record("accepted"); return }
        #expect(problems.fields == ["consent": "application.error.consent", "employees": "application.error.employees_required"])
    }

    @Test func keepsLineBreaksInTheMotivationButNotOtherControls() {
        var draft = Self.city()
        draft.motivation = "We want to learn.\r\nAnd share."
        #expect((try? draft.validate(knownCountries: Self.countries).get())?.motivation == "We want to learn.\r\nAnd share.")
        draft.motivation = "bell\u{7}"
        #expect((try? draft.validate(knownCountries: Self.countries).get()) == nil)
    }
}

@Suite struct InvoicingTests {
    @Test func numbersArePaddedAndParsed() throws {
        #expect(DocumentNumber(series: .invoice, year: 2026, sequence: 1).description == "INV-2026-0001")
        #expect(DocumentNumber(series: .creditNote, year: 2027, sequence: 12_345).description == "CN-2027-12345")
        let parsed = try #require(DocumentNumber("INV-2026-0042"))
        #expect(parsed == DocumentNumber(series: .invoice, year: 2026, sequence: 42))
        for bad in ["INV-2026-42", "INV-26-0001", "XX-2026-0001", "INV-2026-0000", "INV-2026-00a1", "INV--2026-0001"] {
            #expect(DocumentNumber(bad) == nil, "\(bad)")
        }
    }

    @Test(
        arguments: [
            (100_000, 0, false, InvoiceState.issued), (100_000, 40_000, false, .partlyPaid),
            (100_000, 100_000, false, .paid), (100_000, 100_000, true, .void), (100_000, 0, true, .void),
        ] as [(Int64, Int64, Bool, InvoiceState)])
    func stateFollowsPayments(_ amount: Int64, _ paid: Int64, _ voided: Bool, _ state: InvoiceState) {
        #expect(InvoiceState.of(amount: USD(cents: amount), paid: USD(cents: paid), voided: voided) == state)
    }

    static let issued = CalendarDate(iso: "2026-11-01")!
    static let today = CalendarDate(iso: "2026-11-22")!

    @Test func acceptsAPartPayment() throws {
        let draft = PaymentDraft(receivedOn: "2026-11-20", amount: "250.50", method: "bank_transfer", reference: " TX-9 ")
        let valid = try draft.validate(outstanding: USD(dollars: 500), state: .issued, issuedOn: Self.issued, today: Self.today).get()
        #expect(valid.amount == USD(cents: 25_050) && valid.reference == "TX-9" && valid.method == .bankTransfer)
    }

    @Test(
        arguments: [
            (
                PaymentDraft(receivedOn: "2026-11-20", amount: "500.01", method: "card"), InvoiceState.issued,
                ["amount": "payment.error.amount_exceeds"]
            ),
            (PaymentDraft(receivedOn: "2026-11-20", amount: "0", method: "card"), .issued, ["amount": "payment.error.amount"]),
            (PaymentDraft(receivedOn: "2026-11-20", amount: "-3", method: "card"), .issued, ["amount": "payment.error.amount"]),
            (PaymentDraft(receivedOn: "2026-11-23", amount: "10", method: "card"), .issued, ["received_on": "payment.error.date_future"]),
            (
                PaymentDraft(receivedOn: "2026-10-31", amount: "10", method: "card"), .issued,
                ["received_on": "payment.error.date_before_invoice"]
            ),
            (
                PaymentDraft(receivedOn: "yesterday", amount: "10", method: "barter"), .issued,
                ["received_on": "payment.error.date", "method": "payment.error.method"]
            ),
            (PaymentDraft(receivedOn: "2026-11-20", amount: "10", method: "card"), .void, ["amount": "payment.error.void"]),
            (PaymentDraft(receivedOn: "2026-11-20", amount: "10", method: "card"), .paid, ["amount": "payment.error.already_paid"]),
        ] as [(PaymentDraft, InvoiceState, [String: String])])
    func refusesPaymentsThatDoNotFit(_ draft: PaymentDraft, _ state: InvoiceState, _ expected: [String: String]) {
        guard
            case .failure(let problems) = draft.validate(
                outstanding: USD(dollars: 500), state: state, issuedOn: Self.issued, today: Self.today)
        else {
            Issue.record("accepted \(draft)"); return
        }
        #expect(problems.fields == expected)
    }
}

@Suite struct StandingTests {
    static let policy = MembershipPolicy(paymentTermDays: 30, graceDays: 60, reminderOffsets: [30, -14, 7])
    static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    static func period(
        _ year: Int, issued: String = "2026-01-10", billed: Int64 = 500, paid: Int64 = 0, waived: Bool = false
    ) -> PeriodFacts {
        let terms = policy.terms(issuedOn: day(issued))
        return PeriodFacts(
            year: year, dueOn: terms.dueOn, graceUntil: terms.graceUntil, billed: USD(dollars: billed),
            paid: USD(dollars: paid), invoiced: billed > 0, waived: waived)
    }

    static func standing(_ today: String, _ periods: [PeriodFacts], resigned: String? = nil) -> Standing {
        Standing.on(day(today), periods: periods, resignationEffectiveOn: resigned.map(day), policy: policy)
    }

    @Test func termsComeFromTheIssueDate() {
        let terms = Self.policy.terms(issuedOn: Self.day("2026-01-10"))
        #expect(terms.dueOn.iso == "2026-02-09" && terms.graceUntil.iso == "2026-04-10")
    }

    @Test(
        arguments: [
            ("2026-02-09", MembershipStatus.active, false),  // due today, not yet paid
            ("2026-02-10", .grace, false),  // first day past due
            ("2026-04-10", .grace, false),  // last day of grace
            ("2026-04-11", .lapsed, false),  // grace over
        ] as [(String, MembershipStatus, Bool)])
    func unpaidPeriodMovesFromActiveThroughGraceToLapsed(_ today: String, _ status: MembershipStatus, _ good: Bool) {
        let standing = Self.standing(today, [Self.period(2026)])
        #expect(standing.status == status && standing.goodStanding == good && standing.year == 2026)
    }

    @Test func paidInFullOrWaivedIsGoodStanding() {
        #expect(Self.standing("2026-06-01", [Self.period(2026, paid: 500)]) == Standing(status: .active, goodStanding: true, year: 2026))
        #expect(Self.standing("2026-06-01", [Self.period(2026, billed: 0, waived: true)]).goodStanding)
        #expect(Self.standing("2026-06-01", [Self.period(2026, paid: 499)]).status == .lapsed)
        // A period whose only invoice was voided is billed nothing, but it is not paid.
        #expect(!Self.standing("2026-01-20", [Self.period(2026, billed: 0)]).goodStanding)
    }

    @Test func aResignationTakesEffectOnItsDate() {
        let paid = [Self.period(2026, paid: 500)]
        #expect(Self.standing("2026-12-30", paid, resigned: "2026-12-31").status == .active)
        #expect(Self.standing("2026-12-31", paid, resigned: "2026-12-31") == Standing(status: .resigned, goodStanding: false, year: nil))
    }

    @Test func withoutThisYearsPeriodLastYearsPaymentCarriesIntoGrace() {
        let last = [Self.period(2026, paid: 500)]
        #expect(Self.standing("2027-01-31", last).status == .active)
        #expect(Self.standing("2027-02-01", last).status == .grace)
        #expect(Self.standing("2027-04-01", last).status == .grace)
        #expect(Self.standing("2027-04-02", last).status == .lapsed)
        // Unpaid last year: its own dates still apply into the new year.
        let lateNovember = Self.period(2026, issued: "2026-11-18")  // due 2026-12-18, grace until 2027-02-16
        #expect(Self.standing("2027-01-05", [lateNovember]).status == .grace)
        #expect(Self.standing("2027-02-17", [lateNovember]).status == .lapsed)
        #expect(Self.standing("2027-01-05", [Self.period(2026)]).status == .lapsed)
        #expect(Self.standing("2026-01-05", []).status == .untracked)
        #expect(
            Self.standing("2026-12-20", [Self.period(2027, issued: "2026-12-15")])
                == Standing(status: .active, goodStanding: false, year: nil))
        // Approved in December and already paid for the first year: in good standing now.
        #expect(
            Self.standing("2026-12-20", [Self.period(2027, issued: "2026-12-15", paid: 500)])
                == Standing(status: .active, goodStanding: true, year: 2027))
    }

    @Test func decemberApprovalsStartWithTheNextYear() {
        let november = Self.policy.firstYear(approvedOn: Self.day("2026-11-30"))
        #expect(november.year == 2026 && november.termsFrom.iso == "2026-11-30")
        let december = Self.policy.firstYear(approvedOn: Self.day("2026-12-01"))
        #expect(december.year == 2027 && december.termsFrom.iso == "2027-01-01")
    }

    @Test func remindersFollowTheOffsetsOnceEach() {
        let unpaid = Self.period(2026)  // due 2026-02-09, grace until 2026-04-10
        #expect(ReminderPlan.due(for: unpaid, on: Self.day("2026-01-25"), policy: Self.policy) == nil)
        #expect(ReminderPlan.due(for: unpaid, on: Self.day("2026-01-26"), policy: Self.policy) == -14)
        #expect(ReminderPlan.due(for: unpaid, on: Self.day("2026-02-16"), policy: Self.policy) == 7)
        #expect(ReminderPlan.due(for: unpaid, on: Self.day("2026-03-20"), policy: Self.policy) == 30)
        #expect(ReminderPlan.due(for: unpaid, on: Self.day("2026-04-11"), policy: Self.policy) == nil)
        #expect(ReminderPlan.due(for: Self.period(2026, paid: 500), on: Self.day("2026-02-16"), policy: Self.policy) == nil)
        #expect(
            [ReminderPlan.kind(offset: -14), ReminderPlan.kind(offset: 0), ReminderPlan.kind(offset: 7)] == [
                "due_in_14", "due_today", "overdue_7",
            ])
    }
}

@Suite struct MoneyAndCatalogInputTests {
    @Test(arguments: ["12,5", "1,00", ",500", "1234,567", "99999999999999999", "1e5", "5.123", "-4"])
    func refusesAmountsThatAreNotPlainDollars(_ text: String) {
        #expect(USD(parsing: text) == nil, "\(text)")
    }

    @Test func writesAmountsPlainly() {
        #expect(USD(cents: 50_005).decimal == "500.05" && USD(cents: 7).decimal == "0.07" && USD(cents: -1_250).decimal == "-12.50")
        #expect(USD(dollars: 500).description == "USD 500.00" && USD(cents: -1_250).description == "-USD 12.50")
    }

    @Test func acceptsGroupedAmounts() {
        #expect(USD(parsing: "12,300.50") == USD(cents: 1_230_050))
        #expect(USD(parsing: "1,234,567") == USD(dollars: 1_234_567))
        #expect(USD(parsing: "999999999999.99") == USD(cents: 99_999_999_999_999))
    }

    @Test func placeholdersInValuesAreNotExpandedAgain() {
        let catalog = Catalog(language: .en, strings: ["k": "Dear {name}, see {link}. {unknown}"])
        #expect(catalog.text("k", ["name": "{link}", "link": "https://x"]) == "Dear {link}, see https://x. {unknown}")
    }
}
