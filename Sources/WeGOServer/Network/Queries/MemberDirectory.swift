import Fluent
import SQLKit
import Vapor
import WeGOCore

/// A member as listings show it: a plain value read with SQLKit, never a Fluent model
/// (decoding Fluent models costs ~50 µs a row; vapor/fluent-kit#655).
struct MemberSummary: Sendable, Equatable {
    var slug: String
    var name: String
    var nameLocal: String?
    var abbreviation: String? = nil
    var category: MemberCategory
    var subtype: MemberSubtype?
    var region: Region?
    var country: String?
    var founding: Bool
    var latitude: Double?
    var longitude: Double?
    var population: Int?
    /// Natural Earth's metropolitan estimate, never shown as the member's own population.
    var metroPopulation: Int? = nil

    /// Read column by column: the generic row decoder (and worse, a key-decoding strategy that
    /// converts every key of every row) was a fifth of the directory's time in a profile.
    init(row: any SQLRow) throws {
        slug = try row.decode(column: "slug", as: String.self)
        name = try row.decode(column: "name", as: String.self)
        nameLocal = try row.decode(column: "name_local", as: String?.self)
        abbreviation = try row.decode(column: "abbreviation", as: String?.self)
        let rawCategory = try row.decode(column: "category", as: String.self)
        guard let category = MemberCategory(rawValue: rawCategory) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown category \(rawCategory)"))
        }
        self.category = category
        subtype = try row.decode(column: "subtype", as: String?.self).flatMap(MemberSubtype.init(rawValue:))
        region = try row.decode(column: "region", as: String?.self).flatMap(Region.init(rawValue:))
        country = try row.decode(column: "country", as: String?.self)
        founding = try row.decode(column: "founding", as: Bool.self)
        latitude = try row.decode(column: "latitude", as: Double?.self)
        longitude = try row.decode(column: "longitude", as: Double?.self)
        population = try row.decode(column: "population", as: Int?.self)
        metroPopulation = try row.decode(column: "metro_population", as: Int?.self)
    }

    init(
        slug: String, name: String, nameLocal: String?, abbreviation: String? = nil, category: MemberCategory, subtype: MemberSubtype?,
        region: Region?, country: String?, founding: Bool, latitude: Double?, longitude: Double?, population: Int?,
        metroPopulation: Int? = nil
    ) {
        self.slug = slug; self.name = name; self.nameLocal = nameLocal; self.abbreviation = abbreviation; self.category = category
        self.subtype = subtype
        self.region = region; self.country = country; self.founding = founding; self.latitude = latitude
        self.longitude = longitude; self.population = population; self.metroPopulation = metroPopulation
    }
}

struct MemberPage: Sendable {
    var members: [MemberSummary]
    var total: Int
    var filter: MemberFilter
    var pageCount: Int { max(1, (total + filter.perPage - 1) / filter.perPage) }
}

/// Counts per filter value, each computed with the other filters applied, so a reader sees how
/// many results a click will give.
struct MemberFacets: Sendable {
    var categories: [MemberCategory: Int]
    var regions: [Region: Int]
    var countries: [String: Int]
    var founding: Int
}

enum MemberDirectory {
    static let summaryColumns = [
        "slug", "name", "name_local", "abbreviation", "category", "subtype", "region", "country",
        "founding", "latitude", "longitude", "population", "metro_population",
    ]

    private enum Facet { case category, region, country, founding }

    private static func conditions(_ filter: MemberFilter, except facet: Facet? = nil) -> [any SQLExpression] {
        var conditions: [any SQLExpression] = []
        if let pattern = filter.searchPattern {
            conditions.append(SQLQueryString("search_text LIKE \(bind: pattern) ESCAPE '\\'"))
        }
        if let category = filter.category, facet != .category {
            conditions.append(SQLQueryString("category = \(bind: category.rawValue)"))
        }
        if let region = filter.region, facet != .region {
            conditions.append(SQLQueryString("region = \(bind: region.rawValue)"))
        }
        if let country = filter.country, facet != .country {
            conditions.append(SQLQueryString("country = \(bind: country)"))
        }
        if filter.foundingOnly, facet != .founding {
            conditions.append(SQLQueryString("founding = \(bind: true)"))
        }
        return conditions
    }

    private static func whereClause(_ conditions: [any SQLExpression]) -> any SQLExpression {
        conditions.isEmpty ? SQLRaw("1 = 1") : SQLList(conditions, separator: SQLRaw(" AND "))
    }

    static func list(
        _ filter: MemberFilter, on db: any Database, cache: DirectoryCountsCache? = nil, now: Date = Date()
    ) async throws -> MemberPage {
        let sql = db.sql
        let condition = whereClause(conditions(filter))
        let rows = try await sql.select()
            .columns(summaryColumns.map { SQLColumn($0) })
            .from("members")
            .where(condition)
            // Name, then slug: a stable order even when two members share a name.
            .orderBy("name").orderBy("slug")
            .limit(filter.perPage).offset(filter.offset)
            .all().map(MemberSummary.init(row:))
        let total = try await count(filter, on: db, cache: cache, now: now)
        return MemberPage(members: rows, total: total, filter: filter)
    }

