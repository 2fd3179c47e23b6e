import Foundation
import WeGOCore

/// Anything that can be matched: a challenge, a solution, a project, a proposal, or a query.
public struct MatchDocument: Sendable, Equatable {
    public var id: String
    public var title: String
    public var text: String
    /// BCP 47 code of the text's language, when known.
    public var language: String?
    /// Taxonomy codes (domains, `sdg-N`).
    public var tags: [String]

    public init(id: String, title: String, text: String, language: String? = nil, tags: [String] = []) {
        self.id = id; self.title = title; self.text = text; self.language = language; self.tags = tags
    }

    /// Languages the tokeniser handles: the interface languages and those WeGO members write in.
    public static let languages: Set<String> = [
        "en", "ko", "es", "zh", "zh-Hans", "zh-Hant", "ja", "fr", "pt", "ar", "ru", "id",
        "vi", "th", "mn", "tr", "de", "it", "uz", "kk", "az", "ka", "sw", "hi", "ms", "tl",
    ]
    public static let maximumLength = 20_000

    /// What is wrong with the document, if anything: an empty or oversized text, an unknown
    /// language code or taxonomy term.
    public var problems: [String] {
        var problems: [String] = []
        if id.isEmpty { problems.append("the id is empty") }
        if (title + text).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("the title and text are empty") }
        if title.count + text.count > Self.maximumLength { problems.append("the text is longer than \(Self.maximumLength) characters") }
        if let language, !Self.languages.contains(language) { problems.append("unknown language code \"\(language)\"") }
        let unknown = Taxonomy.unknown(tags)
        if !unknown.isEmpty { problems.append("unknown taxonomy terms: \(unknown.joined(separator: ", "))") }
        return problems
    }
}

/// Why an item was suggested: the concepts, words and taxonomy terms it shares with the query.
public struct MatchExplanation: Sendable, Equatable {
    public var concepts: [String]
    public var terms: [String]
    public var tags: [String]

    public init(concepts: [String], terms: [String], tags: [String]) { self.concepts = concepts; self.terms = terms; self.tags = tags }
}

public struct MatchSuggestion: Sendable, Equatable {
    public var id: String
    public var score: Double
    public var explanation: MatchExplanation
}

