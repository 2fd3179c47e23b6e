import Fluent
import Foundation
import WeGOCore

final class GDPOverride: Model, @unchecked Sendable {
    static let schema = "gdp_overrides"
    @ID(key: .id) var id: UUID?
    @Field(key: "country") var country: String
    @Field(key: "value_cents") var valueCents: Int64
    @Field(key: "year") var year: Int
    @Field(key: "source") var source: String
    @Field(key: "recorded_at") var recordedAt: Date
    init() {}

    var figure: GDPFigure { GDPFigure(value: USD(cents: valueCents), year: year, source: source) }
}

final class MembershipApplication: Model, @unchecked Sendable {
    static let schema = "membership_applications"
    @ID(key: .id) var id: UUID?
    @Enum(key: "status") var status: ApplicationStatus
    @Enum(key: "category") var category: MemberCategory
    @Field(key: "organization_name") var organizationName: String
    @Enum(key: "subtype") var subtype: MemberSubtype
    @Field(key: "country") var country: String
    @OptionalField(key: "population") var population: Int?
    @OptionalField(key: "employees") var employees: Int?
    @Field(key: "contact_name") var contactName: String
    @Field(key: "contact_email") var contactEmail: String
    @OptionalField(key: "contact_phone") var contactPhone: String?
    @OptionalField(key: "motivation") var motivation: String?
    /// The interface language the applicant used; their messages are written in it.
    @Field(key: "language") var language: String
    @Field(key: "consented_at") var consentedAt: Date
    @Field(key: "submitted_from") var submittedFrom: String
    @Field(key: "submitted_at") var submittedAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decision_reason") var decisionReason: String?
    @OptionalParent(key: "member_id") var member: Member?
    /// Contact and folded organization name; unique among pending applications (migration 12).
    @OptionalField(key: "duplicate_key") var duplicateKey: String?
    init() {}

    static func duplicateKey(email: String, organization: String) -> String {
        EmailAddress.normalized(email) + "\n" + TextFolding.fold(organization)
    }

    var feeApplicant: FeeApplicant {
        switch category {
        case .localGovernment: .localGovernment(country: country, population: population)
        case .corporation: .corporation(employees: employees)
        case .institution: .institution(employees: employees)
        }
    }

    /// A short reference the applicant can quote: the first block of the id.
    var reference: String { String((id?.uuidString ?? "").prefix(8)) }
}

/// One membership year of one member. Standing is computed from these, their invoices and
/// payments; nothing here says "paid".
final class MembershipPeriod: Model, @unchecked Sendable {
    static let schema = "membership_periods"
    @ID(key: .id) var id: UUID?
    @Parent(key: "member_id") var member: Member
    @Field(key: "year") var year: Int
    @Field(key: "due_on") var dueOn: String
    @Field(key: "grace_until") var graceUntil: String
    /// The recorded decision that waived this year's fee (e.g. "Executive Committee, 2026-03-05").
    @OptionalField(key: "waiver_decision") var waiverDecision: String?
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class Invoice: Model, @unchecked Sendable {
    static let schema = "invoices"
    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @Enum(key: "series") var series: DocumentNumber.Series
    @Field(key: "year") var year: Int
    @Field(key: "sequence") var sequence: Int
    @Parent(key: "member_id") var member: Member
    @OptionalParent(key: "period_id") var period: MembershipPeriod?
    /// Set on a credit note: the invoice it cancels.
    @OptionalParent(key: "credits_invoice_id") var creditsInvoice: Invoice?
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "due_on") var dueOn: String
    @Field(key: "amount_cents") var amountCents: Int64
    @Field(key: "description") var description: String
    /// The fee's explanation as it stood when issued; a later schedule or GDP figure never changes it.
    @Field(key: "fee_explanation") var feeExplanation: String
    @Field(key: "schedule_effective_from") var scheduleEffectiveFrom: String
    @Field(key: "bill_to_name") var billToName: String
    @OptionalField(key: "bill_to_country") var billToCountry: String?
    @OptionalField(key: "voided_at") var voidedAt: Date?
    @OptionalField(key: "void_reason") var voidReason: String?
    @Field(key: "created_at") var createdAt: Date
    @Children(for: \.$invoice) var payments: [Payment]
    init() {}

    /// A new invoice or credit note carrying its number in every form the table keeps.
    convenience init(numbered number: DocumentNumber) {
        self.init()
        self.number = number.description
        series = number.series
        year = number.year
        sequence = number.sequence
    }

    var amount: USD { USD(cents: amountCents) }
    var paid: USD { USD(cents: $payments.value?.reduce(0) { $0 + $1.amountCents } ?? 0) }
    var state: InvoiceState { InvoiceState.of(amount: amount, paid: paid, voided: voidedAt != nil) }
    var outstanding: USD { USD(cents: max(0, amountCents - paid.cents)) }
}

final class Payment: Model, @unchecked Sendable {
    static let schema = "payments"
    @ID(key: .id) var id: UUID?
    @Parent(key: "invoice_id") var invoice: Invoice
    @Field(key: "received_on") var receivedOn: String
    @Field(key: "amount_cents") var amountCents: Int64
    @Enum(key: "method") var method: PaymentMethod
    @OptionalField(key: "reference") var reference: String?
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date
    init() {}
}

final class MembershipTransition: Model, @unchecked Sendable {
    static let schema = "membership_transitions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "member_id") var member: Member
    @Field(key: "occurred_at") var occurredAt: Date
    @OptionalEnum(key: "from_status") var fromStatus: MembershipStatus?
    @Enum(key: "to_status") var toStatus: MembershipStatus
    @Field(key: "cause") var cause: String
    init() {}
}

final class Resignation: Model, @unchecked Sendable {
    static let schema = "resignations"
    @ID(key: .id) var id: UUID?
    @Parent(key: "member_id") var member: Member
    @Field(key: "notified_on") var notifiedOn: String
    @Field(key: "effective_on") var effectiveOn: String
    @OptionalField(key: "note") var note: String?
    init() {}
}

/// An invitation for an applicant to become the representative of the member they applied for.
/// Like a session, only the token's SHA-256 is stored.
final class Invitation: Model, @unchecked Sendable {
    static let schema = "invitations"
    @ID(key: .id) var id: UUID?
    @Parent(key: "member_id") var member: Member
    @Field(key: "email") var email: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "accepted_at") var acceptedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// An e-mail waiting to be sent, or sent. Messages are written in the transaction of the action
/// that causes them, so an acknowledgement exists exactly when its application does.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"
    @ID(key: .id) var id: UUID?
    @OptionalField(key: "dedupe_key") var dedupeKey: String?
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    @Field(key: "attempts") var attempts: Int
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "claimed_until") var claimedUntil: Date?
    init() {}

    convenience init(to recipient: String, subject: String, body: String, at date: Date, dedupeKey: String? = nil) {
        self.init()
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.createdAt = date
        self.dedupeKey = dedupeKey
        self.attempts = 0
    }
}
