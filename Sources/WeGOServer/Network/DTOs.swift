import Foundation
import WeGOCore

/// JSON shapes of the public API. Fluent models never leave persistence; these are what the
/// OpenAPI document describes, and a test checks the two agree.
struct MemberDTO: Codable, Sendable {
    var slug: String
    var name: String
    var nameLocal: String?
    var abbreviation: String?
    var category: String
    var subtype: String?
    var region: String?
    var country: String?
    var founding: Bool
    var latitude: Double?
    var longitude: Double?
    var population: Int?
    var metroPopulation: Int?
    var url: String

    init(_ m: MemberSummary) {
        slug = m.slug; name = m.name; nameLocal = m.nameLocal; abbreviation = m.abbreviation; category = m.category.rawValue
        subtype = m.subtype?.rawValue; region = m.region?.rawValue; country = m.country; founding = m.founding
        latitude = m.latitude; longitude = m.longitude; population = m.population
        metroPopulation = m.metroPopulation
        url = SiteURL.network(.member(.value(m.slug))).path
    }
}

struct MemberDetailDTO: Codable, Sendable {
    var member: MemberDTO
    var roles: [RoleDTO]
    var networks: [NetworkDTO]
    var note: String?

    struct RoleDTO: Codable, Sendable { var role: String; var term: String }
    struct NetworkDTO: Codable, Sendable { var code: String; var name: String }
}

struct PageDTO<Item: Codable & Sendable>: Codable, Sendable {
    var items: [Item]
    var page: Int
    var per: Int
    var total: Int
    var totalPages: Int
}

struct RegionDTO: Codable, Sendable {
    var code: String
    var name: String
    var memberCount: Int
    var reportedLocalGovernments: Int?
}

struct CountryDTO: Codable, Sendable {
    var code: String
    var iso3: String
    var name: String
    var memberCount: Int
}

struct OfficeDTO: Codable, Sendable {
    var kind: String
    var name: String
    var city: String
    var region: String?
    var country: String?
    var address: String?
    var phone: String?
    var email: String?
    var member: String?

    init(_ office: OfficeSummary) {
        kind = office.kind; name = office.name; city = office.city; region = office.region; country = office.country
        address = office.address; phone = office.phone; email = office.email; member = office.host?.slug
    }
}
