import Foundation
import Vapor
import WeGOCore
import WeGOMatching

/// `wego match rank` and `wego match eval`: the matching engine on any items and queries, for
/// analysts and for measuring it against plain BM25. `bench` and `cycle-bench` time the engine and
/// the monthly City-to-City planner on synthetic data.
struct MatchCommand: AsyncCommandGroup {
    var help: String { "Ranks items for queries with the Solutions Meet Cities matching engine, and evaluates rankings." }
    var commands: [String: any AnyAsyncCommand] {
        ["rank": MatchRankCommand(), "eval": MatchEvalCommand(), "bench": MatchBenchCommand(), "cycle-bench": MatchCycleBenchCommand()]
    }
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
            return MatchInputs(
                items: try MatchFiles.documents(jsonl: IndexFiles.read(items, context), file: items),
                queries: try MatchFiles.documents(jsonl: IndexFiles.read(queries, context), file: queries))
        } catch let error as MatchFileError {
            context.console.error(error.description)
            throw ExitCode.failure
        }
    }

    static func k(_ text: String?, _ context: CommandContext) throws -> Int {
        guard let k = Int(text ?? "10"), (1 ... 1000).contains(k) else {
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
            guard let value = Double(k1), value >= 0, value.isFinite else {
                context.console.error("--k1 must be a number from 0"); throw ExitCode.failure
            }
            configuration.parameters.k1 = value
        }
        if let b {
            guard let value = Double(b), (0 ... 1).contains(value) else {
                context.console.error("--b must be a number from 0 to 1"); throw ExitCode.failure
            }
            configuration.parameters.b = value
        }
        return configuration
    }

    func rankings(_ configuration: MatchEngine.Configuration, thesaurus: Thesaurus, k: Int) -> [(query: String, items: [String])] {
        var engine = MatchEngine(configuration: configuration, thesaurus: thesaurus)
        for item in items { engine.add(item) }
        return queries.map { query in (query.id, engine.rank(query, k: k, excluding: [query.id]).map(\.id)) }
    }
}

struct MatchRankCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "items", help: "JSONL, one item per line: {\"id\", \"title\", \"text\"} with optional \"language\" and \"tags\".")
        var items: String?
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
        let rankings = inputs.rankings(
            configuration, thesaurus: context.application.matchCatalog.thesaurus, k: try MatchInputs.k(signature.k, context))
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
        @Option(name: "qrels", help: "Judgements: query, item, relevance per line (tab or space separated, or TREC's four columns).")
        var qrels: String?
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
        let thesaurus = context.application.matchCatalog.thesaurus
        let full = try MatchInputs.configuration(engine: "full", k1: signature.k1, b: signature.b, context)
        context.console.print("engine        queries  nDCG@\(k)  recall@\(k)  MRR")
        for (name, configuration) in [("full", full), ("plain BM25", MatchEngine.Configuration.plain)] {
            let rankings = Dictionary(
                inputs.rankings(configuration, thesaurus: thesaurus, k: k).map { ($0.query, $0.items) }, uniquingKeysWith: { a, _ in a })
            let quality = RankingQuality.measure(rankings, qrels: qrels, k: k)
            context.console.print(
                name.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + String(format: "%7d  %7.4f  %9.4f  %6.4f", quality.queries, quality.ndcg, quality.recall, quality.mrr))
        }
    }
}

/// `wego match bench`: ranks queries over a seeded synthetic corpus, with plain BM25 and with the
/// full engine, one query at a time on one thread, and prints build times, latency percentiles and
/// queries per second. `--corpus-out DIR` writes the corpus, the queries and plain BM25's top 10
/// with scores, so `tools/bm25-oracle/bench_bm25s.py` can time bm25s on the same text and check
/// the scores.
struct MatchBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "documents", help: "Corpus size (default 100000).") var documents: String?
        @Option(name: "queries", help: "Number of queries (default 1000).") var queries: String?
        @Option(name: "seed", help: "Seed of the corpus (default 1).") var seed: String?
        @Option(name: "corpus-out", help: "Directory for corpus.txt, queries.txt and plain-top10.jsonl.") var corpusOut: String?
    }

    var help: String { "Times ranking over a synthetic corpus (plain BM25 and the full engine)." }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let count = Int(signature.documents ?? "100000"), count >= 1, let queryCount = Int(signature.queries ?? "1000"),
            queryCount >= 1,
            let seed = UInt64(signature.seed ?? "1")
        else {
            context.console.error("--documents and --queries must be whole numbers from 1, --seed from 0")
            throw ExitCode.failure
        }
        let clock = ContinuousClock()
        var started = clock.now
        let corpus = SyntheticCorpus(documents: count, queries: queryCount, seed: seed)
        context.console.print(
            "corpus: \(count) documents, \(queryCount) queries, generated in \(String(format: "%.2f", Self.seconds(clock.now - started))) s"
        )

        let reference = Tokenizer(mode: .reference)
        started = clock.now
        var plain = BM25Index()
        for (index, text) in corpus.documents.enumerated() { plain.add(id: String(index), tokens: reference.tokens(text)) }
        context.console.print("plain BM25 index built in \(String(format: "%.2f", Self.seconds(clock.now - started))) s")
        let queryTokens = corpus.queries.map(reference.tokens)
        var plainTop: [[(id: String, score: Double)]] = []
        let plainTimes = queryTokens.map { tokens in
            let start = clock.now
            plainTop.append(plain.top(10, for: tokens))
            return Self.seconds(clock.now - start)
        }
        report("plain BM25, top 10", plainTimes, context)

        started = clock.now
        var engine = MatchEngine(thesaurus: context.application.matchCatalog.thesaurus)
        for (index, text) in corpus.documents.enumerated() { engine.add(MatchDocument(id: String(index), title: "", text: text)) }
        context.console.print("full engine built in \(String(format: "%.2f", Self.seconds(clock.now - started))) s")
        let queries = corpus.queries.enumerated().map { MatchDocument(id: "q\($0.offset)", title: $0.element, text: "") }
        let engineTimes = queries.map { query in
            let start = clock.now
            _ = engine.rank(query, k: 10)
            return Self.seconds(clock.now - start)
        }
        report("full engine, top 10 with explanations", engineTimes, context)

        if let directory = signature.corpusOut {
            let url = URL(fileURLWithPath: directory)
            try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try IndexFiles.write(
                corpus.documents.joined(separator: "\n") + "\n", to: url.appendingPathComponent("corpus.txt").path, context)
            try IndexFiles.write(corpus.queries.joined(separator: "\n") + "\n", to: url.appendingPathComponent("queries.txt").path, context)
            let lines = plainTop.map { top in
                "[" + top.map { "[\($0.id), \($0.score)]" }.joined(separator: ", ") + "]"
            }
            try IndexFiles.write(lines.joined(separator: "\n") + "\n", to: url.appendingPathComponent("plain-top10.jsonl").path, context)
            context.console.print("wrote corpus.txt, queries.txt and plain-top10.jsonl to \(directory)")
        }
    }

    func report(_ name: String, _ times: [Double], _ context: CommandContext) {
        let sorted = times.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] * 1000 }
        let total = times.reduce(0, +)
        context.console.print(
            String(
                format: "%@: p50 %.2f ms, p99 %.2f ms, max %.2f ms, %.0f queries/s on one thread",
                name, percentile(0.5), percentile(0.99), (sorted.last ?? 0) * 1000, Double(times.count) / total))
    }
}

