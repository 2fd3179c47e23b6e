import Foundation
import Testing
import WeGOCore

@testable import WeGOMatching

/// BM25 scores checked against the Python package bm25s (method "lucene", float64) on a seeded
/// corpus made by `tools/bm25-oracle/make_fixture.py`, and the multilingual tokeniser's rules.
@Suite struct MatchingTests {
    struct Reference: Decodable {
        var documents: [String]
        var tokens: [[String]]
        var queries: [String]
        var scores: [[[Double]]]
    }

    static func reference() throws -> Reference {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/bm25/reference", withExtension: "json"))
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    static func index(_ documents: [String], tokenizer: Tokenizer = Tokenizer(mode: .reference)) -> BM25Index {
        var index = BM25Index()
        for (position, text) in documents.enumerated() { index.add(id: String(position), tokens: tokenizer.tokens(text)) }
        return index
    }

    @Test func referenceTokensAreBM25sTokens() throws {
        let reference = try Self.reference()
        let tokenizer = Tokenizer(mode: .reference)
        for (index, expected) in reference.tokens.enumerated() {
            #expect(tokenizer.tokens(reference.documents[index]) == expected, "document \(index)")
        }
        #expect(tokenizer.tokens("The a_b, x 5G. São-Paulo 智慧城市") == ["the", "a_b", "5g", "são", "paulo", "智慧城市"])
    }

    @Test func scoresMatchBM25sLucene() throws {
        let reference = try Self.reference()
        let index = Self.index(reference.documents)
        let tokenizer = Tokenizer(mode: .reference)
        var compared = 0
        var largest = 0.0
        for (query, expected) in zip(reference.queries, reference.scores) {
            let scores = index.scores(tokenizer.tokens(query))
            #expect(scores.map { Int($0.id)! } == expected.map { Int($0[0]) }, "\(query)")
            for (got, want) in zip(scores, expected) {
                largest = max(largest, abs(got.score - want[1]))
                compared += 1
            }
        }
        #expect(compared > 10_000)
        #expect(largest < 1e-9, "largest difference \(largest)")
    }

    @Test func topKIsTheBestFirstWithStableTies() throws {
        let reference = try Self.reference()
        let index = Self.index(reference.documents)
        let tokens = Tokenizer(mode: .reference).tokens(reference.queries[0])
        let all = index.scores(tokens).enumerated().sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }.map(
            \.element.id)
        #expect(index.top(10, for: tokens).map(\.id) == Array(all.prefix(10)))
        #expect(index.top(0, for: tokens).isEmpty && index.top(5, for: ["nothing-here"]).isEmpty)
    }

    @Test func addingOneDocumentUpdatesWithoutRebuilding() throws {
        let reference = try Self.reference()
        let tokenizer = Tokenizer(mode: .reference)
        let documents = Array(reference.documents.prefix(100))
        var grown = Self.index(Array(documents.prefix(99)))
        grown.add(id: "99", tokens: tokenizer.tokens(documents[99]))
        let whole = Self.index(documents)
        let query = tokenizer.tokens(reference.queries[3])
        #expect(grown.scores(query).map(\.score) == whole.scores(query).map(\.score))

        // Replacing and removing are the same as never having had the old text.
        var edited = whole
        edited.add(id: "5", tokens: tokenizer.tokens("ta ne ri"))
        edited.remove(id: "7")
        var expected = documents
        expected[5] = "ta ne ri"
        var rebuilt = BM25Index()
        for (position, text) in expected.enumerated() where position != 7 {
            rebuilt.add(id: String(position), tokens: tokenizer.tokens(text))
        }
        #expect(edited.count == 99 && !edited.contains("7"))
        let a = Dictionary(uniqueKeysWithValues: edited.scores(query).map { ($0.id, $0.score) })
        let b = Dictionary(uniqueKeysWithValues: rebuilt.scores(query).map { ($0.id, $0.score) })
        #expect(a.keys.sorted() == b.keys.sorted())
        #expect(a.allSatisfy { abs($0.value - b[$0.key]!) < 1e-12 })
    }