/// Ranks items for a query by three BM25 indexes over the same items: the words (title counted
/// twice), the thesaurus concepts the words name, and the taxonomy terms with their sectors.
/// The three share document positions, so a query adds their weighted scores in one pass.
/// Adding an item updates the three indexes and nothing else.
public struct MatchEngine: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var tokenizer: Tokenizer.Mode
        public var parameters: BM25Index.Parameters
        public var conceptWeight: Double
        public var tagWeight: Double

        public init(
            tokenizer: Tokenizer.Mode = .multilingual, parameters: BM25Index.Parameters = .init(k1: 1.2, b: 0.75),
            conceptWeight: Double = 1.5, tagWeight: Double = 0.5
        ) {
            self.tokenizer = tokenizer; self.parameters = parameters; self.conceptWeight = conceptWeight; self.tagWeight = tagWeight
        }

        /// Plain BM25 over bm25s's tokens: the baseline the engine is measured against.
        public static let plain = Configuration(tokenizer: .reference, parameters: .init(), conceptWeight: 0, tagWeight: 0)
    }

    public let configuration: Configuration
    private let tokenizer: Tokenizer
    private let thesaurus: Thesaurus?
    private var words: BM25Index
    private var concepts: BM25Index
    private var tags: BM25Index

    public init(configuration: Configuration = Configuration(), thesaurus: Thesaurus?) {
        self.configuration = configuration
        tokenizer = Tokenizer(mode: configuration.tokenizer)
        self.thesaurus = configuration.conceptWeight > 0 ? thesaurus : nil
        words = BM25Index(parameters: configuration.parameters)
        concepts = BM25Index(parameters: configuration.parameters)
        tags = BM25Index(parameters: configuration.parameters)
    }

    public var count: Int { words.count }

    struct Analysis: Sendable {
        var words: [String]
        var concepts: [String]
        var tags: [String]
    }

    func analyse(_ document: MatchDocument) -> Analysis {
        let title = tokenizer.tokens(document.title)
        let body = tokenizer.tokens(document.text)
        let found = thesaurus.map { $0.concepts(in: title) + $0.concepts(in: body) } ?? []
        var concepts: [String] = []
        for concept in found where !concepts.contains(concept) { concepts.append(concept) }
        return Analysis(
            words: title + title + body, concepts: concepts.map { "#" + $0 },
            tags: configuration.tagWeight > 0 ? Taxonomy.expanded(document.tags) : [])
    }

    /// Adds an item, replacing any earlier one with the same id.
    public mutating func add(_ document: MatchDocument) { add(document, analysis: analyse(document)) }

    /// Adds an item already analysed (profiles that are queries too are analysed once).
    mutating func add(_ document: MatchDocument, analysis: Analysis) {
        words.add(id: document.id, tokens: analysis.words)
        concepts.add(id: document.id, tokens: analysis.concepts)
        tags.add(id: document.id, tokens: analysis.tags)
    }

    public mutating func remove(id: String) {
        words.remove(id: id)
        concepts.remove(id: id)
        tags.remove(id: id)
    }

    /// The `k` best items for the query, best first, each with its explanation. `excluding`
    /// leaves out items (the query's own, or pairs already declined).
    public func rank(_ query: MatchDocument, k: Int, excluding: Set<String> = []) -> [MatchSuggestion] {
        rank(analyse(query), k: k, excluding: excluding)
    }

    /// `explain: false` leaves explanations empty, for callers that explain only the few
    /// suggestions they keep (`explanation(_:for:)`).
    func rank(_ analysis: Analysis, k: Int, excluding: Set<String> = [], explain: Bool = true) -> [MatchSuggestion] {
        var accumulator = Accumulator(size: words.capacity)
        words.accumulate(analysis.words, into: &accumulator)
        concepts.accumulate(analysis.concepts, weight: configuration.conceptWeight, into: &accumulator)
        tags.accumulate(analysis.tags, weight: configuration.tagWeight, into: &accumulator)
        // By position: comparing a few integers per match, not hashing every match's id.
        let excluded = excluding.compactMap { words.position(of: $0) }
        if !excluded.isEmpty { accumulator.touched.removeAll { excluded.contains($0) } }
        let best = accumulator.best(k)
        guard !best.isEmpty else { return [] }
        let query = explain ? resolve(analysis) : nil
        let none = MatchExplanation(concepts: [], terms: [], tags: [])
        return best.compactMap { position in
            guard let id = words.id(at: position) else { return nil }
            return MatchSuggestion(
                id: id, score: accumulator.scores[Int(position)],
                explanation: query.map { explanation($0, at: position) } ?? none)
        }
    }

    /// A query's terms looked up in the three indexes once, for explaining many suggestions.
    struct ResolvedAnalysis: Sendable {
        var words: BM25Index.ResolvedQuery
        var concepts: BM25Index.ResolvedQuery
        var tags: BM25Index.ResolvedQuery
    }

    func resolve(_ analysis: Analysis) -> ResolvedAnalysis {
        ResolvedAnalysis(
            words: words.resolve(analysis.words), concepts: concepts.resolve(analysis.concepts), tags: tags.resolve(analysis.tags))
    }

    /// What the item shares with the query; the three indexes share positions.
    func explanation(_ query: ResolvedAnalysis, at position: Int32) -> MatchExplanation {
        MatchExplanation(
            concepts: concepts.sharedTerms(query.concepts, at: position).map { String($0.dropFirst()) },
            terms: words.sharedTerms(query.words, at: position),
            tags: tags.sharedTerms(query.tags, at: position))
    }

    func explanation(_ query: ResolvedAnalysis, for id: String) -> MatchExplanation? {
        words.position(of: id).map { explanation(query, at: $0) }
    }
}
