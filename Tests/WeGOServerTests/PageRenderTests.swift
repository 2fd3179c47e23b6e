import Foundation
import Testing
import WeGOCore
import WeGOIndex

@testable import WeGOServer

/// Views rendered from page models built by hand: no database, no HTTP. Each checks the page's
/// title, that a hostile name is escaped wherever it appears, and a link the page must carry.
@Suite struct PageRenderTests {
    static let hostile = "<script>alert(1)</script> & \"Co\""
    static let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"
    static let catalog = Result { try Localization.load().catalog(.en) }
    static let reference = ReferenceData(countries: [
        "KR": Country(iso2: "KR", iso3: "KOR", names: ["en": "Republic of Korea"], continent: "AS")
    ])

    static func context(path: String = "/") throws -> PageContext {
        PageContext(catalog: try catalog.get(), csrfToken: "token-1", path: path)
    }

    static func expectSafe(_ html: HTML) {
        #expect(!html.text.contains("<script>alert(1)"))
        #expect(html.text.contains(escaped))
    }

    static let member = MemberSummary(
        slug: "hostile", name: hostile, nameLocal: nil, category: .localGovernment, subtype: .city,
        region: .asiaPacific, country: "KR", founding: true, latitude: 37.57, longitude: 126.98,
        population: 9_796_000)

    @Test func memberProfile() throws {
        let page = MemberProfilePage(
            profile: MemberDirectory.Profile(
                member: Self.member, note: nil, roles: [(role: .president, term: "2023-2026")],
                networks: [], offices: [], updatedAt: nil),
            index: [IndexAppearance(title: "CFRI 2025", link: .index(.edition(.value("cfri-2025"))), rank: 10, total: 102)],
            reference: Self.reference)
        let html = MemberProfileView(model: page, context: try Self.context(path: "/members/hostile")).render()
        #expect(html.text.contains("<title>\(Self.escaped) · WeGO</title>"))
        #expect(html.text.contains("<h1>\(Self.escaped)</h1>"))
        Self.expectSafe(html)
        #expect(html.text.contains("<a href=\"/index/cfri-2025\">CFRI 2025</a>: Rank 10 of 102"))
        #expect(html.text.contains("Republic of Korea") && html.text.contains("9,796,000"))
    }

    @Test func governanceLinksEachSeatToItsMember() throws {
        let page = GovernancePage(
            seats: [.init(role: .president, term: "2023-2026", member: Self.member)],
            founders: [.init(name: "Former City", country: nil, memberSlug: nil)], reference: Self.reference)
        let html = AboutViews.governance(page, try Self.context())
        #expect(html.text.contains("<title>Governance · WeGO</title>"))
        Self.expectSafe(html)
        #expect(html.text.contains("<a href=\"/members/hostile\">\(Self.escaped)</a> (Republic of Korea)"))
    }

    @Test func invoiceWithPaymentAndVoidForms() throws {
        let page = InvoicePage(
            memberID: UUID(), number: "INV-2026-0007", isInvoice: true, billToName: Self.hostile, billToCountry: "KR",
            issuedOn: "2026-11-18", dueOn: "2026-12-18", description: "WeGO membership 2026", amount: USD(dollars: 500),
            state: .issued, outstanding: USD(dollars: 500), feeExplanation: "annual fee USD 500", scheduleEffectiveFrom: "2026-01-01",
            voidedAt: nil, voidReason: nil, creditNote: nil, cancels: nil, payments: [], manage: true,
            today: CalendarDate(iso: "2026-11-20")!, reference: Self.reference)
        let html = MembershipViews.invoice(page, try Self.context(), payment: PaymentDraft(), errors: [:], alert: nil)
        #expect(html.text.contains("<title>Invoice INV-2026-0007 · WeGO</title>"))
        Self.expectSafe(html)
        #expect(html.text.contains("action=\"/admin/invoices/INV-2026-0007/payments\""))
        #expect(html.text.contains("id=\"void-form\"") && html.text.contains("value=\"500.00\""))
    }

    @Test func creditNoteLinksTheInvoiceItCancels() throws {
        let page = InvoicePage(
            memberID: UUID(), number: "CN-2026-0001", isInvoice: false, billToName: Self.hostile, billToCountry: nil,
            issuedOn: "2026-11-20", dueOn: "2026-11-20", description: "WeGO membership 2026", amount: USD(dollars: 500),
            state: .issued, outstanding: USD(dollars: 500), feeExplanation: "wrong population", scheduleEffectiveFrom: "2026-01-01",
            voidedAt: nil, voidReason: nil, creditNote: nil, cancels: "INV-2026-0007", payments: [], manage: true,
            today: CalendarDate(iso: "2026-11-20")!, reference: Self.reference)
        let html = MembershipViews.invoice(page, try Self.context(), payment: PaymentDraft(), errors: [:], alert: nil)
        #expect(html.text.contains("<title>Credit note CN-2026-0001 · WeGO</title>"))
        Self.expectSafe(html)
        #expect(html.text.contains("<a href=\"/invoices/INV-2026-0007\">INV-2026-0007</a>"))
        #expect(!html.text.contains("payment-form"), "a credit note takes no payment")
    }

    @Test func publishedRankingMarksMembersAndUnnamedRanks() throws {
        let edition = EditionSummary(
            slug: "cfri-2025", title: "CFRI 2025", year: 2025, kind: .published, status: .published,
            source: nil, rankedCount: 102)
        let page = PublishedRankingPage(
            edition: edition,
            entries: [
                .init(rank: 1, city: Self.hostile, country: "KR", member: EditionMemberLink(slug: "hostile", name: Self.hostile)),
                .init(rank: 3, city: "London", country: "GB", member: nil),
            ],
            missingRanks: [2], reference: Self.reference)
        let html = IndexViews.publishedRanking(page, try Self.context(path: "/index/cfri-2025"))
        #expect(html.text.contains("<title>CFRI 2025 · WeGO</title>"))
        Self.expectSafe(html)
        #expect(html.text.contains("href=\"/members/hostile\""))
        #expect(html.text.components(separatedBy: "class=\"wego-member\"").count == 2)
        #expect(html.text.contains("Not published: this rank is not named"))
        #expect(html.text.contains("href=\"/index/cfri-2025/ranking.csv\""))
    }

    @Test func userListLinksEachAccount() throws {
        let id = UUID()
        let page = UserListPage(rows: [
            .init(
                id: id, email: "staff@example.org", displayName: Self.hostile, role: .regionalStaff,
                region: .africa, memberName: nil, disabled: false)
        ])
        let html = UserAdminViews.list(page, try Self.context())
        #expect(html.text.contains("<title>Users · WeGO</title>"))
        Self.expectSafe(html)
        #expect(html.text.contains("href=\"/admin/users/\(id.uuidString.lowercased())/edit\""))
    }
}
