import Fluent
import SQLKit
import Vapor
import WeGOCore

/// Loads the WeGO network from the seed files. Idempotent: rows are found by their natural key
/// (slug, name, code) and only missing ones are inserted, so a second run changes nothing and
/// edits made in the admin area are never overwritten by the seed.
enum Seeder {
    struct Report: Sendable, CustomStringConvertible {
        var inserted: [String: Int] = [:]
        var unchanged: [String: Int] = [:]
        var located: Int = 0
        var unmatchedPlaces: [String] = []

        var description: String {
            var lines = ["Seed report:"]
            for table in Set(inserted.keys).union(unchanged.keys).sorted() {
                lines.append("  \(table): \(inserted[table] ?? 0) inserted, \(unchanged[table] ?? 0) already present")
            }
            lines.append("  coordinates from Natural Earth for \(located) new members; \(unmatchedPlaces.count) without a match:")
            lines.append(contentsOf: unmatchedPlaces.map { "    - \($0)" })
            return lines.joined(separator: "\n")
        }
    }

    static func loadCatalog() throws -> SeedCatalog {
        try SeedCatalog(directory: try Resources.url("Seed"))
    }

    static func seedIfEmpty(on db: any Database, logger: Logger) async throws {
        guard try await Member.query(on: db).count() == 0 else { return }
        let report = try await seed(try loadCatalog(), on: db)
        logger.notice("Seeded the WeGO network from the seed documents.\n\(report)")
    }

    static func seed(_ catalog: SeedCatalog, on db: any Database) async throws -> Report {
        let matcher = PlaceMatcher(places: catalog.places)
        return try await db.transaction { tx in
            var report = Report()
            func count(_ table: String, inserted: Bool) {
                if inserted { report.inserted[table, default: 0] += 1 } else { report.unchanged[table, default: 0] += 1 }
            }

            let existing = Dictionary(uniqueKeysWithValues: try await Member.query(on: tx).all().map { ($0.slug, $0) })
            var members = existing
            for seed in catalog.members {
                if let member = existing[seed.slug] {
                    // Members seeded before abbreviations were kept (migration 13) get theirs once.
                    var changed = false
                    if member.abbreviation == nil, let abbreviation = seed.abbreviation {
                        member.abbreviation = abbreviation
                        member.refreshSearchText()
                        changed = true
                    }
                    // Official figures the seeds state, for members seeded before they were kept (migration 14).
                    if member.population == nil, let official = catalog.populations[seed.slug] {
                        member.population = official.population
                        changed = true
                    }
                    if changed { try await member.save(on: tx) }
                    count("members", inserted: false)
                    continue
                }
                let member = Member()
                member.slug = seed.slug
                member.name = seed.name
                member.nameLocal = seed.nameLocal
                member.abbreviation = seed.abbreviation
                member.category = seed.category
                member.subtype = seed.subtype
                member.region = seed.region
                member.country = seed.country
                member.founding = seed.founding
                member.note = seed.note
                member.population = catalog.populations[seed.slug]?.population
                if seed.category == .localGovernment, let country = seed.country {
                    if let match = matcher.match(name: seed.name, country: country, subtype: seed.subtype) {
                        member.latitude = match.latitude
                        member.longitude = match.longitude
                        member.metroPopulation = match.population
                        member.geonameID = match.geonameID
                        report.located += 1
                    } else {
                        report.unmatchedPlaces.append("\(seed.name) (\(country))")
                    }
                }
                member.refreshSearchText()
                try await member.create(on: tx)
                members[seed.slug] = member
                count("members", inserted: true)
            }

            let roles = try await GovernanceAssignment.query(on: tx).all()
            for seat in catalog.governance {
                guard let memberID = members[seat.memberSlug]?.id else { continue }
                if roles.contains(where: { $0.$member.id == memberID && $0.role == seat.role && $0.term == seat.term }) {
                    count("governance_roles", inserted: false); continue
                }
                try await GovernanceAssignment(memberID: memberID, role: seat.role, term: seat.term).create(on: tx)
                count("governance_roles", inserted: true)
            }

            let offices = Set(try await Office.query(on: tx).all().map(\.name))
            for (position, seed) in catalog.offices.enumerated() {
                if offices.contains(seed.name) { count("offices", inserted: false); continue }
                let office = Office()
                office.kind = seed.kind.rawValue
                office.name = seed.name
                office.city = seed.city
                office.region = seed.region?.rawValue
                office.country = seed.country
                office.address = seed.address
                office.phone = seed.phone
                office.fax = seed.fax
                office.email = seed.email
                office.$member.id = seed.memberSlug.flatMap { members[$0]?.id }
                office.position = position
                try await office.create(on: tx)
                count("offices", inserted: true)
            }

            let networks = Set(try await RegionalNetwork.query(on: tx).all().map(\.code))
            for seed in catalog.networks {
                if networks.contains(seed.code) { count("regional_networks", inserted: false); continue }
                let network = RegionalNetwork()
                network.code = seed.code
                network.name = seed.name
                network.region = seed.region?.rawValue
                network.description = seed.description
                try await network.create(on: tx)
                count("regional_networks", inserted: true)
            }

            let partners = Set(try await Partner.query(on: tx).all().map(\.name))
            for seed in catalog.partners {
                if partners.contains(seed.name) { count("partners", inserted: false); continue }
                let partner = Partner()
                partner.name = seed.name
                partner.fullName = seed.fullName
                partner.note = seed.note
                try await partner.create(on: tx)
                count("partners", inserted: true)
            }

            let founders = Set(try await FoundingMember.query(on: tx).all().map(\.name))
            for seed in catalog.foundingMembers {
                if founders.contains(seed.name) { count("founding_members", inserted: false); continue }
                let founder = FoundingMember()
                founder.name = seed.name
                founder.country = seed.country
                founder.$member.id = seed.memberSlug.flatMap { members[$0]?.id }
                try await founder.create(on: tx)
                count("founding_members", inserted: true)
            }

            let figures = Set(try await ReportedFigure.query(on: tx).all().map { "\($0.scope)|\($0.key)|\($0.asOf)" })
            for seed in catalog.reportedTotals {
                if figures.contains("\(seed.scope.rawValue)|\(seed.key)|\(seed.asOf)") {
                    count("reported_figures", inserted: false); continue
                }
                let figure = ReportedFigure()
                figure.scope = seed.scope.rawValue
                figure.key = seed.key
                figure.value = seed.value
                figure.asOf = seed.asOf
                figure.source = seed.source
                try await figure.create(on: tx)
                count("reported_figures", inserted: true)
            }

            for (table, inserted) in try await IndexSeed.seed(on: tx) { count(table, inserted: inserted) }
            return report
        }
    }
}
