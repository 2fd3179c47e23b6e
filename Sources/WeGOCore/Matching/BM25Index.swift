import Foundation

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
        var accumulated = [Double](repeating: 0, count: ids.count)
        var touched: [Int32] = []
        accumulate(query, into: &accumulated, touched: &touched)
        touched.sort()
        return touched.map { (ids[Int($0)]!, accumulated[Int($0)]) }
    }

    /// The `k` best documents, best first; equal scores keep the order in which documents were added.
    public func top(_ k: Int, for query: [String]) -> [(id: String, score: Double)] {
        guard k > 0 else { return [] }
        var accumulated = [Double](repeating: 0, count: ids.count)
        var touched: [Int32] = []
        accumulate(query, into: &accumulated, touched: &touched)
        func better(_ a: Int32, _ b: Int32) -> Bool {
            let x = accumulated[Int(a)], y = accumulated[Int(b)]
            return x != y ? x > y : a < b
        }
        // A bounded selection: a sorted buffer of at most k, cheap when k is small against the matches.
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
        return best.map { (ids[Int($0)]!, accumulated[Int($0)]) }
    }

    private func accumulate(_ query: [String], into scores: inout [Double], touched: inout [Int32]) {
        let n = Double(count)
        guard n > 0 else { return }
        let averageLength = self.averageLength
        let k1 = parameters.k1, b = parameters.b
        var seen = [Bool](repeating: false, count: ids.count)
        for token in query {
            guard let term = termIDs[token] else { continue }
            let df = Double(documentFrequency[Int(term)])
            guard df > 0 else { continue }
            // Written in bm25s's order of operations, so the sums agree to the last bits.
            let idf = Foundation.log(1 + (n - df + 0.5) / (df + 0.5))
            for posting in postings[Int(term)] {
                let document = Int(posting.document)
                let tf = Double(posting.frequency)
                let length = Double(lengths[document])
                let tfc = tf / (k1 * ((1 - b) + b * length / averageLength) + tf)
                scores[document] += idf * tfc
                if !seen[document] { seen[document] = true; touched.append(posting.document) }
            }
        }
    }
}
