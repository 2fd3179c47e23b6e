import Foundation
import WeGOCore

/// What members post to Solutions Meet Cities. One shape for all five kinds, so one engine ranks
/// them together; the fields a kind does not use stay empty.
public enum MatchItemKind: String, CaseIterable, Codable, Sendable {
    /// A city's problem it wants help with.
    case challenge
    /// A city's ongoing project, offered for peer learning.
    case project
    /// A company's or institution's offer.
    case solution
    /// A ready-made proposal seeking partners or funding (any member).
    case proposal
    /// A partner's funding program, entered by the Secretariat.
    case funding

    /// Who may post it: cities post challenges and projects, companies and institutions solutions;
    /// anyone a proposal; funding programs are the Secretariat's (no member category).
    public func isPostable(by category: MemberCategory) -> Bool {
        switch self {
        case .challenge, .project: category == .localGovernment
        case .solution: category != .localGovernment
        case .proposal: true
        case .funding: false
        }
    }

    /// What an item of this kind is matched against: a challenge looks for solutions, peers
    /// (their challenges and projects) and proposals; a solution looks for challenges.
    public var counterparts: [MatchItemKind] {
        switch self {
        case .challenge: [.solution, .challenge, .project, .proposal, .funding]
        case .project: [.challenge, .project, .proposal, .funding]
        case .solution: [.challenge]
        case .proposal: [.funding, .challenge, .solution]
        case .funding: [.proposal, .challenge]
        }
    }

    /// Kinds that carry a stage of progress.
    public var hasStage: Bool { self != .funding && self != .solution }
}

public enum MatchVisibility: String, CaseIterable, Codable, Sendable {
    case `public`, members, secretariat
}

public enum MatchStage: String, CaseIterable, Codable, Sendable {
    case idea, planning, pilot, implementation, scaling
}

/// An item as a form or file gives it, checked as a whole before anything is stored.
public struct MatchItemDraft: Sendable, Equatable {
    public var kind: MatchItemKind
    public var title: String
    public var description: String
    public var language: String
    public var domains: [String]
    public var sdgs: [String]
    public var stage: MatchStage?
    public var visibility: MatchVisibility
    /// Project: partners and results; solution: reference cities, regions and languages served;
    /// funding: funder, eligibility, deadline (ISO date) and amount. Free text, as members write them.
    public var partners: String
    public var results: String
    public var references: String
    public var regionsServed: String
    public var languagesServed: String
    public var funder: String
    public var eligibility: String
    public var deadline: String
    public var amount: String

    public init(
        kind: MatchItemKind, title: String, description: String, language: String, domains: [String] = [], sdgs: [String] = [],
        stage: MatchStage? = nil, visibility: MatchVisibility = .members, partners: String = "", results: String = "",
        references: String = "", regionsServed: String = "", languagesServed: String = "", funder: String = "",
        eligibility: String = "", deadline: String = "", amount: String = ""
    ) {
        self.kind = kind; self.title = title; self.description = description; self.language = language
        self.domains = domains; self.sdgs = sdgs; self.stage = stage; self.visibility = visibility
        self.partners = partners; self.results = results; self.references = references; self.regionsServed = regionsServed
        self.languagesServed = languagesServed; self.funder = funder; self.eligibility = eligibility; self.deadline = deadline
        self.amount = amount
    }

    public static let maximumTitleLength = 200
    /// Each free-text field; the whole item must also fit the engine's document limit.
    public static let maximumFieldLength = 4_000

    public enum Problem: Sendable, Equatable {
        case required
        case tooLong(limit: Int)
        case unknownLanguage(String)
        case unknownTerms([String])
        case invalidDate
    }

    /// Field name → what is wrong with it; empty when the item can be saved.
    public var problems: [String: Problem] {
        var problems: [String: Problem] = [:]
        let trimmedTitle = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmedTitle.isEmpty {
            problems["title"] = .required
        } else if trimmedTitle.count > Self.maximumTitleLength {
            problems["title"] = .tooLong(limit: Self.maximumTitleLength)
        }
        let fields: [(String, String)] = [
            ("description", description), ("partners", partners), ("results", results),
            ("references", references), ("regions_served", regionsServed),
            ("languages_served", languagesServed), ("funder", funder),
            ("eligibility", eligibility), ("amount", amount),
        ]
        for (name, value) in fields where value.count > Self.maximumFieldLength {
            problems[name] = .tooLong(limit: Self.maximumFieldLength)
        }
        if description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems["description"] = .required }
        if !MatchDocument.languages.contains(language) { problems["language"] = .unknownLanguage(language) }
        let unknownDomains = domains.filter { code in !Taxonomy.domains.contains { $0.code == code } }
        if !unknownDomains.isEmpty { problems["domains"] = .unknownTerms(unknownDomains) }
        let unknownGoals = sdgs.filter { !Taxonomy.sdgs.contains($0) }
        if !unknownGoals.isEmpty { problems["sdgs"] = .unknownTerms(unknownGoals) }
        if kind.hasStage && stage == nil { problems["stage"] = .required }
        if kind == .funding {
            if funder.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems["funder"] = .required }
            if !deadline.isEmpty && CalendarDate(iso: deadline) == nil { problems["deadline"] = .invalidDate }
        }
        return problems
    }

    /// The same problems as catalog keys, for a form to show beside its fields.
    public var fieldProblems: FieldProblems {
        var out = FieldProblems()
        for (field, problem) in problems {
            switch problem {
            case .required: out.add(field, "match.error.required")
            case .tooLong(let limit): out.add(field, "match.error.too_long", numbers: ["limit": limit])
            case .unknownLanguage(let code): out.add(field, "match.error.unknown_language", ["code": code])
            case .unknownTerms(let terms): out.add(field, "match.error.unknown_terms", ["terms": terms.joined(separator: ", ")])
            case .invalidDate: out.add(field, "match.error.invalid_date")
            }
        }
        return out
    }

    /// The draft as it is stored: each taxonomy code once, and the fields its kind does not have
    /// emptied (a challenge's form has no "eligibility"; a hand-made request may send one anyway).
    public var normalised: MatchItemDraft {
        var draft = self
        func unique(_ codes: [String]) -> [String] {
            var seen = Set<String>()
            return codes.filter { seen.insert($0).inserted }
        }
        draft.domains = unique(domains)
        draft.sdgs = unique(sdgs)
        if !kind.hasStage { draft.stage = nil }
        if kind != .project && kind != .proposal { draft.partners = "" }
        if kind != .project { draft.results = "" }
        if kind != .solution { draft.references = ""; draft.regionsServed = ""; draft.languagesServed = "" }
        if kind != .funding { draft.funder = ""; draft.eligibility = ""; draft.deadline = ""; draft.amount = "" }
        return draft
    }

    /// The text the engine reads: the description and the fields that say what the item is about.
    /// Partners, amounts and deadlines are left out: they describe the arrangement, not the topic.
    public func document(id: String) -> MatchDocument {
        let body = [description, results, references, eligibility].filter { !$0.isEmpty }.joined(separator: "\n")
        return MatchDocument(id: id, title: title, text: body, language: language, tags: domains + sdgs)
    }
}
