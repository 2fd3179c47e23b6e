import Foundation
import WeGOCore

/// The monthly City-to-City cycle: cities opt in for a month and the engine proposes at most one
/// peer to each, with a meeting time both can keep, so that the sum of the pairs' reciprocal
/// scores is as large as possible (a maximum-weight matching, not a greedy best-first pick).
///
/// The rules, applied in this order to each candidate pair from `ReciprocalMatching.pairs`:
/// 1. both cities take part this month (they are among `participants`);
/// 2. neither city ever declined the other (`declined`, either side, any month);
/// 3. the pair was not proposed or met less than `pause` (6) months away from this month:
///    a pairing in March 2027 blocks October 2026 to August 2027, and the pair may be proposed
///    again from September 2027 (|this month − that month| ≥ 6);
/// 4. the two share a slot of `meetingMinutes`, found by `MeetingSlots.earliest` on days of this
///    month (each city's local calendar) and not before `notBefore`;
/// 5. each city appears in at most one proposal, and the total score is the maximum.
/// The same inputs give the same plan whatever order they come in.
public struct CityCycle: Sendable {
    /// A calendar month, the unit of the cycle.
    public struct Month: Sendable, Hashable, Comparable, CustomStringConvertible {
        public let year: Int
        public let month: Int

        public init?(year: Int, month: Int) {
            guard (1 ... 9999).contains(year), (1 ... 12).contains(month) else { return nil }
            self.year = year
            self.month = month
        }

        /// Exactly "YYYY-MM"; nil for anything else.
        public init?(iso text: String) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
                parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                let year = Int(parts[0]), let month = Int(parts[1])
            else { return nil }
            self.init(year: year, month: month)
        }

        /// The month a day falls in.
        public init(_ day: CalendarDate) { year = day.year; month = day.month }

        public var description: String { String(format: "%04d-%02d", year, month) }