/// `wego match cycle-bench`: plans a seeded synthetic month of City-to-City (`SyntheticCityCycle`:
/// profiles, time zones, availability, a history and declines) and prints the time of each phase
/// (reciprocal scoring, the rules with slot finding, the maximum-weight matching), the graph's
/// size and the plan; then times the matching alone on a random graph of the same number of
/// vertices and 25 edges per vertex.
struct MatchCycleBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "cities", help: "Cities taking part (default 2000).") var cities: String?
        @Option(name: "seed", help: "Seed of the profiles, availability, history and random graph (default 1).") var seed: String?
    }

    var help: String { "Times planning a synthetic month of City-to-City (reciprocal scores, slots, maximum-weight matching)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let cities = Int(signature.cities ?? "2000"), cities >= 2, let seed = UInt64(signature.seed ?? "1") else {
            context.console.error("--cities must be a whole number from 2, --seed from 0")
            throw ExitCode.failure
        }
        let thesaurus = context.application.matchCatalog.thesaurus
        let clock = ContinuousClock()
        func seconds(since start: ContinuousClock.Instant) -> Double { MatchBenchCommand.seconds(clock.now - start) }

        var started = clock.now
        let month = SyntheticCityCycle(cities: cities, seed: seed)
        context.console.print(
            String(format: "month %@: %d cities generated in %.2f s", month.month.description, cities, seconds(since: started)))
        started = clock.now
        let scorer = ReciprocalMatching.Scorer(month.profiles, thesaurus: thesaurus, k: 50)
        let candidates = scorer.pairs
        let scoring = seconds(since: started)
        context.console.print(String(format: "reciprocal scoring (k = 50): %d candidate pairs in %.2f s", candidates.count, scoring))
        let cycle = month.cycle(candidates: candidates)
        started = clock.now
        let screening = cycle.screen(candidates)
        let slots = seconds(since: started)
        context.console.print(
            String(
                format: "rules and slot finding (%d past pairings, %d declined): %d eligible pairs in %.3f s",
                cycle.history.count, cycle.declined.count, screening.eligible.count, slots))
        started = clock.now
        let plan = cycle.plan(screening)
        let matching = seconds(since: started)
        context.console.print(
            String(
                format: "matching: %d vertices, %d edges in %.3f s: %d proposals, total score %.4f",
                screening.participants.count, screening.eligible.count, matching, plan.proposals.count, plan.totalScore))
        started = clock.now
        let explained = plan.proposals.map { scorer.explanations($0.first, $0.second) }
        let explaining = seconds(since: started)
        context.console.print(String(format: "explanations of the %d proposals in %.3f s", explained.count, explaining))
        let reasons = Dictionary(grouping: plan.unmatched, by: \.reason.rawValue).map { "\($0.key) \($0.value.count)" }.sorted()
        context.console.print("unmatched: \(plan.unmatched.count)" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))"))
        context.console.print(String(format: "total: %.2f s", scoring + slots + matching + explaining))

        let edges = MaximumWeightMatching.randomGraph(
            vertexCount: cities, edgeCount: min(25 * cities, cities * (cities - 1) / 2), seed: seed)
        started = clock.now
        let matched = MaximumWeightMatching.matching(vertexCount: cities, edges: edges)
        context.console.print(
            String(
                format: "matching alone: %d vertices, %d random edges in %.3f s: %d pairs, total weight %.4f",
                cities, edges.count, seconds(since: started), matched.count, matched.reduce(0) { $0 + $1.weight }))
    }
}
