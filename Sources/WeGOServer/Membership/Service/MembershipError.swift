import Vapor
import WeGOCore

/// Why a membership action was refused. Each carries the catalog key of the message shown to
/// the person who tried, and the HTTP status it answers with; nothing was written.
enum MembershipError: ServiceError, Equatable {
    case applicationDecided(ApplicationStatus)
    case feeUnavailable(reason: String)
    case invoiceVoid
    case invoiceHasPayments
    case periodAlreadyInvoiced
    case periodSettled
    case alreadyResigned
    case invalid(FieldProblems)
    case tooManyApplications
    case noContact
    case representativeExists
    /// The invitation link is unknown, used or expired.
    case invitationGone
    /// A year asked for in a page's address outside 2000–2100.
    case yearOutOfRange

    var key: String {
        switch self {
        case .applicationDecided(let status): "application.error.already_\(status.rawValue)"
        case .feeUnavailable: "application.error.fee_unavailable"
        case .invoiceVoid: "payment.error.void"
        case .invoiceHasPayments: "invoice.error.has_payments"
        case .periodAlreadyInvoiced: "invoice.error.period_invoiced"
        case .periodSettled: "invoice.error.period_settled"
        case .alreadyResigned: "membership.error.already_resigned"
        case .invalid: "form.errors_title"
        case .tooManyApplications: "application.error.too_many"
        case .noContact: "membership.error.no_contact"
        case .representativeExists: "membership.error.representative_exists"
        case .invitationGone: "invitation.gone"
        case .yearOutOfRange: "dues.error.year"
        }
    }

    var status: HTTPStatus {
        switch self {
        case .applicationDecided, .invoiceVoid, .invoiceHasPayments, .periodAlreadyInvoiced, .periodSettled, .alreadyResigned,
            .representativeExists:
            .conflict
        case .noContact: .unprocessableEntity
        case .feeUnavailable, .invalid: .unprocessableEntity
        case .tooManyApplications: .tooManyRequests
        case .invitationGone: .notFound
        case .yearOutOfRange: .badRequest
        }
    }

    var arguments: [String: String] {
        if case .feeUnavailable(let reason) = self { ["reason": reason] } else { [:] }
    }

    var fieldProblems: FieldProblems? {
        if case .invalid(let problems) = self { problems } else { nil }
    }
}
