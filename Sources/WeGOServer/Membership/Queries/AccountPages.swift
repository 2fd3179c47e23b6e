import Fluent
import Vapor
import WeGOCore

/// A member as the membership pages name it.
struct MembershipMember: Sendable {
    var slug: String
    var name: String
    var category: MemberCategory
    var region: Region?
    var country: String?
    var contactEmail: String?

    init(_ member: Member) {
        slug = member.slug; name = member.name; category = member.category; region = member.region; country = member.country
        contactEmail = member.contactEmail
    }
}

/// A member's membership account: standing, periods, invoices, the history of its status, and
/// for the Secretariat (`manage`) the actions on them.
struct AccountPage: Sendable {
    struct Period: Sendable {
        var id: UUID
        var year: Int
        var dueOn: String
        var graceUntil: String
        var waiverDecision: String?
        var facts: PeriodFacts
    }

    /// An invoice or a credit note.
    struct Document: Sendable {
        var number: String
        var isInvoice: Bool
        var issuedOn: String
        var dueOn: String
        var amount: USD
        var paid: USD
        var state: InvoiceState
    }

    struct Transition: Sendable {
        var occurredAt: Date
        var from: MembershipStatus?
        var to: MembershipStatus
        var cause: String
    }

    struct Resignation: Sendable {
        var notifiedOn: String
        var effectiveOn: String
        var note: String?
    }

    var member: MembershipMember
    var standing: Standing
    var today: CalendarDate
    var manage: Bool
    var periods: [Period]
    /// Newest first.
    var documents: [Document]
    var transitions: [Transition]
    var resignation: Resignation?
    /// How the newest standing invoice's fee was computed.
    var feeExplanation: String?
    var reference: ReferenceData

    static func query(
        member: Member, manage: Bool, today: CalendarDate, policy: MembershipPolicy, on db: any Database,
        reference: ReferenceData
    ) async throws -> AccountPage {
        let account = try await MembershipLedger.account(of: member, on: db)
        let periods = try zip(account.periods, account.facts).map { period, facts in
            Period(
                id: try period.requireID(), year: period.year, dueOn: period.dueOn, graceUntil: period.graceUntil,
                waiverDecision: period.waiverDecision, facts: facts)
        }
        let transitions = account.transitions.map {
            Transition(occurredAt: $0.occurredAt, from: $0.fromStatus, to: $0.toStatus, cause: $0.cause)
        }
        return AccountPage(
            member: MembershipMember(member), standing: account.standing(on: today, policy: policy), today: today, manage: manage,
            periods: periods, documents: account.invoices.map(Document.init), transitions: transitions,
            resignation: account.resignation.map { Resignation(notifiedOn: $0.notifiedOn, effectiveOn: $0.effectiveOn, note: $0.note) },
            feeExplanation: account.invoices.first { $0.series == .invoice && $0.voidedAt == nil }?.feeExplanation,
            reference: reference)
    }
}

extension AccountPage.Document {
    init(_ invoice: Invoice) {
        self.init(
            number: invoice.number, isInvoice: invoice.series == .invoice, issuedOn: invoice.issuedOn, dueOn: invoice.dueOn,
            amount: invoice.amount, paid: invoice.paid, state: invoice.state)
    }
}

/// The printable invoice or credit note, with the Secretariat's payment and void forms.
struct InvoicePage: Sendable {
    struct Payment: Sendable {
        var receivedOn: String
        var method: PaymentMethod
        var reference: String?
        var amount: USD
    }

    var memberID: UUID
    var number: String
    var isInvoice: Bool
    var billToName: String
    var billToCountry: String?
    var issuedOn: String
    var dueOn: String
    var description: String
    var amount: USD
    var state: InvoiceState
    var outstanding: USD
    /// For an invoice, how its fee was computed; for a credit note, why it was issued.
    var feeExplanation: String
    var scheduleEffectiveFrom: String
    var voidedAt: Date?
    var voidReason: String?
    /// The credit note that cancelled this invoice.
    var creditNote: String?
    /// The invoice this credit note cancels.
    var cancels: String?
    /// In the order received.
    var payments: [Payment]
    var manage: Bool
    var today: CalendarDate
    var reference: ReferenceData

    /// The document for someone who may see it: 404 for an unknown number, 403 for another member's.
    static func query(
        number: String?, for viewer: SignedInUser, today: CalendarDate, on db: any Database,
        reference: ReferenceData
    ) async throws -> InvoicePage {
        guard let number, DocumentNumber(number) != nil,
            let invoice = try await Invoice.query(on: db).filter(\.$number == number).with(\.$payments).with(\.$creditsInvoice).first()
        else { throw Abort(.notFound) }
        guard Permissions.canView(accountOf: invoice.$member.id, user: viewer) else { throw Abort(.forbidden) }
        let creditNote =
            invoice.series == .invoice
            ? try await Invoice.query(on: db).filter(\.$creditsInvoice.$id == invoice.requireID()).first() : nil
        let payments = invoice.payments.sorted { $0.receivedOn < $1.receivedOn }
            .map { Payment(receivedOn: $0.receivedOn, method: $0.method, reference: $0.reference, amount: USD(cents: $0.amountCents)) }
        return InvoicePage(
            memberID: invoice.$member.id, number: invoice.number, isInvoice: invoice.series == .invoice, billToName: invoice.billToName,
            billToCountry: invoice.billToCountry, issuedOn: invoice.issuedOn, dueOn: invoice.dueOn, description: invoice.description,
            amount: invoice.amount, state: invoice.state, outstanding: invoice.outstanding, feeExplanation: invoice.feeExplanation,
            scheduleEffectiveFrom: invoice.scheduleEffectiveFrom, voidedAt: invoice.voidedAt, voidReason: invoice.voidReason,
            creditNote: creditNote?.number, cancels: invoice.creditsInvoice?.number, payments: payments,
            manage: Permissions.canManageMembership(viewer), today: today, reference: reference)
    }
}

/// The form that makes an invitation's addressee the member's representative.
struct InvitationPage: Sendable {
    var invitationID: UUID
    var memberName: String
    var email: String

    /// nil for an unknown, used or expired token, which all read as gone.
    static func query(token: String?, now: Date, on db: any Database) async throws -> InvitationPage? {
        guard let token, !token.isEmpty, token.count <= 100,
            let invitation = try await Invitation.query(on: db).filter(\.$tokenHash == TokenHash.sha256Hex(token))
                .with(\.$member).first(),
            invitation.acceptedAt == nil, invitation.expiresAt > now
        else { return nil }
        return InvitationPage(invitationID: try invitation.requireID(), memberName: invitation.member.name, email: invitation.email)
    }
}
