import Foundation
import Testing
import WeGOCore

@testable import WeGOIndex

/// The engine against COINr itself: every unit, every column, every data set of COINr's example
/// build, and of eleven other pipelines, computed by COINr's own R code (see
/// Fixtures/README.md for how the reference files were made).
@Suite struct IndexParityTests {
    static let example = """
        {"steps": [
          {"op": "denominate"},
          {"op": "impute", "method": "groupMean", "group": "EurAsia_group"},
          {"op": "screen", "minDataAvailability": 0.9},
          {"op": "treat", "winmax": 5, "skewThreshold": 2, "kurtosisThreshold": 3.5},
          {"op": "normalise", "method": "minMax", "range": [0, 100]},
          {"op": "aggregate", "method": "arithmeticMean"}
        ]}
        """

    /// A reference data set: unit → column → value (NaN for NA).
    static func oracle(_ path: String) throws -> (units: [String], columns: [String: [Double]]) {
        let table = try CSVTable(parsing: try COINrExample.text("oracle/\(path)"))
        var columns: [String: [Double]] = [:]
        for (index, name) in table.header.enumerated() where name != "uCode" {
            columns[name] = table.rows.map { row in row[index] == "NA" || row[index] == "NaN" ? .nan : Double(row[index])! }
        }
        return (table.rows.map { $0[0] }, columns)
    }

    /// Every column of the reference, for every unit, within 1e-9 (the issue asks for 1e-6).
    static func expectMatches(_ data: DataSet, _ reference: (units: [String], columns: [String: [Double]]), _ label: String) {
        #expect(data.unitCodes == reference.units, "\(label): units")
        #expect(Set(data.columns.keys) == Set(reference.columns.keys), "\(label): columns")
        var worst = 0.0, worstAt = ""
        for (name, expected) in reference.columns {
            guard let actual = data[name], actual.count == expected.count else { Issue.record("\(label): \(name) missing"); continue }
            for (row, (a, e)) in zip(actual, expected).enumerated() {
                if a.isNaN != e.isNaN { Issue.record("\(label) \(reference.units[row]) \(name): \(a) vs \(e)"); continue }
                guard !e.isNaN else { continue }
                let difference = abs(a - e) / max(1, abs(e))
                if difference > worst { worst = difference; worstAt = "\(reference.units[row]) \(name)" }
            }
        }
        #expect(worst <= 1e-9, "\(label): largest difference \(worst) at \(worstAt)")
    }

    @Test func reproducesEveryDataSetOfCOINrsExampleBuild() throws {
        let results = try IndexEngine.run(try COINrExample.input(), try Pipeline(json: Data(Self.example.utf8)))
        #expect(results.names == ["Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"])
        for name in results.names {
            Self.expectMatches(results.datasets[name]!, try Self.oracle("example/\(name).csv"), name)
        }
    }

    @Test func publishedFiguresAndRanks() throws {
        let results = try IndexEngine.run(try COINrExample.input(), try Pipeline(json: Data(Self.example.utf8)))
        let index = try #require(results.final["Index"])
        let ranks = results.ranks(of: "Index")
        func check(_ unit: String, _ score: Double, _ rank: Int) {
            let row = results.final.unitCodes.firstIndex(of: unit)!
            #expect((index[row] * 100).rounded() / 100 == score && ranks[row] == rank, "\(unit): \(index[row]) rank \(ranks[row] ?? 0)")
        }
        check("CHE", 68.38, 1); check("NLD", 64.82, 2); check("DNK", 64.80, 3); check("IND", 39.79, 45); check("RUS", 35.66, 51)
        let csv = results.resultsCSV().split(separator: "\n")
        #expect(csv.first == "uCode,ConEcFin,Environ,Instit,P2P,Physical,Political,Social,SusEcFin,Conn,Sust,Index,Rank")
        #expect(csv.contains { $0.hasPrefix("CHE,") && $0.hasSuffix(",68.3837242383417,1") || $0.hasPrefix("CHE,") && $0.hasSuffix(",1") })
    }

    @Test func treatsTheSameIndicatorsAsCOINr() throws {
        let results = try IndexEngine.run(try COINrExample.input(), try Pipeline(json: Data(Self.example.utf8)))
        let winsorised = results.treatment.compactMap { record -> (String, Int)? in
            if case .winsorised(_, let count) = record.action { return (record.indicator, count) }
            return nil
        }
        #expect(
            winsorised.map(\.0) == [
                "Flights", "Bord", "Gas", "Services", "FDI", "ForPort", "CostImpEx", "Tariff", "StMob",
                "CultServ", "Forest", "Poverty", "NGOs", "FemLab", "PubDebt",
            ])
        #expect(winsorised.map(\.1) == [1, 3, 3, 4, 2, 3, 1, 3, 2, 3, 2, 3, 3, 1, 1])
        let femLab = try #require(results.treatment.first { $0.indicator == "FemLab" })
        #expect(femLab.action == .winsorised(points: ["PAK": false], count: 1))
        // NEET exceeds the kurtosis limit only: COINr's OR rule lets it pass untreated.
        let neet = try #require(results.treatment.first { $0.indicator == "NEET" })
        #expect(neet.action == .none && neet.kurtosis > 3.5 && abs(neet.skewness) < 2)
        let (strongest, weakest) = try #require(results.strengths(of: "CHE"))
        #expect(strongest.count == 3 && weakest.count == 3 && Set(strongest).isDisjoint(with: weakest))
    }

    @Test(arguments: [
        "screen_first", "minmax_1_100_geometric", "zscore", "median_impute_harmonic", "no_treat_rank", "no_treat_prank",
        "no_treat_dist2max", "genmean", "dist2targ", "raw_no_denominate", "goalposts",
    ])
    func reproducesOtherPipelines(_ name: String) throws {
        let specific = COINrExample.optionalText("oracle/\(name)/meta.csv")
        let meta = try specific ?? COINrExample.text("ASEM_iMeta.csv")
        let input = try IndexInput.read(data: try COINrExample.text("ASEM_iData.csv"), meta: meta)
        let pipeline = try Pipeline(json: Data(try COINrExample.text("oracle/\(name)/pipeline.json").utf8))
        let results = try IndexEngine.run(input, pipeline)
        Self.expectMatches(results.final, try Self.oracle("\(name)/Aggregated.csv"), name)
    }
}
