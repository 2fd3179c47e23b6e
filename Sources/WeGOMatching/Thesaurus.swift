import Foundation
import WeGOCore

/// Shared concepts named in several languages ("electric mobility", "movilidad eléctrica",
/// "전기차", "电动汽车" → `electric-mobility`), so texts that share no word can still meet.
/// A concept is found in a text when one of its terms appears there as a phrase, after the same
/// tokeniser the index uses.
public struct Thesaurus: Sendable {
    public struct Concept: Sendable, Equatable {
        public var id: String
        public var domain: String?
        /// Language code → terms.
        public var terms: [String: [String]]
    }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case unreadable(String)
        case invalid(concept: String, reason: String)

        public var description: String {
            switch self {
            case .unreadable(let reason): "thesaurus: \(reason)"
            case .invalid(let concept, let reason): "thesaurus, concept \(concept): \(reason)"
            }
        }
    }

    public let concepts: [Concept]
    private let tokenizer: Tokenizer
    /// First token → (concept, the whole phrase), longest phrases first.
    private let phrases: [String: [(concept: String, tokens: [String])]]

    public init(concepts: [Concept], tokenizer: Tokenizer = Tokenizer()) throws(Problem) {
        var phrases: [String: [(concept: String, tokens: [String])]] = [:]
        var seen = Set<String>()
        for concept in concepts {
            guard !concept.id.isEmpty, seen.insert(concept.id).inserted else {
                throw .invalid(concept: concept.id, reason: "empty or repeated id")
            }
            if let domain = concept.domain, !Taxonomy.all.contains(domain) {
                throw .invalid(concept: concept.id, reason: "unknown domain \"\(domain)\"")
            }
            for (language, terms) in concept.terms {
                for term in terms {
                    let tokens = tokenizer.tokens(term)
                    guard let first = tokens.first else {
                        throw .invalid(concept: concept.id, reason: "the \(language) term \"\(term)\" has no word of two or more letters")
                    }
                    phrases[first, default: []].append((concept.id, tokens))
                }
            }
        }
        self.concepts = concepts
        self.tokenizer = tokenizer
        self.phrases = phrases.mapValues { $0.sorted { $0.tokens.count > $1.tokens.count } }
    }

    public init(json: Data, tokenizer: Tokenizer = Tokenizer()) throws(Problem) {
        struct File: Decodable {
            struct Entry: Decodable { var id: String; var domain: String?; var terms: [String: [String]] }
            var concepts: [Entry]
        }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: json) } catch { throw .unreadable("\(error)") }
        try self.init(concepts: file.concepts.map { Concept(id: $0.id, domain: $0.domain, terms: $0.terms) }, tokenizer: tokenizer)
    }

    /// The concepts whose terms occur in the tokens, each once, in order of first appearance.
    public func concepts(in tokens: [String]) -> [String] {
        var found: [String] = []
        for start in tokens.indices {
            guard let candidates = phrases[tokens[start]] else { continue }
            for (concept, phrase) in candidates where !found.contains(concept) {
                guard start + phrase.count <= tokens.count else { continue }
                if tokens[start ..< (start + phrase.count)].elementsEqual(phrase) { found.append(concept) }
            }
        }
        return found
    }
}
