import Foundation
import Testing
import WeGOCore

@testable import WeGOIndex

enum COINrExample {
    /// The example data lives in `examples/coinr/` (shipped for users, a link to the server's
    /// resources, where it is the demonstration edition); the reference results in this target's fixtures.
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/coinr")

    static func text(_ name: String) throws -> String {
        if !name.hasPrefix("oracle/") { return try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8) }
        let url = try #require(Bundle.module.url(forResource: "Fixtures/coinr/\(name)", withExtension: nil))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A fixture that may not exist, without recording an issue when it does not.
    static func optionalText(_ name: String) -> String? {
        Bundle.module.url(forResource: "Fixtures/coinr/\(name)", withExtension: nil).flatMap {
            try? String(contentsOf: $0, encoding: .utf8)
        }
    }

    static func input() throws -> IndexInput {
        try IndexInput.read(data: text("ASEM_iData.csv"), meta: text("ASEM_iMeta.csv"))
    }
}

@Suite struct IndexInputTests {
    @Test func readsTheCOINrExample() throws {
        let input = try COINrExample.input()
        // Units are sorted by code, as COINr sorts them: AUS before AUT.
        #expect(input.unitCodes.count == 51 && input.unitCodes.prefix(2) == ["AUS", "AUT"])
        #expect(input.structure.indicators.count == 49)
        #expect(input.structure.nodes(atLevel: 2).count == 8 && input.structure.nodes(atLevel: 3).count == 2)
        #expect(input.structure.levels == 4 && input.structure.nodes(atLevel: 4).map(\.code) == ["Index"])
        #expect(input.structure.groups == ["GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group"])
        #expect(input.structure.denominators == ["Area", "Energy", "GDP", "Population"])
        #expect(input.structure.node("Flights")?.denominator == "Population")
        #expect(input.structure.node("CostImpEx")?.direction == -1)
        #expect(input.groups["EurAsia_group"]?.prefix(2) == ["Asia", "Europe"])
        #expect(input.raw["LPI"]?[1] == 4.097985)
        #expect(input.raw.columns.values.reduce(0) { $0 + $1.filter(\.isNaN).count } == 63)  // COINr: 63 NAs in Raw
        #expect(input.denominators["Energy"]?[input.unitCodes.firstIndex(of: "LAO")!].isNaN == true)
    }