    @Test func multilingualTokensFoldStemAndSplitScripts() {
        let tokenizer = Tokenizer(mode: .multilingual)
        #expect(tokenizer.tokens("Movilidad ELÉCTRICA") == ["movilidad", "electric"])
        #expect(
            tokenizer.tokens("electric cities, city services; service monitoring") == [
                "electric", "citi", "citi", "servic", "servic", "monitor",
            ])
        #expect(tokenizer.tokens("서울특별시 전기차") == ["서울", "울특", "특별", "별시", "전기", "기차"])
        #expect(tokenizer.tokens("智慧城市，交通。") == ["智慧", "慧城", "城市", "交通"])
        #expect(tokenizer.tokens("スマートシティ") == ["スマ", "マー", "ート", "トシ", "シテ", "ティ"])
        // Arabic: harakat dropped, alef with hamza unified, teh marbuta → heh; punctuation splits.
        #expect(tokenizer.tokens("المَدِينَة، أذكى") == ["المدينه", "اذكي"])
        #expect(tokenizer.tokens("Seoul서울 2030 CO2") == ["seoul", "서울", "2030", "co2"])
        #expect(tokenizer.tokens("   ").isEmpty && tokenizer.tokens("a , b").isEmpty)
    }
}

/// The thesaurus shipped with the server, read from the repository as the command line reads it.
enum ShippedThesaurus {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/WeGOServer/Resources/Matching/thesaurus.json")

    static func load() throws -> Thesaurus { try Thesaurus(json: Data(contentsOf: url)) }
}

@Suite struct MatchEngineTests {
    static let solutions = [
        MatchDocument(
            id: "ev", title: "Electric vehicle charging network",
            text: "Fast chargers for electric buses and taxis, with fleet management.", language: "en", tags: ["transportation"]),
        MatchDocument(
            id: "air", title: "Air quality sensor network",
            text: "Low-cost sensors measure fine dust and PM2.5 across the city in real time.", language: "en", tags: ["environment"]),
        MatchDocument(
            id: "waste", title: "Smart waste bins", text: "Fill-level sensors plan garbage collection routes and raise recycling rates.",
            language: "en", tags: ["solid-waste"]),
        MatchDocument(
            id: "permits", title: "Online permits", text: "A one-stop portal for building permits and civil complaints.", language: "en",
            tags: ["digital-government"]),
    ]

    static func engine(_ configuration: MatchEngine.Configuration = .init()) throws -> MatchEngine {
        var engine = MatchEngine(configuration: configuration, thesaurus: try ShippedThesaurus.load())
        for item in solutions { engine.add(item) }
        return engine
    }

