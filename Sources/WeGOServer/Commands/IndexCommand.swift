import Foundation
import Vapor
import WeGOCore

/// `wego index build --data DATA.csv --meta META.csv --spec PIPELINE.json --out RESULTS.csv`:
/// runs the index engine on COINr-style files, for analysts and for checking against other tools.
struct IndexCommand: AsyncCommandGroup {
    var help: String { "Builds composite indices (the Cities Future Readiness Index engine)." }
    var commands: [String: any AnyAsyncCommand] { ["build": IndexBuildCommand()] }
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
        guard let dataPath = signature.data, let metaPath = signature.meta, let specPath = signature.spec, let outPath = signature.out else {
            context.console.error("usage: wego index build --data DATA.csv --meta META.csv --spec PIPELINE.json --out RESULTS.csv")
            throw ExitCode.failure
        }
        func read(_ path: String) throws -> String {
            do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
                context.console.error("cannot read \(path): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
        let results: IndexResults
        do {
            let input = try IndexInput.read(data: try read(dataPath), meta: try read(metaPath), dataFile: dataPath, metaFile: metaPath)
            let pipeline = try Pipeline(json: Data(try read(specPath).utf8))
            results = try IndexEngine.run(input, pipeline)
        } catch let error as IndexError {
            context.console.error(error.description)
            throw ExitCode.failure
        }
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
        let top = results.indexCode.map { code in
            let ranks = results.ranks(of: code)
            return zip(results.final.unitCodes, ranks).filter { $0.1 == 1 }.map(\.0).joined(separator: ", ")
        } ?? ""
        context.console.print("Built \(results.final.unitCodes.count) units through \(results.names.dropFirst().joined(separator: " → ")); first: \(top). Wrote \(outPath).")
        for record in results.treatment {
            switch record.action {
            case .none: break
            case .winsorised(_, let count): context.console.print("  \(record.indicator): winsorised \(count) point(s)")
            case .logTransformed(let passes): context.console.print("  \(record.indicator): log-transformed\(passes ? "" : " (still skewed)")")
            case .skipped(let reason): context.console.warning("  \(record.indicator): not treated, \(reason)")
            }
        }
    }
}
