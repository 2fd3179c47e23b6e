import Foundation

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

    /// Every pair of profiles that appear in each other's top `k`, best first (ties by ids).
    /// Profiles are matched against one another, never against themselves.
    public static func pairs(_ profiles: [MatchDocument], thesaurus: Thesaurus?, configuration: MatchEngine.Configuration = .init(),
                             k: Int = 50) -> [Pair] {
        var engine = MatchEngine(configuration: configuration, thesaurus: thesaurus)
        for profile in profiles { engine.add(profile) }
        var normalised: [String: [String: (score: Double, explanation: MatchExplanation)]] = [:]
        for profile in profiles {
            let ranked = engine.rank(profile, k: k, excluding: [profile.id])
            guard let best = ranked.first?.score, best > 0 else { continue }
            normalised[profile.id] = Dictionary(uniqueKeysWithValues: ranked.map { ($0.id, ($0.score / best, $0.explanation)) })
        }
        var pairs: [Pair] = []
        for (a, scores) in normalised {
            for (b, forward) in scores where a < b {
                guard let backward = normalised[b]?[a] else { continue }
                let score = combine(forward.score, backward.score)
                if score > 0 { pairs.append(Pair(first: a, second: b, score: score, explanations: [forward.explanation, backward.explanation])) }
            }
        }
        return pairs.sorted { ($0.score, $1.first, $1.second) > ($1.score, $0.first, $0.second) }
    }
}
