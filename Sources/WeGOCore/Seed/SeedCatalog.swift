import Foundation

/// The seed files, by the name they have in `Resources/Seed`.
public enum SeedFile: String, Sendable, CaseIterable {
    case members = "members.csv"
    case reportedTotals = "reported_totals.csv"
    case foundingMembers = "founding_members.csv"
    case governance = "governance.csv"
    case offices = "offices.csv"
    case networks = "networks.csv"
    case partners = "partners.csv"
    case places = "places.csv"
    case countries = "countries.csv"
    case populations = "populations.csv"
}

/// All seed data, parsed, validated row by row and checked for references between files
/// (every slug a member, every country code a country). Loading fails on the first bad value
/// with a `SeedError` naming file, line and column, so a broken seed never reaches the database.
public struct SeedCatalog: Sendable {
    public var members: [SeedMember]
    public var reportedTotals: [SeedReportedTotal]
    public var foundingMembers: [SeedFoundingMember]
    public var governance: [SeedGovernanceSeat]
    public var offices: [SeedOffice]
    public var networks: [SeedNetwork]
    public var partners: [SeedPartner]
    public var places: [SeedPlace]
    public var countries: [SeedCountry]
    /// Official populations the seed documents state, by member slug.
    public var populations: [String: SeedPopulation]

    /// Parses every file from its text. `text(file)` supplies the contents.
    public init(text: (SeedFile) throws(SeedError) -> String) throws(SeedError) {
        let members = try Self.members(try text(.members), file: SeedFile.members.rawValue)
        let founding = try Self.founding(try text(.foundingMembers), file: SeedFile.foundingMembers.rawValue)
        let governance = try Self.governance(try text(.governance), file: SeedFile.governance.rawValue)
        let offices = try Self.offices(try text(.offices), file: SeedFile.offices.rawValue)
        let places = try Self.places(try text(.places), file: SeedFile.places.rawValue)
        self.members = members.records
        self.foundingMembers = founding.records
        self.governance = governance.records
        self.offices = offices.records
        self.places = places.records
        reportedTotals = try Self.parseReportedTotals(try text(.reportedTotals))
        networks = try Self.parseNetworks(try text(.networks))
        partners = try Self.parsePartners(try text(.partners))
        countries = try Self.parseCountries(try text(.countries))
        populations = try Self.parsePopulations(try text(.populations), members: Set(members.records.map(\.slug)))
        try validateReferences(
            members: members, founding: founding, governance: governance,
            offices: offices, places: places)
    }

    /// Reads the files from a directory, e.g. the server bundle's `Resources/Seed`.
    public init(directory: URL) throws(SeedError) {
        try self.init { file throws(SeedError) in
            let url = directory.appendingPathComponent(file.rawValue)
            do {
                return try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw SeedError(file: file.rawValue, line: 0, column: 0, reason: "cannot read \(url.path): \(error)")
            }
        }
    }

    public func member(slug: String) -> SeedMember? { members.first { $0.slug == slug } }
    public func country(iso2: String) -> SeedCountry? { countries.first { $0.iso2 == iso2 } }

    // MARK: - Cross-file checks

    private func validateReferences(
        members m: Parsed<SeedMember>, founding f: Parsed<SeedFoundingMember>,
        governance g: Parsed<SeedGovernanceSeat>, offices o: Parsed<SeedOffice>,
        places p: Parsed<SeedPlace>
    ) throws(SeedError) {
        let slugs = Set(members.map(\.slug))
        let codes = Set(countries.map(\.iso2))
        for (i, member) in members.enumerated() {
            if let c = member.country, !codes.contains(c) {
                throw m.error(i, "country", "'\(c)' is not in countries.csv")
            }
        }
        let foundingSlugs = Set(foundingMembers.compactMap(\.memberSlug))
        for (i, founder) in foundingMembers.enumerated() {
            if let s = founder.memberSlug, !slugs.contains(s) {
                throw f.error(i, "member_slug", "'\(s)' is not in members.csv")
            }
            if let c = founder.country, !codes.contains(c) {
                throw f.error(i, "country", "'\(c)' is not in countries.csv")
            }
        }
        for (i, member) in members.enumerated() where member.founding != foundingSlugs.contains(member.slug) {
            throw m.error(i, "founding", "founding=\(member.founding) disagrees with founding_members.csv")
        }
        for (i, seat) in governance.enumerated() where !slugs.contains(seat.memberSlug) {
            throw g.error(i, "member_slug", "'\(seat.memberSlug)' is not in members.csv")
        }
        for (i, office) in offices.enumerated() {
            if let s = office.memberSlug, !slugs.contains(s) {
                throw o.error(i, "member_slug", "'\(s)' is not in members.csv")
            }
            if !codes.contains(office.country) {
                throw o.error(i, "country", "'\(office.country)' is not in countries.csv")
            }
        }
        for (i, place) in places.enumerated() {
            if let c = place.country, !codes.contains(c) {
                throw p.error(i, "iso_a2", "'\(c)' is not in countries.csv")
            }
        }
    }