    @Test func namesTheLineAndColumnOfBadData() throws {
        let meta = try COINrExample.text("ASEM_iMeta.csv")
        var lines = try COINrExample.text("ASEM_iData.csv").components(separatedBy: "\n")
        lines[2] = lines[2].replacingOccurrences(of: ",4.108538,", with: ",four,")
        do {
            _ = try IndexInput.read(data: lines.joined(separator: "\n"), meta: meta, dataFile: "data.csv")
            Issue.record("bad number accepted")
        } catch {
            #expect(error.description == "data.csv: line 3, column 12: \"four\" is not a number")
        }
        let brokenMeta = meta.replacingOccurrences(
            of: "\"Physical\",\"Indicator\"\n1,\"Goods\"", with: "\"Nowhere\",\"Indicator\"\n1,\"Goods\"")
        #expect(throws: IndexError.invalidMeta("Cov4G: its parent Nowhere is not in the metadata")) {
            _ = try IndexInput.read(data: lines.joined(separator: "\n").replacingOccurrences(of: ",four,", with: ",4.1,"), meta: brokenMeta)
        }
    }

    @Test func readsTheIssuesPipeline() throws {
        let json = IndexParityTests.example
        let pipeline = try Pipeline(json: Data(json.utf8))
        #expect(pipeline.steps.map(\.output) == ["Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"])
        #expect(pipeline.steps.map(\.input) == ["Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised"])
        #expect(pipeline.steps[1].operation == .impute(.groupMean, group: "EurAsia_group"))
        #expect(pipeline.steps[4].operation == .normalise(.minMax(low: 0, high: 100)))
    }

    @Test(arguments: [
        (#"{"steps": []}"#, "pipeline: expected an object with a non-empty \"steps\" array"),
        (#"{"steps": [{"op": "impute", "method": "groupMean"}]}"#, "pipeline step 1: groupMean needs a \"group\""),
        (
            #"{"steps": [{"op": "denominate"}, {"op": "normalise", "method": "minMax", "range": [100, 0]}]}"#,
            "pipeline step 2: \"range\" must be [low, high] with low < high"
        ),
        (
            #"{"steps": [{"op": "aggregate", "input": "Treated"}]}"#,
            "pipeline step 1: its input \"Treated\" is not written by an earlier step"
        ),
        (
            #"{"steps": [{"op": "shuffle"}]}"#,
            "pipeline step 1: unknown op \"shuffle\": use denominate, impute, screen, treat, normalise or aggregate"
        ),
        (#"{"steps": [{"op": "treat", "winmax": 2.5}]}"#, "pipeline step 1: \"winmax\" must be a whole number from 0"),
    ])
    func refusesBadPipelinesWithTheStepNamed(_ json: String, _ message: String) {
        do {
            _ = try Pipeline(json: Data(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.description == message)
        }
    }
}

@Suite struct IndexBadInputTests {
    static func read(meta edit: (String) -> String = { $0 }, data dataEdit: (String) -> String = { $0 }) throws(IndexError) -> IndexInput {
        let meta = (try? COINrExample.text("ASEM_iMeta.csv")) ?? ""
        let data = (try? COINrExample.text("ASEM_iData.csv")) ?? ""
        return try IndexInput.read(data: dataEdit(data), meta: edit(meta), dataFile: "data.csv", metaFile: "meta.csv")
    }

    @Test(arguments: [
        // A pillar whose parent is another pillar: a level skipped or a loop in the tree.
        (
            "2,\"Physical\",\"Physical\",1,1,\"Score\",,,\"Conn\"", "2,\"Physical\",\"Physical\",1,1,\"Score\",,,\"Political\"",
            "metadata: Physical: its parent Political must be an aggregate at level 3"
        ),
        (
            "1,\"LPI\",\"Logistics Performance Index\",1,1,", "1,\"LPI\",\"Logistics Performance Index\",2,1,",
            "metadata: LPI: Direction must be 1 or -1"
        ),
        (
            "1,\"Ship\",\"Liner Shipping Connectivity Index\",1,1,", "1,\"Ship\",\"Liner Shipping Connectivity Index\",1,-0.5,",
            "metadata: Ship: Weight must be zero or more"
        ),
        (
            "4,\"Index\",\"Sustainable Connectivity\",1,1,\"Score\",,,,\"Aggregate\"",
            """
            4,\"Index\",\"Sustainable Connectivity\",1,1,\"Score\",,,,\"Aggregate\"\n3,\"Lonely\",\"Nothing \
            below\",1,1,\"Score\",,,\"Index\",\"Aggregate\"
            """,
            "metadata: the aggregate Lonely has nothing under it"
        ),
    ])
    func namesTheIndicatorOfABadTree(_ find: String, _ replace: String, _ message: String) throws {
        do {
            _ = try Self.read(meta: { $0.replacingOccurrences(of: find, with: replace) })
            Issue.record("accepted: \(message)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func namesRepeatedUnitsAndMissingColumns() {
        #expect(throws: IndexError.csv(file: "data.csv", .init(line: 3, column: 2, reason: "uCode \"AUT\" is empty or repeated"))) {
            _ = try Self.read(data: { $0.replacingOccurrences(of: "\"Belgium\",\"BEL\"", with: "\"Belgium\",\"AUT\"") })
        }
        #expect(throws: IndexError.csv(file: "data.csv", .init(line: 1, column: 1, reason: "no column LPI"))) {
            _ = try Self.read(data: { $0.replacingOccurrences(of: "\"LPI\"", with: "\"LPX\"") })
        }
    }

    @Test func aGeometricMeanOverZeroNamesTheUnitAndAggregate() throws {
        let input = try COINrExample.input()
        let pipeline = try Pipeline(
            json: Data(
                #"{"steps": [{"op": "normalise", "method": "minMax", "range": [0, 100]}, {"op": "aggregate", "method": "geometricMean"}]}"#
                    .utf8))
        do {
            _ = try IndexEngine.run(input, pipeline)
            Issue.record("a geometric mean over zeros was accepted")
        } catch {
            #expect(
                error.description.hasPrefix("pipeline step 2: ")
                    && error.description.contains("a geometric (or negative-power) mean needs values above zero"))
        }
    }
}

@Suite struct IndexDataReportTests {
    @Test func listsEveryProblemWithItsCellAndTheDataStatistics() throws {
        var lines = try COINrExample.text("ASEM_iData.csv").components(separatedBy: "\n")
        lines[2] = lines[2].replacingOccurrences(of: ",4.108538,", with: ",four,")
        lines[3] = lines[3].replacingOccurrences(of: ",\"BGD\",", with: ",\"BGD\",").replacingOccurrences(of: ",2.58,", with: ",n/a,")
        let report = IndexDataReport.check(
            data: lines.joined(separator: "\n"), meta: try COINrExample.text("ASEM_iMeta.csv"),
            knownUnits: ["AUT", "BEL"])
        #expect(!report.canPublish)
        #expect(report.errors.first == .init(line: 3, column: 12, message: "LPI: \"four\" is not a number"))
        #expect(report.unknownUnits.count == 49 && !report.unknownUnits.contains("AUT"))
        #expect(report.indicatorAvailability.count == 49 && report.unitAvailability.count == 51)
        let lao = try #require(report.unitAvailability.first { $0.code == "LAO" })
        #expect(lao.share < 0.9)
        // The raw data fails COINr's check for the indicators it winsorises, and more.
        #expect(report.outliers.map(\.indicator).contains("Bord") && !report.outliers.map(\.indicator).contains("LPI"))
    }

    @Test func aCleanFileCanBePublishedAndABadTreeCannot() throws {
        let data = try COINrExample.text("ASEM_iData.csv"), meta = try COINrExample.text("ASEM_iMeta.csv")
        #expect(IndexDataReport.check(data: data, meta: meta).canPublish)
        let broken = IndexDataReport.check(
            data: data,
            meta: meta.replacingOccurrences(of: "\"Physical\",\"Indicator\"\n1,\"Goods\"", with: "\"Nowhere\",\"Indicator\"\n1,\"Goods\""))
        #expect(broken.errors.map(\.message) == ["metadata: Cov4G: its parent Nowhere is not in the metadata"])
    }
}

@Suite struct PublishedRankingTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/WeGOServer/Resources/Index/cfri-2025.csv")

    @Test func readsTheCFRI2025RanksAsPublished() throws {
        let ranking = try PublishedRanking(csv: String(contentsOf: Self.shipped, encoding: .utf8))
        #expect(
            ranking.entries.map(\.city) == ["London", "San Francisco", "Boston", "Paris", "New York", "Copenhagen", "Singapore", "Seoul"])
        #expect(ranking.entries.last == .init(rank: 10, city: "Seoul", country: "KR"))
        #expect(ranking.missingRanks == [7, 8])
    }

    @Test func namesTheCellThatIsWrong() {
        #expect(throws: CSVTable.ParseError(line: 3, column: 1, reason: "ranks must ascend (1 after 2)")) {
            _ = try PublishedRanking(csv: "rank,city,country\n2,Paris,FR\n1,London,GB\n")
        }
        #expect(throws: CSVTable.ParseError(line: 2, column: 3, reason: "country \"England\" is not an ISO 3166 alpha-2 code")) {
            _ = try PublishedRanking(csv: "rank,city,country\n1,London,England\n")
        }
    }
}
