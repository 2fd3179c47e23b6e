import Fluent
import SQLKit
import WeGOCore

/// Hands out invoice and credit-note numbers without gaps or duplicates.
///
/// The counter row is incremented inside the caller's transaction: PostgreSQL holds the row lock
/// until that transaction ends, so concurrent issuers queue; SQLite has one writer at a time.
/// A transaction that fails after taking a number rolls the counter back with it, so the number
/// is given to the next document instead of being lost.
enum DocumentNumbering {
    static func next(_ series: DocumentNumber.Series, year: Int, on db: any Database) async throws -> DocumentNumber {
        let sql = db.sql
        try await sql.raw(
            """
            INSERT INTO document_counters (series, year, last_value) VALUES (\(bind: series.rawValue), \(bind: year), 0)
            ON CONFLICT (series, year) DO NOTHING
            """
        ).run()
        guard
            let row = try await sql.raw(
                """
                UPDATE document_counters SET last_value = last_value + 1
                WHERE series = \(bind: series.rawValue) AND year = \(bind: year) RETURNING last_value
                """
            ).first()
        else {
            throw DocumentNumberingError.counterMissing(series: series.rawValue, year: year)
        }
        return DocumentNumber(series: series, year: year, sequence: Int(try row.decode(column: "last_value", as: Int64.self)))
    }
}

enum DocumentNumberingError: Error, CustomStringConvertible {
    case counterMissing(series: String, year: Int)
    var description: String {
        switch self {
        case .counterMissing(let series, let year): "no document counter for \(series) \(year)"
        }
    }
}
