import Fluent
import Vapor
import WeGOCore

/// Dues by region and by member for one year, with the queue's length beside them.
struct DuesPage: Sendable {
    var overview: DuesOverview
    var pendingApplications: Int
    var reference: ReferenceData

    static func query(
        year: Int, today: CalendarDate, policy: MembershipPolicy, on db: any Database,
        reference: ReferenceData
    ) async throws -> DuesPage {
        let overview = try await DuesOverview.load(year: year, today: today, policy: policy, on: db)
        let pending = try await MembershipApplication.query(on: db).filter(\.$status == .pending).count()
        return DuesPage(overview: overview, pendingApplications: pending, reference: reference)
    }
}

/// Every invoice and credit note numbered in one year.
struct InvoiceListPage: Sendable {
    struct Row: Sendable {
        var document: AccountPage.Document
        var billToName: String
    }

    var year: Int
    var rows: [Row]

    static func query(year: Int, on db: any Database) async throws -> InvoiceListPage {
        let invoices = try await Invoice.query(on: db).filter(\.$year == year).with(\.$payments)
            .sort(\.$series, .descending).sort(\.$sequence).all()
        return InvoiceListPage(year: year, rows: invoices.map { Row(document: AccountPage.Document($0), billToName: $0.billToName) })
    }
}

/// The newest e-mails the platform queued, and whether it can send them.
struct OutboxPage: Sendable {
    struct Message: Sendable {
        var createdAt: Date
        var recipient: String
        var subject: String
        var body: String
        var sentAt: Date?
        var lastError: String?
        var attempts: Int
    }

    var messages: [Message]
    var smtpConfigured: Bool

    static func query(on db: any Database, smtpConfigured: Bool, newest count: Int = 200) async throws -> OutboxPage {
        let messages = try await OutboxMessage.query(on: db).sort(\.$createdAt, .descending).limit(count).all().map { message in
            Message(
                createdAt: message.createdAt, recipient: message.recipient, subject: message.subject, body: message.body,
                sentAt: message.sentAt, lastError: message.lastError, attempts: message.attempts)
        }
        return OutboxPage(messages: messages, smtpConfigured: smtpConfigured)
    }
}

/// The Secretariat's GDP figures beside the shipped ones they override.
struct GDPPage: Sendable {
    struct Override: Sendable {
        var country: String
        var value: USD
        var year: Int
        var source: String
    }

    var overrides: [Override]
    var shipped: GDPDataset
    var reference: ReferenceData

    static func query(on db: any Database, shipped: GDPDataset, reference: ReferenceData) async throws -> GDPPage {
        let overrides = try await GDPOverride.query(on: db).sort(\.$country).all()
            .map { Override(country: $0.country, value: USD(cents: $0.valueCents), year: $0.year, source: $0.source) }
        return GDPPage(overrides: overrides, shipped: shipped, reference: reference)
    }
}