    @Test func theShippedThesaurusReadsAndFindsPhrases() throws {
        let thesaurus = try ShippedThesaurus.load()
        #expect(thesaurus.concepts.count >= 40)
        let tokenizer = Tokenizer()
        #expect(thesaurus.concepts(in: tokenizer.tokens("Queremos ampliar la movilidad eléctrica")) == ["electric-mobility"])
        #expect(thesaurus.concepts(in: tokenizer.tokens("서울시 미세먼지 대응")).contains("air-quality"))
        #expect(thesaurus.concepts(in: tokenizer.tokens("推动电动汽车和充电桩建设")) == ["electric-mobility"])
        #expect(thesaurus.concepts(in: tokenizer.tokens("electric and mobility, separately")).isEmpty)
        #expect(throws: Thesaurus.Problem.self) {
            try Thesaurus(json: Data(#"{"concepts":[{"id":"x","domain":"nowhere","terms":{}}]}"#.utf8))
        }
        #expect(throws: Thesaurus.Problem.self) { try Thesaurus(json: Data(#"{"concepts":[{"id":"x","terms":{"en":["a"]}}]}"#.utf8)) }
    }

    @Test func aSpanishChallengeFindsAnEnglishSolutionAndSaysWhy() throws {
        let engine = try Self.engine()
        let challenge = MatchDocument(
            id: "c1", title: "Movilidad eléctrica para el transporte público",
            text: "La ciudad busca ampliar la flota de autobuses eléctricos.", language: "es", tags: ["transportation"])
        let ranked = engine.rank(challenge, k: 3)
        #expect(ranked.first?.id == "ev")
        #expect(ranked.first?.explanation.concepts.contains("electric-mobility") == true)
        #expect(ranked.first?.explanation.tags == ["transportation", "mobility"])
        // Plain BM25 shares no word with it: the concept layer is what finds it.
        let plain = try Self.engine(.plain).rank(challenge, k: 3)
        #expect(plain.first?.id != "ev")
    }

    @Test func koreanAndChineseQueriesMeetEnglishItems() throws {
        let engine = try Self.engine()
        #expect(engine.rank(MatchDocument(id: "q", title: "미세먼지 저감", text: "대기질 측정망 구축", language: "ko"), k: 1).first?.id == "air")
        #expect(engine.rank(MatchDocument(id: "q", title: "垃圾分类与回收", text: "", language: "zh-Hans"), k: 1).first?.id == "waste")
        #expect(engine.rank(MatchDocument(id: "q", title: "电子政务", text: "一站式服务", language: "zh-Hans"), k: 1).first?.id == "permits")
    }

    @Test func itemsAreAddedReplacedRemovedAndExcluded() throws {
        var engine = try Self.engine()
        let query = MatchDocument(id: "q", title: "garbage collection", text: "")
        #expect(engine.rank(query, k: 5).map(\.id) == ["waste"])
        #expect(engine.rank(query, k: 5, excluding: ["waste"]).isEmpty)
        engine.add(MatchDocument(id: "waste2", title: "Garbage collection trucks", text: "Route planning for garbage collection."))
        #expect(engine.rank(query, k: 5).map(\.id) == ["waste2", "waste"])
        engine.remove(id: "waste2")
        engine.add(MatchDocument(id: "waste", title: "Street lighting", text: "LED street lighting."))
        #expect(engine.rank(query, k: 5).isEmpty)
        #expect(engine.count == 4)
    }

    @Test func badDocumentsAreNamed() {
        #expect(MatchDocument(id: "a", title: " ", text: "").problems == ["the title and text are empty"])
        #expect(
            MatchDocument(id: "a", title: "x", text: String(repeating: "y", count: 20_001)).problems.first?.contains("longer than") == true)
        #expect(MatchDocument(id: "a", title: "x", text: "y", language: "klingon").problems == ["unknown language code \"klingon\""])
        #expect(
            MatchDocument(id: "a", title: "x", text: "y", tags: ["mobility", "teleportation"]).problems == [
                "unknown taxonomy terms: teleportation"
            ])
        #expect(MatchDocument(id: "a", title: "x", text: "y", language: "es", tags: ["sdg-11", "energy"]).problems.isEmpty)
    }
}