    /// Records with the line and header positions they came from, for cross-file errors.
    struct Parsed<T> {
        var records: [T] = []
        var lines: [Int] = []
        let file: String
        let columns: [String: Int]

        init(_ table: SeedTable) { file = table.file; columns = table.index }

        mutating func append(_ record: T, _ row: SeedRow) { records.append(record); lines.append(row.line) }

        func error(_ i: Int, _ field: String, _ reason: String) -> SeedError {
            SeedError(file: file, line: lines[i], column: (columns[field] ?? -1) + 1, field: field, reason: reason)
        }
    }

    // MARK: - Per-file parsers

    /// members.csv: slug,name,name_local,abbreviation,category,subtype,region,country,founding,note
    public static func parseMembers(_ text: String, file: String = SeedFile.members.rawValue) throws(SeedError) -> [SeedMember] {
        try members(text, file: file).records
    }

    static func members(_ text: String, file: String) throws(SeedError) -> Parsed<SeedMember> {
        let table = try SeedTable(
            file: file, text: text,
            columns: [
                "slug", "name", "name_local", "abbreviation", "category", "subtype", "region", "country", "founding", "note",
            ])
        var out = Parsed<SeedMember>(table)
        var seen: Set<String> = []
        for row in table.rows {
            let slug = try row.slug("slug")
            guard seen.insert(slug).inserted else { throw row.error("slug", "duplicate slug '\(slug)'") }
            let category = try row.enumeration("category", MemberCategory.self)
            let subtype = try row.optionalEnumeration("subtype", MemberSubtype.self)
            if let subtype, subtype.category != category {
                throw row.error(
                    "subtype", "subtype '\(subtype.rawValue)' belongs to \(subtype.category.rawValue), not \(category.rawValue)")
            }
            let region = try row.optionalEnumeration("region", Region.self)
            // The brochure lists every local government under a region heading.
            if category == .localGovernment, region == nil {
                throw row.error("region", "a local government needs a region")
            }
            out.append(
                SeedMember(
                    slug: slug, name: try row.required("name"), nameLocal: try row.optional("name_local"),
                    abbreviation: try row.optional("abbreviation"), category: category, subtype: subtype,
                    region: region, country: try row.optionalCode("country", length: 2),
                    founding: try row.bool("founding"), note: try row.optional("note")), row)
        }
        return out
    }

    /// reported_totals.csv: scope,key,value,as_of,source,note
    public static func parseReportedTotals(
        _ text: String, file: String = SeedFile.reportedTotals.rawValue
    ) throws(SeedError) -> [SeedReportedTotal] {
        let table = try SeedTable(file: file, text: text, columns: ["scope", "key", "value", "as_of", "source", "note"])
        var out: [SeedReportedTotal] = []
        var seen: Set<String> = []
        for row in table.rows {
            let scope = try row.enumeration("scope", SeedReportedTotal.Scope.self)
            let key = try row.required("key")
            let valid: Bool =
                switch scope {
                case .total: key == "all"
                case .category: MemberCategory(rawValue: key) != nil
                case .region: Region(rawValue: key) != nil
                }
            guard valid else { throw row.error("key", "'\(key)' is not a valid key for scope \(scope.rawValue)") }
            let value = try row.int("value")
            guard value >= 0 else { throw row.error("value", "negative total") }
            let asOf = try row.required("as_of")
            guard isYearMonth(asOf) else { throw row.error("as_of", "expected YYYY-MM, found '\(asOf)'") }
            guard seen.insert("\(scope.rawValue)|\(key)|\(asOf)").inserted else {
                throw row.error("key", "duplicate total for \(scope.rawValue) \(key) as of \(asOf)")
            }
            out.append(
                SeedReportedTotal(
                    scope: scope, key: key, value: value, asOf: asOf,
                    source: try row.required("source"), note: try row.optional("note")))
        }
        return out
    }

    /// founding_members.csv: name,country,member_slug,note
    public static func parseFoundingMembers(
        _ text: String, file: String = SeedFile.foundingMembers.rawValue
    ) throws(SeedError) -> [SeedFoundingMember] {
        try founding(text, file: file).records
    }

