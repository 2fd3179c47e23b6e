import Foundation
import WeGOCore

/// A problem in a matching input file, with the line it is on.
public struct MatchFileError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String

    public var description: String { "\(file), line \(line): \(reason)" }
}

public enum MatchFiles {
    /// One document per line: `{"id", "title", "text"}` with optional `"language"` and `"tags"`.
    /// Blank lines are skipped; every other line must be a valid document, and ids are unique.
    public static func documents(jsonl text: String, file: String) throws(MatchFileError) -> [MatchDocument] {
        struct Line: Decodable {
            var id: String
            var title: String?
            var text: String?
            var language: String?
            var tags: [String]?
        }
        var documents: [MatchDocument] = []
        var seen = Set<String>()
        let decoder = JSONDecoder()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let entry: Line
            do { entry = try decoder.decode(Line.self, from: Data(line.utf8)) } catch {
                throw MatchFileError(file: file, line: index + 1, reason: "not a JSON object with a string \"id\" (\(reason(of: error)))")
            }
            let document = MatchDocument(
                id: entry.id, title: entry.title ?? "", text: entry.text ?? "", language: entry.language, tags: entry.tags ?? [])
            if let problem = document.problems.first { throw MatchFileError(file: file, line: index + 1, reason: problem) }
            guard seen.insert(entry.id).inserted else {
                throw MatchFileError(file: file, line: index + 1, reason: "the id \"\(entry.id)\" appears twice")
            }
            documents.append(document)
        }
        return documents
    }

    static func reason(of error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _): "no \"\(key.stringValue)\""
        case .typeMismatch(_, let context): "\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        case .valueNotFound(_, let context): "\(context.codingPath.map(\.stringValue).joined(separator: ".")) is null"
        default: "malformed JSON"
        }
    }

    /// Relevance judgements, tab- or space-separated: `query item relevance` or TREC's
    /// `query 0 item relevance`. Relevance is a whole number; 0 means judged not relevant.
    public static func qrels(_ text: String, file: String) throws(MatchFileError) -> [String: [String: Int]] {
        var judgements: [String: [String: Int]] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = raw.split(whereSeparator: { $0 == "\t" || $0 == " " }).map(String.init)
            if fields.isEmpty || fields[0].hasPrefix("#") { continue }
            if index == 0, ["query", "query_id", "qid", "query-id"].contains(fields[0].lowercased()) { continue }  // a header row
            guard fields.count == 3 || fields.count == 4 else {
                throw MatchFileError(
                    file: file, line: index + 1,
                    reason: "expected query, item, relevance (or TREC's four columns), found \(fields.count) fields")
            }
            guard let relevance = Int(fields.last!), relevance >= 0 else {
                throw MatchFileError(file: file, line: index + 1, reason: "relevance \"\(fields.last!)\" is not a whole number from 0")
            }
            judgements[fields[0], default: [:]][fields[fields.count - 2]] = relevance
        }
        return judgements
    }
}

/// Ranking quality against judgements: nDCG@k (graded gains, log2 discount, the ideal from the
/// judgements), recall@k and MRR (reciprocal rank of the first relevant item in the top k),
/// averaged over the queries that have at least one relevant item.
public struct RankingQuality: Sendable, Equatable {
    public var queries: Int
    public var ndcg: Double
    public var recall: Double
    public var mrr: Double

    public static func measure(_ rankings: [String: [String]], qrels: [String: [String: Int]], k: Int = 10) -> RankingQuality {
        var total = RankingQuality(queries: 0, ndcg: 0, recall: 0, mrr: 0)
        for (query, judged) in qrels {
            let relevant = judged.filter { $0.value > 0 }
            guard !relevant.isEmpty else { continue }
            let ranked = Array((rankings[query] ?? []).prefix(k))
            var dcg = 0.0, reciprocal = 0.0, found = 0
            for (position, item) in ranked.enumerated() {
                let gain = Double(judged[item] ?? 0)
                guard gain > 0 else { continue }
                dcg += gain / log2(Double(position) + 2)
                found += 1
                if reciprocal == 0 { reciprocal = 1 / Double(position + 1) }
            }
            let ideal = relevant.values.sorted(by: >).prefix(k).enumerated().reduce(0.0) {
                $0 + Double($1.element) / log2(Double($1.offset) + 2)
            }
            total.queries += 1
            total.ndcg += dcg / ideal
            total.recall += Double(found) / Double(relevant.count)
            total.mrr += reciprocal
        }
        guard total.queries > 0 else { return total }
        let n = Double(total.queries)
        return RankingQuality(queries: total.queries, ndcg: total.ndcg / n, recall: total.recall / n, mrr: total.mrr / n)
    }
}