@Suite struct MatchFilesTests {
    @Test func jsonlProblemsNameTheirLine() {
        func problem(_ text: String) -> String? {
            do { _ = try MatchFiles.documents(jsonl: text, file: "items.jsonl"); return nil } catch { return error.description }
        }
        #expect(problem("{\"id\": \"a\", \"title\": \"x\"}\n\n{\"id\": \"b\", \"text\": \"y\", \"tags\": [\"sdg-11\"]}\n") == nil)
        #expect(
            problem("{\"id\": \"a\", \"title\": \"x\"}\n{\"title\": \"y\"}")
                == "items.jsonl, line 2: not a JSON object with a string \"id\" (no \"id\")")
        #expect(
            problem("{\"id\": \"a\", \"title\": \"x\"}\n{\"id\": \"a\", \"title\": \"y\"}")
                == "items.jsonl, line 2: the id \"a\" appears twice")
        #expect(
            problem("{\"id\": \"a\", \"title\": \"x\",") == "items.jsonl, line 1: not a JSON object with a string \"id\" (malformed JSON)")
        #expect(problem("{\"id\": \"a\", \"title\": \"\"}") == "items.jsonl, line 1: the title and text are empty")
        #expect(problem("{\"id\": \"a\", \"title\": \"x\", \"tags\": [\"space\"]}") == "items.jsonl, line 1: unknown taxonomy terms: space")
    }

    @Test func qrelsReadBothLayoutsAndRefuseTheRest() throws {
        let qrels = try MatchFiles.qrels("query\titem\trelevance\nq1\ta\t2\nq1 0 b 1\n# comment\nq2\tc\t0\n", file: "q.tsv")
        #expect(qrels == ["q1": ["a": 2, "b": 1], "q2": ["c": 0]])
        #expect(throws: MatchFileError(file: "q.tsv", line: 1, reason: "relevance \"two\" is not a whole number from 0")) {
            try MatchFiles.qrels("q1\ta\ttwo\n", file: "q.tsv")
        }
        #expect(throws: MatchFileError.self) { try MatchFiles.qrels("q1\ta\n", file: "q.tsv") }
    }

    @Test func qualityMeasuresAreTheTextbookOnes() {
        // One relevant item at rank 2: nDCG = (1/log2 3) / 1, recall 1, MRR 1/2.
        let single = RankingQuality.measure(["q": ["x", "a", "y"]], qrels: ["q": ["a": 1, "z": 0]])
        #expect(single.queries == 1 && abs(single.ndcg - 1 / log2(3.0)) < 1e-12 && single.recall == 1 && single.mrr == 0.5)
        // Graded: ideal order is (b:2, a:1); ranking (a, b) gets (1 + 2/log2 3) / (2 + 1/log2 3).
        let graded = RankingQuality.measure(["q": ["a", "b"]], qrels: ["q": ["a": 1, "b": 2]])
        #expect(abs(graded.ndcg - (1 + 2 / log2(3.0)) / (2 + 1 / log2(3.0))) < 1e-12)
        // A relevant item beyond k counts for nothing; queries without relevant items are not averaged.
        let cut = RankingQuality.measure(["q": ["x", "y", "a"], "r": ["a"]], qrels: ["q": ["a": 1], "r": ["a": 0]], k: 2)
        #expect(cut == RankingQuality(queries: 1, ndcg: 0, recall: 0, mrr: 0))
    }
}

@Suite struct ReciprocalMatchingTests {
    @Test func bothSidesMustChoose() throws {
        #expect(ReciprocalMatching.combine(1, 1) == 1 && ReciprocalMatching.combine(1, 0) == 0)
        #expect(abs(ReciprocalMatching.combine(1, 0.5) - 2.0 / 3.0) < 1e-12)
        let profiles = [
            MatchDocument(
                id: "quito", title: "Movilidad eléctrica y calidad del aire",
                text: "Autobuses eléctricos y sensores de contaminación del aire.", language: "es", tags: ["transportation"]),
            MatchDocument(
                id: "seoul", title: "Electric buses and air quality", text: "Electric bus fleet; fine dust monitoring network.",
                language: "en", tags: ["transportation", "environment"]),
            MatchDocument(
                id: "kampala", title: "Waste collection and recycling", text: "Garbage collection routes, recycling centres.",
                language: "en", tags: ["solid-waste"]),
            MatchDocument(
                id: "accra", title: "Recycling and waste management", text: "Solid waste management and circular economy.", language: "en",
                tags: ["solid-waste"]),
        ]
        let pairs = ReciprocalMatching.pairs(profiles, thesaurus: try ShippedThesaurus.load())
        let named = pairs.map { "\($0.first)-\($0.second)" }
        #expect(named.prefix(2).sorted() == ["accra-kampala", "quito-seoul"])
        #expect(pairs.allSatisfy { $0.first < $0.second && $0.score > 0 && $0.score <= 1 })
        let quitoSeoul = try #require(pairs.first { $0.first == "quito" })
        #expect(
            quitoSeoul.explanations[0].concepts.contains("electric-mobility") && quitoSeoul.explanations[1].concepts.contains("air-quality")
        )
    }
}
