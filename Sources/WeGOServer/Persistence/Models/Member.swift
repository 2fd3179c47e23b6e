import Fluent
import Foundation
import WeGOCore

/// A member of the network. Enums are stored as strings so both databases share one schema.
final class Member: Model, @unchecked Sendable {
    static let schema = "members"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String
    @OptionalField(key: "name_local") var nameLocal: String?
    /// The short name the organization goes by (KISA), as the seed documents give it.
    @OptionalField(key: "abbreviation") var abbreviation: String?
    @Enum(key: "category") var category: MemberCategory
    @OptionalEnum(key: "subtype") var subtype: MemberSubtype?
    @OptionalEnum(key: "region") var region: Region?
    @OptionalField(key: "country") var country: String?
    @Field(key: "founding") var founding: Bool
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    /// The official population: from the seed documents or typed by the Secretariat; nil when unknown.
    @OptionalField(key: "population") var population: Int?
    /// Natural Earth's `pop_max` of the matched place: a metropolitan estimate, labelled as such.
    @OptionalField(key: "metro_population") var metroPopulation: Int?
    @OptionalField(key: "geonameid") var geonameID: Int?
    @OptionalField(key: "note") var note: String?
    /// Head count of a corporation or institution, from its application; its fee depends on it.
    @OptionalField(key: "employees") var employees: Int?
    /// Where dues notices go: the applicant's contact, changed by the secretariat.
    @OptionalField(key: "contact_email") var contactEmail: String?
    /// Folded name (and local name) for accent- and case-insensitive search with a plain LIKE,
    /// which both SQLite and PostgreSQL run the same way.
    @Field(key: "search_text") var searchText: String
    /// The folded name alone, indexed: index editions link their cities to members by it.
    @OptionalField(key: "name_key") var nameKey: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// Call after changing the name or local name: it refreshes what search and linking read.
    func refreshSearchText() {
        searchText = Member.searchText(name: name, nameLocal: nameLocal, abbreviation: abbreviation)
        nameKey = TextFolding.fold(name)
    }

    static func searchText(name: String, nameLocal: String?, abbreviation: String? = nil) -> String {
        [name, nameLocal, abbreviation].compactMap { $0 }.map(TextFolding.fold).joined(separator: " | ")
    }
}

final class GovernanceAssignment: Model, @unchecked Sendable {
    static let schema = "governance_roles"
    @ID(key: .id) var id: UUID?
    @Parent(key: "member_id") var member: Member
    @Enum(key: "role") var role: GovernanceRole
    @Field(key: "term") var term: String
    init() {}
    init(memberID: UUID, role: GovernanceRole, term: String) {
        self.$member.id = memberID; self.role = role; self.term = term
    }
}

final class Office: Model, @unchecked Sendable {
    static let schema = "offices"
    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @Field(key: "city") var city: String
    @OptionalField(key: "region") var region: String?
    @OptionalField(key: "country") var country: String?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "fax") var fax: String?
    @OptionalField(key: "email") var email: String?
    @OptionalParent(key: "member_id") var member: Member?
    @Field(key: "position") var position: Int
    init() {}
}

extension Office {
    /// The Secretariat first, then the regional offices, each with its host member.
    static func all(on db: any Database) async throws -> [Office] {
        try await Office.query(on: db).with(\.$member).sort(\.$position).all()
    }
}

final class RegionalNetwork: Model, @unchecked Sendable {
    static let schema = "regional_networks"
    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @OptionalField(key: "region") var region: String?
    @OptionalField(key: "description") var description: String?
    init() {}
}

final class Partner: Model, @unchecked Sendable {
    static let schema = "partners"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @OptionalField(key: "full_name") var fullName: String?
    @OptionalField(key: "note") var note: String?
    init() {}
}

final class FoundingMember: Model, @unchecked Sendable {
    static let schema = "founding_members"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @OptionalField(key: "country") var country: String?
    @OptionalParent(key: "member_id") var member: Member?
    init() {}
}

/// Figures as the organisation published them (e.g. "201 members as of December 2025"), kept
/// apart from counts of rows so the interface can say how many the directory names out of them.
final class ReportedFigure: Model, @unchecked Sendable {
    static let schema = "reported_figures"
    @ID(key: .id) var id: UUID?
    @Field(key: "scope") var scope: String
    @Field(key: "key") var key: String
    @Field(key: "value") var value: Int
    @Field(key: "as_of") var asOf: String
    @Field(key: "source") var source: String
    init() {}
}
