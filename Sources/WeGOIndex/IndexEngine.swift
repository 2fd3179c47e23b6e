import Foundation
import WeGOCore

/// Everything a pipeline run produced: every data set by name, what treatment and screening did,
/// and the scores and ranks of the final one.
public struct IndexResults: Sendable {
    public let structure: IndexStructure
    /// Data set names in the order they were written, starting with "Raw".
    public let names: [String]
    public let datasets: [String: DataSet]
    public let treatment: [TreatmentRecord]
    public let screening: [(unit: String, availability: Double, included: Bool)]

    /// The last data set written.
    public var final: DataSet { datasets[names.last!]! }

    /// Aggregate codes level by level (2, 3, …), alphabetical within a level as COINr orders them.
    public var aggregateColumns: [String] {
        (2 ... max(2, structure.levels)).flatMap { structure.nodes(atLevel: $0).map(\.code).sorted() }
    }

    /// The top-level code (the index).
    public var indexCode: String? { structure.nodes(atLevel: structure.levels).first?.code }

    /// 1 for the highest score, ties sharing the best rank ("1224"), nil when the score is missing.
    public func ranks(of column: String, in dataset: String? = nil) -> [Int?] {
        guard let values = datasets[dataset ?? names.last!]?[column] else { return [] }
        return Statistics.ranks(values, descending: true).map { $0.isNaN ? nil : Int($0) }
    }

