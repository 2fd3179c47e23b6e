import Foundation
import Testing

@testable import WeGOCore

/// The shipped seed files, read from the source tree so the tests need no bundle.
enum SeedFixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/WeGOServer/Resources/Seed")

    static let loaded = Result<SeedCatalog, SeedError> { () throws(SeedError) in
        try SeedCatalog(directory: directory)
    }

    static func catalog() throws -> SeedCatalog { try loaded.get() }
}

@Suite("Seed data files")
struct SeedDataTests {
    @Test func catalogLoadsAndCrossReferencesHold() throws {
        let catalog = try SeedFixture.catalog()
        #expect(catalog.places.count == 7343)
        #expect(catalog.countries.count == 249)
        #expect(catalog.members.count == 161)
    }

    @Test func membersPerCategoryAndRegion() throws {
        let members = try SeedFixture.catalog().members
        func count(_ c: MemberCategory) -> Int { members.filter { $0.category == c }.count }
        #expect(count(.localGovernment) == 136)
        #expect(count(.institution) == 13)
        #expect(count(.corporation) == 12)
        let lg = members.filter { $0.category == .localGovernment }
        func region(_ r: Region) -> Int { lg.filter { $0.region == r }.count }
        // The brochure names every local government in Africa, Europe and the Americas, but only
        // 13 of 28 in MENA and 74 of 80 in Asia-Pacific.
        #expect(region(.africa) == 17)
        #expect(region(.europe) == 14)
        #expect(region(.mena) == 13)
        #expect(region(.americas) == 18)
        #expect(region(.asiaPacific) == 74)
        #expect(lg.allSatisfy { $0.country != nil && $0.region != nil })
    }

    @Test func namedMembersNeverExceedReportedTotals() throws {
        let catalog = try SeedFixture.catalog()
        let counts = SeedReport.counts(members: catalog.members, totals: catalog.reportedTotals, asOf: "2025-12")
        #expect(counts.count == 1 + MemberCategory.allCases.count + Region.allCases.count)
        for count in counts {
            let reported = try #require(count.reported, "no reported total for \(count.key)")
            #expect(count.named <= reported, "\(count.key): \(count.named) named > \(reported) reported")
        }
        let totals = catalog.reportedTotals.filter { $0.asOf == "2025-12" }
        let byRegion = totals.filter { $0.scope == .region }.map(\.value).reduce(0, +)
        let byCategory = totals.filter { $0.scope == .category }.map(\.value).reduce(0, +)
        #expect(byRegion == 157)
        #expect(byCategory == 201)
        #expect(totals.first { $0.scope == .total }?.value == 201)
    }

    @Test func slugsAreUniqueAndFollowTextFolding() throws {
        let members = try SeedFixture.catalog().members
        #expect(Set(members.map(\.slug)).count == members.count)
        for member in members where member.slug != "buenos-aires-costa-rica" {
            #expect(member.slug == TextFolding.slug(member.name), "\(member.name)")
        }
        #expect(members.contains { $0.slug == "sao-paulo" && $0.name == "São Paulo" })
        #expect(members.contains { $0.slug == "mugla" && $0.name == "Muğla" })
    }

