import Foundation
import Vapor
import WeGOCore
import WeGOIndex

/// `wego index build --data DATA.csv --meta META.csv --spec PIPELINE.json --out RESULTS.csv`:
/// runs the index engine on COINr-style files, for analysts and for checking against other tools.
struct IndexCommand: AsyncCommandGroup {
    var help: String { "Builds composite indices (the Cities Future Readiness Index engine)." }
    var commands: [String: any AnyAsyncCommand] {
        ["build": IndexBuildCommand(), "uncertainty": IndexUncertaintyCommand(), "bench": IndexBenchCommand()]
    }
    var defaultCommand: (any AnyAsyncCommand)? { nil }
}

struct IndexBuildCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "data", help: "Unit data: uCode, uName, group, denominator and indicator columns.")
        var data: String?
        @Option(name: "meta", help: "Metadata: Level, iCode, iName, Direction, Weight, Unit, Target, Denominator, Parent, Type.")
        var meta: String?
        @Option(name: "spec", help: "The pipeline as JSON: {\"steps\": [{\"op\": \"denominate\"}, …]}.")
        var spec: String?
        @Option(name: "out", help: "Where to write one row per unit: uCode, every aggregate, Rank.")
        var out: String?
        @Option(name: "dataset", help: "Also write this data set in full (e.g. Treated) to --dataset-out.")
        var dataset: String?
        @Option(name: "dataset-out", help: "File for --dataset.")
        var datasetOut: String?
    }

    var help: String { "Runs a pipeline over COINr-style data and writes the scores and ranks." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let dataPath = signature.data, let metaPath = signature.meta, let specPath = signature.spec, let outPath = signature.out
        else {
            context.console.error("usage: wego index build --data DATA.csv --meta META.csv --spec PIPELINE.json --out RESULTS.csv")
            throw ExitCode.failure
        }
        let (input, pipeline) = try IndexFiles.load(data: dataPath, meta: metaPath, spec: specPath, context)
        let results = try IndexFiles.orExit(context) { () throws(IndexError) in try IndexEngine.run(input, pipeline) }
        do {
            try results.resultsCSV().write(toFile: outPath, atomically: true, encoding: .utf8)
            if let name = signature.dataset {
                guard let path = signature.datasetOut, let data = results.datasets[name] else {
                    context.console.error("--dataset needs --dataset-out and one of: \(results.names.joined(separator: ", "))")
                    throw ExitCode.failure
                }
                try results.csv(of: data).write(toFile: path, atomically: true, encoding: .utf8)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            context.console.error("cannot write \(outPath): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        let top =
            results.indexCode.map { code in
                let ranks = results.ranks(of: code)
                return zip(results.final.unitCodes, ranks).filter { $0.1 == 1 }.map(\.0).joined(separator: ", ")
            } ?? ""
        context.console.print(
            """
            Built \(results.final.unitCodes.count) units through \(results.names.dropFirst().joined(separator: " → ")); first: \(top). \
            Wrote \(outPath).
            """
        )
        for record in results.treatment {
            switch record.action {
            case .none: break
            case .winsorised(_, let count): context.console.print("  \(record.indicator): winsorised \(count) point(s)")
            case .logTransformed(let passes):
                context.console.print("  \(record.indicator): log-transformed\(passes ? "" : " (still skewed)")")
            case .skipped(let reason): context.console.warning("  \(record.indicator): not treated, \(reason)")
            }
        }
    }
}

/// Reads the three inputs every index command takes, naming the file that cannot be read.
enum IndexFiles {
    static func read(_ path: String, _ context: CommandContext) throws -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            context.console.error("cannot read \(path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
    }

    static func load(data: String, meta: String, spec: String, _ context: CommandContext) throws -> (IndexInput, Pipeline) {
        let (dataText, metaText, specText) = (try read(data, context), try read(meta, context), try read(spec, context))
        return try orExit(context) { () throws(IndexError) in
            (try IndexInput.read(data: dataText, meta: metaText, dataFile: data, metaFile: meta), try Pipeline(json: Data(specText.utf8)))
        }
    }

    /// The engine's result, or its message on the console and exit status 1.
    static func orExit<T>(_ context: CommandContext, _ body: () throws(IndexError) -> T) throws -> T {
        do { return try body() } catch {
            context.console.error(error.description)
            throw ExitCode.failure
        }
    }

    static func write(_ text: String, to path: String, _ context: CommandContext) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            context.console.error("cannot write \(path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
    }
}

/// `wego index uncertainty --data … --meta … --spec … --assumptions A.json --runs N --seed S --out RANKS.csv [--sobol-out SOBOL.csv]`
struct IndexUncertaintyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "data", help: "Unit data (as for build).") var data: String?
        @Option(name: "meta", help: "Metadata (as for build).") var meta: String?
        @Option(name: "spec", help: "The nominal pipeline (as for build).") var spec: String?
        @Option(name: "assumptions", help: "What to vary: {\"assumptions\": [{\"vary\": \"winmax\", \"values\": [1,2,3]}, …]}.")
        var assumptions: String?
        @Option(name: "runs", help: "N: uncertainty runs, or base sample size with --sobol-out (N·(k+2) runs).") var runs: String?
        @Option(name: "seed", help: "Seed of the random draws; the same seed gives the same results.") var seed: String?
        @Option(name: "out", help: "Rank statistics per unit: uCode, NominalRank, MedianRank, Q05, Q95.") var out: String?
        @Option(name: "sobol-out", help: "Also run the Sobol design and write first-order and total indices here.") var sobolOut: String?
    }

    var help: String { "Monte Carlo uncertainty analysis of the ranks, and Sobol sensitivity indices per assumption." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let data = signature.data, let meta = signature.meta, let spec = signature.spec, let assumptionsPath = signature.assumptions,
            let out = signature.out
        else {
            context.console.error(
                """
                usage: wego index uncertainty --data D.csv --meta M.csv --spec P.json --assumptions A.json --runs N --seed S --out \
                RANKS.csv [--sobol-out SOBOL.csv]
                """
            )
            throw ExitCode.failure
        }
        guard let runs = Int(signature.runs ?? "100"), (2 ... 100_000).contains(runs) else {
            context.console.error("--runs must be a whole number from 2 to 100000")
            throw ExitCode.failure
        }
        guard let seed = UInt64(signature.seed ?? "1") else {
            context.console.error("--seed must be a whole number from 0")
            throw ExitCode.failure
        }
        let (input, pipeline) = try IndexFiles.load(data: data, meta: meta, spec: spec, context)
        let assumptionsText = try IndexFiles.read(assumptionsPath, context)
        let started = ContinuousClock.now
        let sobol = signature.sobolOut != nil
        let results = try IndexFiles.orExit(context) { () throws(IndexError) in
            try UncertaintyAnalysis.run(
                input, pipeline, spec: try UncertaintySpec(json: Data(assumptionsText.utf8)), runs: runs, seed: seed, sobol: sobol)
        }
        let elapsed = ContinuousClock.now - started
        try IndexFiles.write(results.ranksCSV(), to: out, context)
        if let sobolOut = signature.sobolOut { try IndexFiles.write(results.sobolCSV(), to: sobolOut, context) }
        context.console.print(
            """
            \(results.runs) runs in \(elapsed.formatted(.units(allowed: [.milliseconds], width: .abbreviated))); \
            wrote \(out)\(signature.sobolOut.map { " and \($0)" } ?? "").
            """
        )
    }
}

