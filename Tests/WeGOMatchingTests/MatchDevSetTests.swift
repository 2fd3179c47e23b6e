import Foundation
import Testing
import WeGOCore

@testable import WeGOMatching

/// The labelled development set of the matching engine in `examples/matching-devset/` (made by
/// `tools/matching-devset/build.py` from the Open SDG translations), read with the readers
/// `wego match eval` uses: every file parses, the set is as large and as multilingual as issue 5
/// asks, and every judgement names a query and an item that exist.
@Suite struct MatchDevSetTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/matching-devset")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func documents(_ name: String) throws -> [MatchDocument] {
        try MatchFiles.documents(jsonl: text(name), file: name)
    }

    @Test func itemsAndQueriesReadAndAreMultilingual() throws {
        let items = try Self.documents("items.jsonl")
        let queries = try Self.documents("queries.jsonl")
        #expect(items.count == 169, "one item per SDG target")
        #expect(queries.count >= 150)
        #expect(queries.allSatisfy { $0.language != nil }, "every query says its language")
        var perLanguage: [String: Int] = [:]
        for query in queries { perLanguage[query.language ?? "", default: 0] += 1 }
        #expect(perLanguage.count >= 3, "\(perLanguage)")
        #expect(perLanguage.values.filter { $0 >= 50 }.count >= 3, "at least three languages with 50 queries or more: \(perLanguage)")
        #expect(Set(items.map(\.id)).isDisjoint(with: queries.map(\.id)))
    }

    @Test(arguments: ["qrels.tsv", "qrels-goal.tsv"])
    func everyJudgementNamesAKnownQueryAndItem(_ name: String) throws {
        let items = try Set(Self.documents("items.jsonl").map(\.id))
        let queries = try Set(Self.documents("queries.jsonl").map(\.id))
        let qrels = try MatchFiles.qrels(Self.text(name), file: name)
        #expect(Set(qrels.keys) == queries, "\(name): every query is judged and every judged query exists")
        for (query, judged) in qrels {
            let unknown = judged.keys.filter { !items.contains($0) }
            #expect(unknown.isEmpty, "\(name): \(query) names unknown items \(unknown)")
            #expect(judged.values.contains { $0 > 0 }, "\(name): \(query) has no relevant item")
        }
    }
}
