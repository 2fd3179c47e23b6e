import Fluent
import WeGOCore

/// The organisation's own published figures, newest publication first.
struct ReportedFigures: Sendable {
    let asOf: String
    let figures: [ReportedFigure]

    func value(scope: String, key: String) -> Int? {
        figures.first { $0.scope == scope && $0.key == key }?.value
    }

    var total: Int? { value(scope: "total", key: "all") }

    /// The figures of the latest publication (e.g. December 2025, not the 2021 report).
    static func latest(on db: any Database) async throws -> ReportedFigures? {
        guard let newest = try await ReportedFigure.query(on: db).sort(\.$asOf, .descending).first() else { return nil }
        let figures = try await ReportedFigure.query(on: db).filter(\.$asOf == newest.asOf).all()
        return ReportedFigures(asOf: newest.asOf, figures: figures)
    }
}