        public static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }

        /// Whole months from `self` to `other` (negative when `other` is earlier).
        public func months(until other: Month) -> Int { (other.year - year) * 12 + other.month - month }

        /// The first moment of the month in UTC.
        public var start: Date {
            Date(timeIntervalSince1970: TimeInterval(CalendarDate(year: year, month: month, day: 1)!.daysSinceEpoch) * 86_400)
        }
    }

    /// Two cities, in either order: declined pairs and past pairings do not depend on who asked.
    public struct CityPair: Sendable, Hashable {
        /// The two ids, the smaller first.
        public let first: String
        public let second: String

        public init(_ a: String, _ b: String) { first = min(a, b); second = max(a, b) }
    }

    public struct Participant: Sendable {
        public var id: String
        /// The city's availability; only windows on days of the cycle's month count.
        public var availability: MeetingSlots.Party

        public init(id: String, availability: MeetingSlots.Party) { self.id = id; self.availability = availability }
    }

    /// A pair proposed (or met) in a month.
    public struct PastPairing: Sendable, Hashable {
        public var pair: CityPair
        public var month: Month

        public init(_ pair: CityPair, month: Month) { self.pair = pair; self.month = month }
    }

    public struct Proposal: Sendable, Equatable {
        /// The two ids, the smaller first.
        public var first: String
        public var second: String
        public var score: Double
        /// What the first found in the second, and the second in the first.
        public var explanations: [MatchExplanation]
        /// The earliest slot both can keep.
        public var slot: DateInterval
    }

    /// Why a participant has no proposal: the rule at which its last candidate fell, in the
    /// order the rules apply, or the matching itself.
    public enum Reason: String, Sendable, Equatable, CaseIterable {
        /// No reciprocal pair with another city taking part this month.
        case noCandidate
        /// Every candidate was declined, by either side.
        case declined
        /// Every candidate not declined was proposed or met less than six months away.
        case pairedRecently
        /// No remaining candidate shares a meeting slot with it this month.
        case noCommonTime
        /// It had eligible peers, but each was worth more to the total in another pair.
        case lostToBetterPairing
    }

    public struct Unmatched: Sendable, Equatable {
        public var id: String
        public var reason: Reason
    }

    /// The pairs that pass rules 1–4, with their slots: the graph the matching runs on.
    public struct Screening: Sendable {
        /// The participants' ids, sorted: the graph's vertices.
        public let participants: [String]
        /// The graph's edges, with the slot each pair would meet in.
        public let eligible: [Proposal]
        /// Participants without any eligible pair, and the rule that removed their last candidate.
        public let excluded: [String: Reason]
    }

    public struct Plan: Sendable {
        /// Best score first, ties by ids.
        public var proposals: [Proposal]
        /// By id.
        public var unmatched: [Unmatched]
        public var totalScore: Double { proposals.reduce(0) { $0 + $1.score } }
    }

    /// Months that must separate two pairings of the same cities.
    public static let pause = 6

    public var month: Month
    public var participants: [Participant]
    public var history: [PastPairing]
    public var declined: [CityPair]
    public var meetingMinutes: Int
    /// No meeting is proposed before this moment (the time the plan is made, or the month's start).
    public var notBefore: Date
    /// The cores the slot searches may use: a server keeps one for its requests.
    public var threads = Parallel.allCores

    /// Participants with the same id count once (the first).
    public init(
        month: Month, participants: [Participant], history: [PastPairing] = [], declined: [CityPair] = [],
        meetingMinutes: Int = 60, notBefore: Date? = nil
    ) {
        self.month = month
        self.participants = participants
        self.history = history
        self.declined = declined
        self.meetingMinutes = meetingMinutes
        self.notBefore = notBefore ?? month.start
    }

    /// Applies rules 1–4 to the candidates. Slots are searched only for pairs that pass rules
    /// 1–3, and only when the two cities' windows overlap for a whole meeting.
    public func screen(_ candidates: [ReciprocalMatching.Pair]) -> Screening {
        // Each window of this month as an absolute interval, worked out once per city: the calendar
        // arithmetic is what makes `MeetingSlots.earliest` slow (about 0.7 ms a pair with a week of
        // windows each), and most windows of one city never meet the other's.
        let meeting = TimeInterval(meetingMinutes * 60)
        struct TimedWindow: Sendable { var window: MeetingSlots.LocalWindow; var interval: DateInterval }
        var timed: [String: (party: MeetingSlots.Party, windows: [TimedWindow])] = [:]
        for participant in participants where timed[participant.id] == nil {
            let party = participant.availability
            var windows: [TimedWindow] = []
            for window in party.windows where Month(window.day) == month {
                guard let interval = MeetingSlots.Party(name: party.name, timeZone: party.timeZone, windows: [window]).intervals().first,
                    interval.end.timeIntervalSince(max(interval.start, notBefore)) >= meeting
                else { continue }
                windows.append(TimedWindow(window: window, interval: interval))
            }
            timed[participant.id] = (party, windows)
        }
        let parties = timed
        /// Two cities with only the windows that overlap the other's for a whole meeting: the same
        /// earliest slot, found without the calendar work for the other windows; nil when none overlap.
        @Sendable func partiesForMeeting(_ a: String, _ b: String) -> [MeetingSlots.Party]? {
            func overlap(_ x: TimedWindow, _ y: TimedWindow) -> Bool {
                min(x.interval.end, y.interval.end).timeIntervalSince(max(x.interval.start, y.interval.start)) >= meeting
            }
            var (first, firstWindows) = parties[a]!, (second, secondWindows) = parties[b]!
            firstWindows = firstWindows.filter { x in secondWindows.contains { overlap(x, $0) } }
            guard !firstWindows.isEmpty else { return nil }
            secondWindows = secondWindows.filter { y in firstWindows.contains { overlap($0, y) } }
            first.windows = firstWindows.map(\.window)
            second.windows = secondWindows.map(\.window)
            return [first, second]
        }
        let declinedPairs = Set(declined)
        var lastPaired: [CityPair: [Month]] = [:]
        for pairing in history { lastPaired[pairing.pair, default: []].append(pairing.month) }
        func pairedRecently(_ pair: CityPair) -> Bool {
            lastPaired[pair]?.contains { abs($0.months(until: month)) < Self.pause } ?? false
        }

        // The heaviest candidate per pair of distinct participants (the first of equals), in a fixed order.
        var best: [CityPair: ReciprocalMatching.Pair] = [:]
        for candidate in candidates
        where candidate.first != candidate.second && parties[candidate.first] != nil && parties[candidate.second] != nil {
            let pair = CityPair(candidate.first, candidate.second)
            if let known = best[pair], known.score >= candidate.score { continue }
            best[pair] = candidate
        }
        let ordered = best.sorted { ($0.key.first, $0.key.second) < ($1.key.first, $1.key.second) }

        // How far each participant's candidates get through rules 2–4, for the reasons.
        enum Stage: Int { case candidate, notDeclined, notRecent, commonTime }
        var furthest: [String: Stage] = [:]
        func reached(_ stage: Stage, _ pair: CityPair) {
            for id in [pair.first, pair.second] where (furthest[id]?.rawValue ?? -1) < stage.rawValue { furthest[id] = stage }
        }
        var needTime: [(pair: CityPair, candidate: ReciprocalMatching.Pair)] = []
        for (pair, candidate) in ordered {
            reached(.candidate, pair)
            guard !declinedPairs.contains(pair) else { continue }
            reached(.notDeclined, pair)
            guard !pairedRecently(pair) else { continue }
            reached(.notRecent, pair)
            needTime.append((pair, candidate))
        }
        // The slot searches are independent of one another: they run on every core.
        let (minutes, start, checks) = (meetingMinutes, notBefore, needTime.map(\.pair))
        let slots = Parallel.map(checks.indices, threads: threads) { index -> DateInterval? in
            let pair = checks[index]
            guard let meetingParties = partiesForMeeting(pair.first, pair.second) else { return nil }
            return MeetingSlots.earliest(minutes: minutes, for: meetingParties, notBefore: start)
        }
        var eligible: [Proposal] = []
        for ((pair, candidate), slot) in zip(needTime, slots) {
            guard let slot else { continue }
            reached(.commonTime, pair)
            eligible.append(
                Proposal(first: pair.first, second: pair.second, score: candidate.score, explanations: candidate.explanations, slot: slot))
        }

        var excluded: [String: Reason] = [:]
        for id in parties.keys where furthest[id] != .commonTime {
            excluded[id] =
                switch furthest[id] {
                case nil: .noCandidate
                case .candidate: .declined
                case .notDeclined: .pairedRecently
                case .notRecent, .commonTime: .noCommonTime
                }
        }
        return Screening(participants: parties.keys.sorted(), eligible: eligible, excluded: excluded)
    }

    /// Rule 5: the maximum-weight matching over the screened pairs.
    public func plan(_ screening: Screening) -> Plan {
        let vertex = Dictionary(uniqueKeysWithValues: screening.participants.enumerated().map { ($0.element, $0.offset) })
        let edges = screening.eligible.map { MaximumWeightMatching.Edge(vertex[$0.first]!, vertex[$0.second]!, weight: $0.score) }
        let mates = MaximumWeightMatching.solve(vertexCount: screening.participants.count, edges: edges)
        let proposals = screening.eligible.filter { mates[vertex[$0.first]!] == vertex[$0.second]! }
            .sorted { ($0.score, $1.first, $1.second) > ($1.score, $0.first, $0.second) }
        let unmatched = screening.participants.indices.filter { mates[$0] == nil }.map { index in
            let id = screening.participants[index]
            return Unmatched(id: id, reason: screening.excluded[id] ?? .lostToBetterPairing)
        }
        return Plan(proposals: proposals, unmatched: unmatched)
    }

    /// Screens the candidates and plans the month.
    public func plan(_ candidates: [ReciprocalMatching.Pair]) -> Plan { plan(screen(candidates)) }
}

