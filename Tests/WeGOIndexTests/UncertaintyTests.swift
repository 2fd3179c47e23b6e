import Foundation
import Testing
import WeGOCore

@testable import WeGOIndex

@Suite struct UncertaintyTests {
    /// COINr's sensitivity vignette, as shipped for users in examples/coinr/assumptions.json.
    static var vignette: String { (try? COINrExample.text("assumptions.json")) ?? "" }

    static func example() throws -> (IndexInput, Pipeline) {
        (try COINrExample.input(), try Pipeline(json: Data(IndexParityTests.example.utf8)))
    }

    @Test func sobolEstimatorsRecoverAKnownDecomposition() {
        // Y = 2·X1 + X2 with X uniform: Var = (4 + 1)/12, so S1 = 0.8, S2 = 0.2, and totals equal them.
        var random = SeededGenerator(seed: 7)
        let n = 20_000
        let a = (0 ..< n).map { _ in [random.unit(), random.unit()] }
        let b = (0 ..< n).map { _ in [random.unit(), random.unit()] }
        func f(_ x: [Double]) -> Double { 2 * x[0] + x[1] }
        let fA = a.map(f), fB = b.map(f)
        for (i, expected) in [(0, 0.8), (1, 0.2)] {
            let fAB = zip(a, b).map { rowA, rowB in
                var row = rowA; row[i] = rowB[i]; return f(row)
            }
            let (first, total) = UncertaintyAnalysis.sobolEstimates(fA, fB, fAB, rows: Array(0 ..< n))
            #expect(abs(first - expected) < 0.03 && abs(total - expected) < 0.03, "X\(i + 1): \(first), \(total)")
        }
        #expect(UncertaintyAnalysis.quantile([1, 2, 3, 4], 0.5) == 2.5 && UncertaintyAnalysis.quantile([1, 2, 3, 4, 5], 0.05) == 1.2)
    }

    @Test func theVignettesAnalysisIsSeededAndRanksEveryUnit() throws {
        let (input, pipeline) = try Self.example()
        let spec = try UncertaintySpec(json: Data(Self.vignette.utf8))
        let first = try UncertaintyAnalysis.run(input, pipeline, spec: spec, runs: 40, seed: 42, sobol: false)
        let again = try UncertaintyAnalysis.run(input, pipeline, spec: spec, runs: 40, seed: 42, sobol: false)
        let other = try UncertaintyAnalysis.run(input, pipeline, spec: spec, runs: 40, seed: 43, sobol: false)
        #expect(first.ranks == again.ranks && first.ranks != other.ranks && first.runs == 40)
        #expect(first.ranks.count == 51)
        for unit in first.ranks {
            #expect(unit.low <= unit.median && unit.median <= unit.high && unit.low >= 1 && unit.high <= 51, "\(unit)")
        }
        let switzerland = try #require(first.ranks.first { $0.unit == "CHE" })
        #expect(switzerland.nominal == 1 && switzerland.median <= 3)
    }

    @Test func anAssumptionThatChangesNothingHasNoTotalEffect() throws {
        let (input, pipeline) = try Self.example()
        let spec = UncertaintySpec(assumptions: [
            .init(name: "aggregation", variation: .aggregation([.arithmeticMean, .harmonicMean])),
            .init(name: "placebo", variation: .winmax([5, 5])),
        ])
        let pipelineOneToHundred = Pipeline(
            steps: pipeline.steps.map { step in
                var step = step
                if case .normalise = step.operation { step.operation = .normalise(.minMax(low: 1, high: 100)) }
                return step
            })
        let results = try UncertaintyAnalysis.run(input, pipelineOneToHundred, spec: spec, runs: 64, seed: 1, sobol: true, bootstrap: 200)
        let sobol = try #require(results.sobol)
        #expect(results.runs == 64 * 4)
        #expect(sobol[1].total == 0 && sobol[1].firstOrder == 0)
        #expect(
            sobol[0].total > 0.9 && sobol[0].firstOrderInterval.0 <= sobol[0].firstOrder
                && sobol[0].firstOrder <= sobol[0].firstOrderInterval.1)
        #expect(results.sobolCSV().hasPrefix("Assumption,Si,Si_Q05,Si_Q95,STi,STi_Q05,STi_Q95\naggregation,"))
    }

    @Test func aRunThatCannotBeBuiltIsNamed() throws {
        let (input, pipeline) = try Self.example()  // min-max 0–100: zeros, which a geometric mean refuses
        let spec = UncertaintySpec(assumptions: [.init(name: "aggregation", variation: .aggregation([.geometricMean, .geometricMean]))])
        #expect {
            _ = try UncertaintyAnalysis.run(input, pipeline, spec: spec, runs: 4, seed: 1, sobol: false)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("run 1 (aggregation") && text.contains("geometric")
        }
    }

    @Test(arguments: [
        (#"{"assumptions": []}"#, "pipeline: assumptions: expected an object with a non-empty \"assumptions\" array"),
        (
            #"{"assumptions": [{"vary": "colour"}]}"#,
            "pipeline: assumption 1: \"vary\" must be winmax, normalise, weights, aggregate or impute, not \"colour\""
        ),
        (#"{"assumptions": [{"vary": "weights", "noise": 2}]}"#, "pipeline: assumption 1: \"noise\" must be between 0 and 1"),
        (
            #"{"assumptions": [{"vary": "normalise", "options": [{"method": "minMax"}]}]}"#,
            "pipeline: assumption 1: \"options\" must list at least two methods"
        ),
    ])
    func refusesBadSpecs(_ json: String, _ message: String) {
        do {
            _ = try UncertaintySpec(json: Data(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.description == message)
        }
    }
}
