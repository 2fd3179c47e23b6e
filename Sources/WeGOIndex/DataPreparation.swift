import Foundation
import WeGOCore

/// Denominate, impute and screen: the steps before outliers are treated, as COINr does them.
enum DataPreparation {
    /// Divides each indicator that names a denominator by that denominator column of the same
    /// unit. A missing or zero denominator gives NA (NaN) or ±∞ as R's `/` does; later steps see
    /// the NA as missing.
    static func denominate(_ data: DataSet, input: IndexInput) -> DataSet {
        var result = data
        let position = Dictionary(uniqueKeysWithValues: input.denominators.unitCodes.enumerated().map { ($1, $0) })
        for node in input.structure.indicators {
            guard let denominator = node.denominator, let values = data[node.code],
                let by = input.denominators[denominator]
            else { continue }
            result.columns[node.code] = zip(data.unitCodes, values).map { unit, value in
                guard let index = position[unit] else { return .nan }
                return value / by[index]
            }
        }
        return result
    }

    /// Fills missing values column by column. A group method uses the group of each unit; units
    /// with no group label stay missing (COINr's `skip_f_na`); a group with no value at all yields
    /// NaN (R's mean of nothing), which later steps treat as missing. A column with no value at
    /// all is left as it is.
    static func impute(_ data: DataSet, method: Pipeline.ImputeMethod, group: String?, input: IndexInput) throws(IndexError) -> DataSet {
        var labels: [String?] = []
        if let group {
            guard input.groups[group] != nil else { throw .invalidPipeline("impute: \"\(group)\" is not a Group column of the metadata") }
            labels = data.unitCodes.map { input.group(group, of: $0) }
        }
        var result = data
        for (code, values) in data.columns where values.contains(where: \.isNaN) && !values.allSatisfy(\.isNaN) {
            switch method {
            case .mean, .median:
                let fill = method == .mean ? Statistics.mean(values) : Statistics.median(values)
                result.columns[code] = values.map { $0.isNaN ? fill : $0 }
            case .groupMean, .groupMedian:
                var members: [String: [Double]] = [:]
                for (value, label) in zip(values, labels) { if let label { members[label, default: []].append(value) } }
                let fills = members.mapValues { method == .groupMean ? Statistics.mean($0) : Statistics.median($0) }
                result.columns[code] = zip(values, labels).map { value, label in
                    guard value.isNaN, let label else { return value }
                    return fills[label] ?? .nan
                }
            }
        }
        return result
    }

    struct Availability: Sendable, Equatable {
        var unit: String
        var share: Double
        var included: Bool
    }

    /// Keeps the units with at least `minimum` of the data set's indicator values present. Which
    /// values count depends on the data set read: screening after imputation (as COINr's example
    /// does) counts imputed values as present and so removes nobody.
    static func screen(_ data: DataSet, minimum: Double, indicators: [String]) -> (DataSet, [Availability]) {
        let columns = indicators.compactMap { data[$0] }
        var kept: [Int] = []
        var report: [Availability] = []
        for (index, unit) in data.unitCodes.enumerated() {
            let missing = columns.reduce(0) { $0 + ($1[index].isNaN ? 1 : 0) }
            let share = 1 - Double(missing) / Double(columns.count)
            let included = share >= minimum
            if included { kept.append(index) }
            report.append(Availability(unit: unit, share: share, included: included))
        }
        return (data.selecting(units: kept), report)
    }
}
