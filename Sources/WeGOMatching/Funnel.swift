import Foundation
import WeGOCore

/// How far meetings got, stage by stage: suggested → requested → accepted → held → confirmed
/// outcome. Each meeting counts once in every stage it reached, so each column is at most the one
/// before it and the drop between two columns is what was lost there.
public enum MatchFunnel {
    public enum Stage: Int, CaseIterable, Comparable, Sendable {
        case suggested, requested, accepted, held, confirmedOutcome

        public static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
        public var code: String { ["suggested", "requested", "accepted", "held", "confirmed_outcome"][rawValue] }
    }

    /// One meeting as the funnel sees it.
    public struct Meeting: Sendable, Equatable {
        /// "YYYY-MM" of its proposal or request.
        public var month: String
        /// The requesting (or, in a cycle, first) city's region code; nil when the member has none.
        public var region: String?
        public var reached: Stage

        public init(month: String, region: String?, reached: Stage) { self.month = month; self.region = region; self.reached = reached }

        /// The furthest stage from what is known of the meeting: a City-to-Corporate request is
        /// requested when made; a cycle's proposal once one city accepts it.
        public static func stage(requested: Bool, accepted: Bool, held: Bool, confirmedOutcomes: Int) -> Stage {
            if accepted && held && confirmedOutcomes > 0 { return .confirmedOutcome }
            if accepted && held { return .held }
            if accepted { return .accepted }
            return requested ? .requested : .suggested
        }
    }

    public struct Row: Sendable, Equatable {
        public var month: String
        public var region: String?
        /// Meetings that reached each stage, in `Stage` order.
        public var counts: [Int]
    }

    /// One row per month and region present, months ascending, regions by code (unknown last).
    public static func rows(_ meetings: [Meeting]) -> [Row] {
        var table: [String: [String?: [Int]]] = [:]
        for meeting in meetings {
            var counts = table[meeting.month, default: [:]][meeting.region] ?? Array(repeating: 0, count: Stage.allCases.count)
            for stage in Stage.allCases where stage <= meeting.reached { counts[stage.rawValue] += 1 }
            table[meeting.month, default: [:]][meeting.region] = counts
        }
        return table.keys.sorted().flatMap { month in
            table[month]!.keys.sorted { ($0 ?? "\u{10FFFF}") < ($1 ?? "\u{10FFFF}") }.map { region in
                Row(month: month, region: region, counts: table[month]![region]!)
            }
        }
    }

    /// All months and regions together.
    public static func totals(_ meetings: [Meeting]) -> [Int] {
        Stage.allCases.map { stage in meetings.filter { $0.reached >= stage }.count }
    }
}
