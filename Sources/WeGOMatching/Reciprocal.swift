import Foundation
import WeGOCore

/// City-to-city matching, where both sides choose: a pair scores high only when each city is
/// among the other's good matches. Each side's score is divided by its best score for anyone,
/// so a long profile does not outweigh a short one, and the two are combined by their harmonic
/// mean, which is low when either side is lukewarm.
public enum ReciprocalMatching {
    public struct Pair: Sendable, Equatable {
        /// The two profile ids, the smaller first.
        public var first: String
        public var second: String
        public var score: Double
        /// What the first found in the second, and the second in the first.
        public var explanations: [MatchExplanation]
    }

    /// The harmonic mean of the two normalised scores; 0 when either is 0.
    public static func combine(_ forward: Double, _ backward: Double) -> Double {
        forward > 0 && backward > 0 ? 2 * forward * backward / (forward + backward) : 0
    }

    /// Every pair of profiles that appear in each other's top `k`, best first (ties by ids), each
    /// with both explanations. Profiles are matched against one another, never against themselves.
    public static func pairs(
        _ profiles: [MatchDocument], thesaurus: Thesaurus?, configuration: MatchEngine.Configuration = .init(),
        k: Int = 50
    ) -> [Pair] {
        let scorer = Scorer(profiles, thesaurus: thesaurus, configuration: configuration, k: k)
        return scorer.pairs.map(scorer.explained)
    }

    /// The pairs without their explanations, and the means to explain the few that are kept: a
    /// monthly cycle proposes one pair per city out of many candidates.
    public struct Scorer: Sendable {
        /// Best first, ties by ids; `explanations` empty until `explained(_:)`.
        public let pairs: [Pair]
        private let engine: MatchEngine
        private let analyses: [String: MatchEngine.Analysis]

        /// `threads` bounds the cores used: a server keeps one for its requests.
        public init(
            _ profiles: [MatchDocument], thesaurus: Thesaurus?, configuration: MatchEngine.Configuration = .init(), k: Int = 50,
            threads: Int = Parallel.allCores
        ) {
            var engine = MatchEngine(configuration: configuration, thesaurus: thesaurus)
            // Each profile is both an item and a query: analysed once, used twice.
            let analyser = engine
            let analysed = Parallel.map(profiles.indices, threads: threads) { analyser.analyse(profiles[$0]) }
            for (profile, analysis) in zip(profiles, analysed) { engine.add(profile, analysis: analysis) }
            let ranked = rankAll(analysed, ids: profiles.map(\.id), engine: engine, k: k, threads: threads)
            var normalised: [String: [String: Double]] = [:]
            for (profile, suggestions) in zip(profiles, ranked) {
                guard let best = suggestions.first?.score, best > 0 else { continue }
                normalised[profile.id] = Dictionary(suggestions.map { ($0.id, $0.score / best) }, uniquingKeysWith: { first, _ in first })
            }
            var pairs: [Pair] = []
            for (a, scores) in normalised {
                for (b, forward) in scores where a < b {
                    guard let backward = normalised[b]?[a] else { continue }
                    let score = combine(forward, backward)
                    if score > 0 { pairs.append(Pair(first: a, second: b, score: score, explanations: [])) }
                }
            }
            self.pairs = pairs.sorted { ($0.score, $1.first, $1.second) > ($1.score, $0.first, $0.second) }
            self.engine = engine
            self.analyses = Dictionary(zip(profiles.map(\.id), analysed), uniquingKeysWith: { first, _ in first })
        }

        /// The pair with its explanations.
        public func explained(_ pair: Pair) -> Pair {
            var pair = pair
            pair.explanations = explanations(pair.first, pair.second)
            return pair
        }

        /// What the first found in the second, and the second in the first.
        public func explanations(_ first: String, _ second: String) -> [MatchExplanation] {
            [explanation(of: first, in: second), explanation(of: second, in: first)]
        }

        func explanation(of query: String, in item: String) -> MatchExplanation {
            analyses[query].flatMap { engine.explanation(engine.resolve($0), for: item) }
                ?? MatchExplanation(concepts: [], terms: [], tags: [])
        }
    }

    /// Every profile's top `k`: the engine is only read here.
    static func rankAll(
        _ analyses: [MatchEngine.Analysis], ids: [String], engine: MatchEngine, k: Int,
        threads: Int = Parallel.allCores
    ) -> [[MatchSuggestion]] {
        Parallel.map(analyses.indices, threads: threads) { engine.rank(analyses[$0], k: k, excluding: [ids[$0]], explain: false) }
    }
}
