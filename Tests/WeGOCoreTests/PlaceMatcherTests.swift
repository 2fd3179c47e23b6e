import Foundation
import Testing

@testable import WeGOCore

@Suite("Place matcher")
struct PlaceMatcherTests {
    static let matcher = Result<PlaceMatcher, SeedError> { () throws(SeedError) in
        let text: String
        do {
            text = try String(contentsOf: SeedFixture.directory.appendingPathComponent("places.csv"), encoding: .utf8)
        } catch {
            throw SeedError(file: "places.csv", line: 0, column: 0, reason: "\(error)")
        }
        return PlaceMatcher(places: try SeedCatalog.parsePlaces(text))
    }

    func match(_ name: String, _ country: String?, _ subtype: MemberSubtype? = nil) throws -> PlaceMatch? {
        try Self.matcher.get().match(name: name, country: country, subtype: subtype)
    }

    @Test func seoulHasCoordinatesAndPopulation() throws {
        let seoul = try #require(try match("Seoul", "KR"))
        #expect(abs(seoul.latitude - 37.5) < 0.3 && abs(seoul.longitude - 127.0) < 0.3)
        #expect((seoul.population ?? 0) > 9_000_000)
        #expect(seoul.rule == .name && !seoul.isPartial)
        #expect(seoul.geonameID != nil)
        #expect(try match("seoul", "kr")?.placeName == "Seoul")
    }

    @Test func foldedNamesMatch() throws {
        #expect(try match("Sao Paulo", "BR")?.placeName == "São Paulo")
        #expect(try match("SÃO PAULO", "BR")?.placeName == "São Paulo")
        #expect(try match("Muğla", "TR")?.placeName == "Muğla")
        #expect(try match("Bau-Bau", "ID")?.rule == .compactName)
    }

    @Test func neverAcrossCountries() throws {
        #expect(try match("Seoul", "JP") == nil)
        #expect(try match("Seoul", nil) == nil)
        #expect(try match("Seoul", "Korea") == nil)
        #expect(try match("Bharatpur", "NP") == nil)  // Natural Earth has only India's
        let cartagena = try #require(try match("Cartagena de Indias", "CO"))
        #expect(cartagena.country == "CO" && cartagena.latitude > 0)  // not Spain's
        #expect(try match("Buenos Aires (Costa Rica)", "CR") == nil)
        #expect(try match("Buenos Aires", "AR")?.placeName == "Buenos Aires")
    }

    @Test func unknownNameReturnsNil() throws {
        #expect(try match("Atlantis", "GR") == nil)
        #expect(try match("", "KR") == nil)
    }

    @Test func suffixesAreDropped() throws {
        #expect(try match("Rajshahi City", "BD")?.rule == .withoutSuffix)
        let hk = try #require(try match("Hong Kong SAR", "HK"))
        #expect(hk.placeName == "Hong Kong" && hk.population != nil)
        #expect(try match("Baguio", "PH")?.placeName == "Baguio City")
    }

    @Test func regionsGetNoCityPopulation() throws {
        #expect(try match("Zhejiang Province", "CN") == nil)
        #expect(try match("Saga Prefecture", "JP") == nil)
        #expect(try match("Kepulauan Riau", "ID", .province) == nil)
        let serang = try #require(try match("Serang Regency", "ID", .province))
        #expect(serang.isPartial && serang.population == nil)
        let cusco = try #require(try match("Cusco", "PE", .province))
        #expect(cusco.isPartial && cusco.population == nil && cusco.rule == .name)
    }

    @Test func aliasesForDocumentedRenamings() throws {
        let astana = try #require(try match("Nur-Sultan", "KZ"))
        #expect(astana.placeName == "Astana" && astana.rule == .alias && astana.population != nil)
        #expect(try match("Ha Noi", "VN")?.placeName == "Hanoi")
        #expect(try match("Hebron", "PS")?.placeName == "Al Khalil")
        #expect(try match("Makati", "PH") == nil)
    }

    @Test func partsOfACityGetItsPointButNotItsPopulation() throws {
        let north = try #require(try match("Dhaka North", "BD"))
        let dhaka = try #require(try match("Dhaka", "BD"))
        #expect(north.isPartial && north.population == nil)
        #expect(north.latitude == dhaka.latitude && dhaka.population != nil)
        #expect(try match("Tshwane", "ZA")?.placeName == "Pretoria")
    }

    @Test func mostPopulousWinsAndUnknownPopulationIsNil() {
        func place(_ name: String, _ pop: Int, _ lat: Double) -> SeedPlace {
            SeedPlace(
                name: name, nameASCII: name, country: "US", admin1: nil, latitude: lat, longitude: 0,
                populationMax: pop, geonameID: nil)
        }
        let matcher = PlaceMatcher(places: [
            place("Springfield", 100, 1), place("Springfield", 5000, 2),
            place("Nowhere", -99, 3),
        ])
        #expect(matcher.match(name: "Springfield", country: "US")?.latitude == 2)
        let nowhere = matcher.match(name: "Nowhere", country: "US")
        #expect(nowhere != nil && nowhere?.population == nil && nowhere?.isPartial == false)
    }

    @Test func reportOnTheSeedMembers() throws {
        let catalog = try SeedFixture.catalog()
        let report = SeedReport(members: catalog.members, matcher: try Self.matcher.get())
        #expect(report.matched.count + report.unmatched.count == 136)
        let unmatched = Set(report.unmatched.map(\.name))
        #expect(unmatched.isSuperset(of: ["Makati", "Zhejiang Province", "Saga Prefecture"]))
        #expect(!unmatched.contains("Seoul") && !unmatched.contains("São Paulo"))
        #expect(report.unmatched.allSatisfy { $0.reason == .noPlace })
        if ProcessInfo.processInfo.environment["WEGO_SEED_REPORT"] != nil { print(report.summary) }
    }
}
