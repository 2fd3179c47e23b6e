import Foundation
import WeGOCore

/// A seeded corpus for benchmarks: words made of syllables, drawn with Zipf's law (as words in
/// real text are), documents of 20–120 words and queries of 2–6. The same seed gives the same
/// corpus, so another tool can be timed on exactly the same text.
public struct SyntheticCorpus: Sendable {
    public let documents: [String]
    public let queries: [String]

    public init(documents count: Int, queries queryCount: Int, vocabulary size: Int = 50_000, seed: UInt64 = 1) {
        var random = SeededGenerator(seed: seed)
        let syllables = ["ka", "to", "mi", "ra", "ne", "su", "lo", "vi", "de", "pa", "zu", "che", "ong", "har", "wel", "bri"]
        var seen = Set<String>()
        var words: [String] = []
        while words.count < size {
            let length = 2 + Int(random.next() % 3)
            let word = (0 ..< length).map { _ in syllables[Int(random.next() % UInt64(syllables.count))] }.joined()
            if seen.insert(word).inserted { words.append(word) }
        }
        // Cumulative Zipf weights (s = 1), searched by bisection for each draw.
        var cumulative: [Double] = []
        cumulative.reserveCapacity(size)
        var total = 0.0
        for rank in 1 ... size { total += 1 / Double(rank); cumulative.append(total) }
        func draw(_ random: inout SeededGenerator) -> String {
            let target = random.unit() * total
            var low = 0, high = size - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] < target { low = middle + 1 } else { high = middle }
            }
            return words[low]
        }
        func text(_ range: ClosedRange<Int>, _ random: inout SeededGenerator) -> String {
            let length = range.lowerBound + Int(random.next() % UInt64(range.count))
            return (0 ..< length).map { _ in draw(&random) }.joined(separator: " ")
        }
        documents = (0 ..< count).map { _ in text(20 ... 120, &random) }
        queries = (0 ..< queryCount).map { _ in text(2 ... 6, &random) }
    }
}
