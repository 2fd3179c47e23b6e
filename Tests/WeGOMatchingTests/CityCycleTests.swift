import Foundation
import Testing
import WeGOCore

@testable import WeGOMatching

@Suite struct CityCycleTests {
    static let march = CityCycle.Month(year: 2027, month: 3)!

    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// A participant, by default in UTC and free on 4 March 2027 from 09:00 to 12:00.
    static func city(
        _ id: String, zone: String = "UTC", windows: [(day: String, from: String, to: String)] = [("2027-03-04", "09:00", "12:00")],
        busy: [DateInterval] = []
    ) -> CityCycle.Participant {
        let local = windows.map { MeetingSlots.LocalWindow(day: CalendarDate(iso: $0.day)!, from: $0.from, to: $0.to)! }
        return CityCycle.Participant(
            id: id, availability: MeetingSlots.Party(name: id, timeZone: TimeZone(identifier: zone)!, windows: local, busy: busy))
    }

    static func cities(_ ids: String...) -> [CityCycle.Participant] { ids.map { city($0) } }

    /// A candidate pair as `ReciprocalMatching.pairs` makes them, with explanations naming the other side.
    static func candidate(_ a: String, _ b: String, _ score: Double) -> ReciprocalMatching.Pair {
        let (first, second) = (min(a, b), max(a, b))
        return ReciprocalMatching.Pair(
            first: first, second: second, score: score,
            explanations: [
                MatchExplanation(concepts: [], terms: [second], tags: []), MatchExplanation(concepts: [], terms: [first], tags: []),
            ])
    }

    static func pairing(_ a: String, _ b: String, _ month: String) -> CityCycle.PastPairing {
        CityCycle.PastPairing(CityCycle.CityPair(a, b), month: CityCycle.Month(iso: month)!)
    }

    static func proposed(_ plan: CityCycle.Plan) -> [String] { plan.proposals.map { "\($0.first)-\($0.second)" } }

    static func reasons(_ plan: CityCycle.Plan) -> [String: CityCycle.Reason] {
        Dictionary(uniqueKeysWithValues: plan.unmatched.map { ($0.id, $0.reason) })
    }

    // MARK: The month

    @Test func monthsAreReadStrictlyAndCounted() {
        #expect(CityCycle.Month(iso: "2027-03") == Self.march)
        #expect(Self.march.description == "2027-03")
        for bad in ["2027-3", "2027-13", "2027-00", "27-03", "2027-03-01", "2027/03", "２０２７-03"] {
            #expect(CityCycle.Month(iso: bad) == nil, "\(bad)")
        }
        #expect(CityCycle.Month(iso: "2026-09")!.months(until: Self.march) == 6)
        #expect(Self.march.months(until: CityCycle.Month(iso: "2026-10")!) == -5)
        #expect(Self.march.start == Self.utc("2027-03-01T00:00:00Z"))
        #expect(CityCycle.Month(CalendarDate(iso: "2027-03-31")!) == Self.march)
    }

    // MARK: Rule 5: the matching

    @Test func theTotalScoreIsMaximisedNotTheBestPairTakenFirst() {
        // Taking b–c (1.0) first leaves a and d alone; a–b and c–d together score 1.2.
        let cycle = CityCycle(month: Self.march, participants: Self.cities("a", "b", "c", "d"))
        let plan = cycle.plan([Self.candidate("b", "c", 1.0), Self.candidate("a", "b", 0.6), Self.candidate("c", "d", 0.6)])
        #expect(Self.proposed(plan) == ["a-b", "c-d"])
        #expect(abs(plan.totalScore - 1.2) < 1e-12)
        #expect(plan.unmatched.isEmpty)
    }

    @Test func eachCityAppearsInOneProposalAtMost() {
        // A hub everyone wants: one of them gets it, the others lose to that better pairing.
        let cycle = CityCycle(month: Self.march, participants: Self.cities("hub", "a", "b", "c"))
        let plan = cycle.plan([Self.candidate("hub", "a", 0.9), Self.candidate("hub", "b", 0.8), Self.candidate("hub", "c", 0.7)])
        #expect(Self.proposed(plan) == ["a-hub"])
        #expect(Self.reasons(plan) == ["b": .lostToBetterPairing, "c": .lostToBetterPairing])
    }

