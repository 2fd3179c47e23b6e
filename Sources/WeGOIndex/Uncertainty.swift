import Foundation
import WeGOCore

/// Which assumptions of an index to vary, and how: the input of an uncertainty and sensitivity
/// analysis. JSON form (all keys optional except "assumptions"):
///
///     {"assumptions": [
///       {"name": "winsorisation", "vary": "winmax", "values": [1, 2, 3, 4, 5]},
///       {"name": "normalisation", "vary": "normalise", "options": [{"method": "minMax", "range": [1, 100]},
///                                                                   {"method": "zScore", "mean": 10, "sd": 2}]},
///       {"name": "weights", "vary": "weights", "noise": 0.25, "levels": [2, 3]},
///       {"name": "aggregation", "vary": "aggregate", "options": [{"method": "arithmeticMean"}, {"method": "geometricMean"}]},
///       {"name": "imputation", "vary": "impute"}
///     ]}
public struct UncertaintySpec: Sendable, Equatable {
    public enum Variation: Sendable, Equatable {
        case winmax([Int])
        case normalisation([Pipeline.Normalisation])
        case aggregation([Pipeline.Aggregation])
        /// Each weight at these levels becomes w + U(−noise, noise)·w (COINr's noisy weights).
        case weights(noise: Double, levels: [Int])
        /// The imputation step on or off.
        case imputation
    }

    public struct Assumption: Sendable, Equatable {
        public var name: String
        public var variation: Variation
    }

    public var assumptions: [Assumption]

    public init(assumptions: [Assumption]) { self.assumptions = assumptions }

    public init(json: Data) throws(IndexError) {
        let root: JSONValue
        do { root = try JSONDecoder().decode(JSONValue.self, from: json) } catch { throw .invalidPipeline("assumptions: not valid JSON") }
        guard case .object(let object) = root, case .array(let items)? = object["assumptions"], !items.isEmpty else {
            throw .invalidPipeline("assumptions: expected an object with a non-empty \"assumptions\" array")
        }
        var assumptions: [Assumption] = []
        for (index, item) in items.enumerated() {
            func fail(_ reason: String) -> IndexError { .invalidPipeline("assumption \(index + 1): \(reason)") }
            guard case .object(let fields) = item, case .string(let vary)? = fields["vary"] else {
                throw fail("each assumption is an object with \"vary\": winmax, normalise, weights, aggregate or impute")
            }
            let name: String = if case .string(let given)? = fields["name"] { given } else { vary }
            let variation: Variation
            switch vary {
            case "winmax":
                guard case .array(let values)? = fields["values"], !values.isEmpty else { throw fail("\"values\" must list winmax values") }
                var numbers: [Int] = []
                for value in values {
                    guard case .number(let n) = value, n >= 0, n == n.rounded() else {
                        throw fail("winmax values must be whole numbers from 0")
                    }
                    numbers.append(Int(n))
                }
                variation = .winmax(numbers)
            case "normalise", "aggregate":
                guard case .array(let options)? = fields["options"], options.count >= 2 else {
                    throw fail("\"options\" must list at least two methods")
                }
                var steps: [Pipeline.Operation] = []
                for option in options {
                    guard case .object(var step) = option else {
                        throw fail("each option is a step object such as {\"method\": \"minMax\"}")
                    }
                    step["op"] = .string(vary)
                    do { steps.append(try Pipeline.operation(step, index: index)) } catch { throw fail(error.description) }
                }
                if vary == "normalise" {
                    variation = .normalisation(steps.compactMap { if case .normalise(let n) = $0 { n } else { nil } })
                } else {
                    variation = .aggregation(steps.compactMap { if case .aggregate(let a) = $0 { a } else { nil } })
                }
            case "weights":
                guard case .number(let noise)? = fields["noise"], noise > 0, noise < 1 else {
                    throw fail("\"noise\" must be between 0 and 1")
                }
                var levels: [Int] = []
                if case .array(let values)? = fields["levels"] {
                    for value in values {
                        guard case .number(let n) = value, n >= 1, n == n.rounded() else {
                            throw fail("\"levels\" must be whole numbers from 1")
                        }
                        levels.append(Int(n))
                    }
                }
                variation = .weights(noise: noise, levels: levels.isEmpty ? [1] : levels)
            case "impute":
                variation = .imputation
            default:
                throw fail("\"vary\" must be winmax, normalise, weights, aggregate or impute, not \"\(vary)\"")
            }
            assumptions.append(Assumption(name: name, variation: variation))
        }
        self.assumptions = assumptions
    }
}

