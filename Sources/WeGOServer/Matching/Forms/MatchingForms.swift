import Foundation
import Vapor
import WeGOCore
import WeGOMatching

/// The forms of Solutions Meet Cities as they arrive, and their checks as catalog keys. A form
/// keeps what was typed, so a page shown again with errors shows it too.

struct MatchItemForm: Content {
    var kind: String?
    var title: String?
    var description: String?
    var language: String?
    var domains: [String]?
    var sdgs: [String]?
    var stage: String?
    var visibility: String?
    var partners: String?
    var results: String?
    var references: String?
    var regions_served: String?
    var languages_served: String?
    var funder: String?
    var eligibility: String?
    var deadline: String?
    var amount: String?

    /// The draft as typed, whatever its problems, for the form shown again.
    func draft(kind: MatchItemKind) -> MatchItemDraft {
        MatchItemDraft(
            kind: kind, title: title ?? "", description: description ?? "", language: language ?? "",
            domains: domains ?? [], sdgs: sdgs ?? [], stage: stage.flatMap(MatchStage.init(rawValue:)),
            visibility: MatchVisibility(rawValue: visibility ?? "") ?? .members,
            partners: partners ?? "", results: results ?? "", references: references ?? "",
            regionsServed: regions_served ?? "", languagesServed: languages_served ?? "",
            funder: funder ?? "", eligibility: eligibility ?? "", deadline: (deadline ?? "").trimmingCharacters(in: .whitespaces),
            amount: amount ?? "")
    }

    /// The draft, or what is wrong with it field by field.
    func validated(kind: MatchItemKind) -> Result<MatchItemDraft, FieldProblems> {
        var problems = FieldProblems()
        if let stage, !stage.isEmpty, MatchStage(rawValue: stage) == nil { problems.add("stage", "match.error.unknown_choice") }
        if let visibility, MatchVisibility(rawValue: visibility) == nil { problems.add("visibility", "match.error.unknown_choice") }
        let draft = draft(kind: kind)
        problems.merge(draft.fieldProblems)
        return problems.isEmpty ? .success(draft) : .failure(problems)
    }
}

/// A time zone and availability lines, as both a meeting request and a cycle's opt-in take them.
struct AvailabilityInput: Sendable {
    var timeZone: String
    /// The windows as stored: one normalised line each.
    var windows: String

    /// Checks the zone and each line (days within `period`); problems name the line.
    static func validate(
        timeZone: String?, windows: String?, period: ClosedRange<CalendarDate>,
        problems: inout FieldProblems
    ) -> AvailabilityInput? {
        let zone = (timeZone ?? "").trimmingCharacters(in: .whitespaces)
        if TimeZone(identifier: zone) == nil { problems.add("time_zone", "match.error.time_zone") }
        var parsed: [MeetingSlots.LocalWindow] = []
        switch Availability.parse(windows ?? "", period: period) {
        case .success(let lines) where lines.isEmpty: problems.add("windows", "match.error.required")
        case .success(let lines): parsed = lines
        case .failure(let failure):
            for line in failure.lines { problems.append("windows", line.key, line.arguments(period: period)) }
        }
        guard problems.fields["time_zone"] == nil, problems.fields["windows"] == nil else { return nil }
        return AvailabilityInput(timeZone: zone, windows: Availability.text(parsed))
    }
}

extension Availability.LineError {
    var key: String {
        switch reason {
        case .format: "match.error.window_format"
        case .outsidePeriod: "match.error.window_period"
        case .overlapsLine: "match.error.window_overlap"
        }
    }

    func arguments(period: ClosedRange<CalendarDate>) -> [String: String] {
        switch reason {
        case .format: ["line": String(line)]
        case .outsidePeriod: ["line": String(line), "from": period.lowerBound.iso, "to": period.upperBound.iso]
        case .overlapsLine(let other): ["line": String(line), "other": String(other)]
        }
    }
}

/// Free text a meeting's people write (a message, a follow-up, a note): at most 2,000 characters.
enum MeetingText {
    static let maximumLength = 2_000

    static func validate(_ raw: String?, field: String, problems: inout FieldProblems) -> String? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > maximumLength {
            problems.add(field, "match.error.too_long", ["limit": String(maximumLength)])
            return nil
        }
        return text
    }
}

/// One of the member's own items chosen by id in a select; "" for none.
func chosenItem(_ text: String?, among items: [MatchItem], field: String, problems: inout FieldProblems) -> MatchItem? {
    guard let text, !text.isEmpty else { return nil }
    let item = items.first { $0.id?.uuidString.lowercased() == text.lowercased() }
    if item == nil { problems.add(field, "match.error.unknown_choice") }
    return item
}

struct MeetingRequestForm: Content {
    var item: String?
    var message: String?
    var time_zone: String?
    var windows: String?
}

struct MeetingAnswerForm: Content {
    var answer: String?
    var time_zone: String?
    var windows: String?
}

struct MeetingSlotForm: Content {
    var start: String?
    var meeting_url: String?
}

struct MeetingReportForm: Content {
    var attendance: String?
    var follow_up: String?
}

struct MeetingOutcomeForm: Content {
    var type: String?
    var note: String?
}

struct CycleJoinForm: Content {
    var action: String?
    var item: String?
    var time_zone: String?
    var windows: String?
}

struct CycleOpenForm: Content {
    var month: String?
    var meeting_minutes: String?
}