    @Test func everyMemberHasAConsistentCategoryAndSubtype() throws {
        for member in try SeedFixture.catalog().members {
            if let subtype = member.subtype { #expect(subtype.category == member.category, "\(member.slug)") }
            // Unknowns are explained.
            if member.country == nil { #expect(member.note?.isEmpty == false, "\(member.slug)") }
        }
    }

    @Test func spellingsAndCountriesFromTheDocuments() throws {
        let catalog = try SeedFixture.catalog()
        let coatza = try #require(catalog.member(slug: "coatzacoalcos"))
        #expect(coatza.country == "MX")
        #expect(coatza.note?.contains("Coatzacoalcas") == true)
        #expect(catalog.members.allSatisfy { !$0.name.contains("Coatzacoalcas") })
        #expect(catalog.member(slug: "hebron")?.country == "PS")
        #expect(catalog.member(slug: "hong-kong-sar")?.country == "HK")
        #expect(catalog.member(slug: "quelimane")?.country == "MZ")
        #expect(catalog.member(slug: "buenos-aires-costa-rica")?.country == "CR")
        let youngshin = try #require(catalog.member(slug: "youngshin"))
        #expect(youngshin.category == .corporation)
        #expect(youngshin.nameLocal == "영신기전공업(주)")
        #expect(youngshin.country == nil)
        #expect(catalog.member(slug: "korea-internet-and-security-agency")?.abbreviation == "KISA")
    }

    @Test func fiftyFoundingMembers() throws {
        let catalog = try SeedFixture.catalog()
        #expect(catalog.foundingMembers.count == 50)
        let current = catalog.foundingMembers.compactMap(\.memberSlug)
        #expect(current.count == 35)
        #expect(catalog.members.filter(\.founding).count == 35)
        #expect(catalog.foundingMembers.first { $0.name == "Nur-Sultan" }?.memberSlug == "astana")
        #expect(catalog.foundingMembers.first { $0.name == "Hong Kong" }?.memberSlug == "hong-kong-sar")
        #expect(catalog.foundingMembers.first { $0.name == "Amsterdam" }?.memberSlug == nil)
        #expect(catalog.foundingMembers.first { $0.name == "Dhaka" }?.memberSlug == nil)
    }

    @Test func governanceTerm2023To2026() throws {
        let catalog = try SeedFixture.catalog()
        let seats = catalog.governance
        #expect(seats.allSatisfy { $0.term == "2023-2026" && catalog.member(slug: $0.memberSlug) != nil })
        #expect(seats.filter { $0.role == .president }.map(\.memberSlug) == ["seoul"])
        #expect(seats.filter { $0.role == .executiveVicePresident }.map(\.memberSlug) == ["almaty"])
        #expect(Set(seats.filter { $0.role == .vicePresident }.map(\.memberSlug)) == ["kampala", "sao-paulo"])
        let excom = Set(seats.filter { $0.role == .executiveCommittee }.map(\.memberSlug))
        #expect(excom.count == 14)
        #expect(excom.isSuperset(of: ["seoul", "almaty", "kampala", "sao-paulo", "hebron", "ramgram", "makati"]))
    }

    @Test func secretariatAndRegionalOffices() throws {
        let offices = try SeedFixture.catalog().offices
        let secretariat = try #require(offices.first { $0.kind == .secretariat })
        #expect(secretariat.email == "secretariat@we-gov.org")
        #expect(secretariat.address?.contains("03188") == true)
        #expect(secretariat.memberSlug == "seoul")
        let regional = offices.filter { $0.kind == .regionalOffice }
        #expect(Set(regional.compactMap(\.memberSlug)) == ["chengdu", "abu-dhabi", "cuenca", "almaty"])
    }

    @Test func networksAndPartners() throws {
        let catalog = try SeedFixture.catalog()
        #expect(catalog.networks.map(\.code) == ["AFSCN", "ASCN", "LASCN"])
        #expect(catalog.partners.filter { $0.name == "UNEP" }.count == 1)
        #expect(catalog.partners.first { $0.name == "KOICA" }?.fullName == "Korea International Cooperation Agency")
        #expect(catalog.partners.first { $0.name == "GGGI" }?.fullName == nil)
    }

    @Test func namibiaIsACountryNotAMissingValue() throws {
        let catalog = try SeedFixture.catalog()
        let namibia = try #require(catalog.country(iso2: "NA"))
        #expect(namibia.iso3 == "NAM")
        #expect(namibia.nameEN == "Namibia")
        #expect(namibia.nameKO == "나미비아")
        #expect(namibia.continent == "AF")
        // "NA" is also the continent code of North America.
        #expect(catalog.country(iso2: "US")?.continent == "NA")
        #expect(catalog.places.contains { $0.country == "NA" && $0.name == "Windhoek" })
        #expect(catalog.country(iso2: "KR")?.name(language: "ko") == "대한민국")
        #expect(catalog.countries.allSatisfy { !$0.nameKO.isEmpty && !$0.nameES.isEmpty && !$0.nameZH.isEmpty })
    }

    // MARK: - Failures name file, line and column

    static let memberHeader = "slug,name,name_local,abbreviation,category,subtype,region,country,founding,note\n"

    @Test func unknownCategoryIsLocated() {
        let text =
            Self.memberHeader
            + "seoul,Seoul,,,local_government,city,asia_pacific,KR,true,\n"
            + "busan,Busan,,,town,city,asia_pacific,KR,false,\n"
        #expect(
            throws: SeedError(
                file: "members.csv", line: 3, column: 5, field: "category",
                reason: "unknown value 'town'; expected one of local_government, institution, corporation")
        ) {
            try SeedCatalog.parseMembers(text)
        }
    }

    @Test func badCountryCodeIsLocated() throws {
        let text = Self.memberHeader + "seoul,Seoul,,,local_government,city,asia_pacific,Korea,true,\n"
        let error = try #require(throws: SeedError.self) { try SeedCatalog.parseMembers(text) }
        #expect(error.line == 2 && error.column == 8 && error.field == "country")
        #expect(error.description.hasPrefix("members.csv, line 2, column 8 (country):"))
    }

    @Test func duplicateSlugIsLocatedAfterBlankLines() throws {
        let text =
            Self.memberHeader
            + "seoul,Seoul,,,local_government,city,asia_pacific,KR,true,\n\n"
            + "seoul,\"Seoul\nagain\",,,local_government,city,asia_pacific,KR,true,\n"
            + "seoul,Seoul,,,local_government,city,asia_pacific,KR,true,\n"
        let error = try #require(throws: SeedError.self) { try SeedCatalog.parseMembers(text) }
        // The second record starts on line 4 (after a blank line) and spans two lines.
        #expect(error.line == 4 && error.field == "slug")
        #expect(error.reason.contains("duplicate"))
    }

    @Test func subtypeMustBelongToCategory() throws {
        let text = Self.memberHeader + "lg,LG Electronics,,,corporation,city,,,false,\n"
        let error = try #require(throws: SeedError.self) { try SeedCatalog.parseMembers(text) }
        #expect(error.field == "subtype" && error.line == 2 && error.column == 6)
    }

    @Test func malformedCSVNamesLineAndColumn() throws {
        let text =
            Self.memberHeader + "seoul,Seoul,,,local_government,city,asia_pacific,KR,true,\n"
            + "busan,\"Busan,,,local_government,city,asia_pacific,KR,false,\n"
        let error = try #require(throws: SeedError.self) { try SeedCatalog.parseMembers(text) }
        #expect(error.file == "members.csv")
        #expect(error.line == 3 && error.column == 7)
        #expect(error.reason.contains("never closed"))
    }

    @Test func missingColumnIsNamed() throws {
        let error = try #require(throws: SeedError.self) {
            try SeedCatalog.parseGovernance("role,member_slug\npresident_city,seoul\n")
        }
        #expect(error.line == 1 && error.field == "term")
    }