    static func founding(_ text: String, file: String) throws(SeedError) -> Parsed<SeedFoundingMember> {
        let table = try SeedTable(file: file, text: text, columns: ["name", "country", "member_slug", "note"])
        var out = Parsed<SeedFoundingMember>(table)
        var names: Set<String> = [], slugs: Set<String> = []
        for row in table.rows {
            let name = try row.required("name")
            guard names.insert(TextFolding.fold(name)).inserted else { throw row.error("name", "duplicate founding member '\(name)'") }
            let slug = try row.optionalSlug("member_slug")
            if let slug, !slugs.insert(slug).inserted { throw row.error("member_slug", "'\(slug)' used twice") }
            out.append(
                SeedFoundingMember(
                    name: name, country: try row.optionalCode("country", length: 2),
                    memberSlug: slug, note: try row.optional("note")), row)
        }
        return out
    }

    /// governance.csv: role,member_slug,term
    public static func parseGovernance(
        _ text: String, file: String = SeedFile.governance.rawValue
    ) throws(SeedError) -> [SeedGovernanceSeat] {
        try governance(text, file: file).records
    }

    static func governance(_ text: String, file: String) throws(SeedError) -> Parsed<SeedGovernanceSeat> {
        let table = try SeedTable(file: file, text: text, columns: ["role", "member_slug", "term"])
        var out = Parsed<SeedGovernanceSeat>(table)
        var seen: Set<String> = []
        for row in table.rows {
            let role = try row.enumeration("role", GovernanceRole.self)
            let slug = try row.slug("member_slug")
            let term = try row.required("term")
            guard isTerm(term) else { throw row.error("term", "expected YYYY-YYYY, found '\(term)'") }
            guard seen.insert("\(role.rawValue)|\(slug)|\(term)").inserted else {
                throw row.error("member_slug", "duplicate seat \(role.rawValue) for '\(slug)'")
            }
            out.append(SeedGovernanceSeat(role: role, memberSlug: slug, term: term), row)
        }
        return out
    }

    /// offices.csv: kind,name,city,region,country,address,phone,fax,email,member_slug,note
    public static func parseOffices(_ text: String, file: String = SeedFile.offices.rawValue) throws(SeedError) -> [SeedOffice] {
        try offices(text, file: file).records
    }

    static func offices(_ text: String, file: String) throws(SeedError) -> Parsed<SeedOffice> {
        let table = try SeedTable(
            file: file, text: text,
            columns: [
                "kind", "name", "city", "region", "country", "address", "phone", "fax", "email", "member_slug", "note",
            ])
        var out = Parsed<SeedOffice>(table)
        for row in table.rows {
            let email = try row.optional("email")
            if let email, !email.contains("@") { throw row.error("email", "'\(email)' is not an e-mail address") }
            out.append(
                SeedOffice(
                    kind: try row.enumeration("kind", SeedOffice.Kind.self), name: try row.required("name"),
                    city: try row.required("city"), region: try row.optionalEnumeration("region", Region.self),
                    country: try row.code("country", length: 2), address: try row.optional("address"),
                    phone: try row.optional("phone"), fax: try row.optional("fax"), email: email,
                    memberSlug: try row.optionalSlug("member_slug"), note: try row.optional("note")), row)
        }
        return out
    }

    /// networks.csv: code,name,region,description
    public static func parseNetworks(_ text: String, file: String = SeedFile.networks.rawValue) throws(SeedError) -> [SeedNetwork] {
        let table = try SeedTable(file: file, text: text, columns: ["code", "name", "region", "description"])
        var out: [SeedNetwork] = []
        var seen: Set<String> = []
        for row in table.rows {
            let code = try row.required("code")
            guard code.unicodeScalars.allSatisfy({ $0.value >= 65 && $0.value <= 90 }) else {
                throw row.error("code", "expected upper-case letters, found '\(code)'")
            }
            guard seen.insert(code).inserted else { throw row.error("code", "duplicate code '\(code)'") }
            out.append(
                SeedNetwork(
                    code: code, name: try row.required("name"),
                    region: try row.optionalEnumeration("region", Region.self),
                    description: try row.required("description")))
        }
        return out
    }

    /// partners.csv: name,full_name,note
    public static func parsePartners(_ text: String, file: String = SeedFile.partners.rawValue) throws(SeedError) -> [SeedPartner] {
        let table = try SeedTable(file: file, text: text, columns: ["name", "full_name", "note"])
        var out: [SeedPartner] = []
        var seen: Set<String> = []
        for row in table.rows {
            let name = try row.required("name")
            guard seen.insert(TextFolding.fold(name)).inserted else { throw row.error("name", "duplicate partner '\(name)'") }
            out.append(SeedPartner(name: name, fullName: try row.optional("full_name"), note: try row.optional("note")))
        }
        return out
    }

