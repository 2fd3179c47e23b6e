import Fluent
import Foundation

/// The index's shipped content: the POSITIVE framework, the CFRI 2025 edition as it was
/// published (ranks only), and COINr's example as a demonstration edition. Found by slug, so
/// the Secretariat's later edits are never overwritten.
enum IndexSeed {
    static let cfri2025 = "cfri-2025"
    static let demonstration = "coinr-example"

    /// (table, inserted) for every row considered, for the seed report.
    static func seed(on db: any Database) async throws -> [(String, Bool)] {
        var done: [(String, Bool)] = []
        if try await IndexFrameworks.record(on: db) == nil {
            let framework = IndexFrameworkRecord()
            framework.slug = IndexFrameworks.positiveSlug
            framework.name = "POSITIVE"
            framework.aggregatesCSV = try Resources.text("Index/positive-framework.csv")
            try await framework.create(on: db)
            done.append(("index_frameworks", true))
        } else {
            done.append(("index_frameworks", false))
        }
        let existing = Set(try await IndexEdition.query(on: db).all().map(\.slug))
        for edition in try editions() {
            if existing.contains(edition.slug) { done.append(("index_editions", false)); continue }
            try await edition.create(on: db)
            done.append(("index_editions", true))
        }
        return done
    }

    static func editions() throws -> [IndexEdition] {
        let published = IndexEdition()
        published.slug = cfri2025
        published.title = "Cities Future Readiness Index 2025"
        published.year = 2025
        published.kind = .published
        published.status = .published
        published.publishedRanksCSV = try Resources.text("Index/cfri-2025.csv")
        published.rankedCount = 102
        published.source =
            """
            Public press material of the launch (Geneva, 18 November 2025) by WeGO, the Descartes Institute and the UNECE–UNIGE Centre \
            of Excellence for Smart Sustainable Cities. No scores were published.
            """
        published.publishedAt = date("2025-11-18")

        let demo = IndexEdition()
        demo.slug = demonstration
        demo.title = "COINr example index (demonstration)"
        demo.year = 2022
        demo.kind = .computed
        demo.status = .published
        demo.dataCSV = try Resources.text("Index/coinr-example/ASEM_iData.csv")
        demo.metaCSV = try Resources.text("Index/coinr-example/ASEM_iMeta.csv")
        demo.pipelineJSON = try Resources.text("Index/coinr-example/pipeline.json")
        demo.assumptionsJSON = try Resources.text("Index/coinr-example/assumptions.json")
        demo.regionGroup = "EurAsia_group"
        demo.source = "COINr v1.1.14 example data (ASEM countries), by the European Commission's Joint Research Centre, MIT licence."
        return [published, demo]
    }

    private static func date(_ iso: String) -> Date? {
        ISO8601DateFormatter().date(from: iso + "T00:00:00Z")
    }
}