    /// A unit's best and worst indicators: those where it ranks highest and lowest among the units
    /// on the normalised (directed) values. Ties keep the metadata order.
    public func strengths(of unit: String, count: Int = 3, dataset: String = "Normalised") -> (strongest: [String], weakest: [String])? {
        guard let data = datasets[dataset], let row = data.unitCodes.firstIndex(of: unit) else { return nil }
        let ranked: [(code: String, rank: Double)] = structure.indicators.compactMap { node in
            guard let column = data[node.code], !column[row].isNaN else { return nil }
            return (node.code, Statistics.ranks(column, descending: true)[row])
        }
        let best = ranked.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element.code)
        let worst = ranked.enumerated().sorted { (-$0.element.rank, $0.offset) < (-$1.element.rank, $1.offset) }.map(\.element.code)
        return (Array(best.prefix(count)), Array(worst.prefix(count)))
    }

    /// The unit's rank on one column of a data set (1 the best), nil when its value is missing.
    public func rank(of unit: String, on column: String, dataset: String = "Normalised") -> Int? {
        guard let data = datasets[dataset], let row = data.unitCodes.firstIndex(of: unit), let values = data[column] else { return nil }
        let rank = Statistics.ranks(values, descending: true)[row]
        return rank.isNaN ? nil : Int(rank)
    }

    /// A whole data set as CSV: `uCode`, then indicators in metadata order and aggregates level by
    /// level, full precision, NA for missing.
    public func csv(of data: DataSet) -> String {
        let order = structure.indicators.map(\.code) + aggregateColumns
        let columns = order.filter { data[$0] != nil }
        var lines = [(["uCode"] + columns).joined(separator: ",")]
        for (index, unit) in data.unitCodes.enumerated() {
            lines.append(
                ([CSVTable.field(unit)]
                    + columns.map {
                        let v = data[$0]![index]; return v.isNaN ? "NA" : "\(v)"
                    }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `uCode`, every aggregate at every level at full precision, and `Rank` of the index: what
    /// `wego index build` writes. Missing values are written as NA.
    public func resultsCSV() -> String {
        let data = final
        let columns = aggregateColumns.filter { data[$0] != nil }
        let ranks = indexCode.map { self.ranks(of: $0) } ?? []
        var lines = [(["uCode"] + columns + ["Rank"]).joined(separator: ",")]
        for (index, unit) in data.unitCodes.enumerated() {
            let values = columns.map { code -> String in
                let value = data[code]![index]
                return value.isNaN ? "NA" : "\(value)"
            }
            let rank = index < ranks.count ? ranks[index].map(String.init) ?? "NA" : "NA"
            lines.append(([CSVTable.field(unit)] + values + [rank]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Runs a pipeline over an index's data, step by step, as COINr's build functions do.
public enum IndexEngine {
    /// `weights` replaces metadata weights by code (the uncertainty analysis perturbs them).
    public static func run(_ input: IndexInput, _ pipeline: Pipeline, weights: [String: Double]? = nil) throws(IndexError) -> IndexResults {
        var datasets: [String: DataSet] = ["Raw": input.raw]
        var names = ["Raw"]
        var treatment: [TreatmentRecord] = []
        var screening: [(unit: String, availability: Double, included: Bool)] = []
        let indicators = input.structure.indicators
        for (index, step) in pipeline.steps.enumerated() {
            guard let data = datasets[step.input] else { throw .step(index, "no data set \"\(step.input)\"") }
            let output: DataSet
            switch step.operation {
            case .denominate:
                output = DataPreparation.denominate(data, input: input)
            case .impute(let method, let group):
                do { output = try DataPreparation.impute(data, method: method, group: group, input: input) } catch {
                    throw .step(index, error.description)
                }
            case .screen(let minimum):
                let (kept, report) = DataPreparation.screen(data, minimum: minimum, indicators: indicators.map(\.code))
                guard !kept.unitCodes.isEmpty else { throw .step(index, "screening at \(minimum) leaves no unit") }
                screening = report.map { ($0.unit, $0.share, $0.included) }
                output = kept
            case .treat(let winmax, let skew, let kurtosis):
                var treated = data
                treatment = []
                for node in indicators {
                    guard let column = data[node.code] else { continue }
                    let (values, record) = Treatment.treat(
                        column, indicator: node.code, units: data.unitCodes,
                        thresholds: .init(winmax: winmax, skew: skew, kurtosis: kurtosis))
                    treated.columns[node.code] = values
                    treatment.append(record)
                }
                output = treated
            case .normalise(let method):
                var normalised = data
                for node in indicators {
                    guard let column = data[node.code] else { continue }
                    do { normalised.columns[node.code] = try Normalisation.normalise(column, method: method, indicator: node) } catch {
                        throw .step(index, error.description)
                    }
                }
                output = normalised
            case .aggregate(let method):
                output = try aggregate(data, structure: input.structure, method: method, weights: weights, step: index)
            }
            datasets[step.output] = output
            names.removeAll { $0 == step.output }
            names.append(step.output)
        }
        return IndexResults(structure: input.structure, names: names, datasets: datasets, treatment: treatment, screening: screening)
    }

    /// Levels 2, 3, … in turn, each from the level below in the growing table, children in
    /// metadata order with their metadata weights; aggregates are not re-normalised between levels.
    static func aggregate(
        _ data: DataSet, structure: IndexStructure, method: Pipeline.Aggregation, weights override: [String: Double]?,
        step: Int
    ) throws(IndexError) -> DataSet {
        var result = data
        for level in 2 ... max(2, structure.levels) {
            for node in structure.nodes(atLevel: level) {
                let children = structure.children(of: node.code)
                let columns = children.map { result[$0.code] }
                guard columns.allSatisfy({ $0 != nil }) else {
                    throw .step(
                        step,
                        """
                        \(node.code): the data set has no column \
                        for \(children.filter { result[$0.code] == nil }.map(\.code).joined(separator: ", "))
                        """
                    )
                }
                let weights = children.map { override?[$0.code] ?? $0.weight }
                var values: [Double] = []
                for row in data.unitCodes.indices {
                    do { values.append(try Aggregation.aggregate(columns.map { $0![row] }, weights: weights, method: method)) } catch {
                        throw .step(step, "\(data.unitCodes[row]), \(node.code): \(error.reason)")
                    }
                }
                result.columns[node.code] = values
            }
        }
        return result
    }
}