    @Test func badNumbersAndCodesAreRejected() throws {
        let header = "name,nameascii,iso_a2,adm1name,latitude,longitude,pop_max,geonameid\n"
        let lat = try #require(throws: SeedError.self) {
            try SeedCatalog.parsePlaces(header + "X,X,KR,,95.0,127.0,10,1\n")
        }
        #expect(lat.field == "latitude" && lat.column == 5)
        let places = try SeedCatalog.parsePlaces(header + "Windhoek,Windhoek,NA,Khomas,-22.57,17.08,268132,3352136\n")
        #expect(places.first?.country == "NA")
        let countries = "iso2,iso3,name_en,name_es,name_zh,name_ko,continent,un_region,un_subregion\n"
        let iso3 = try #require(throws: SeedError.self) {
            try SeedCatalog.parseCountries(countries + "NA,NA,Namibia,Namibia,纳米比亚,나미비아,AF,Africa,Sub-Saharan Africa\n")
        }
        #expect(iso3.field == "iso3" && iso3.line == 2)
    }

    @Test func crossFileReferencesAreChecked() throws {
        var files = try Dictionary(
            uniqueKeysWithValues: SeedFile.allCases.map {
                ($0, try String(contentsOf: SeedFixture.directory.appendingPathComponent($0.rawValue), encoding: .utf8))
            })
        files[.governance] = "role,member_slug,term\npresident_city,seoul,2023-2026\nvice_president_city,atlantis,2023-2026\n"
        let error = try #require(throws: SeedError.self) {
            try SeedCatalog { file throws(SeedError) in files[file]! }
        }
        #expect(
            error
                == SeedError(
                    file: "governance.csv", line: 3, column: 2, field: "member_slug",
                    reason: "'atlantis' is not in members.csv"))
    }
}