/// What an uncertainty analysis found: each unit's rank across all runs, and with Sobol
/// sampling, how much of the variation of the ranks each assumption explains.
public struct UncertaintyResults: Sendable {
    public struct UnitRanks: Sendable, Equatable {
        public var unit: String
        public var nominal: Int?
        public var median: Double
        public var low: Double
        public var high: Double
    }

    public struct SobolIndex: Sendable, Equatable {
        public var assumption: String
        public var firstOrder: Double
        public var firstOrderInterval: (Double, Double)
        public var total: Double
        public var totalInterval: (Double, Double)

        public static func == (a: SobolIndex, b: SobolIndex) -> Bool {
            a.assumption == b.assumption && a.firstOrder == b.firstOrder && a.total == b.total
                && a.firstOrderInterval == b.firstOrderInterval && a.totalInterval == b.totalInterval
        }
    }

    public var ranks: [UnitRanks]
    public var sobol: [SobolIndex]?
    public var runs: Int

    public func ranksCSV() -> String {
        var lines = ["uCode,NominalRank,MedianRank,Q05,Q95"]
        for r in ranks {
            lines.append("\(CSVTable.field(r.unit)),\(r.nominal.map(String.init) ?? "NA"),\(r.median),\(r.low),\(r.high)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func sobolCSV() -> String {
        var lines = ["Assumption,Si,Si_Q05,Si_Q95,STi,STi_Q05,STi_Q95"]
        for s in sobol ?? [] {
            let cells = [
                CSVTable.field(s.assumption), "\(s.firstOrder)", "\(s.firstOrderInterval.0)", "\(s.firstOrderInterval.1)",
                "\(s.total)", "\(s.totalInterval.0)", "\(s.totalInterval.1)",
            ]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Monte Carlo over the chosen assumptions. Each run draws one value per assumption (a uniform
/// number mapped onto its options), rebuilds the index and ranks the units. With `sobol`, the runs
/// follow Saltelli's design (matrices A, B and A with column i from B, N·(k+2) runs) and the
/// output whose variance is decomposed is the mean absolute rank shift from the nominal ranks;
/// first-order indices use Saltelli's 2010 estimator and total indices Jansen's, with bootstrap
/// 5–95% intervals. Runs are spread over all cores; a seed gives the same results every time.
public enum UncertaintyAnalysis {
    public static func run(
        _ input: IndexInput, _ pipeline: Pipeline, spec: UncertaintySpec, runs n: Int, seed: UInt64,
        sobol: Bool, bootstrap: Int = 1000
    ) throws(IndexError) -> UncertaintyResults {
        guard n >= 2 else { throw .invalidPipeline("the number of runs must be at least 2") }
        let nominal = try IndexEngine.run(input, pipeline)
        guard let indexCode = nominal.indexCode else { throw .invalidMeta("no index level") }
        let units = nominal.final.unitCodes
        let nominalRanks = Statistics.ranks(nominal.final[indexCode]!, descending: true)
        var random = SeededGenerator(seed: seed)
        let k = spec.assumptions.count
        // Noisy weight sets drawn up front, one per run, so a draw is a reproducible index.
        let weightSets: [[String: Double]] =
            spec.assumptions.contains { if case .weights = $0.variation { true } else { false } }
            ? (0 ..< n).map { _ in noisyWeights(input.structure, spec: spec, random: &random) } : []
        let a = (0 ..< n).map { _ in (0 ..< k).map { _ in random.unit() } }
        var design = a
        var b: [[Double]] = []
        if sobol {
            b = (0 ..< n).map { _ in (0 ..< k).map { _ in random.unit() } }
            design += b
            for i in 0 ..< k {
                design += zip(a, b).map { rowA, rowB in
                    var row = rowA; row[i] = rowB[i]; return row
                }
            }
        }
        let outcomes = evaluate(design, input: input, pipeline: pipeline, spec: spec, weightSets: weightSets, units: units)
        var allRanks: [[Double]] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let ranks): allRanks.append(ranks)
            case .failure(let error): throw error
            }
        }
        let ranks = units.indices.map { u -> UncertaintyResults.UnitRanks in
            let values = allRanks.map { $0[u] }.filter { !$0.isNaN }.sorted()
            return UncertaintyResults.UnitRanks(
                unit: units[u], nominal: nominalRanks[u].isNaN ? nil : Int(nominalRanks[u]),
                median: quantile(values, 0.5), low: quantile(values, 0.05), high: quantile(values, 0.95))
        }
        var indices: [UncertaintyResults.SobolIndex]?
        if sobol {
            let shift = allRanks.map { run in
                let pairs = zip(run, nominalRanks).filter { !$0.0.isNaN && !$0.1.isNaN }
                return pairs.reduce(0) { $0 + abs($1.0 - $1.1) } / Double(max(1, pairs.count))
            }
            let fA = Array(shift[0 ..< n]), fB = Array(shift[n ..< 2 * n])
            indices = spec.assumptions.indices.map { i in
                let fAB = Array(shift[(2 + i) * n ..< (3 + i) * n])
                let (first, total) = sobolEstimates(fA, fB, fAB, rows: Array(0 ..< n))
                var bootFirst: [Double] = [], bootTotal: [Double] = []
                var resampler = SeededGenerator(seed: seed &+ UInt64(i + 1) &* 0x9E37_79B9)
                for _ in 0 ..< bootstrap {
                    let rows = (0 ..< n).map { _ in Int(resampler.next() % UInt64(n)) }
                    let (f, t) = sobolEstimates(fA, fB, fAB, rows: rows)
                    if !f.isNaN { bootFirst.append(f) }
                    if !t.isNaN { bootTotal.append(t) }
                }
                bootFirst.sort(); bootTotal.sort()
                return .init(
                    assumption: spec.assumptions[i].name, firstOrder: first,
                    firstOrderInterval: (quantile(bootFirst, 0.05), quantile(bootFirst, 0.95)),
                    total: total, totalInterval: (quantile(bootTotal, 0.05), quantile(bootTotal, 0.95)))
            }
        }
        return UncertaintyResults(ranks: ranks, sobol: indices, runs: design.count)
    }

    /// Saltelli (2010) first order and Jansen total effect over the given rows (a bootstrap
    /// resample repeats rows); the variance is that of f(A) and f(B) together. Same formulas as
    /// COINr's SA_estimate; the draws differ (COINr maps a uniform to an option with cut() over
    /// the sample's range, we with ⌊u·k⌋), so results agree in distribution, not run by run.
    static func sobolEstimates(_ fA: [Double], _ fB: [Double], _ fAB: [Double], rows: [Int]) -> (Double, Double) {
        let count = Double(rows.count)
        let pooled = rows.map { fA[$0] } + rows.map { fB[$0] }
        let mean = pooled.reduce(0, +) / Double(pooled.count)
        // COINr's SA_estimate: stats::var(c(yA, yB)), the sample variance.
        let variance = pooled.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(pooled.count - 1)
        guard variance > 0 else { return (.nan, .nan) }
        let first = rows.reduce(0) { $0 + fB[$1] * (fAB[$1] - fA[$1]) } / count / variance
        let total = rows.reduce(0) { $0 + (fA[$1] - fAB[$1]) * (fA[$1] - fAB[$1]) } / (2 * count) / variance
        return (first, total)
    }

    /// R's default quantile (type 7) of sorted values.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    static func noisyWeights(_ structure: IndexStructure, spec: UncertaintySpec, random: inout SeededGenerator) -> [String: Double] {
        var weights: [String: Double] = [:]
        for assumption in spec.assumptions {
            guard case .weights(let noise, let levels) = assumption.variation else { continue }
            for node in structure.nodes where levels.contains(node.level) {
                weights[node.code] = node.weight + (random.unit() * 2 - 1) * noise * node.weight
            }
        }
        return weights
    }

    /// Runs every row of the design on all cores; each result is the index ranks of the units.
    static func evaluate(
        _ design: [[Double]], input: IndexInput, pipeline: Pipeline, spec: UncertaintySpec,
        weightSets: [[String: Double]], units: [String]
    ) -> [Result<[Double], IndexError>] {
        let outcomes = UnsafeMutableBufferPointer<Result<[Double], IndexError>>.allocate(capacity: design.count)
        defer { outcomes.deallocate() }
        let base = SendableBuffer(outcomes)
        DispatchQueue.concurrentPerform(iterations: design.count) { row in
            let outcome: Result<[Double], IndexError>
            do {
                let (variant, weights) = configure(pipeline, spec: spec, draws: design[row], weightSets: weightSets)
                let results = try IndexEngine.run(input, variant, weights: weights)
                let scores = results.final[results.indexCode ?? ""] ?? []
                let byUnit = Dictionary(uniqueKeysWithValues: zip(results.final.unitCodes, Statistics.ranks(scores, descending: true)))
                outcome = .success(units.map { byUnit[$0] ?? .nan })
            } catch {
                outcome = .failure(.invalidPipeline("run \(row + 1) (\(describe(spec, draws: design[row]))): \(String(describing: error))"))
            }
            (base.buffer.baseAddress! + row).initialize(to: outcome)
        }
        return Array(outcomes)
    }

    /// The pipeline and weights for one run.
    static func configure(
        _ pipeline: Pipeline, spec: UncertaintySpec, draws: [Double], weightSets: [[String: Double]]
    )
        -> (Pipeline, [String: Double]?)
    {
        var steps = pipeline.steps
        var weights: [String: Double]?
        for (assumption, u) in zip(spec.assumptions, draws) {
            func pick(_ count: Int) -> Int { min(Int(u * Double(count)), count - 1) }
            switch assumption.variation {
            case .winmax(let values):
                let winmax = values[pick(values.count)]
                for i in steps.indices {
                    if case .treat(_, let s, let k) = steps[i].operation {
                        steps[i].operation = .treat(winmax: winmax, skewThreshold: s, kurtosisThreshold: k)
                    }
                }
            case .normalisation(let options):
                let option = options[pick(options.count)]
                for i in steps.indices { if case .normalise = steps[i].operation { steps[i].operation = .normalise(option) } }
            case .aggregation(let options):
                let option = options[pick(options.count)]
                for i in steps.indices { if case .aggregate = steps[i].operation { steps[i].operation = .aggregate(option) } }
            case .weights:
                weights = weightSets[pick(weightSets.count)]
            case .imputation:
                guard pick(2) == 1, let i = steps.firstIndex(where: { if case .impute = $0.operation { true } else { false } }) else {
                    continue
                }
                // Off: the steps that read the imputed data read what imputation read.
                let removed = steps.remove(at: i)
                for j in steps.indices where steps[j].input == removed.output { steps[j].input = removed.input }
            }
        }
        return (Pipeline(steps: steps), weights)
    }

    static func describe(_ spec: UncertaintySpec, draws: [Double]) -> String {
        zip(spec.assumptions, draws).map { "\($0.name) \(String(format: "%.3f", $1))" }.joined(separator: ", ")
    }
}

/// Lets the parallel loop write each run's result into its own slot of one buffer.
private struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
