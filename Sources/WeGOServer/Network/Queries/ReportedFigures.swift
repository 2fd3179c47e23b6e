import Fluent
import SQLKit
import WeGOCore

/// The organisation's own published figures, newest publication first.
struct ReportedFigures: Sendable {
    struct Figure: Decodable, Sendable {
        var scope: String
        var key: String
        var value: Int
        var asOf: String
        enum CodingKeys: String, CodingKey { case scope, key, value, asOf = "as_of" }
    }

    let asOf: String
    let figures: [Figure]

    func value(scope: String, key: String) -> Int? {
        figures.first { $0.scope == scope && $0.key == key }?.value
    }

    var total: Int? { value(scope: "total", key: "all") }

    /// The figures of the latest publication (e.g. December 2025, not the 2021 report), in one
    /// small read: the table holds a few rows per publication.
    static func latest(on db: any Database) async throws -> ReportedFigures? {
        let all = try await db.sql.select()
            .columns("scope", "key", "value", "as_of").from(ReportedFigure.schema)
            .all(decoding: Figure.self)
        guard let newest = all.map(\.asOf).max() else { return nil }
        return ReportedFigures(asOf: newest, figures: all.filter { $0.asOf == newest })
    }
}
