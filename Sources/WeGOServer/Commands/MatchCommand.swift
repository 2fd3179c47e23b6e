import Foundation
import Vapor
import WeGOCore

/// `wego match rank` and `wego match eval`: the matching engine on any items and queries, for
/// analysts and for measuring it against plain BM25.
struct MatchCommand: AsyncCommandGroup {
    var help: String { "Ranks items for queries with the Solutions Meet Cities matching engine, and evaluates rankings." }
    var commands: [String: any AnyAsyncCommand] { ["rank": MatchRankCommand(), "eval": MatchEvalCommand()] }
    var defaultCommand: (any AnyAsyncCommand)? { nil }
}

/// The options both commands share, and reading their files with the line of any problem.
struct MatchInputs {
    var items: [MatchDocument]
    var queries: [MatchDocument]

    static func load(items: String?, queries: String?, usage: String, _ context: CommandContext) throws -> MatchInputs {
        guard let items, let queries else {
            context.console.error(usage)
            throw ExitCode.failure
        }
        do {
            return MatchInputs(items: try MatchFiles.documents(jsonl: IndexFiles.read(items, context), file: items),
                               queries: try MatchFiles.documents(jsonl: IndexFiles.read(queries, context), file: queries))
        } catch let error as MatchFileError {
            context.console.error(error.description)
            throw ExitCode.failure
        }
    }

    static func k(_ text: String?, _ context: CommandContext) throws -> Int {
        guard let k = Int(text ?? "10"), (1...1000).contains(k) else {
            context.console.error("--k must be a whole number from 1 to 1000")
            throw ExitCode.failure
        }
        return k
    }

    static func configuration(engine: String?, k1: String?, b: String?, _ context: CommandContext) throws -> MatchEngine.Configuration {
        var configuration: MatchEngine.Configuration
        switch engine ?? "full" {
        case "full": configuration = .init()
        case "plain": configuration = .plain
        default:
            context.console.error("--engine must be full (words, concepts, taxonomy) or plain (BM25 over bm25s's tokens)")
            throw ExitCode.failure
        }
        if let k1 {
            guard let value = Double(k1), value >= 0, value.isFinite else { context.console.error("--k1 must be a number from 0"); throw ExitCode.failure }
            configuration.parameters.k1 = value
        }
        if let b {
            guard let value = Double(b), (0...1).contains(value) else { context.console.error("--b must be a number from 0 to 1"); throw ExitCode.failure }
            configuration.parameters.b = value
        }
        return configuration
    }

    static func thesaurus(_ context: CommandContext) throws -> Thesaurus {
        do { return try Thesaurus(json: Resources.data("Matching/thesaurus.json")) } catch {
            context.console.error("the shipped thesaurus cannot be read: \(error)")
            throw ExitCode.failure
        }
    }

    func rankings(_ configuration: MatchEngine.Configuration, thesaurus: Thesaurus, k: Int) -> [(query: String, items: [String])] {
        var engine = MatchEngine(configuration: configuration, thesaurus: thesaurus)
        for item in items { engine.add(item) }
        return queries.map { query in (query.id, engine.rank(query, k: k, excluding: [query.id]).map(\.id)) }
    }
}

struct MatchRankCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "items", help: "JSONL, one item per line: {\"id\", \"title\", \"text\"} with optional \"language\" and \"tags\".") var items: String?
        @Option(name: "queries", help: "JSONL, one query per line, in the same form.") var queries: String?
        @Option(name: "k", help: "How many items per query (default 10).") var k: String?
        @Option(name: "out", help: "Where to write one line per query: {\"query\": ID, \"items\": [ID, …]}.") var out: String?
        @Option(name: "engine", help: "full (default) or plain BM25.") var engine: String?
        @Option(name: "k1", help: "BM25 k1.") var k1: String?
        @Option(name: "b", help: "BM25 b.") var b: String?
    }

    var help: String { "Ranks the given items for each query." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let usage = "usage: wego match rank --items ITEMS.jsonl --queries QUERIES.jsonl --k 10 --out RANKINGS.jsonl [--engine full|plain]"
        let inputs = try MatchInputs.load(items: signature.items, queries: signature.queries, usage: usage, context)
        guard let out = signature.out else { context.console.error(usage); throw ExitCode.failure }
        let configuration = try MatchInputs.configuration(engine: signature.engine, k1: signature.k1, b: signature.b, context)
        let rankings = inputs.rankings(configuration, thesaurus: try MatchInputs.thesaurus(context), k: try MatchInputs.k(signature.k, context))
        struct Line: Encodable { var query: String; var items: [String] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines = try rankings.map { String(decoding: try encoder.encode(Line(query: $0.query, items: $0.items)), as: UTF8.self) }
        try IndexFiles.write(lines.joined(separator: "\n") + "\n", to: out, context)
        context.console.print("Ranked \(inputs.items.count) items for \(inputs.queries.count) queries; wrote \(out).")
    }
}

struct MatchEvalCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "items", help: "JSONL items (as for rank).") var items: String?
        @Option(name: "queries", help: "JSONL queries (as for rank).") var queries: String?
        @Option(name: "qrels", help: "Judgements: query, item, relevance per line (tab or space separated, or TREC's four columns).") var qrels: String?
        @Option(name: "k", help: "Cut-off (default 10).") var k: String?
        @Option(name: "k1", help: "BM25 k1 for the full engine.") var k1: String?
        @Option(name: "b", help: "BM25 b for the full engine.") var b: String?
    }

    var help: String { "Prints nDCG@k, recall@k and MRR of the engine and of plain BM25 on judged queries." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let usage = "usage: wego match eval --items ITEMS.jsonl --queries QUERIES.jsonl --qrels QRELS.tsv [--k 10]"
        let inputs = try MatchInputs.load(items: signature.items, queries: signature.queries, usage: usage, context)
        guard let qrelsPath = signature.qrels else { context.console.error(usage); throw ExitCode.failure }
        let qrels: [String: [String: Int]]
        do { qrels = try MatchFiles.qrels(IndexFiles.read(qrelsPath, context), file: qrelsPath) } catch let error as MatchFileError {
            context.console.error(error.description)
            throw ExitCode.failure
        }
        let k = try MatchInputs.k(signature.k, context)
        let thesaurus = try MatchInputs.thesaurus(context)
        let full = try MatchInputs.configuration(engine: "full", k1: signature.k1, b: signature.b, context)
        context.console.print("engine        queries  nDCG@\(k)  recall@\(k)  MRR")
        for (name, configuration) in [("full", full), ("plain BM25", MatchEngine.Configuration.plain)] {
            let rankings = Dictionary(inputs.rankings(configuration, thesaurus: thesaurus, k: k).map { ($0.query, $0.items) }, uniquingKeysWith: { a, _ in a })
            let quality = RankingQuality.measure(rankings, qrels: qrels, k: k)
            context.console.print(name.padding(toLength: 14, withPad: " ", startingAt: 0)
                + String(format: "%7d  %7.4f  %9.4f  %6.4f", quality.queries, quality.ndcg, quality.recall, quality.mrr))
        }
    }
}
