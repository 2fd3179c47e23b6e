import Foundation
import Testing
import WeGOCore

@testable import WeGOMatching

/// What members post: who may post what, what a draft must have, and how it is stored.
@Suite struct MatchContentTests {
    @Test func citiesPostChallengesAndCompaniesSolutions() {
        #expect(MatchItemKind.challenge.isPostable(by: .localGovernment) && !MatchItemKind.challenge.isPostable(by: .corporation))
        #expect(MatchItemKind.solution.isPostable(by: .corporation) && MatchItemKind.solution.isPostable(by: .institution))
        #expect(!MatchItemKind.solution.isPostable(by: .localGovernment))
        #expect(
            MemberCategory.allCases.allSatisfy { MatchItemKind.proposal.isPostable(by: $0) && !MatchItemKind.funding.isPostable(by: $0) })
        #expect(MatchItemKind.solution.counterparts == [.challenge])
    }

    @Test func everyProblemIsNamedByField() {
        let draft = MatchItemDraft(
            kind: .funding, title: String(repeating: "t", count: 201), description: "  ", language: "xx",
            domains: ["mobility", "teleportation"], sdgs: ["sdg-18"], funder: "", deadline: "2027-02-30")
        #expect(
            draft.problems == [
                "title": .tooLong(limit: 200), "description": .required, "language": .unknownLanguage("xx"),
                "domains": .unknownTerms(["teleportation"]), "sdgs": .unknownTerms(["sdg-18"]), "funder": .required,
                "deadline": .invalidDate,
            ])
        let challenge = MatchItemDraft(kind: .challenge, title: "Flooding", description: "Streets flood.", language: "en")
        #expect(challenge.problems == ["stage": .required])
        #expect(
            MatchItemDraft(kind: .challenge, title: "Flooding", description: "Streets flood.", language: "en", stage: .idea).problems
                .isEmpty)
    }

    @Test func storedDraftsKeepOnlyTheirKindsFieldsAndEachCodeOnce() {
        let draft = MatchItemDraft(
            kind: .challenge, title: "T", description: "D", language: "es", domains: ["water", "water", "climate"],
            sdgs: ["sdg-6", "sdg-6"], stage: .pilot, partners: "P", results: "R", references: "Lima", funder: "F",
            eligibility: "E", deadline: "2027-01-01", amount: "1"
        ).normalised
        #expect(draft.domains == ["water", "climate"] && draft.sdgs == ["sdg-6"] && draft.stage == .pilot)
        #expect(
            [draft.partners, draft.results, draft.references, draft.funder, draft.eligibility, draft.deadline, draft.amount].allSatisfy {
                $0.isEmpty
            })
        let solution = MatchItemDraft(kind: .solution, title: "T", description: "D", language: "en", stage: .pilot, references: "Seoul")
            .normalised
        #expect(solution.stage == nil && solution.references == "Seoul")
        // The engine reads the description with the fields that say what the item is about.
        #expect(solution.document(id: "s").text == "D\nSeoul" && solution.document(id: "s").tags.isEmpty)
    }
}
