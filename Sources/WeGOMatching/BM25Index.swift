import Foundation
import WeGOCore

/// An inverted index ranked by BM25 in Lucene's form, as the Python package bm25s computes it
/// with `method="lucene"`:
///
///     score(q, d) = Σ over the terms t of q (repeats counted) of
///                   ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5)) · tf / (k1 · ((1 − b) + b · |d| / avgdl) + tf)
///
/// N, df and avgdl are read when a query runs, so adding (or replacing) one document touches only
/// that document's terms: nothing is rebuilt.
public struct BM25Index: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var k1: Double
        public var b: Double
        /// bm25s's defaults.
        public init(k1: Double = 1.5, b: Double = 0.75) { self.k1 = k1; self.b = b }
    }

    struct Posting: Sendable {
        var document: Int32
        var frequency: Int32
    }

    public var parameters: Parameters
    /// Document ids by internal position; a replaced or removed document leaves a hole (nil).
    private(set) var ids: [String?] = []
    private var positions: [String: Int] = [:]
    private var lengths: [Int32] = []
    /// Each live document's distinct term ids, so it can be taken out again.
    private var documentTerms: [[Int32]] = []
    private var termIDs: [String: Int32] = [:]
    private var postings: [[Posting]] = []
    private var documentFrequency: [Int32] = []
    private var totalLength = 0

    public init(parameters: Parameters = Parameters()) { self.parameters = parameters }

    public var count: Int { positions.count }
    public var averageLength: Double { count == 0 ? 0 : Double(totalLength) / Double(count) }

    public func contains(_ id: String) -> Bool { positions[id] != nil }

    /// Adds a document, replacing any earlier one with the same id.
    public mutating func add(id: String, tokens: [String]) {
        remove(id: id)
        let document = Int32(ids.count)
        ids.append(id)
        positions[id] = Int(document)
        lengths.append(Int32(tokens.count))
        totalLength += tokens.count
        var frequencies: [Int32: Int32] = [:]
        for token in tokens {
            let term: Int32
            if let known = termIDs[token] {
                term = known
            } else {
                term = Int32(postings.count)
                termIDs[token] = term
                postings.append([])
                documentFrequency.append(0)
            }
            frequencies[term, default: 0] += 1
        }
        let terms = frequencies.keys.sorted()
        for term in terms {
            postings[Int(term)].append(Posting(document: document, frequency: frequencies[term]!))
            documentFrequency[Int(term)] += 1
        }
        documentTerms.append(terms)
    }

    /// Takes a document out: its postings go, and it no longer counts in df, N or avgdl.
    public mutating func remove(id: String) {
        guard let position = positions.removeValue(forKey: id) else { return }
        ids[position] = nil
        totalLength -= Int(lengths[position])
        for term in documentTerms[position] {
            documentFrequency[Int(term)] -= 1
            postings[Int(term)].removeAll { $0.document == Int32(position) }
        }
        documentTerms[position] = []
    }

    /// Scores every document that shares a term with the query, in the order of positions.
    /// Query terms not in the index are ignored, as bm25s ignores them.
    public func scores(_ query: [String]) -> [(id: String, score: Double)] {
        var accumulator = Accumulator(size: ids.count)
        accumulate(query, into: &accumulator)
        return accumulator.touched.sorted().map { (ids[Int($0)]!, accumulator.scores[Int($0)]) }
    }

    /// The `k` best documents, best first; equal scores keep the order in which documents were added.
    public func top(_ k: Int, for query: [String]) -> [(id: String, score: Double)] {
        var accumulator = Accumulator(size: ids.count)
        accumulate(query, into: &accumulator)
        return accumulator.best(k).map { (ids[Int($0)]!, accumulator.scores[Int($0)]) }
    }

    /// The query's terms that the document contains, in query order without repeats.
    public func sharedTerms(_ query: [String], id: String) -> [String] {
        guard let position = positions[id] else { return [] }
        return sharedTerms(resolve(query), at: Int32(position))
    }

    /// A query's distinct known terms in query order, looked up once: explaining fifty
    /// suggestions then costs fifty binary searches a term, not fifty hash lookups of every word.
    struct ResolvedQuery {
        var tokens: [String] = []
        var terms: [Int32] = []
    }

    func resolve(_ query: [String]) -> ResolvedQuery {
        var resolved = ResolvedQuery()
        var seen = Set<Int32>()
        for token in query {
            guard let term = termIDs[token], seen.insert(term).inserted else { continue }
            resolved.tokens.append(token)
            resolved.terms.append(term)
        }
        return resolved
    }

    func sharedTerms(_ query: ResolvedQuery, at position: Int32) -> [String] {
        let terms = documentTerms[Int(position)]
        var shared: [String] = []
        for (token, term) in zip(query.tokens, query.terms) {
            var low = 0, high = terms.count
            while low < high {
                let middle = (low + high) / 2
                if terms[middle] < term { low = middle + 1 } else { high = middle }
            }
            if low < terms.count && terms[low] == term { shared.append(token) }
        }
        return shared
    }

    func position(of id: String) -> Int32? { positions[id].map(Int32.init) }
    func id(at position: Int32) -> String? { ids[Int(position)] }
    var capacity: Int { ids.count }

    /// Adds `weight` × the query's BM25 score to every document that shares a term with it.
    func accumulate(_ query: [String], weight: Double = 1, into accumulator: inout Accumulator) {
        let n = Double(count)
        guard n > 0, weight != 0 else { return }
        let averageLength = self.averageLength
        let k1 = parameters.k1, b = parameters.b
        let terms = query.compactMap { termIDs[$0] }
        // A long query over a small collection visits each document many times: its length
        // normalisation is then worked out once per document, with the same operations in the
        // same order, so the scores do not change by a bit.
        let visits = terms.reduce(0) { $0 + Int(documentFrequency[Int($1)]) }
        let norms: [Double]? = visits > 2 * ids.count ? lengths.map { k1 * ((1 - b) + b * Double($0) / averageLength) } : nil
        for term in terms {
            let df = Double(documentFrequency[Int(term)])
            guard df > 0 else { continue }
            // Written in bm25s's order of operations, so the sums agree to the last bits.
            let idf = Foundation.log(1 + (n - df + 0.5) / (df + 0.5))
            for posting in postings[Int(term)] {
                let document = Int(posting.document)
                let tf = Double(posting.frequency)
                let norm = norms?[document] ?? k1 * ((1 - b) + b * Double(lengths[document]) / averageLength)
                let tfc = tf / (norm + tf)
                accumulator.add(weight == 1 ? idf * tfc : weight * (idf * tfc), to: posting.document)
            }
        }
    }
}

