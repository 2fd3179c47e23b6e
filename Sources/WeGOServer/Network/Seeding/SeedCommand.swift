import Fluent
import Vapor
import WeGOCore

/// `wego seed`: loads the WeGO network (idempotent); `--synthetic N` adds N labelled synthetic
/// members and `--synthetic-cycle N` a month of City-to-City with N synthetic cities, for benchmarks.
struct SeedCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "synthetic", help: "Also create this many synthetic members (for benchmarks).")
        var synthetic: Int?
        @Option(name: "synthetic-cycle", help: "Also open a month of City-to-City with this many synthetic cities (for benchmarks).")
        var syntheticCycle: Int?
    }

    var help: String { "Loads the WeGO network from the seed files; running it twice changes nothing." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let report = try await Seeder.seed(try Seeder.loadCatalog(), on: app.db)
        context.console.print(report.description)
        if let count = signature.synthetic {
            guard count > 0, count <= 1_000_000 else {
                context.console.error("--synthetic must be between 1 and 1,000,000, not \(count)")
                throw ExitCode.failure
            }
            let countries = Array(app.referenceData.countries.keys).sorted()
            var lastShown = -1
            try await SyntheticMembers.insert(count: count, countries: countries, on: app.db) { done in
                let percent = done * 100 / count
                if percent != lastShown {
                    lastShown = percent
                    context.console.output("\rsynthetic members: \(done)/\(count) (\(percent)%)".consoleText(), newLine: false)
                }
            }
            context.console.print("")
        }
        if let cities = signature.syntheticCycle {
            guard (2 ... 20_000).contains(cities) else {
                context.console.error("--synthetic-cycle must be between 2 and 20,000, not \(cities)")
                throw ExitCode.failure
            }
            let month = try await SyntheticCycleSeed.insert(cities: cities, on: app.db)
            context.console.print("synthetic cycle: \(month), \(cities) cities joined, open")
        }
    }
}

public struct ExitCode: Error, CustomStringConvertible {
    public let code: Int32
    static let failure = ExitCode(code: 1)
    public var description: String { "exit \(code)" }
}
