import Foundation
import Testing

@testable import WeGOCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("WorldMap")
struct WorldMapTests {
    /// The file the server ships, found relative to this source file so the test needs no bundle.
    static let shippedFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // WeGOCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("Sources/WeGOServer/Resources/Map/countries-110m.geojson")

    static func shippedMap(excluding: Set<String> = ["ATA"]) throws -> WorldMap {
        try WorldMap(geoJSON: Data(contentsOf: shippedFile), excluding: excluding)
    }

    static func options(members: Set<String> = []) -> WorldMap.RenderOptions {
        .init(
            id: "member-map", title: "Membres de WeGO", description: "Carte des membres",
            memberCountries: members)
    }

    // MARK: Parsing

    @Test func parsesEveryFeature() throws {
        #expect(try Self.shippedMap(excluding: []).countries.count == 177)
        let map = try Self.shippedMap()
        #expect(map.countries.count == 176)
        #expect(!map.countries.contains { $0.adm0A3 == "ATA" })
        #expect(map.countries.allSatisfy { !$0.pathData.isEmpty })
        // Multi-polygons are kept whole: Indonesia has many islands, hence many sub-paths.
        let indonesia = try #require(map.countries.first { $0.adm0A3 == "IDN" })
        #expect(indonesia.pathData.filter { $0 == "M" }.count > 5)
    }

    @Test func isoCodesAreFixedWhereNaturalEarthSaysMinus99() throws {
        let byCode = Dictionary(uniqueKeysWithValues: try Self.shippedMap().countries.map { ($0.adm0A3, $0) })
        #expect(byCode["FRA"]?.iso2 == "FR")
        #expect(byCode["NOR"]?.iso2 == "NO")
        #expect(byCode["KOS"]?.iso2 == "XK")
        #expect(byCode["KOR"]?.iso2 == "KR")
        #expect(byCode["CYN"]?.iso2 == nil)
        #expect(byCode["CIV"]?.name == "Côte d'Ivoire")
    }

    @Test func viewBoxHasTheEqualEarthAspectRatio() throws {
        let map = try Self.shippedMap()
        #expect(map.width == 1000)
        #expect(abs(map.height - 486.8) < 0.2)
    }

    // MARK: Projection

    @Test func originIsTheCentre() throws {
        let map = try Self.shippedMap()
        let p = map.project(latitude: 0, longitude: 0)
        #expect(abs(p.x - map.width / 2) < 1e-9)
        #expect(abs(p.y - map.height / 2) < 1e-9)
    }

    @Test func seoulIsEastAndNorthOfTheOrigin() throws {
        let map = try Self.shippedMap()
        let origin = map.project(latitude: 0, longitude: 0)
        let seoul = map.project(latitude: 37.5665, longitude: 126.978)
        #expect(seoul.x > origin.x)
        #expect(seoul.y < origin.y)  // SVG y grows downwards
        let buenosAires = map.project(latitude: -34.6, longitude: -58.4)
        #expect(buenosAires.x < origin.x && buenosAires.y > origin.y)
    }

    @Test func edgesFillTheFrameAndOutOfRangeInputIsTamed() throws {
        let map = try Self.shippedMap()
        #expect(abs(map.project(latitude: 0, longitude: 180).x - map.width) < 1e-9)
        #expect(abs(map.project(latitude: 0, longitude: -180).x) < 1e-9)
        #expect(map.project(latitude: 90, longitude: 0).y >= 0)
        #expect(map.project(latitude: -90, longitude: 0).y <= map.height)
        // Clamped / wrapped instead of leaving the frame.
        let far = map.project(latitude: 120, longitude: 540)
        #expect(far.x >= 0 && far.x <= map.width && far.y >= 0)
    }

    // MARK: Rendering

    @Test func renderIsAnAccessibleSVG() throws {
        let svg = try Self.shippedMap().render([], options: Self.options())
        #expect(svg.hasPrefix("<svg "))
        #expect(svg.hasSuffix("</svg>"))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("id=\"member-map\""))
        #expect(svg.contains("aria-labelledby=\"member-map-title member-map-desc\""))
        #expect(svg.contains("<title id=\"member-map-title\">Membres de WeGO</title>"))
        #expect(svg.contains("<desc id=\"member-map-desc\">Carte des membres</desc>"))
        #expect(svg.contains("viewBox=\"0 0 1000 "))
        let svgTag = String(svg.prefix { $0 != ">" })
        #expect(!svgTag.contains("width="))
        #expect(!svgTag.contains("height="))
        #expect(!svg.contains("style"))
        #expect(!svg.contains("<script"))
        // Natural Earth's English names are not written: the core puts no untranslated text on the page.
        #expect(!svg.contains("France"))
        #expect(svg.components(separatedBy: "class=\"country").count - 1 == 176)
    }