/// `wego index bench --data … --meta …`: the issue's benchmark workload, timed in this process.
struct IndexBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "data", help: "COINr's ASEM_iData.csv.") var data: String?
        @Option(name: "meta", help: "COINr's ASEM_iMeta.csv.") var meta: String?
        @Option(name: "runs", help: "N (default 100).") var runs: String?
    }

    var help: String { "Times the COINr example pipeline and the sensitivity vignette's analysis (N runs, and Sobol with N)." }

    /// COINr's sensitivity vignette: winmax 1–5; min-max 1–100 or z-score 10/2; weights with noise
    /// 0.25 at levels 2 and 3; arithmetic or geometric mean.
    static let vignette = """
        {"assumptions": [
          {"name": "winsorisation", "vary": "winmax", "values": [1, 2, 3, 4, 5]},
          {"name": "normalisation", "vary": "normalise", "options": [{"method": "minMax", "range": [1, 100]}, {"method": "zScore", "mean": \
        10, "sd": 2}]},
          {"name": "weights", "vary": "weights", "noise": 0.25, "levels": [2, 3]},
          {"name": "aggregation", "vary": "aggregate", "options": [{"method": "arithmeticMean"}, {"method": "geometricMean"}]}
        ]}
        """
    static let example = """
        {"steps": [{"op": "denominate"}, {"op": "impute", "method": "groupMean", "group": "EurAsia_group"},
          {"op": "screen", "minDataAvailability": 0.9}, {"op": "treat", "winmax": 5, "skewThreshold": 2, "kurtosisThreshold": 3.5},
          {"op": "normalise", "method": "minMax", "range": [0, 100]}, {"op": "aggregate", "method": "arithmeticMean"}]}
        """

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let dataPath = signature.data, let metaPath = signature.meta, let runs = Int(signature.runs ?? "100"), runs >= 2 else {
            context.console.error("usage: wego index bench --data ASEM_iData.csv --meta ASEM_iMeta.csv [--runs 100]")
            throw ExitCode.failure
        }
        let (dataText, metaText) = (try IndexFiles.read(dataPath, context), try IndexFiles.read(metaPath, context))
        let (input, pipeline, spec) = try IndexFiles.orExit(context) { () throws(IndexError) in
            (
                try IndexInput.read(data: dataText, meta: metaText), try Pipeline(json: Data(Self.example.utf8)),
                try UncertaintySpec(json: Data(Self.vignette.utf8))
            )
        }
        let pipelineTimes = try Self.measure(repeats: 50) { _ = try IndexEngine.run(input, pipeline) }
        context.console.print(Self.line("full pipeline, COINr example", pipelineTimes))
        let uncertaintyTimes = try Self.measure(repeats: 5) {
            _ = try UncertaintyAnalysis.run(input, pipeline, spec: spec, runs: runs, seed: 1, sobol: false)
        }
        context.console.print(Self.line("uncertainty, N = \(runs)", uncertaintyTimes))
        let sobolTimes = try Self.measure(repeats: 3) {
            _ = try UncertaintyAnalysis.run(input, pipeline, spec: spec, runs: runs, seed: 1, sobol: true)
        }
        context.console.print(Self.line("Sobol, N = \(runs) (\(runs * (spec.assumptions.count + 2)) runs)", sobolTimes))
    }

    /// Milliseconds of each of `repeats` runs after one warm-up run, sorted.
    static func measure(repeats: Int, _ body: () throws -> Void) throws -> [Double] {
        try body()
        var samples: [Double] = []
        for _ in 0 ..< repeats {
            let start = ContinuousClock.now
            try body()
            let elapsed = ContinuousClock.now - start
            samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        return samples.sorted()
    }

    static func line(_ label: String, _ samples: [Double]) -> String {
        """
        \(label): median \(String(format: "%.2f", samples[samples.count / 2])) ms, fastest \(String(format: "%.2f", samples[0])) \
        ms, \(samples.count) runs
        """
    }
}
