import Fluent
import Foundation
import SQLKit
import WeGOCore

/// A member's population is its official figure (from the seed documents, or typed by the
/// Secretariat); Natural Earth's `pop_max`, a metropolitan estimate, moves to a column of its
/// own that pages label as such (issue 12: Almaty showed 1,209,000 where the annual report says
/// 1.9 million, and provinces showed their capital city's figure). A figure equal to the matched
/// place's `pop_max` came from Natural Earth; for a province or district it was never the
/// member's and is dropped. The seeder then fills in the official figures the seeds state.
struct M014_MemberMetroPopulation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("members").field("metro_population", .int).update()
        let places = try Seeder.loadCatalog().places
        let popMax = Dictionary(
            places.compactMap { place in place.geonameID.map { ($0, place.populationMax) } }, uniquingKeysWith: { a, _ in a })
        let rows = try await database.sql.select().columns("id", "population", "geonameid", "subtype").from("members")
            .where(SQLColumn("geonameid"), .isNot, SQLLiteral.null).where(SQLColumn("population"), .isNot, SQLLiteral.null).all()
        for row in rows {
            guard let geonameID = try row.decode(column: "geonameid", as: Int?.self),
                let population = try row.decode(column: "population", as: Int?.self),
                popMax[geonameID] == population
            else { continue }
            let subtype = try row.decode(column: "subtype", as: String?.self).flatMap(MemberSubtype.init(rawValue:))
            let isArea = subtype == .province || subtype == .district
            try await database.sql.update("members")
                .set("metro_population", to: isArea ? nil : population).set("population", to: SQLLiteral.null)
                .where("id", .equal, try row.decode(column: "id", as: UUID.self)).run()
        }
    }

    /// Puts Natural Earth's figures back where the official ones are missing.
    func revert(on database: any Database) async throws {
        try await database.sql.update("members").set("population", to: SQLColumn("metro_population"))
            .where(SQLColumn("population"), .is, SQLLiteral.null).run()
        try await database.sql.raw("ALTER TABLE members DROP COLUMN metro_population").run()
    }
}