    @Test func escapesAndKeepsUnicode() throws {
        let markers = [
            MapMarker(id: "1", label: "A & B <C>", latitude: 10, longitude: 10, kind: "corporation"),
            MapMarker(id: "2", label: "Muğla \"Büyükşehir\"", latitude: 37.2, longitude: 28.4, kind: "local_government"),
            MapMarker(
                id: "3", label: "São Paulo", latitude: -23.55, longitude: -46.63, kind: "local_government",
                href: "/members/sao-paulo?lang=pt&x=<1>"),
        ]
        let options = WorldMap.RenderOptions(id: "m\"x", title: "Title & <T>", description: "D\u{1}esc")
        let svg = try Self.shippedMap().render(markers, options: options)
        #expect(svg.contains("<title>A &amp; B &lt;C&gt;</title>"))
        #expect(!svg.contains("A & B"))
        #expect(svg.contains("Muğla &quot;Büyükşehir&quot;"))
        #expect(svg.contains("<title>São Paulo</title>"))
        #expect(svg.contains("<a href=\"/members/sao-paulo?lang=pt&amp;x=&lt;1&gt;\">"))
        #expect(svg.contains("id=\"m&quot;x\""))
        #expect(svg.contains(">Title &amp; &lt;T&gt;</title>"))
        #expect(svg.contains(">Desc</desc>"))  // control character dropped
        #expect(try Self.isWellFormedXML(svg))
    }