/// Scores gathered by document position, from one index or several that share positions.
struct Accumulator {
    var scores: [Double]
    var seen: [Bool]
    var touched: [Int32] = []

    init(size: Int) {
        scores = [Double](repeating: 0, count: size)
        seen = [Bool](repeating: false, count: size)
    }

    mutating func add(_ value: Double, to document: Int32) {
        scores[Int(document)] += value
        if !seen[Int(document)] { seen[Int(document)] = true; touched.append(document) }
    }

    /// The `k` best positions, best first, ties by position: a sorted buffer of at most k,
    /// cheap when k is small against the matches.
    func best(_ k: Int) -> [Int32] {
        guard k > 0 else { return [] }
        func better(_ a: Int32, _ b: Int32) -> Bool {
            let x = scores[Int(a)], y = scores[Int(b)]
            return x != y ? x > y : a < b
        }
        var best: [Int32] = []
        best.reserveCapacity(k + 1)
        for document in touched {
            if best.count == k, let last = best.last, !better(document, last) { continue }
            var low = 0, high = best.count
            while low < high {
                let middle = (low + high) / 2
                if better(best[middle], document) { low = middle + 1 } else { high = middle }
            }
            best.insert(document, at: low)
            if best.count > k { best.removeLast() }
        }
        return best
    }
}
