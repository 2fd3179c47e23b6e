import Foundation
import WeGOCore

/// What outlier treatment did to one indicator.
public struct TreatmentRecord: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// Skewness and kurtosis were within the thresholds: nothing done.
        case none
        /// Points replaced by the next value in, at the high or low end (`high` per point).
        case winsorised(points: [String: Bool], count: Int)
        /// Winsorising up to the limit did not pass: the original values were log-transformed
        /// instead; `passes` says whether the result passed the check (COINr keeps it either way).
        case logTransformed(passes: Bool)
        /// Skewness or kurtosis could not be computed (too few values, or all equal).
        case skipped(reason: String)
    }

    public var indicator: String
    public var skewness: Double
    public var kurtosis: Double
    public var action: Action
    public var skewnessAfter: Double
    public var kurtosisAfter: Double
}

/// COINr's default outlier treatment (`Treat` with `winsorise`, then `log_CT`), with its quirks
/// kept on purpose so the results match.
enum Treatment {
    struct Thresholds { var winmax: Int; var skew: Double; var kurtosis: Double }

    /// COINr's `check_SkewKurt`: a column passes when |skew| < threshold OR kurtosis < threshold,
    /// so it is treated only when both are exceeded (quirk kept: a clean rule would use AND).
    /// nil when either statistic is undefined.
    static func passes(_ x: [Double], _ t: Thresholds) -> Bool? {
        let skew = Statistics.skewness(x), kurt = Statistics.kurtosis(x)
        guard !skew.isNaN, !kurt.isNaN else { return nil }
        return abs(skew) < t.skew || kurt < t.kurtosis
    }

    static func treat(_ x: [Double], indicator: String, units: [String], thresholds t: Thresholds) -> ([Double], TreatmentRecord) {
        let skew = Statistics.skewness(x), kurt = Statistics.kurtosis(x)
        var record = TreatmentRecord(
            indicator: indicator, skewness: skew, kurtosis: kurt, action: .none, skewnessAfter: skew, kurtosisAfter: kurt)
        guard let pass = passes(x, t) else {
            // COINr's Treat.numeric warns "f_pass has returned NA" and returns the column untreated.
            record.action = .skipped(reason: "skewness or kurtosis undefined (fewer than 4 values, or all equal)")
            return (x, record)
        }
        if pass { return (x, record) }
        var (winsorised, high, count) = winsorise(x, t)
        if passes(winsorised, t) == true {
            record.action = .winsorised(points: Dictionary(uniqueKeysWithValues: high.map { (units[$0.key], $0.value) }), count: count)
            record.skewnessAfter = Statistics.skewness(winsorised)
            record.kurtosisAfter = Statistics.kurtosis(winsorised)
            return (winsorised, record)
        }
        // Quirk kept: the winsorised values are discarded and the ORIGINAL column is logged,
        // whatever the sign of the skew (COINr's default log_CT, not log_CT_plus).
        winsorised = []
        let values = Statistics.present(x)
        let low = values.min()!, top = values.max()!
        let logged = x.map { $0.isNaN ? $0 : Foundation.log($0 - low + 0.01 * (top - low)) }
        record.action = .logTransformed(passes: passes(logged, t) == true)
        record.skewnessAfter = Statistics.skewness(logged)
        record.kurtosisAfter = Statistics.kurtosis(logged)
        return (logged, record)
    }

    /// COINr's `winsorise()`: while the column fails and the counter is below `winmax`, every
    /// point at the current extreme (high end when the current skew ≥ 0) takes the next value in.
    /// Quirk kept: the counter is the number of points replaced in the latest step (plus the other
    /// end's last step), not a running total; without ties in the data the two agree.
    static func winsorise(_ original: [Double], _ t: Thresholds) -> ([Double], [Int: Bool], Int) {
        var x = original
        var passing = passes(x, t) ?? true
        var lastHigh: [Int] = [], lastLow: [Int] = []
        var count = 0
        while !passing && count < t.winmax {
            if Statistics.skewness(x) >= 0 {
                let top = Statistics.present(x).max()!
                lastHigh = x.indices.filter { x[$0] == top }
                let next = x.indices.filter { !x[$0].isNaN && x[$0] != top }.map { x[$0] }.max() ?? -.infinity
                for i in lastHigh { x[i] = next }
            } else {
                let bottom = Statistics.present(x).min()!
                lastLow = x.indices.filter { x[$0] == bottom }
                let next = x.indices.filter { !x[$0].isNaN && x[$0] != bottom }.map { x[$0] }.min() ?? .infinity
                for i in lastLow { x[i] = next }
            }
            count = lastHigh.count + lastLow.count
            passing = passes(x, t) ?? true
        }
        var sides: [Int: Bool] = [:]
        for i in lastLow { sides[i] = false }
        for i in lastHigh { sides[i] = true }
        return (x, sides, count)
    }
}