    @Test func markersMembersAndOffices() throws {
        let map = try Self.shippedMap()
        let seoul = map.project(latitude: 37.5665, longitude: 126.978)
        let markers = [
            MapMarker(
                id: "sec", label: "WeGO Secretariat", latitude: 37.5665, longitude: 126.978,
                kind: "office", isOffice: true, href: "/about"),
            MapMarker(id: "seoul", label: "Seoul", latitude: 37.5665, longitude: 126.978, kind: "local_government"),
            MapMarker(id: "bad", label: "Nowhere", latitude: .nan, longitude: 0, kind: "institution"),
        ]
        let svg = map.render(markers, options: Self.options(members: ["kr", "FR"]))
        #expect(
            svg.contains(
                """
                <circle class=\"marker local_government\" data-id=\"seoul\" cx=\"\(SVGText.number(seoul.x))\" \
                cy=\"\(SVGText.number(seoul.y))\" r=\"3.5\"><title>Seoul</title></circle>
                """
            ))
        #expect(svg.contains("<a href=\"/about\"><path class=\"marker office office\" data-id=\"sec\" d=\"M"))
        // Offices are drawn after members so they stay on top.
        let office = try #require(svg.range(of: "data-id=\"sec\""))
        let member = try #require(svg.range(of: "data-id=\"seoul\""))
        #expect(member.lowerBound < office.lowerBound)
        #expect(!svg.contains("Nowhere"))
        #expect(!svg.contains("nan"))
        #expect(svg.components(separatedBy: "member-country").count - 1 == 2)
        #expect(try Self.isWellFormedXML(svg))
    }

    @Test func countryTitlesOnlyWhenTheCallerTranslatesThem() throws {
        var options = Self.options()
        options.countryNames = ["KR": "대한민국"]
        let svg = try Self.shippedMap().render([], options: options)
        #expect(svg.contains("\"><title>대한민국</title></path>"))
        #expect(svg.components(separatedBy: "<title>").count - 1 == 1)
    }

    @Test func coordinatesHaveAtMostOneDecimal() throws {
        let map = try Self.shippedMap()
        let svg = map.render(Self.twoHundredMarkers(map), options: Self.options())
        #expect(svg.range(of: #"\.[0-9]{2}"#, options: .regularExpression) == nil)
        #expect(!svg.contains("e-"))  // no scientific notation
    }

    @Test func twoHundredMarkersStayUnderTheSizeBudget() throws {
        let map = try Self.shippedMap()
        let svg = map.render(Self.twoHundredMarkers(map), options: Self.options(members: ["KR", "FR", "BR", "TR"]))
        #expect(svg.utf8.count < 150_000, "rendered map is \(svg.utf8.count) bytes")
        #expect(try Self.isWellFormedXML(svg))
    }

    @Test func numberFormatting() {
        func f(_ v: Double) -> String { SVGText.number(v) }
        #expect(f(0) == "0")
        #expect(f(-0.04) == "0")
        #expect(f(0.5) == ".5")
        #expect(f(-0.5) == "-.5")
        #expect(f(12) == "12")
        #expect(f(12.34) == "12.3")
        #expect(f(-7.06) == "-7.1")
        var path = ""
        WorldMap.appendRing([(x: 1, y: 1), (x: 2, y: 1), (x: 2, y: 0.5), (x: 1, y: 1)], to: &path)
        #expect(path == "M1 1l1 0 0-.5z")
        var speck = ""
        WorldMap.appendRing([(x: 1, y: 1), (x: 1.01, y: 1), (x: 1, y: 1.01), (x: 1, y: 1)], to: &speck)
        #expect(speck.isEmpty)
    }

    // MARK: Malformed input

    @Test(arguments: [
        "not json",
        "[]",
        #"{"type":"Feature","features":[]}"#,
        #"{"type":"FeatureCollection"}"#,
        #"{"type":"FeatureCollection","features":[{"properties":{"NAME":"X"},"geometry":null}]}"#,
        #"{"type":"FeatureCollection","features":[{"properties":{"ADM0_A3":"XXX"},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#,
        #"{"type":"FeatureCollection","features":["#
            + #"{"properties":{"ADM0_A3":"XXX"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0]]]}}]}"#,
        #"{"type":"FeatureCollection","features":["#
            + #"{"properties":{"ADM0_A3":"XXX"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,95],[0,0]]]}}]}"#,
        #"{"type":"FeatureCollection","features":["#
            + #"{"properties":{"ADM0_A3":"XXX"},"geometry":{"type":"Polygon","coordinates":[[["a",0],[1,1],[1,2],[0,0]]]}}]}"#,
        #"{"type":"FeatureCollection","features":["#
            + #"{"properties":{"ADM0_A3":"XXX"},"geometry":{"type":"MultiPolygon","coordinates":[[0,0]]}}]}"#,
    ])
    func malformedGeoJSONThrows(_ json: String) {
        #expect(throws: WorldMapError.self) { try WorldMap(geoJSON: Data(json.utf8)) }
    }

    @Test func errorsSayWhere() {
        let json =
            #"{"type":"FeatureCollection","features":["#
            + #"{"properties":{"ADM0_A3":"AAA"},"geometry":null},"#
            + #"{"properties":{"ADM0_A3":"XXX"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,95],[0,0]]]}}]}"#
        #expect(throws: WorldMapError.invalidFeature(index: 1, reason: "XXX: invalid position [1.0, 95.0], expected [longitude, latitude]"))
        {
            try WorldMap(geoJSON: Data(json.utf8))
        }
        let typo =
            #"{"type":"FeatureCollection","features":[{"properties":{"ADM0_A3":"AAA"},"geometry":{"type":"Polygon","coordinates":"x"}}]}"#
        do {
            _ = try WorldMap(geoJSON: Data(typo.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("features[0].geometry.coordinates"), "\(error)")
        }
    }

    @Test func aFeatureWithoutGeometryIsAllowed() throws {
        let json =
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ADM0_A3":"AAA","ISO_A2":"-99"},"geometry":null}]}"#
        let map = try WorldMap(geoJSON: Data(json.utf8))
        #expect(map.countries == [WorldMap.Country(adm0A3: "AAA", iso2: nil, name: "AAA", pathData: "")])
    }

    // MARK: Helpers

    static func twoHundredMarkers(_ map: WorldMap) -> [MapMarker] {
        let kinds = ["local_government", "corporation", "institution"]
        return (0 ..< 200).map { i in
            MapMarker(
                id: "member-\(i)", label: "Member organisation number \(i) São Paulo",
                latitude: Double(i % 140) - 60 + 0.123, longitude: Double(i * 37 % 360) - 180 + 0.456,
                kind: kinds[i % 3], isOffice: i % 50 == 0, href: "/members/member-organisation-\(i)")
        }
    }

    static func isWellFormedXML(_ text: String) throws -> Bool {
        let parser = XMLParser(data: Data(text.utf8))
        return parser.parse()
    }
}