/// A seeded month of City-to-City for benchmarks: cities with synthetic profiles (from
/// `SyntheticCorpus`), time zones around the world and a few availability windows each; once
/// their reciprocal pairs are known, a history and declines drawn from those pairs, so that every
/// rule has work to do. The same seed gives the same month.
public struct SyntheticCityCycle: Sendable {
    public static let timeZones = [
        "Asia/Seoul", "Asia/Tokyo", "Asia/Shanghai", "Asia/Jakarta", "Asia/Kolkata", "Asia/Tashkent",
        "Asia/Dubai", "Europe/Istanbul", "Africa/Nairobi", "Europe/Berlin", "Africa/Lagos", "Europe/London",
        "America/Sao_Paulo", "America/New_York", "America/Bogota", "America/Mexico_City", "Pacific/Auckland",
    ]

    public let month: CityCycle.Month
    public let seed: UInt64
    public let profiles: [MatchDocument]
    public let participants: [CityCycle.Participant]

    public init(cities: Int, seed: UInt64 = 1, month: CityCycle.Month = CityCycle.Month(year: 2027, month: 3)!, vocabulary: Int = 50_000) {
        self.month = month
        self.seed = seed
        let corpus = SyntheticCorpus(documents: cities, queries: 0, vocabulary: vocabulary, seed: seed)
        let ids = (0 ..< cities).map { "city-\($0)" }
        profiles = zip(ids, corpus.documents).map { MatchDocument(id: $0, title: "", text: $1) }
        var random = SeededGenerator(seed: seed &+ 1)
        participants = ids.map { id in
            let zone = TimeZone(identifier: Self.timeZones[Int(random.next() % UInt64(Self.timeZones.count))])!
            // Five to nine windows in the first three weeks, of two to four hours from 07:00–16:00 local.
            let windows = (0 ..< (5 + Int(random.next() % 5))).map { _ in
                let day = CalendarDate(year: month.year, month: month.month, day: 1 + Int(random.next() % 21))!
                let from = (7 + Int(random.next() % 10)) * 60
                return MeetingSlots.LocalWindow(day: day, from: from, to: from + (2 + Int(random.next() % 3)) * 60)
            }
            return CityCycle.Participant(id: id, availability: MeetingSlots.Party(name: id, timeZone: zone, windows: windows))
        }
    }

    /// The month's cycle over the given candidate pairs: each pair met in one of the last twelve
    /// months with probability `pairedShare`, and was declined with probability `declinedShare`.
    public func cycle(
        candidates: [ReciprocalMatching.Pair], pairedShare: Double = 0.15, declinedShare: Double = 0.03,
        meetingMinutes: Int = 60
    ) -> CityCycle {
        var random = SeededGenerator(seed: seed &+ 2)
        var history: [CityCycle.PastPairing] = [], declined: [CityCycle.CityPair] = []
        for candidate in candidates {
            let pair = CityCycle.CityPair(candidate.first, candidate.second)
            if random.unit() < pairedShare {
                let monthsAgo = 1 + Int(random.next() % 12)
                let index = month.year * 12 + month.month - 1 - monthsAgo
                history.append(CityCycle.PastPairing(pair, month: CityCycle.Month(year: index / 12, month: index % 12 + 1)!))
            }
            if random.unit() < declinedShare { declined.append(pair) }
        }
        return CityCycle(month: month, participants: participants, history: history, declined: declined, meetingMinutes: meetingMinutes)
    }
}