    /// populations.csv: slug,population,as_stated,source — a member's official population as a
    /// seed document states it, kept apart from Natural Earth's metropolitan figures.
    public static func parsePopulations(
        _ text: String, members: Set<String>, file: String = SeedFile.populations.rawValue
    ) throws(SeedError) -> [String: SeedPopulation] {
        let table = try SeedTable(file: file, text: text, columns: ["slug", "population", "as_stated", "source"])
        var out: [String: SeedPopulation] = [:]
        for row in table.rows {
            let slug = try row.required("slug")
            guard members.contains(slug) else { throw row.error("slug", "'\(slug)' is not a member in members.csv") }
            let population = try row.int("population")
            guard population > 0 else { throw row.error("population", "must be greater than zero") }
            guard out[slug] == nil else { throw row.error("slug", "a second population for '\(slug)'") }
            out[slug] = SeedPopulation(population: population, asStated: try row.required("as_stated"), source: try row.required("source"))
        }
        return out
    }

    /// places.csv: name,nameascii,iso_a2,adm1name,latitude,longitude,pop_max,geonameid
    public static func parsePlaces(_ text: String, file: String = SeedFile.places.rawValue) throws(SeedError) -> [SeedPlace] {
        try places(text, file: file).records
    }

    static func places(_ text: String, file: String) throws(SeedError) -> Parsed<SeedPlace> {
        let table = try SeedTable(
            file: file, text: text,
            columns: [
                "name", "nameascii", "iso_a2", "adm1name", "latitude", "longitude", "pop_max", "geonameid",
            ])
        var out = Parsed<SeedPlace>(table)
        for row in table.rows {
            let geonameID = try row.optionalInt("geonameid")
            if let geonameID, geonameID <= 0 { throw row.error("geonameid", "must be positive or empty") }
            out.append(
                SeedPlace(
                    name: try row.required("name"), nameASCII: try row.required("nameascii"),
                    country: try row.optionalCode("iso_a2", length: 2), admin1: try row.optional("adm1name"),
                    latitude: try row.double("latitude", in: -90 ... 90), longitude: try row.double("longitude", in: -180 ... 180),
                    populationMax: try row.int("pop_max"), geonameID: geonameID), row)
        }
        return out
    }

    static let continents: Set<String> = ["AF", "AN", "AS", "EU", "NA", "OC", "SA"]

    /// countries.csv: iso2,iso3,name_en,name_es,name_zh,name_ko,continent,un_region,un_subregion
    public static func parseCountries(_ text: String, file: String = SeedFile.countries.rawValue) throws(SeedError) -> [SeedCountry] {
        let table = try SeedTable(
            file: file, text: text,
            columns: [
                "iso2", "iso3", "name_en", "name_es", "name_zh", "name_ko", "continent", "un_region", "un_subregion",
            ])
        var out: [SeedCountry] = []
        var seen2: Set<String> = [], seen3: Set<String> = []
        for row in table.rows {
            let iso2 = try row.code("iso2", length: 2)
            guard seen2.insert(iso2).inserted else { throw row.error("iso2", "duplicate code '\(iso2)'") }
            let iso3 = try row.code("iso3", length: 3)
            guard seen3.insert(iso3).inserted else { throw row.error("iso3", "duplicate code '\(iso3)'") }
            let continent = try row.required("continent")
            guard continents.contains(continent) else {
                throw row.error("continent", "unknown continent '\(continent)'")
            }
            out.append(
                SeedCountry(
                    iso2: iso2, iso3: iso3, nameEN: try row.required("name_en"), nameES: try row.required("name_es"),
                    nameZH: try row.required("name_zh"), nameKO: try row.required("name_ko"), continent: continent,
                    unRegion: try row.optional("un_region"), unSubregion: try row.optional("un_subregion")))
        }
        return out
    }

    // MARK: - Formats

    private static func digits(_ s: Substring, _ n: Int) -> Bool {
        s.count == n && s.unicodeScalars.allSatisfy { $0.value >= 48 && $0.value <= 57 }
    }

    static func isYearMonth(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, digits(parts[0], 4), digits(parts[1], 2), let m = Int(parts[1]) else { return false }
        return (1 ... 12).contains(m)
    }

    static func isTerm(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, digits(parts[0], 4), digits(parts[1], 4),
            let a = Int(parts[0]), let b = Int(parts[1])
        else { return false }
        return a < b
    }
}
