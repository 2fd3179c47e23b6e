import Fluent
import Foundation
import WeGOCore

/// An office as the pages and the API show it, with the member that hosts it.
struct OfficeSummary: Sendable {
    var kind: String
    var name: String
    var city: String
    var region: String?
    var country: String?
    var address: String?
    var phone: String?
    var fax: String?
    var email: String?
    var host: MemberSummary?

    var isSecretariat: Bool { kind == "secretariat" }

    init(_ office: Office) {
        kind = office.kind; name = office.name; city = office.city; region = office.region; country = office.country
        address = office.address; phone = office.phone; fax = office.fax; email = office.email
        // The host is read only where the page shows it: the contact page does not.
        host = office.$member.value.flatMap { $0 }.map(MemberDirectory.summary)
    }

    /// The Secretariat first, then the regional offices.
    static func all(on db: any Database) async throws -> [OfficeSummary] {
        try await Office.all(on: db).map(OfficeSummary.init)
    }
}

struct HomePage: Sendable {
    var figures: ReportedFigures?
    var namedMembers: Int

    static func query(on db: any Database) async throws -> HomePage {
        HomePage(figures: try await ReportedFigures.latest(on: db), namedMembers: try await Member.query(on: db).count())
    }
}

struct GovernancePage: Sendable {
    struct Seat: Sendable {
        var role: GovernanceRole
        var term: String
        var member: MemberSummary
    }

    struct Founder: Sendable {
        var name: String
        var country: String?
        /// nil for a founder that is no longer a member.
        var memberSlug: String?
    }

    var seats: [Seat]
    var founders: [Founder]
    var reference: ReferenceData

    static func query(on db: any Database, reference: ReferenceData) async throws -> GovernancePage {
        let seats = try await GovernanceAssignment.query(on: db).with(\.$member).all()
            .map { Seat(role: $0.role, term: $0.term, member: MemberDirectory.summary($0.member)) }
        let founders = try await FoundingMember.query(on: db).with(\.$member).sort(\.$name).all()
            .map { Founder(name: $0.name, country: $0.country, memberSlug: $0.member?.slug) }
        return GovernancePage(seats: seats, founders: founders, reference: reference)
    }
}

struct OfficesPage: Sendable {
    struct NetworkEntry: Sendable {
        var code: String
        var name: String
        var description: String?
    }

    struct PartnerEntry: Sendable {
        var name: String
        var fullName: String?
    }

    var offices: [OfficeSummary]
    var networks: [NetworkEntry]
    var partners: [PartnerEntry]
    var reference: ReferenceData

    static func query(on db: any Database, reference: ReferenceData) async throws -> OfficesPage {
        let networks = try await RegionalNetwork.query(on: db).sort(\.$code).all()
            .map { NetworkEntry(code: $0.code, name: $0.name, description: $0.description) }
        let partners = try await Partner.query(on: db).sort(\.$name).all()
            .map { PartnerEntry(name: $0.name, fullName: $0.fullName) }
        return OfficesPage(offices: try await OfficeSummary.all(on: db), networks: networks, partners: partners, reference: reference)
    }
}

struct ContactPage: Sendable {
    var secretariat: OfficeSummary?
    var reference: ReferenceData

    static func query(on db: any Database, reference: ReferenceData) async throws -> ContactPage {
        let secretariat = try await Office.query(on: db).filter(\.$kind == "secretariat").first()
        return ContactPage(secretariat: secretariat.map(OfficeSummary.init), reference: reference)
    }
}
