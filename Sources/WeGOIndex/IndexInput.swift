import Foundation
import WeGOCore

/// One indicator or aggregate of a composite index, as COINr's `iMeta` describes it.
public struct IndexNode: Sendable, Hashable {
    public enum Kind: String, Sendable { case indicator = "Indicator", aggregate = "Aggregate" }
    public var code: String
    public var name: String
    /// 1 for indicators; aggregates are 2 and up, the index itself the highest.
    public var level: Int
    /// +1: more is better; -1: less is better.
    public var direction: Double
    public var weight: Double
    public var unit: String
    public var target: Double?
    /// The column an indicator is divided by when denominating (e.g. "Population").
    public var denominator: String?
    public var parent: String?
    public var kind: Kind
    /// For goalpost normalisation: COINr's iMeta columns goalpost_lower, goalpost_upper,
    /// goalpost_scale and goalpost_trunc2posts.
    public var goalposts: Goalposts? = nil

    public struct Goalposts: Sendable, Hashable {
        public var lower: Double
        public var upper: Double
        public var scale: Double?
        public var truncate: Bool
    }
}

/// The structure of an index: its indicators, the aggregation tree above them, and which data
/// columns are unit groups and denominators.
public struct IndexStructure: Sendable {
    public let nodes: [IndexNode]
    public let groups: [String]
    public let denominators: [String]

    public var indicators: [IndexNode] { nodes.filter { $0.kind == .indicator } }
    public var levels: Int { nodes.map(\.level).max() ?? 0 }

    public func nodes(atLevel level: Int) -> [IndexNode] { nodes.filter { $0.level == level } }
    public func children(of code: String) -> [IndexNode] { nodes.filter { $0.parent == code } }
    public func node(_ code: String) -> IndexNode? { nodes.first { $0.code == code } }

    /// Checks the tree: unique codes, every parent an aggregate one level up, every aggregate fed.
    public init(nodes: [IndexNode], groups: [String], denominators: [String]) throws(IndexError) {
        var seen = Set<String>()
        for node in nodes {
            guard seen.insert(node.code).inserted else { throw .invalidMeta("the code \(node.code) appears twice") }
        }
        let byCode = Dictionary(uniqueKeysWithValues: nodes.map { ($0.code, $0) })
        let top = nodes.map(\.level).max() ?? 0
        for node in nodes {
            if node.direction != 1 && node.direction != -1 { throw .invalidMeta("\(node.code): Direction must be 1 or -1") }
            if node.weight < 0 || !node.weight.isFinite { throw .invalidMeta("\(node.code): Weight must be zero or more") }
            if node.level < top {
                guard let parentCode = node.parent, let parent = byCode[parentCode] else {
                    throw .invalidMeta("\(node.code): its parent \(node.parent ?? "(none)") is not in the metadata")
                }
                guard parent.level == node.level + 1, parent.kind == .aggregate else {
                    throw .invalidMeta("\(node.code): its parent \(parentCode) must be an aggregate at level \(node.level + 1)")
                }
            }
            if node.kind == .aggregate, !nodes.contains(where: { $0.parent == node.code }) {
                throw .invalidMeta("the aggregate \(node.code) has nothing under it")
            }
        }
        if nodes.allSatisfy({ $0.kind != .indicator }) { throw .invalidMeta("no indicator (Level 1, Type Indicator)") }
        self.nodes = nodes
        self.groups = groups
        self.denominators = denominators
    }
}

/// A table of numbers by unit: one column per indicator, aggregate or denominator. Missing values
/// are NaN (COINr's NA). Every pipeline step reads one and writes another.
public struct DataSet: Sendable, Equatable {
    public var unitCodes: [String]
    public var columns: [String: [Double]]

    public init(unitCodes: [String], columns: [String: [Double]]) {
        self.unitCodes = unitCodes
        self.columns = columns
    }

    public subscript(_ column: String) -> [Double]? { columns[column] }

    /// The rows of the given units, in that order.
    public func selecting(units: [Int]) -> DataSet {
        DataSet(unitCodes: units.map { unitCodes[$0] }, columns: columns.mapValues { column in units.map { column[$0] } })
    }
}

