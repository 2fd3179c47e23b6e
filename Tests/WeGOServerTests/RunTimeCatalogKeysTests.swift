import Testing
import WeGOCore
import WeGOIndex
import WeGOMatching

@testable import WeGOServer

/// Keys the server builds at run time from its own and the engines' enums ("match.kind.<kind>"):
/// every case needs its text in every language, or a page shows the raw key. A new case fails
/// here, not in front of a reader.
@Suite struct RunTimeCatalogKeysTests {
    static var keys: [String] {
        var keys: [String] = []
        keys += MatchItemKind.allCases.flatMap { kind in
            ["match.kind.\(kind.rawValue)", "match.post.\(kind.rawValue)", "match.field.description.\(kind.rawValue)"]
        }
        keys += MatchItemKind.allCases.flatMap(\.counterparts).map { "match.suggestions.\($0.rawValue)" }
        keys += MatchVisibility.allCases.map { "match.visibility.\($0.rawValue)" }
        keys += MatchStage.allCases.map { "match.stage.\($0.rawValue)" }
        keys += MatchAnswer.allCases.map { "match.answer.\($0.rawValue)" }
        keys += MatchAttendance.allCases.map { "match.attendance.\($0.rawValue)" }
        keys += MatchOutcomeType.allCases.map { "match.outcome.\($0.rawValue)" }
        keys += MatchMeetingKind.allCases.map { "match.meeting.kind.\($0.rawValue)" }
        keys += MatchCycleStatus.allCases.map { "match.cycles.status.\($0.rawValue)" }
        keys += CityCycle.Reason.allCases.map { "match.admin.reason.\($0.rawValue)" }
        keys += MatchFunnel.Stage.allCases.map { "match.funnel.\($0.code)" }
        keys += MeetingState.allCases.map { "match.meeting.state.\($0.rawValue)" }
        keys += Pipeline.ImputeMethod.allCases.map { "index.impute.\($0.rawValue)" }
        keys += IndexEdition.Status.allCases.map { "index.status.\($0.rawValue)" }
        keys += UserRole.allCases.map { "userrole.\($0.rawValue)" }
        return keys
    }

    @Test(arguments: Language.allCases)
    func everyKeyBuiltFromAnEnumIsInTheCatalog(_ language: Language) throws {
        let catalog = try Localization.load().catalog(language)
        #expect(Self.keys.count > 60)
        let missing = Self.keys.filter { catalog.strings[$0] == nil }
        #expect(missing.isEmpty, "\(language.rawValue) lacks \(missing)")
    }
}