    @Test func aRandomMonthIsAMatchingOfMaximumScore() {
        var random = SeededGenerator(seed: 5)
        for trial in 0 ..< 40 {
            let ids = (0 ..< 10).map { "c\($0)" }
            var candidates: [ReciprocalMatching.Pair] = []
            for (index, a) in ids.enumerated() {
                for b in ids[(index + 1)...] where random.unit() < 0.4 {
                    candidates.append(Self.candidate(a, b, Double(1 + random.next() % 8) / 8))
                }
            }
            let plan = CityCycle(month: Self.march, participants: ids.map { Self.city($0) }).plan(candidates)
            let named = plan.proposals.flatMap { [$0.first, $0.second] }
            #expect(Set(named).count == named.count, "trial \(trial): a city is proposed twice")
            #expect(Set(named).union(plan.unmatched.map(\.id)) == Set(ids) && named.count + plan.unmatched.count == ids.count)
            let edges = candidates.map {
                MaximumWeightMatching.Edge(ids.firstIndex(of: $0.first)!, ids.firstIndex(of: $0.second)!, weight: $0.score)
            }
            #expect(plan.totalScore == MaximumWeightMatchingTests.bruteForce(ids.count, edges), "trial \(trial)")
        }
    }

    @Test func theSamePlanWhateverTheOrderOfTheInputs() {
        // A ring of four equally good pairs has two best plans; the same one must always come back.
        let participants = Self.cities("a", "b", "c", "d", "e")
        let candidates = [
            Self.candidate("a", "b", 0.5), Self.candidate("b", "c", 0.5), Self.candidate("c", "d", 0.5),
            Self.candidate("d", "a", 0.5), Self.candidate("d", "e", 0.25),
        ]
        let history = [Self.pairing("a", "e", "2027-01")]
        let expected = CityCycle(month: Self.march, participants: participants, history: history).plan(candidates)
        var random = SeededGenerator(seed: 3)
        for _ in 0 ..< 20 {
            let shuffled = CityCycle(month: Self.march, participants: participants.shuffled(using: &random), history: history)
                .plan(candidates.shuffled(using: &random))
            #expect(shuffled.proposals == expected.proposals)
            #expect(shuffled.unmatched == expected.unmatched)
        }
    }

