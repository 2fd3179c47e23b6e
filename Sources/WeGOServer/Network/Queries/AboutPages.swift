import Fluent
import Foundation
import SQLKit
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

    init(row: any SQLRow, host: MemberSummary?) throws {
        kind = try row.decode(column: "kind", as: String.self); name = try row.decode(column: "name", as: String.self)
        city = try row.decode(column: "city", as: String.self); region = try row.decode(column: "region", as: String?.self)
        country = try row.decode(column: "country", as: String?.self); address = try row.decode(column: "address", as: String?.self)
        phone = try row.decode(column: "phone", as: String?.self); fax = try row.decode(column: "fax", as: String?.self)
        email = try row.decode(column: "email", as: String?.self)
        self.host = host
    }

    /// The Secretariat first, then the regional offices, each with its host member. Read with
    /// SQLKit: the map shows them on every request, and Fluent's models (reflection over their
    /// properties) were a tenth of that page's time.
    static func all(on db: any Database) async throws -> [OfficeSummary] {
        let rows = try await db.sql.select()
            .columns("kind", "name", "city", "region", "country", "address", "phone", "fax", "email", "member_id")
            .from(Office.schema).orderBy("position").all()
        let hostIDs = try rows.compactMap { try $0.decode(column: "member_id", as: UUID?.self) }
        var hosts: [UUID: MemberSummary] = [:]
        for member in try await db.rows(["id"] + MemberDirectory.summaryColumns, from: Member.schema, where: "id", in: hostIDs) {
            hosts[try member.decode(column: "id", as: UUID.self)] = try MemberSummary(row: member)
        }
        return try rows.map { row in
            try OfficeSummary(row: row, host: try row.decode(column: "member_id", as: UUID?.self).flatMap { hosts[$0] })
        }
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
