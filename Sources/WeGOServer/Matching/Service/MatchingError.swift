import Vapor
import WeGOCore

/// Why Solutions Meet Cities refused an action; nothing was written. The error pages show the
/// message in the reader's language.
enum MatchingError: ServiceError, Equatable {
    case citiesOnly
    case cannotPost
    case unknownKind
    case unknownTerms(String)
    case selfRequest
    case openRequest
    case alreadyAnswered
    case declinedByOther
    case expired
    case unknownChoice
    case notAccepted
    case alreadyHeld
    case notYetHeld
    case alreadyReported
    case reportFirst
    case outcomeExists
    case confirmOwn
    case alreadyConfirmed
    case cyclePlanned
    case cycleExists
    case alreadyJoined
    case invalid(FieldProblems)

    var key: String {
        switch self {
        case .citiesOnly: "match.error.cities_only"
        case .cannotPost: "match.error.cannot_post"
        case .unknownKind: "match.error.unknown_kind"
        case .unknownTerms: "match.error.unknown_terms"
        case .selfRequest: "match.error.self_request"
        case .openRequest: "match.error.open_request"
        case .alreadyAnswered: "match.error.already_answered"
        case .declinedByOther: "match.error.declined"
        case .expired: "match.error.expired"
        case .unknownChoice: "match.error.unknown_choice"
        case .notAccepted: "match.error.not_accepted"
        case .alreadyHeld: "match.error.already_held"
        case .notYetHeld: "match.error.not_yet_held"
        case .alreadyReported: "match.error.already_reported"
        case .reportFirst: "match.error.report_first"
        case .outcomeExists: "match.error.outcome_exists"
        case .confirmOwn: "match.error.confirm_own"
        case .alreadyConfirmed: "match.error.already_confirmed"
        case .cyclePlanned: "match.error.cycle_planned"
        case .cycleExists: "match.error.cycle_exists"
        case .alreadyJoined: "match.error.already_joined"
        case .invalid: "form.errors_title"
        }
    }

    var arguments: [String: String] {
        if case .unknownTerms(let terms) = self { ["terms": terms] } else { [:] }
    }

    var status: HTTPStatus {
        switch self {
        case .citiesOnly, .cannotPost: .forbidden
        case .unknownKind, .unknownTerms, .unknownChoice: .badRequest
        case .selfRequest, .invalid: .unprocessableEntity
        case .openRequest, .alreadyAnswered, .declinedByOther, .expired, .notAccepted, .alreadyHeld, .notYetHeld, .alreadyReported,
            .reportFirst, .outcomeExists, .confirmOwn, .alreadyConfirmed, .cyclePlanned, .cycleExists, .alreadyJoined:
            .conflict
        }
    }

    var fieldProblems: FieldProblems? {
        if case .invalid(let problems) = self { problems } else { nil }
    }
}
