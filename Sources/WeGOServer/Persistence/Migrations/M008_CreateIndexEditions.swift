import Fluent

/// The Cities Future Readiness Index: the editable framework (pillars and dimensions) and the
/// editions. An edition keeps its inputs (data, metadata, pipeline, assumptions) as the
/// Secretariat imported them; results are computed from them when read, so the published
/// figures are always the engine's figures for exactly those inputs.
struct M008_CreateIndexEditions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("index_frameworks")
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("aggregates_csv", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "slug")
            .create()
        try await database.schema("index_editions")
            .id()
            .field("slug", .string, .required)
            .field("title", .string, .required)
            .field("year", .int64, .required)
            // "computed" (from data) or "published" (known only by the ranks it published).
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("data_csv", .string)
            .field("meta_csv", .string)
            .field("pipeline_json", .string)
            .field("assumptions_json", .string)
            .field("region_group", .string)
            .field("published_ranks_csv", .string)
            .field("ranked_count", .int64)
            .field("source", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("published_at", .datetime)
            .unique(on: "slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("index_editions").delete()
        try await database.schema("index_frameworks").delete()
    }
}
