import Foundation

/// An error in a seed file, located precisely enough to fix it in a text editor:
/// the file, the physical line of the record, the column number and the column's header name.
public struct SeedError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based physical line of the record (the header is line 1). 0 when the whole file is at fault.
    public let line: Int
    /// 1-based field index; for CSV syntax errors, the character position in the line.
    public let column: Int
    /// Header name of the column, when the error concerns one field.
    public let field: String?
    public let reason: String

    public init(file: String, line: Int, column: Int, field: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.reason = reason
    }

    public var description: String {
        let place = field.map { "column \(column) (\($0))" } ?? "column \(column)"
        return "\(file), line \(line), \(place): \(reason)"
    }
}

/// A parsed CSV seed file whose rows know their physical line numbers, so validation errors can
/// point at the exact line even though `CSVTable` itself only keeps the rows.
struct SeedTable {
    let file: String
    let table: CSVTable
    let lines: [Int]
    let index: [String: Int]

    init(file: String, text: String, columns: [String]) throws(SeedError) {
        let parsed: CSVTable
        do {
            parsed = try CSVTable(parsing: text)
        } catch {
            throw SeedError(file: file, line: error.line, column: error.column, reason: error.reason)
        }
        self.file = file
        self.table = parsed
        var index: [String: Int] = [:]
        for (i, name) in parsed.header.enumerated() {
            if index[name] != nil {
                throw SeedError(file: file, line: 1, column: i + 1, field: name, reason: "duplicate column")
            }
            index[name] = i
        }
        for name in columns where index[name] == nil {
            throw SeedError(
                file: file, line: 1, column: parsed.header.count + 1, field: name,
                reason: "missing column; expected header \(columns.joined(separator: ","))")
        }
        self.index = index
        let starts = SeedTable.recordStartLines(text)
        // The scan agrees with CSVTable except for exotic input; never report a wrong line then.
        self.lines = starts.count == parsed.rows.count ? starts : parsed.rows.indices.map { $0 + 2 }
    }

    var rows: [SeedRow] {
        table.rows.enumerated().map { SeedRow(table: self, line: lines[$0.offset], values: $0.element) }
    }

    /// Physical line on which each data record starts, skipping blank lines as CSVTable does.
    static func recordStartLines(_ text: String) -> [Int] {
        var starts: [Int] = []
        var line = 1, recordStart = 1
        var inQuotes = false, isHeader = true, blank = true
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"":
                inQuotes.toggle()
            case "\n" where inQuotes:
                line += 1
                blank = false
            case "\n":
                if isHeader { isHeader = false } else if !blank { starts.append(recordStart) }
                line += 1
                recordStart = line
                blank = true
            case "\r" where !inQuotes, "\u{FEFF}":
                continue
            default:
                blank = false
            }
        }
        if !isHeader, !blank { starts.append(recordStart) }
        return starts
    }
}

/// One record of a seed file with typed, validating accessors. Every failure names the column.
struct SeedRow {
    let table: SeedTable
    let line: Int
    let values: [String]

    func error(_ column: String, _ reason: String) -> SeedError {
        let i = table.index[column] ?? -1
        return SeedError(file: table.file, line: line, column: i + 1, field: column, reason: reason)
    }

    /// The raw value; surrounding spaces are an error because they silently break keys.
    func text(_ column: String) throws(SeedError) -> String {
        guard let i = table.index[column] else { throw error(column, "no such column") }
        let value = values[i]
        if value != value.trimmingCharacters(in: .whitespacesAndNewlines) {
            throw error(column, "leading or trailing whitespace in '\(value)'")
        }
        return value
    }

    func optional(_ column: String) throws(SeedError) -> String? {
        let value = try text(column)
        return value.isEmpty ? nil : value
    }

    func required(_ column: String) throws(SeedError) -> String {
        guard let value = try optional(column) else { throw error(column, "value is required") }
        return value
    }

    func enumeration<T: RawRepresentable>(_ column: String, _ type: T.Type) throws(SeedError) -> T
    where T.RawValue == String, T: CaseIterable {
        let raw = try required(column)
        guard let value = T(rawValue: raw) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(column, "unknown value '\(raw)'; expected one of \(allowed)")
        }
        return value
    }

    func optionalEnumeration<T: RawRepresentable>(_ column: String, _ type: T.Type) throws(SeedError) -> T?
    where T.RawValue == String, T: CaseIterable {
        guard try optional(column) != nil else { return nil }
        return try enumeration(column, type)
    }

    func bool(_ column: String) throws(SeedError) -> Bool {
        switch try required(column) {
        case "true": return true
        case "false": return false
        case let other: throw error(column, "expected true or false, found '\(other)'")
        }
    }

    func int(_ column: String) throws(SeedError) -> Int {
        let raw = try required(column)
        guard let value = Int(raw) else { throw error(column, "expected an integer, found '\(raw)'") }
        return value
    }

    func optionalInt(_ column: String) throws(SeedError) -> Int? {
        guard try optional(column) != nil else { return nil }
        return try int(column)
    }

    func double(_ column: String, in range: ClosedRange<Double>) throws(SeedError) -> Double {
        let raw = try required(column)
        guard let value = Double(raw), value.isFinite, range.contains(value) else {
            throw error(column, "expected a number in \(range.lowerBound)...\(range.upperBound), found '\(raw)'")
        }
        return value
    }

    /// Upper-case letters only, of the given length: ISO 3166 alpha-2 / alpha-3 codes.
    /// Note that "NA" (Namibia) is a code like any other here, never a missing value.
    func code(_ column: String, length: Int) throws(SeedError) -> String {
        let raw = try required(column)
        guard SeedRow.isCode(raw, length: length) else {
            throw error(column, "expected a \(length)-letter upper-case code, found '\(raw)'")
        }
        return raw
    }

    func optionalCode(_ column: String, length: Int) throws(SeedError) -> String? {
        guard try optional(column) != nil else { return nil }
        return try code(column, length: length)
    }

    func slug(_ column: String) throws(SeedError) -> String {
        let raw = try required(column)
        guard SeedRow.isSlug(raw) else {
            throw error(column, "'\(raw)' is not a slug (lower-case ASCII letters and digits joined by single hyphens)")
        }
        return raw
    }

    func optionalSlug(_ column: String) throws(SeedError) -> String? {
        guard try optional(column) != nil else { return nil }
        return try slug(column)
    }

    static func isCode(_ text: String, length: Int) -> Bool {
        text.unicodeScalars.count == length && text.unicodeScalars.allSatisfy { $0.value >= 65 && $0.value <= 90 }
    }

    static func isSlug(_ text: String) -> Bool {
        guard !text.isEmpty, !text.hasPrefix("-"), !text.hasSuffix("-"), !text.contains("--") else { return false }
        return text.unicodeScalars.allSatisfy {
            ($0.value >= 97 && $0.value <= 122) || ($0.value >= 48 && $0.value <= 57) || $0 == "-"
        }
    }
}
