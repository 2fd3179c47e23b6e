import Foundation
import WeGOCore

/// An edition's results as its pages show them: one row per ranked unit with its scores at every
/// aggregate level, the index rank, and the columns a ranking table offers to sort by.
public struct IndexRanking: Sendable {
    public struct Row: Sendable, Equatable {
        public var code: String
        public var name: String
        public var rank: Int?
        /// Aggregate code → score (NaN never appears: a missing score is absent).
        public var scores: [String: Double]
    }

    public enum SortKey: Sendable, Equatable {
        case rank
        case name
        case score(String)
    }

    public let indexCode: String
    /// Level 2 aggregates in metadata order: what the radar shows.
    public let pillars: [IndexNode]
    /// The level under the index when it is above the pillars (the two dimensions, COINr's sub-indices).
    public let dimensions: [IndexNode]
    /// By rank, best first; ties and unranked units by name.
    public let rows: [Row]

    public init(results: IndexResults, input: IndexInput) throws(IndexError) {
        guard let indexCode = results.indexCode, results.structure.levels >= 2 else { throw .invalidMeta("no aggregate level to rank by") }
        self.indexCode = indexCode
        let structure = results.structure
        pillars = structure.nodes(atLevel: 2)
        dimensions = structure.levels > 3 ? structure.nodes(atLevel: structure.levels - 1) : []
        let data = results.final
        let ranks = results.ranks(of: indexCode)
        let names = Dictionary(uniqueKeysWithValues: zip(input.unitCodes, input.unitNames))
        let codes = structure.nodes.filter { $0.kind == .aggregate }.map(\.code)
        var rows: [Row] = []
        for (index, unit) in data.unitCodes.enumerated() {
            var scores: [String: Double] = [:]
            for code in codes { if let value = data[code]?[index], !value.isNaN { scores[code] = value } }
            rows.append(Row(code: unit, name: names[unit] ?? unit, rank: index < ranks.count ? ranks[index] : nil, scores: scores))
        }
        self.rows = IndexRanking.order(rows, by: .rank, descending: false)
    }

    public func row(_ code: String) -> Row? { rows.first { $0.code == code } }

    /// Rows ordered by the key; units without a value go last in either direction, and ties
    /// fall back to the name so the order is stable between requests.
    public static func order(_ rows: [Row], by key: SortKey, descending: Bool) -> [Row] {
        func value(_ row: Row) -> Double? {
            switch key {
            case .rank: row.rank.map(Double.init)
            case .name: nil
            case .score(let code): row.scores[code]
            }
        }
        return rows.sorted { a, b in
            if case .name = key {
                let order = a.name.localizedStandardCompare(b.name)
                if order != .orderedSame { return descending ? order == .orderedDescending : order == .orderedAscending }
                return a.code < b.code
            }
            switch (value(a), value(b)) {
            case let (x?, y?) where x != y: return descending ? x > y : x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return (a.name, a.code) < (b.name, b.code)
            }
        }
    }
}
