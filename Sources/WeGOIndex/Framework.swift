import Foundation
import WeGOCore

/// The aggregation tree above the indicators (pillars, dimensions, the index) kept as data the
/// Secretariat edits, so that an edition's indicator list can be imported on its own and hung
/// under it. It is metadata in COINr's format holding Aggregate rows only.
public struct IndexFramework: Sendable, Equatable {
    public let csv: String
    /// The aggregates, level by level as written.
    public let aggregates: [IndexNode]

    /// The lowest aggregates (the pillars), which indicators name as their parent.
    public var pillars: [IndexNode] {
        let lowest = aggregates.map(\.level).min() ?? 2
        return aggregates.filter { $0.level == lowest }
    }

    /// Reads and checks the tree: Aggregate rows only, starting at Level 2, each fed from below.
    /// A probe indicator is hung under every pillar so the ordinary tree check applies as it is.
    public init(csv text: String, file: String = "framework") throws(IndexError) {
        let table: CSVTable
        do { table = try CSVTable(parsing: text) } catch { throw .csv(file: file, error) }
        let type = table.column("Type"), level = table.column("Level")
        guard let type, let level, let code = table.column("iCode"), let parent = table.column("Parent") else {
            throw .csv(
                file: file, .init(line: 1, column: 1, reason: "expected the columns Level, iCode, iName, Direction, Weight, Parent, Type"))
        }
        guard !table.rows.isEmpty else { throw .invalidMeta("\(file): no aggregate") }
        var probes: [[String]] = []
        let levels = table.rows.compactMap { Int($0[level]) }
        let lowest = levels.min() ?? 2
        for (index, row) in table.rows.enumerated() {
            guard row[type] == "Aggregate" else {
                throw .csv(
                    file: file,
                    .init(line: index + 2, column: type + 1, reason: "a framework holds Aggregate rows only, not \"\(row[type])\""))
            }
            guard let value = Int(row[level]), value >= 2 else {
                throw .csv(file: file, .init(line: index + 2, column: level + 1, reason: "aggregates are Level 2 and up"))
            }
            if value == lowest {
                var probe = Array(repeating: "", count: table.header.count)
                probe[type] = "Indicator"; probe[level] = "1"; probe[code] = "probe:\(row[code])"; probe[parent] = row[code]
                probes.append(probe)
            }
        }
        let checked = try IndexStructure.read(meta: CSVTable(header: table.header, rows: table.rows + probes).text, file: file)
        csv = text
        aggregates = checked.nodes.filter { $0.kind == .aggregate }
    }

    /// Completes an edition's metadata. Metadata that already holds aggregates is a whole tree
    /// and is returned as it is; indicator-only metadata gets this framework's rows appended,
    /// matched by column name, so the columns of either file may come in any order.
    public func completing(meta text: String, file: String = "meta") throws(IndexError) -> String {
        let meta: CSVTable, own: CSVTable
        do { meta = try CSVTable(parsing: text) } catch { throw .csv(file: file, error) }
        do { own = try CSVTable(parsing: csv) } catch { throw .csv(file: "framework", error) }
        if let type = meta.column("Type"), meta.rows.contains(where: { $0[type] == "Aggregate" }) { return text }
        var header = meta.header
        for name in own.header where !header.contains(name) { header.append(name) }
        let widened = meta.rows.map { $0 + Array(repeating: "", count: header.count - meta.header.count) }
        let appended = own.rows.map { row in
            header.map { name in own.column(name).map { row[$0] } ?? "" }
        }
        return CSVTable(header: header, rows: widened + appended).text
    }
}
