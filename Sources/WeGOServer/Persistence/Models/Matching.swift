import Fluent
import Foundation
import WeGOCore
import WeGOMatching

/// A challenge, project, solution, proposal or funding program (see `MatchItemKind`).
final class MatchItem: Model, @unchecked Sendable {
    static let schema = "match_items"
    @ID(key: .id) var id: UUID?
    @Enum(key: "kind") var kind: MatchItemKind
    @OptionalParent(key: "member_id") var member: Member?
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @Field(key: "language") var language: String
    @Field(key: "domains") var domainCodes: String
    @Field(key: "sdgs") var sdgCodes: String
    @OptionalEnum(key: "stage") var stage: MatchStage?
    @Enum(key: "visibility") var visibility: MatchVisibility
    @Field(key: "partners") var partners: String
    @Field(key: "results") var results: String
    @Field(key: "references_text") var references: String
    @Field(key: "regions_served") var regionsServed: String
    @Field(key: "languages_served") var languagesServed: String
    @Field(key: "funder") var funder: String
    @Field(key: "eligibility") var eligibility: String
    @Field(key: "deadline") var deadline: String
    @Field(key: "amount") var amount: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    /// What a peer city may be shown of: everything but Secretariat-only items.
    var visibleToPeers: Bool { visibility != .secretariat }

    var domains: [String] { MatchItem.codes(domainCodes) }
    var sdgs: [String] { MatchItem.codes(sdgCodes) }

    static func codes(_ text: String) -> [String] { text.split(separator: ",").map(String.init) }

    var draft: MatchItemDraft {
        MatchItemDraft(
            kind: kind, title: title, description: description, language: language, domains: domains, sdgs: sdgs,
            stage: stage, visibility: visibility, partners: partners, results: results, references: references,
            regionsServed: regionsServed, languagesServed: languagesServed, funder: funder, eligibility: eligibility,
            deadline: deadline, amount: amount)
    }

    func apply(_ given: MatchItemDraft) {
        let draft = given.normalised
        kind = draft.kind
        title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        description = draft.description
        language = draft.language
        domainCodes = draft.domains.joined(separator: ",")
        sdgCodes = draft.sdgs.joined(separator: ",")
        stage = draft.stage
        visibility = draft.visibility
        partners = draft.partners; results = draft.results; references = draft.references
        regionsServed = draft.regionsServed; languagesServed = draft.languagesServed
        funder = draft.funder; eligibility = draft.eligibility; deadline = draft.deadline; amount = draft.amount
    }
}

/// A month of City-to-City meetings: cities opt in with their availability, then the
/// Secretariat plans it once and the proposals go out.
final class MatchCycle: Model, @unchecked Sendable {
    static let schema = "match_cycles"
    typealias Status = MatchCycleStatus
    @ID(key: .id) var id: UUID?
    @Field(key: "month") var month: String
    @Enum(key: "status") var status: Status
    @Field(key: "meeting_minutes") var meetingMinutes: Int
    @OptionalField(key: "planned_at") var plannedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

final class MatchParticipation: Model, @unchecked Sendable {
    static let schema = "match_participations"
    @ID(key: .id) var id: UUID?
    @Parent(key: "cycle_id") var cycle: MatchCycle
    @Parent(key: "member_id") var member: Member
    /// The challenge or project the city brings to this month's meetings.
    @OptionalParent(key: "item_id") var item: MatchItem?
    @Field(key: "time_zone") var timeZone: String
    @Field(key: "windows") var windows: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

/// A one-to-one meeting from proposal (or request) to the held meeting. Both sides answer; the
/// slot is chosen only once both have accepted, and contact details are shown only then.
final class MatchMeeting: Model, @unchecked Sendable {
    static let schema = "match_meetings"
    typealias Kind = MatchMeetingKind
    typealias Answer = MatchAnswer

    @ID(key: .id) var id: UUID?
    @Enum(key: "kind") var kind: Kind
    @OptionalParent(key: "cycle_id") var cycle: MatchCycle?
    @Parent(key: "requester_member_id") var requester: Member
    @Parent(key: "responder_member_id") var responder: Member
    @OptionalParent(key: "requester_item_id") var requesterItem: MatchItem?
    @OptionalParent(key: "responder_item_id") var responderItem: MatchItem?
    @OptionalField(key: "score") var score: Double?
    @OptionalField(key: "explanation") var explanation: String?
    @Field(key: "message") var message: String
    @Enum(key: "requester_answer") var requesterAnswer: Answer
    @Enum(key: "responder_answer") var responderAnswer: Answer
    @OptionalField(key: "requester_time_zone") var requesterTimeZone: String?
    @OptionalField(key: "requester_windows") var requesterWindows: String?
    @OptionalField(key: "responder_time_zone") var responderTimeZone: String?
    @OptionalField(key: "responder_windows") var responderWindows: String?
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "starts_at") var startsAt: Date?
    @OptionalField(key: "ends_at") var endsAt: Date?
    @OptionalField(key: "meeting_url") var meetingURL: String?
    @Field(key: "revision") var revision: Int
    /// Set from the application's clock, not the system's: the funnel counts meetings by this month.
    @OptionalField(key: "created_at") var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    var bothAccepted: Bool { requesterAnswer == .accepted && responderAnswer == .accepted }
    var declined: Bool { requesterAnswer == .declined || responderAnswer == .declined }
}

final class MatchReport: Model, @unchecked Sendable {
    static let schema = "match_reports"
    typealias Attendance = MatchAttendance
    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: MatchMeeting
    @Parent(key: "member_id") var member: Member
    @Enum(key: "attendance") var attendance: Attendance
    @Field(key: "follow_up") var followUp: String
    @Field(key: "reported_at") var reportedAt: Date
    init() {}
}

final class MatchOutcome: Model, @unchecked Sendable {
    static let schema = "match_outcomes"
    typealias OutcomeType = MatchOutcomeType
    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: MatchMeeting
    @Enum(key: "type") var type: OutcomeType
    @Field(key: "note") var note: String
    @Field(key: "reported_by") var reportedBy: UUID
    @Field(key: "reported_at") var reportedAt: Date
    @OptionalField(key: "confirmed_by") var confirmedBy: UUID?
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    init() {}
}