/// The unit data of an index: names, group memberships, denominators and raw indicator values.
public struct IndexInput: Sendable {
    public let structure: IndexStructure
    public let unitNames: [String]
    /// Group column → each unit's group (nil when missing).
    public let groups: [String: [String?]]
    /// Denominator columns (population, GDP, …), in the units' order.
    public let denominators: DataSet
    /// The indicators as given, units sorted by code as COINr's `new_coin` sorts them.
    public let raw: DataSet

    public var unitCodes: [String] { raw.unitCodes }

    /// Group label of a unit by code, for the steps that work on subsets of units.
    public func group(_ column: String, of unit: String) -> String? {
        guard let labels = groups[column], let index = position(of: unit) else { return nil }
        return labels[index]
    }

    /// Where a unit is in the raw data: a binary search, since units are sorted by code bytes.
    public func position(of unit: String) -> Int? {
        let codes = raw.unitCodes
        var low = 0, high = codes.count
        while low < high {
            let middle = (low + high) / 2
            if codes[middle].utf8.lexicographicallyPrecedes(unit.utf8) { low = middle + 1 } else { high = middle }
        }
        return low < codes.count && codes[low] == unit ? low : nil
    }
}

public enum IndexError: Error, Equatable, CustomStringConvertible, Sendable {
    case csv(file: String, CSVTable.ParseError)
    case invalidMeta(String)
    case invalidData(String)
    case invalidPipeline(String)
    case step(Int, String)

    public var description: String {
        switch self {
        case .csv(let file, let error): "\(file): \(error)"
        case .invalidMeta(let reason): "metadata: \(reason)"
        case .invalidData(let reason): "data: \(reason)"
        case .invalidPipeline(let reason): "pipeline: \(reason)"
        case .step(let index, let reason): "pipeline step \(index + 1): \(reason)"
        }
    }
}

extension IndexInput {
    /// Reads COINr-style CSV: data with `uCode`, `uName`, group, denominator and indicator
    /// columns; meta with `Level, iCode, iName, Direction, Weight, Unit, Target, Denominator,
    /// Parent, Type`. Errors name the file, line and column.
    public static func read(
        data dataText: String, meta metaText: String, dataFile: String = "data", metaFile: String = "meta"
    ) throws(IndexError) -> IndexInput {
        let structure = try IndexStructure.read(meta: metaText, file: metaFile)
        let data: CSVTable
        do { data = try CSVTable(parsing: dataText) } catch { throw .csv(file: dataFile, error) }
        let groups = structure.groups, denominators = structure.denominators

        let unitCode = try column(data, "uCode", dataFile)
        let unitName = data.column("uName")
        var seen = Set<String>()
        for (index, row) in data.rows.enumerated() {
            guard !row[unitCode].isEmpty, seen.insert(row[unitCode]).inserted else {
                throw .csv(
                    file: dataFile, .init(line: index + 2, column: unitCode + 1, reason: "uCode \"\(row[unitCode])\" is empty or repeated"))
            }
        }
        // COINr sorts units by code (R's order(), byte order for ASCII codes); every data set follows.
        let rows = data.rows.enumerated().sorted { $0.element[unitCode].utf8.lexicographicallyPrecedes($1.element[unitCode].utf8) }
        func numericColumns(_ codes: [String]) throws(IndexError) -> [String: [Double]] {
            var columns: [String: [Double]] = [:]
            for numeric in codes {
                let position = try column(data, numeric, dataFile)
                var values: [Double] = []
                for (index, row) in rows {
                    values.append(try number(row[position], line: index + 2, column: position, file: dataFile) ?? .nan)
                }
                columns[numeric] = values
            }
            return columns
        }
        let units = rows.map { $0.element[unitCode] }
        let denominatorColumns = try numericColumns(denominators)
        for node in structure.indicators {
            if let denominator = node.denominator, denominatorColumns[denominator] == nil {
                throw .invalidMeta("\(node.code): its denominator \(denominator) is not a Denominator column")
            }
        }
        var groupValues: [String: [String?]] = [:]
        for group in groups {
            let position = try column(data, group, dataFile)
            groupValues[group] = rows.map { $0.element[position].isEmpty || $0.element[position] == "NA" ? nil : $0.element[position] }
        }
        return IndexInput(
            structure: structure, unitNames: rows.map { row in unitName.map { row.element[$0] } ?? row.element[unitCode] },
            groups: groupValues, denominators: DataSet(unitCodes: units, columns: denominatorColumns),
            raw: DataSet(unitCodes: units, columns: try numericColumns(structure.indicators.map(\.code))))
    }
}

