import Foundation
import WeGOCore

/// An edition known only by the ranks it published (the CFRI 2025 edition named its top cities
/// but no scores): rank, city and country, read from CSV with every problem named.
public struct PublishedRanking: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var rank: Int
        public var city: String
        /// ISO 3166 alpha-2.
        public var country: String
    }

    public var entries: [Entry]

    public init(csv text: String) throws(CSVTable.ParseError) {
        let table = try CSVTable(parsing: text)
        guard let rank = table.column("rank"), let city = table.column("city"), let country = table.column("country") else {
            throw CSVTable.ParseError(line: 1, column: 1, reason: "expected columns rank, city, country")
        }
        var entries: [Entry] = []
        for (index, row) in table.rows.enumerated() {
            let line = index + 2
            guard let value = Int(row[rank]), value >= 1 else {
                throw CSVTable.ParseError(line: line, column: rank + 1, reason: "rank \"\(row[rank])\" is not a whole number from 1")
            }
            if let last = entries.last, value < last.rank {
                throw CSVTable.ParseError(line: line, column: rank + 1, reason: "ranks must ascend (\(value) after \(last.rank))")
            }
            let name = row[city].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw CSVTable.ParseError(line: line, column: city + 1, reason: "the city is empty") }
            let code = row[country].uppercased()
            guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw CSVTable.ParseError(
                    line: line, column: country + 1, reason: "country \"\(row[country])\" is not an ISO 3166 alpha-2 code")
            }
            entries.append(Entry(rank: value, city: name, country: code))
        }
        self.entries = entries
    }

    /// Ranks with no published city (the gaps an honest table must show as unknown).
    public var missingRanks: [Int] {
        guard let top = entries.map(\.rank).max() else { return [] }
        let known = Set(entries.map(\.rank))
        return (1 ... top).filter { !known.contains($0) }
    }
}
