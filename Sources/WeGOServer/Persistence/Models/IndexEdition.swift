import Fluent
import Foundation

/// The pillars and dimensions above an edition's indicators, as the Secretariat edits them.
final class IndexFrameworkRecord: Model, @unchecked Sendable {
    static let schema = "index_frameworks"
    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String
    @Field(key: "aggregates_csv") var aggregatesCSV: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
}

final class IndexEdition: Model, @unchecked Sendable {
    static let schema = "index_editions"

    enum Kind: String, Codable, Sendable { case computed, published }
    enum Status: String, Codable, Sendable, CaseIterable { case draft, published }

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "title") var title: String
    @Field(key: "year") var year: Int
    @Enum(key: "kind") var kind: Kind
    @Enum(key: "status") var status: Status
    @OptionalField(key: "data_csv") var dataCSV: String?
    /// The whole tree: the imported indicators with the framework's rows as they were at import,
    /// so a later edit of the framework does not change a published edition.
    @OptionalField(key: "meta_csv") var metaCSV: String?
    @OptionalField(key: "pipeline_json") var pipelineJSON: String?
    @OptionalField(key: "assumptions_json") var assumptionsJSON: String?
    /// A group column of the data that serves as the region filter (the COINr example's
    /// EurAsia_group); without it, regions come from the units' countries.
    @OptionalField(key: "region_group") var regionGroup: String?
    @OptionalField(key: "published_ranks_csv") var publishedRanksCSV: String?
    /// How many units the edition ranked, when more than the data here shows (CFRI 2025: 102).
    @OptionalField(key: "ranked_count") var rankedCount: Int?
    @OptionalField(key: "source") var source: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @OptionalField(key: "published_at") var publishedAt: Date?
    init() {}
}
