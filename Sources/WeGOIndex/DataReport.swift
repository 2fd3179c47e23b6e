import Foundation
import WeGOCore

/// What the Secretariat sees before an edition's data is saved: every problem at once (not the
/// first only), with the line and column of each cell, the data availability per indicator and
/// per unit, and the indicators that fail COINr's skewness and kurtosis check.
public struct IndexDataReport: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    public struct Availability: Sendable, Equatable {
        public var code: String
        public var share: Double
    }

    public struct Outlier: Sendable, Equatable {
        public var indicator: String
        public var skewness: Double
        public var kurtosis: Double
    }

    /// Problems that stop publication: unreadable files, a bad tree, cells that are not numbers.
    public var errors: [Cell] = []
    /// Units of the data that the platform does not know (e.g. no city of that code).
    public var unknownUnits: [String] = []
    public var indicatorAvailability: [Availability] = []
    public var unitAvailability: [Availability] = []
    public var outliers: [Outlier] = []

    public var canPublish: Bool { errors.isEmpty }

    /// Checks data and metadata. `knownUnits`, when given, lists the unit codes the platform
    /// knows; others are reported, not refused (a new city is not an error).
    public static func check(
        data dataText: String, meta metaText: String, knownUnits: Set<String>? = nil,
        thresholds: (skew: Double, kurtosis: Double) = (2, 3.5)
    ) -> IndexDataReport {
        var report = IndexDataReport()
        let data: CSVTable
        do { _ = try CSVTable(parsing: metaText) } catch {
            report.errors.append(Cell(line: error.line, column: error.column, message: "metadata: \(error.reason)"))
            return report
        }
        do { data = try CSVTable(parsing: dataText) } catch {
            report.errors.append(Cell(line: error.line, column: error.column, message: "data: \(error.reason)"))
            return report
        }
        // The tree and the columns: the strict reader says what is wrong with the structure.
        // Cells are checked here one by one so that every bad cell is listed.
        var cleaned = data
        var cellErrors: [Cell] = []
        let structureProblem: IndexError?
        do {
            let indicatorCodes = Set(try IndexInput.read(data: headerOnly(data), meta: metaText).structure.indicators.map(\.code))
            structureProblem = nil
            let numericColumns = data.header.enumerated().filter { indicatorCodes.contains($0.element) }
            var rows = data.rows
            for (rowIndex, row) in data.rows.enumerated() {
                for (column, name) in numericColumns {
                    let text = row[column].trimmingCharacters(in: .whitespaces)
                    if text.isEmpty || text == "NA" { continue }
                    if Double(text)?.isFinite != true {
                        cellErrors.append(
                            Cell(line: rowIndex + 2, column: column + 1, message: "\(name): \"\(row[column])\" is not a number"))
                        rows[rowIndex][column] = "NA"
                    }
                }
            }
            cleaned = CSVTable(header: data.header, rows: rows)
        } catch {
            structureProblem = error
        }
        if let structureProblem {
            report.errors.append(Cell(line: 0, column: 0, message: structureProblem.description))
            return report
        }
        report.errors = cellErrors
        let input: IndexInput
        do { input = try IndexInput.read(data: cleaned.text, meta: metaText) } catch {
            report.errors.append(Cell(line: 0, column: 0, message: error.description))
            return report
        }
        if let knownUnits { report.unknownUnits = input.unitCodes.filter { !knownUnits.contains($0) } }
        let indicators = input.structure.indicators.map(\.code)
        report.indicatorAvailability = indicators.map { code in
            let column = input.raw[code] ?? []
            return Availability(code: code, share: column.isEmpty ? 0 : Double(column.filter { !$0.isNaN }.count) / Double(column.count))
        }
        report.unitAvailability = input.unitCodes.enumerated().map { index, unit in
            let present = indicators.filter { !(input.raw[$0]?[index].isNaN ?? true) }.count
            return Availability(code: unit, share: Double(present) / Double(max(1, indicators.count)))
        }
        let limits = Treatment.Thresholds(winmax: 0, skew: thresholds.skew, kurtosis: thresholds.kurtosis)
        report.outliers = indicators.compactMap { code in
            guard let column = input.raw[code], Treatment.passes(column, limits) == false else { return nil }
            return Outlier(indicator: code, skewness: Statistics.skewness(column), kurtosis: Statistics.kurtosis(column))
        }
        return report
    }

    /// The data's header with no rows, so the structure can be checked before the cells.
    static func headerOnly(_ table: CSVTable) -> String {
        table.header.map(CSVTable.field).joined(separator: ",") + "\n"
    }
}

extension CSVTable {
    /// The table written back as CSV.
    var text: String {
        ([header] + rows).map { $0.map(CSVTable.field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}