/// The column's position, or an error naming the file and the missing column.
private func column(_ table: CSVTable, _ name: String, _ file: String) throws(IndexError) -> Int {
    guard let index = table.column(name) else { throw .csv(file: file, .init(line: 1, column: 1, reason: "no column \(name)")) }
    return index
}

/// A cell as a number: nil for empty or NA, an error naming the cell for anything else.
private func number(_ text: String, line: Int, column: Int, file: String) throws(IndexError) -> Double? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty || trimmed == "NA" { return nil }
    guard let value = Double(trimmed), value.isFinite else {
        throw .csv(file: file, .init(line: line, column: column + 1, reason: "\"\(text)\" is not a number"))
    }
    return value
}

extension IndexStructure {
    /// Reads COINr-style metadata (`Level, iCode, iName, Direction, Weight, Unit, Target,
    /// Denominator, Parent, Type`) and checks the tree; errors name the file, line and column.
    public static func read(meta metaText: String, file metaFile: String = "meta") throws(IndexError) -> IndexStructure {
        let meta: CSVTable
        do { meta = try CSVTable(parsing: metaText) } catch { throw .csv(file: metaFile, error) }
        let type = try column(meta, "Type", metaFile), code = try column(meta, "iCode", metaFile)
        let level = try column(meta, "Level", metaFile), name = try column(meta, "iName", metaFile)
        let direction = try column(meta, "Direction", metaFile), weight = try column(meta, "Weight", metaFile)
        let parent = try column(meta, "Parent", metaFile)
        let unit = meta.column("Unit"), target = meta.column("Target"), denominator = meta.column("Denominator")
        let lowerPost = meta.column("goalpost_lower"), upperPost = meta.column("goalpost_upper")
        let postScale = meta.column("goalpost_scale"), truncate = meta.column("goalpost_trunc2posts")
        var nodes: [IndexNode] = [], groups: [String] = [], denominators: [String] = []
        for (index, row) in meta.rows.enumerated() {
            let line = index + 2
            let kindText = row[type]
            switch kindText {
            case "Indicator", "Aggregate":
                guard let levelValue = try number(row[level], line: line, column: level, file: metaFile), levelValue >= 1,
                    levelValue == levelValue.rounded()
                else {
                    throw .csv(file: metaFile, .init(line: line, column: level + 1, reason: "Level must be a whole number from 1"))
                }
                let kind: IndexNode.Kind = kindText == "Indicator" ? .indicator : .aggregate
                var goalposts: IndexNode.Goalposts?
                if let lowerPost, let upperPost, let lower = try number(row[lowerPost], line: line, column: lowerPost, file: metaFile),
                    let upper = try number(row[upperPost], line: line, column: upperPost, file: metaFile)
                {
                    goalposts = IndexNode.Goalposts(
                        lower: lower, upper: upper,
                        scale: try postScale.flatMap { index throws(IndexError) in
                            try number(row[index], line: line, column: index, file: metaFile)
                        },
                        truncate: truncate.map { !["FALSE", "false", "0"].contains(row[$0]) } ?? true)
                }
                if (kind == .indicator) != (levelValue == 1) {
                    throw .csv(
                        file: metaFile, .init(line: line, column: level + 1, reason: "indicators are Level 1 and aggregates above it"))
                }
                nodes.append(
                    IndexNode(
                        code: row[code], name: row[name], level: Int(levelValue),
                        direction: try number(row[direction], line: line, column: direction, file: metaFile) ?? 1,
                        weight: try number(row[weight], line: line, column: weight, file: metaFile) ?? 1,
                        unit: unit.map { row[$0] } ?? "",
                        target: try target.flatMap { index throws(IndexError) in
                            try number(row[index], line: line, column: index, file: metaFile)
                        },
                        denominator: denominator.flatMap { row[$0].isEmpty ? nil : row[$0] },
                        parent: row[parent].isEmpty ? nil : row[parent], kind: kind, goalposts: goalposts))
            case "Group": groups.append(row[code])
            case "Denominator": denominators.append(row[code])
            case "Other": break
            default:
                throw .csv(
                    file: metaFile,
                    .init(
                        line: line, column: type + 1,
                        reason: "Type must be Indicator, Aggregate, Group, Denominator or Other, not \"\(kindText)\""))
            }
        }
        return try IndexStructure(nodes: nodes, groups: groups, denominators: denominators)
    }
}