    /// How many members match the filter (its page ignored), from the cache when one is given.
    static func count(_ filter: MemberFilter, on db: any Database, cache: DirectoryCountsCache?, now: Date) async throws -> Int {
        let sql = db.sql
        let condition = whereClause(conditions(filter))
        let count: @Sendable () async throws -> Int = {
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("members").where(condition)
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
        guard let cache else { return try await count() }
        return try await cache.total(filter, now: now, compute: count)
    }

    static func facets(
        _ filter: MemberFilter, on db: any Database, cache: DirectoryCountsCache? = nil, now: Date = Date()
    ) async throws -> MemberFacets {
        if let cache {
            return try await cache.facets(filter, now: now) { try await facets(filter, on: db) }
        }
        let sql = db.sql
        struct Count: Decodable { var value: String?; var n: Int }
        func counts(_ column: String, _ facet: Facet) async throws -> [String: Int] {
            let rows = try await sql.select()
                .column(SQLColumn(column), as: "value")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("members").where(whereClause(conditions(filter, except: facet)))
                .groupBy(column)
                .all(decoding: Count.self)
            return Dictionary(rows.compactMap { row in row.value.map { ($0, row.n) } }, uniquingKeysWith: +)
        }
        let categories = try await counts("category", .category)
        let regions = try await counts("region", .region)
        let countries = try await counts("country", .country)
        var foundingFilter = filter
        foundingFilter.foundingOnly = true
        let founding =
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("members").where(whereClause(conditions(foundingFilter)))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        return MemberFacets(
            categories: Dictionary(uniqueKeysWithValues: categories.compactMap { key, n in MemberCategory(rawValue: key).map { ($0, n) } }),
            regions: Dictionary(uniqueKeysWithValues: regions.compactMap { key, n in Region(rawValue: key).map { ($0, n) } }),
            countries: countries,
            founding: founding
        )
    }

    /// Members with coordinates, for the map and its table, and how many have none: the map
    /// stays the same size however many members have no known location.
    static func located(
        on db: any Database, cache: DirectoryCountsCache? = nil, now: Date = Date()
    ) async throws -> (members: [MemberSummary], unlocated: Int) {
        let sql = db.sql
        // A range on latitude (which excludes NULLs) lets both databases read the latitude index;
        // with ORDER BY name in SQL, SQLite preferred the name index and scanned every member.
        // The few located members are sorted here instead.
        let members = try await sql.select()
            .columns(summaryColumns.map { SQLColumn($0) })
            .from("members")
            .where(SQLRaw("latitude >= -90 AND longitude IS NOT NULL"))
            .all().map(MemberSummary.init(row:))
            .sorted { ($0.name, $0.slug) < ($1.name, $1.slug) }
        // All members minus the located ones: the total is cached, a count of the rest would scan them all.
        let total = try await count(MemberFilter(), on: db, cache: cache, now: now)
        return (members, max(0, total - members.count))
    }

    struct Profile: Sendable {
        var member: MemberSummary
        var note: String?
        var roles: [(role: GovernanceRole, term: String)]
        var networks: [(code: String, name: String)]
        var offices: [String]
        var updatedAt: Date?
    }

    /// Read with SQLKit, like the listings: the member page is the most visited signed-in page
    /// too, and four Fluent queries (reflection over each model's properties) were a third of it.
    static func profile(slug: String, on db: any Database) async throws -> Profile? {
        let sql = db.sql
        guard
            let row = try await sql.select().column("id").column("note").column("updated_at")
                .columns(summaryColumns.map { SQLColumn($0) }).from(Member.schema).where("slug", .equal, slug).first()
        else { return nil }
        let member = try MemberSummary(row: row)
        let memberID = try row.decode(column: "id", as: UUID.self)
        let order = GovernanceRole.allCases
        let roles = try await sql.select().column("role").column("term").from(GovernanceAssignment.schema)
            .where("member_id", .equal, memberID).all()
            .compactMap { row -> (role: GovernanceRole, term: String)? in
                guard let role = GovernanceRole(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
                return (role, try row.decode(column: "term", as: String.self))
            }
            .sorted { order.firstIndex(of: $0.role)! < order.firstIndex(of: $1.role)! }
        let offices = try await sql.select().column("name").from(Office.schema).where("member_id", .equal, memberID)
            .orderBy("position").all().map { try $0.decode(column: "name", as: String.self) }
        var networks: [(code: String, name: String)] = []
        if member.category == .localGovernment, let region = member.region {
            networks = try await sql.select().column("code").column("name").from(RegionalNetwork.schema).orderBy("code").all()
                .map { (code: try $0.decode(column: "code", as: String.self), name: try $0.decode(column: "name", as: String.self)) }
                .filter { RegionalNetworkRule.covers(networkCode: $0.code, region: region, country: member.country) }
        }
        return Profile(
            member: member, note: try row.decode(column: "note", as: String?.self), roles: roles, networks: networks,
            offices: offices, updatedAt: try row.decode(column: "updated_at", as: Date?.self))
    }

    static func summary(_ member: Member) -> MemberSummary {
        MemberSummary(
            slug: member.slug, name: member.name, nameLocal: member.nameLocal, abbreviation: member.abbreviation,
            category: member.category,
            subtype: member.subtype, region: member.region, country: member.country, founding: member.founding,
            latitude: member.latitude, longitude: member.longitude, population: member.population,
            metroPopulation: member.metroPopulation)
    }
}
