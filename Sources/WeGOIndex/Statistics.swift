import Foundation
import WeGOCore

/// The statistics COINr computes, with R's conventions: NaN is NA and is left out (`na.rm = TRUE`).
enum Statistics {
    static func present(_ x: [Double]) -> [Double] { x.filter { !$0.isNaN } }

    /// R's `mean()` sums in extended precision and then adds a correction pass; the same two passes
    /// in Double agree with it to about 1e-16.
    static func mean(_ x: [Double]) -> Double {
        let values = present(x)
        guard !values.isEmpty else { return .nan }
        let n = Double(values.count)
        let first = values.reduce(0, +) / n
        return first + values.reduce(0) { $0 + ($1 - first) } / n
    }

    static func median(_ x: [Double]) -> Double {
        let values = present(x).sorted()
        guard !values.isEmpty else { return .nan }
        let middle = values.count / 2
        return values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
    }

    /// Sample standard deviation (n − 1), as `stats::sd`.
    static func standardDeviation(_ x: [Double]) -> Double {
        let values = present(x)
        guard values.count > 1 else { return .nan }
        let m = mean(values)
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }

    /// Adjusted Fisher–Pearson skewness G1 (Excel SKEW, e1071 type 2), as COINr's `skew()`.
    static func skewness(_ x: [Double]) -> Double {
        let values = present(x)
        let n = Double(values.count)
        guard values.count >= 3 else { return .nan }
        let m = mean(values)
        var s2 = 0.0, s3 = 0.0
        for value in values {
            let d = value - m
            s2 += d * d
            s3 += d * d * d
        }
        let g = n.squareRoot() * s3 / pow(s2, 1.5)
        return g * (n * (n - 1)).squareRoot() / (n - 2)
    }

    /// Excess kurtosis G2 (Excel KURT, e1071 type 2), as COINr's `kurt()`.
    static func kurtosis(_ x: [Double]) -> Double {
        let values = present(x)
        let n = Double(values.count)
        guard values.count >= 4 else { return .nan }
        let m = mean(values)
        var s2 = 0.0, s4 = 0.0
        for value in values {
            let d = value - m
            s2 += d * d
            s4 += d * d * d * d
        }
        let r = n * s4 / (s2 * s2)
        return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    }

    /// Ranks with ties sharing the lowest rank (R's `ties.method = "min"`), missing values unranked.
    /// `descending` ranks the highest value first.
    static func ranks(_ x: [Double], descending: Bool = false) -> [Double] {
        // 1 + the number of values strictly better, found by binary search in the sorted values
        // (n log n: the unit count of a city index is small, of a benchmark not).
        let sorted = x.filter { !$0.isNaN }.sorted()
        func count(_ isBefore: (Double) -> Bool) -> Int {
            var low = 0, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if isBefore(sorted[middle]) { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return x.map { value in
            guard !value.isNaN else { return .nan }
            return Double(1 + (descending ? sorted.count - count { $0 <= value } : count { $0 < value }))
        }
    }
}
