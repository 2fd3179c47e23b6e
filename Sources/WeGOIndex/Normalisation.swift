import Foundation
import WeGOCore

/// COINr's normalisation functions. Direction is applied first by multiplying the column by −1
/// (COINr's `Normalise.numeric`), and the functions themselves never see it.
enum Normalisation {
    static func normalise(_ x: [Double], method: Pipeline.Normalisation, indicator: IndexNode) throws(IndexError) -> [Double] {
        let directed = x.map { $0 * indicator.direction }
        let values = Statistics.present(directed)
        let low = values.min() ?? .nan, high = values.max() ?? .nan
        switch method {
        case .minMax(let l, let u):
            // A constant column gives NaN (0/0), as COINr's n_minmax does (with a warning there).
            return directed.map { ($0 - low) / (high - low) * (u - l) + l }
        case .zScore(let m, let sd):
            let mean = Statistics.mean(directed), deviation = Statistics.standardDeviation(directed)
            return directed.map { ($0 - mean) / deviation * sd + m }
        case .rank:
            return Statistics.ranks(directed)
        case .percentRank:
            let n = Double(values.count)
            return Statistics.ranks(directed).map { ($0 - 1) / (n - 1) }
        case .distToMax:
            return directed.map { 1 - (high - $0) / (high - low) }
        case .distToTarget(let cap):
            // COINr (use_iMeta): the target is flipped with the data (Target × Direction) and
            // n_dist2targ runs with its own direction 1: (x − min) / (target − min).
            guard let target = indicator.target else {
                throw .invalidPipeline("distToTarget: \(indicator.code) has no Target in the metadata")
            }
            let flipped = target * indicator.direction
            return directed.map { value in
                let y = (value - low) / (flipped - low)
                return cap && y > 1 ? 1 : y
            }
        case .goalposts(let scale):
            guard let posts = indicator.goalposts else {
                throw .invalidPipeline("goalposts: \(indicator.code) has no goalpost_lower and goalpost_upper in the metadata")
            }
            // As COINr's use_iMeta: the posts are flipped with the data and swapped for direction −1.
            let (first, second) = indicator.direction == -1 ? (posts.upper * -1, posts.lower * -1) : (posts.lower, posts.upper)
            return directed.map { value in
                guard !value.isNaN else { return value }
                var y = (value - first) / (second - first)
                if posts.truncate { y = min(1, max(0, y)) }
                return y * (posts.scale ?? scale)
            }
        }
    }
}

/// COINr's aggregation functions, applied level by level up the tree.
enum Aggregation {
    static func aggregate(_ x: [Double], weights w: [Double], method: Pipeline.Aggregation) throws(AggregationProblem) -> Double {
        switch method {
        case .arithmeticMean:
            // COINr's a_amean: missing children are dropped and the weights renormalised over the rest.
            let present = zip(x, w).filter { !$0.0.isNaN }
            guard !present.isEmpty else { return .nan }
            let weight = present.reduce(0) { $0 + $1.1 }
            return present.reduce(0) { $0 + $1.1 / weight * $1.0 }
        case .geometricMean:
            // a_gmean: exp(Σ w log x / Σ w) over present values; any value ≤ 0 is an error.
            if x.contains(where: { !$0.isNaN && $0 <= 0 }) { throw .nonPositive }
            var total = 0.0, weight = 0.0
            for (value, wi) in zip(x, w) where !value.isNaN { total += wi * Foundation.log(value); weight += wi }
            return weight == 0 ? .nan : Foundation.exp(total / weight)
        case .harmonicMean:
            // a_hmean: Σ w / Σ (w / x) over present values; a zero is an error (negatives are not, as in COINr).
            if x.contains(where: { $0 == 0 }) { throw .zero }
            var weight = 0.0, total = 0.0
            for (value, wi) in zip(x, w) where !value.isNaN { weight += wi; total += wi / value }
            return weight == 0 ? .nan : weight / total
        case .generalisedMean(let p):
            // a_genmean has no na.rm: any missing child makes the aggregate missing.
            if p < 0 && x.contains(where: { !$0.isNaN && $0 <= 0 }) { throw .nonPositive }
            if x.contains(where: \.isNaN) { return .nan }
            let weight = w.reduce(0, +)
            return Foundation.pow(zip(x, w).reduce(0) { $0 + $1.1 * Foundation.pow($1.0, p) } / weight, 1 / p)
        }
    }

    enum AggregationProblem: Error {
        case nonPositive, zero
        var reason: String {
            switch self {
            case .nonPositive: "a geometric (or negative-power) mean needs values above zero; normalise to a range such as 1–100"
            case .zero: "a harmonic mean cannot take a zero; normalise to a range such as 1–100"
            }
        }
    }
}