    @Test func proposalsCarryTheEarliestSlotAndBothExplanations() {
        // Seoul is UTC+9 and Quito UTC−5: Quito's 18:00 on the 3rd is Seoul's 08:00 on the 4th.
        let seoul = Self.city("seoul", zone: "Asia/Seoul", windows: [("2027-03-04", "07:00", "12:00")])
        let quito = Self.city("quito", zone: "America/Guayaquil", windows: [("2027-03-03", "17:00", "21:00")])
        let candidate = Self.candidate("seoul", "quito", 0.8)
        let plan = CityCycle(month: Self.march, participants: [seoul, quito], meetingMinutes: 60).plan([candidate])
        #expect(
            plan.proposals == [
                CityCycle.Proposal(
                    first: "quito", second: "seoul", score: 0.8, explanations: candidate.explanations,
                    slot: DateInterval(start: Self.utc("2027-03-03T23:00:00Z"), duration: 3600))
            ])
        // Three hours do not fit before Quito's day ends at 20:00.
        #expect(CityCycle(month: Self.march, participants: [seoul, quito], meetingMinutes: 180).plan([candidate]).proposals.isEmpty)
    }

    // MARK: Rules 1–4

    @Test func onlyCitiesTakingPartThisMonthArePaired() {
        // "away" did not opt in: its pair with a is not a candidate, however good.
        let plan = CityCycle(month: Self.march, participants: Self.cities("a", "b")).plan([
            Self.candidate("a", "away", 1), Self.candidate("a", "b", 0.1),
        ])
        #expect(Self.proposed(plan) == ["a-b"])
        let alone = CityCycle(month: Self.march, participants: Self.cities("a", "c")).plan([Self.candidate("a", "away", 1)])
        #expect(alone.proposals.isEmpty)
        #expect(Self.reasons(alone) == ["a": .noCandidate, "c": .noCandidate])
    }

    @Test func aDeclinedPairIsNeverProposedEvenWhenBest() {
        let participants = Self.cities("a", "b", "c", "d")
        let candidates = [Self.candidate("a", "b", 1.0), Self.candidate("a", "c", 0.3), Self.candidate("b", "d", 0.3)]
        #expect(Self.proposed(CityCycle(month: Self.march, participants: participants).plan(candidates)) == ["a-b"])
        // Declined by b, written in either order, years ago: it still counts.
        let declined = CityCycle(month: Self.march, participants: participants, declined: [CityCycle.CityPair("b", "a")]).plan(candidates)
        #expect(Self.proposed(declined) == ["a-c", "b-d"])
        let only = CityCycle(month: Self.march, participants: Self.cities("a", "b"), declined: [CityCycle.CityPair("a", "b")]).plan(
            candidates)
        #expect(Self.reasons(only) == ["a": .declined, "b": .declined])
    }

    /// Months of a past pairing of a and b, and whether the pair may be proposed again in March 2027.
    static let pauseBoundary: [(String, Bool)] = [
        ("2026-08", true), ("2026-09", true),  // seven and exactly six months before
        ("2026-10", false), ("2027-02", false),  // five months and one month before
        ("2027-03", false),  // the same month
        ("2027-08", false), ("2027-09", true),  // five and six months after (a plan made late)
    ]

    @Test(arguments: pauseBoundary) func aPairRestsSixMonthsAfterItWasProposed(_ month: String, _ allowed: Bool) {
        let participants = Self.cities("a", "b", "c", "d")
        let candidates = [Self.candidate("a", "b", 1.0), Self.candidate("a", "c", 0.3), Self.candidate("b", "d", 0.3)]
        let plan = CityCycle(month: Self.march, participants: participants, history: [Self.pairing("b", "a", month)]).plan(candidates)
        #expect(Self.proposed(plan) == (allowed ? ["a-b"] : ["a-c", "b-d"]))
    }

    @Test func recentPairingsAreNamedAsTheReason() {
        let plan = CityCycle(
            month: Self.march, participants: Self.cities("a", "b", "c"),
            history: [Self.pairing("a", "b", "2026-12"), Self.pairing("a", "c", "2025-01"), Self.pairing("a", "c", "2027-01")]
        )
        .plan([Self.candidate("a", "b", 0.9), Self.candidate("a", "c", 0.9)])
        // An old pairing does not lift the block of a recent one.
        #expect(plan.proposals.isEmpty)
        #expect(Self.reasons(plan) == ["a": .pairedRecently, "b": .pairedRecently, "c": .pairedRecently])
    }

    @Test func pairsWithoutACommonTimeAreLeftOut() {
        // a and b meet best but are free on different days; a and c share the morning of the 4th.
        let a = Self.city("a"), b = Self.city("b", windows: [("2027-03-05", "09:00", "12:00")]), c = Self.city("c")
        let plan = CityCycle(month: Self.march, participants: [a, b, c]).plan([
            Self.candidate("a", "b", 1.0), Self.candidate("a", "c", 0.2),
        ])
        #expect(Self.proposed(plan) == ["a-c"])
        #expect(Self.reasons(plan) == ["b": .noCommonTime])
    }

    @Test func aCommonWindowIsNotEnoughWhenMeetingsOrTheClockTakeIt() {
        // The windows overlap, but b's other meeting fills it: only `MeetingSlots` can tell.
        let busy = Self.city("b", busy: [DateInterval(start: Self.utc("2027-03-04T09:00:00Z"), duration: 3 * 3600)])
        let blocked = CityCycle(month: Self.march, participants: [Self.city("a"), busy]).plan([Self.candidate("a", "b", 1)])
        #expect(blocked.proposals.isEmpty && Self.reasons(blocked) == ["a": .noCommonTime, "b": .noCommonTime])
        // Planned at 11:30 on the 4th, half an hour is left: too short for an hour.
        let late = CityCycle(month: Self.march, participants: Self.cities("a", "b"), notBefore: Self.utc("2027-03-04T11:30:00Z"))
        #expect(late.plan([Self.candidate("a", "b", 1)]).proposals.isEmpty)
        let earlier = CityCycle(month: Self.march, participants: Self.cities("a", "b"), notBefore: Self.utc("2027-03-04T10:10:00Z"))
        #expect(earlier.plan([Self.candidate("a", "b", 1)]).proposals.first?.slot.start == Self.utc("2027-03-04T10:15:00Z"))
    }

    @Test func onlyWindowsInTheCycleMonthCount() {
        let april = [(day: "2027-04-01", from: "09:00", to: "12:00")]
        let plan = CityCycle(month: Self.march, participants: [Self.city("a", windows: april), Self.city("b", windows: april)])
            .plan([Self.candidate("a", "b", 1)])
        #expect(plan.proposals.isEmpty && Self.reasons(plan) == ["a": .noCommonTime, "b": .noCommonTime])
        let inApril = CityCycle(
            month: CityCycle.Month(iso: "2027-04")!, participants: [Self.city("a", windows: april), Self.city("b", windows: april)])
        #expect(Self.proposed(inApril.plan([Self.candidate("a", "b", 1)])) == ["a-b"])
    }

    @Test func theReasonIsTheRuleThatRemovedTheLastCandidate() {
        // x: one candidate declined, one recent → the recent one was the last to go.
        // y: declined only. z: recent only. w: no common time after passing the others.
        let participants = [
            Self.city("x"), Self.city("d1"), Self.city("r1"), Self.city("far", windows: [("2027-03-20", "09:00", "10:30")]),
        ]
        let plan = CityCycle(
            month: Self.march, participants: participants, history: [Self.pairing("x", "r1", "2027-02")],
            declined: [CityCycle.CityPair("x", "d1")]
        )
        .plan([Self.candidate("x", "d1", 0.9), Self.candidate("x", "r1", 0.8), Self.candidate("r1", "far", 0.5)])
        #expect(plan.proposals.isEmpty)
        #expect(Self.reasons(plan) == ["x": .pairedRecently, "d1": .declined, "r1": .noCommonTime, "far": .noCommonTime])
    }

    @Test func duplicateAndSelfCandidatesAndParticipantsAreHandled() {
        // The heavier duplicate counts; a city paired with itself is no candidate; a repeated
        // participant counts once, with its first availability.
        let participants = [Self.city("a"), Self.city("b"), Self.city("b", windows: [("2027-03-09", "09:00", "12:00")]), Self.city("c")]
        let plan = CityCycle(month: Self.march, participants: participants)
            .plan([
                Self.candidate("a", "b", 0.2), Self.candidate("a", "a", 5), Self.candidate("b", "a", 0.9), Self.candidate("a", "c", 0.5),
            ])
        #expect(Self.proposed(plan) == ["a-b"])
        #expect(plan.proposals.first?.score == 0.9)
        #expect(plan.proposals.first?.slot.start == Self.utc("2027-03-04T09:00:00Z"))
        #expect(Self.reasons(plan) == ["c": .lostToBetterPairing])
    }

    // MARK: The benchmark's month

    @Test func theSyntheticMonthIsSeededAndGivesEveryRuleWork() {
        let month = SyntheticCityCycle(cities: 60, seed: 3, vocabulary: 2_000)
        #expect(month.profiles.map(\.text) == SyntheticCityCycle(cities: 60, seed: 3, vocabulary: 2_000).profiles.map(\.text))
        #expect(month.participants.count == 60 && month.participants.allSatisfy { !$0.availability.windows.isEmpty })
        let candidates = (0 ..< 59).map { Self.candidate("city-\($0)", "city-\($0 + 1)", 0.5) }
        let cycle = month.cycle(candidates: candidates, pairedShare: 0.3, declinedShare: 0.2)
        #expect(!cycle.history.isEmpty && !cycle.declined.isEmpty)
        #expect(cycle.history.allSatisfy { (1 ... 12).contains($0.month.months(until: month.month)) })
    }
}
