import Fluent
import SQLKit
import Vapor
import WeGOCore

/// Generates clearly labelled synthetic members for benchmarks: a directory of 100,000 must
/// page as fast as one of 200. Deterministic, so two benchmark runs measure the same data.
enum SyntheticMembers {
    static let slugPrefix = "synthetic-"

    static func insert(count: Int, countries: [String], on db: any Database, progress: (Int) -> Void) async throws {
        let existing = try await Member.query(on: db).filter(\.$slug >= slugPrefix).filter(\.$slug < "synthetic.").count()
        guard existing < count else { progress(count); return }
        var generator = SplitMix64(seed: 2026)
        let categories = MemberCategory.allCases
        let regions = Region.allCases
        let batch = 500
        var index = existing
        while index < count {
            let end = min(count, index + batch)
            let now = Date()
            var rows: [[any SQLExpression]] = []
            for i in index ..< end {
                let number = String(format: "%06d", i + 1)
                let name = "Synthetic Member " + number
                rows.append([
                    SQLBind(UUID()), SQLBind(slugPrefix + number), SQLBind(name),
                    SQLBind(categories[Int(generator.next() % UInt64(categories.count))].rawValue),
                    SQLBind(regions[Int(generator.next() % UInt64(regions.count))].rawValue),
                    SQLBind(countries[Int(generator.next() % UInt64(countries.count))]),
                    SQLBind(false), SQLBind("synthetic benchmark data, not a WeGO member"),
                    SQLBind(Member.searchText(name: name, nameLocal: nil)), SQLBind(TextFolding.fold(name)),
                    SQLBind(now), SQLBind(now),
                ])
            }
            let batchRows = rows
            try await db.transaction { tx in
                try await tx.sql.insert(into: "members")
                    .columns(
                        "id", "slug", "name", "category", "region", "country", "founding", "note", "search_text", "name_key", "created_at",
                        "updated_at"
                    )
                    .rows(batchRows)
                    .run()
            }
            index = end
            progress(index)
        }
    }
}

/// A small seeded generator (Steele et al., SplitMix64) for reproducible synthetic data.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
