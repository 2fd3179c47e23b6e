/// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. Errors name the line and column.
public struct CSVTable: Sendable, Equatable {
    public let header: [String]
    public let rows: [[String]]

    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        public let line: Int
        public let column: Int
        public let reason: String
        public var description: String { "line \(line), column \(column): \(reason)" }

        public init(line: Int, column: Int, reason: String) {
            self.line = line
            self.column = column
            self.reason = reason
        }
    }

    /// A table from its parts (a report or an export that writes CSV).
    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    public init(parsing text: String) throws(ParseError) {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1, column = 0
        var quoteLine = 0, quoteColumn = 0
        var chars = Substring(text).unicodeScalars[...]
        // Strip a UTF-8 byte-order mark, which spreadsheet programs like to add.
        if chars.first == "\u{FEFF}" { chars = chars.dropFirst() }
        var iterator = chars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            column += 1
            if inQuotes {
                if c == "\"" {
                    let after = next()
                    if after == "\"" { field.unicodeScalars.append("\""); column += 1 } else { inQuotes = false; pending = after }
                } else {
                    if c == "\n" { line += 1; column = 0 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !fieldWasQuoted else {
                    throw ParseError(line: line, column: column, reason: "quote inside an unquoted field")
                }
                inQuotes = true; fieldWasQuoted = true
                quoteLine = line; quoteColumn = column
            case ",":
                record.append(field); field = ""; fieldWasQuoted = false
            case "\r":
                break
            case "\n":
                record.append(field); field = ""; fieldWasQuoted = false
                records.append(record); record = []
                line += 1; column = 0
            default:
                if fieldWasQuoted {
                    throw ParseError(line: line, column: column, reason: "text after a closing quote")
                }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes {
            throw ParseError(line: quoteLine, column: quoteColumn, reason: "quoted field is never closed")
        }
        if !field.isEmpty || fieldWasQuoted || !record.isEmpty {
            record.append(field); records.append(record)
        }
        // Blank lines carry nothing; keep line numbers honest by checking widths before dropping.
        guard let first = records.first else {
            throw ParseError(line: 1, column: 1, reason: "no header row")
        }
        header = first
        var body: [[String]] = []
        for (index, r) in records.dropFirst().enumerated() {
            if r == [""] { continue }
            guard r.count == first.count else {
                throw ParseError(
                    line: index + 2, column: 1,
                    reason: "expected \(first.count) fields, found \(r.count)")
            }
            body.append(r)
        }
        rows = body
    }

    /// Rows as dictionaries keyed by header name.
    public var records: [[String: String]] {
        rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// One field for writing: quoted when it holds a comma, quote or line break. A field that a
    /// spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe, since
    /// names come from public application forms.
    public static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@".unicodeScalars.contains(first), Double(text) == nil {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
