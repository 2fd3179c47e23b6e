import Foundation

/// Why this error is typed and specific: the map data ships with the server and is parsed at
/// start-up; if someone replaces the file with a broken one, the log must say which feature and
/// which field are wrong instead of "the data couldn't be read".
public enum WorldMapError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not JSON, or the JSON does not have the shape of a GeoJSON FeatureCollection.
    case malformedGeoJSON(String)
    /// A feature is present but unusable: missing `ADM0_A3`, unsupported geometry, bad coordinates.
    case invalidFeature(index: Int, reason: String)

    public var description: String {
        switch self {
        case .malformedGeoJSON(let reason): "malformed GeoJSON: \(reason)"
        case .invalidFeature(let index, let reason): "invalid GeoJSON feature #\(index): \(reason)"
        }
    }
}

/// A world map of country outlines that renders itself, with markers, as an accessible inline SVG.
///
/// Why server-side SVG: the member map must work without JavaScript, without a tile server or third
/// party (no tracking, strict CSP) and be readable by search engines; an inline SVG styled by the
/// site CSS does all of that.
///
/// Why the work is split this way: parsing, projecting and formatting the ~10,000 country points is
/// done once in `init`; `render` only concatenates the prepared path strings and formats the
/// markers, so a request costs O(size of the output).
///
/// Antarctica (`ATA`) is dropped by default: no WeGO member is there, and in an equal-area
/// projection it is a wide band along the bottom that draws the eye and costs bytes. The frame
/// (`viewBox`) still covers the whole globe so that (0°, 0°) stays at the exact centre; pass
/// `excluding: []` to draw it anyway.
public struct WorldMap: Sendable {
    /// One country outline, ready to draw.
    public struct Country: Sendable, Equatable {
        /// Natural Earth's `ADM0_A3`: unique for every shape, unlike ISO codes (see `iso2`).
        public let adm0A3: String
        /// ISO 3166-1 alpha-2 (upper case), or nil for territories without one
        /// (Northern Cyprus, Somaliland). Used to highlight countries that have members.
        public let iso2: String?
        /// Natural Earth's English short name. Data for logs and tests; it is never written into the
        /// SVG, because the core must not put untranslated text on the page.
        public let name: String
        /// The SVG path data (`d` attribute) in viewBox coordinates.
        public let pathData: String
    }

    /// What the caller controls when drawing.
    ///
    /// Why the caller passes every text: the core has no localisation; the server translates the
    /// title, description and (optionally) country names before calling `render`.
    public struct RenderOptions: Sendable, Equatable {
        /// `id` of the `<svg>` element; the `<title>` and `<desc>` ids are derived from it, so it
        /// must be unique within the page.
        public var id: String
        /// Short accessible name, e.g. "WeGO members around the world".
        public var title: String
        /// Longer accessible description, e.g. "Map of 214 members in 62 countries; the list
        /// below gives the same information."
        public var description: String
        /// ISO 3166-1 alpha-2 codes (any case) of countries with at least one member; their paths
        /// get the extra class `member-country`.
        public var memberCountries: Set<String>
        /// Optional translated country names keyed by upper-case ISO alpha-2; when present a
        /// country path gets a `<title>` tooltip. Empty by default to keep the SVG small.
        public var countryNames: [String: String]
        /// Class of the `<svg>` element, for the site stylesheet.
        public var cssClass: String
        /// Radius of a member dot, in viewBox units (the map is 1000 wide).
        public var markerRadius: Double
        /// Half-diagonal of an office diamond, in viewBox units.
        public var officeRadius: Double

        public init(
            id: String, title: String, description: String,
            memberCountries: Set<String> = [], countryNames: [String: String] = [:],
            cssClass: String = "world-map", markerRadius: Double = 3.5, officeRadius: Double = 7
        ) {
            self.id = id
            self.title = title
            self.description = description
            self.memberCountries = memberCountries
            self.countryNames = countryNames
            self.cssClass = cssClass
            self.markerRadius = markerRadius
            self.officeRadius = officeRadius
        }
    }

    /// Width of the viewBox. Fixed so that marker sizes and CSS stroke widths mean the same thing
    /// on every page; the rendered size is set by CSS (`width: 100%; height: auto`).
    public let width: Double
    /// Height of the viewBox: the Equal Earth aspect ratio (≈ 2.05 : 1), rounded up to 0.1.
    public let height: Double
    /// Every drawn country, in file order.
    public let countries: [Country]
    /// The outline of the globe (the map's edge), so CSS can colour the sea without a rectangle.
    public let spherePathData: String

    private let scale: Double
    private let viewBox: String
    /// Bytes of the static part of the drawing, to size the output buffer once per render.
    private let staticBytes: Int

    /// Parses a GeoJSON FeatureCollection of Polygon / MultiPolygon features with at least an
    /// `ADM0_A3` property (and optionally `ISO_A2`, `ISO_A2_EH`, `NAME`), as shipped in
    /// `Resources/Map/countries-110m.geojson`.
    /// - Parameters:
    ///   - excluding: `ADM0_A3` codes not to draw. Antarctica by default (see the type comment).
    ///   - width: viewBox width; the height follows from the projection.
    public init(geoJSON data: Data, excluding: Set<String> = ["ATA"], width: Double = 1000) throws(WorldMapError) {
        precondition(width > 0, "WorldMap width must be positive")
        self.width = width
        let scale = (width / 2) / EqualEarth.maxX
        self.scale = scale
        // Rounded *up* to the 0.1 grid so the pole lines are never clipped.
        let height = (2 * EqualEarth.maxY * scale * 10).rounded(.up) / 10
        self.height = height
        self.viewBox = "0 0 \(SVGText.number(width)) \(SVGText.number(height))"

        let collection: GeoJSONCollection
        do {
            collection = try JSONDecoder().decode(GeoJSONCollection.self, from: data)
        } catch let error as DecodingError {
            throw .malformedGeoJSON(Self.explain(error))
        } catch {
            throw .malformedGeoJSON(String(describing: error))
        }
        guard collection.type == "FeatureCollection" else {
            throw .malformedGeoJSON("top-level type is \"\(collection.type)\", expected \"FeatureCollection\"")
        }

        func project(_ lat: Double, _ lon: Double) -> (x: Double, y: Double) {
            Self.toViewBox(EqualEarth.raw(latitude: lat, longitude: lon), scale: scale, width: width, height: height)
        }

        var countries: [Country] = []
        countries.reserveCapacity(collection.features.count)
        for (index, feature) in collection.features.enumerated() {
            guard let code = feature.properties?.adm0A3?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
                throw .invalidFeature(index: index, reason: "missing ADM0_A3 property")
            }
            let polygons: [[[[Double]]]]
            switch feature.geometry {
            case nil: polygons = []  // GeoJSON allows a feature without geometry: nothing to draw.
            case .polygon(let rings)?: polygons = [rings]
            case .multiPolygon(let list)?: polygons = list
            case .unsupported(let type)?:
                throw .invalidFeature(index: index, reason: "\(code): geometry type \"\(type)\" is not Polygon or MultiPolygon")
            }
            // Validate everything, even excluded features: a broken file should fail loudly.
            for rings in polygons {
                for ring in rings {
                    guard ring.count >= 4 else {
                        throw .invalidFeature(
                            index: index, reason: "\(code): a ring has \(ring.count) positions, GeoJSON requires at least 4")
                    }
                    for position in ring {
                        guard position.count >= 2, position[0].isFinite, position[1].isFinite,
                            (-180 ... 180).contains(position[0]), (-90 ... 90).contains(position[1])
                        else {
                            throw .invalidFeature(
                                index: index, reason: "\(code): invalid position \(position), expected [longitude, latitude]")
                        }
                    }
                }
            }
            if excluding.contains(code) { continue }
            var path = ""
            for rings in polygons {
                for ring in rings {
                    Self.appendRing(ring.lazy.map { project($0[1], $0[0]) }, to: &path)
                }
            }
            let props = feature.properties
            countries.append(
                Country(
                    adm0A3: code,
                    iso2: Self.iso2(primary: props?.isoA2EH, fallback: props?.isoA2),
                    name: props?.name ?? code,
                    pathData: path))
        }
        self.countries = countries

        // The globe's edge: down the western meridian, up the eastern one; the flat poles close it.
        var edge: [(x: Double, y: Double)] = []
        for lat in stride(from: 90.0, through: -90, by: -5) { edge.append(project(lat, -180)) }
        for lat in stride(from: -90.0, through: 90, by: 5) { edge.append(project(lat, 180)) }
        var sphere = ""
        Self.appendRing(edge, to: &sphere)
        self.spherePathData = sphere
        self.staticBytes = countries.reduce(sphere.utf8.count + 512) { $0 + $1.pathData.utf8.count + 40 }
    }

    /// Projects a geographic position to viewBox coordinates (x to the east, y to the south).
    /// Latitude is clamped to ±90° and longitude wrapped into ±180°.
    public func project(latitude: Double, longitude: Double) -> (x: Double, y: Double) {
        Self.toViewBox(EqualEarth.raw(latitude: latitude, longitude: longitude), scale: scale, width: width, height: height)
    }

    /// Renders the complete `<svg>` element.
    ///
    /// Accessibility: the SVG is `role="img"` named by its `<title>` and `<desc>`. Assistive
    /// technology treats an image as a single node, so the marker links and tooltips are a
    /// convenience for mouse and keyboard users only; the page must offer the same information
    /// (the member list) as HTML next to the map.
    ///
    /// Markers with non-finite coordinates are skipped rather than producing `NaN` in the output.
    /// Member dots are drawn first and offices last, so offices stay on top where they overlap.
    public func render(_ markers: [MapMarker], options: RenderOptions) -> String {
        let id = SVGText.escape(options.id)
        let members = Set(options.memberCountries.map { $0.uppercased() })
        var out = ""
        out.reserveCapacity(staticBytes + markers.count * 200)

        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" class=\"\(SVGText.escape(options.cssClass))\""
        out += " viewBox=\"\(viewBox)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">"
        out += "<title id=\"\(id)-title\">\(SVGText.escape(options.title))</title>"
        out += "<desc id=\"\(id)-desc\">\(SVGText.escape(options.description))</desc>"
        out += "<path class=\"sphere\" d=\"\(spherePathData)\"/>"

        out += "<g class=\"countries\">"
        for country in countries {
            let isMember = country.iso2.map { members.contains($0) } ?? false
            out += isMember ? "<path class=\"country member-country\" d=\"" : "<path class=\"country\" d=\""
            out += country.pathData
            if let iso = country.iso2, let name = options.countryNames[iso] {
                out += "\"><title>\(SVGText.escape(name))</title></path>"
            } else {
                out += "\"/>"
            }
        }
        out += "</g>"

        out += "<g class=\"markers\">"
        for marker in markers where !marker.isOffice { appendMarker(marker, options: options, to: &out) }
        for marker in markers where marker.isOffice { appendMarker(marker, options: options, to: &out) }
        out += "</g></svg>"
        return out
    }

    // MARK: - Drawing helpers

    private func appendMarker(_ marker: MapMarker, options: RenderOptions, to out: inout String) {
        guard marker.latitude.isFinite, marker.longitude.isFinite else { return }
        let p = project(latitude: marker.latitude, longitude: marker.longitude)
        if let href = marker.href { out += "<a href=\"\(SVGText.escape(href))\">" }
        let kind = SVGText.escape(marker.kind)
        let dataID = SVGText.escape(marker.id)
        if marker.isOffice {
            // A diamond: distinguishable from the dots by shape, not only by colour.
            let r = SVGText.tenths(options.officeRadius)
            var d = "M"
            SVGText.append(tenths: SVGText.tenths(p.x), to: &d, separated: false)
            SVGText.append(tenths: SVGText.tenths(p.y) - r, to: &d, separated: true)
            d += "l"
            SVGText.append(tenths: r, to: &d, separated: false)
            SVGText.append(tenths: r, to: &d, separated: true)
            SVGText.append(tenths: -r, to: &d, separated: true)
            SVGText.append(tenths: r, to: &d, separated: true)
            SVGText.append(tenths: -r, to: &d, separated: true)
            SVGText.append(tenths: -r, to: &d, separated: true)
            d += "z"
            out += "<path class=\"marker office \(kind)\" data-id=\"\(dataID)\" d=\"\(d)\">"
            out += "<title>\(SVGText.escape(marker.label))</title></path>"
        } else {
            out += "<circle class=\"marker \(kind)\" data-id=\"\(dataID)\" cx=\"\(SVGText.number(p.x))\""
            out += " cy=\"\(SVGText.number(p.y))\" r=\"\(SVGText.number(options.markerRadius))\">"
            out += "<title>\(SVGText.escape(marker.label))</title></circle>"
        }
        if marker.href != nil { out += "</a>" }
    }

    private static func toViewBox(_ raw: (x: Double, y: Double), scale: Double, width: Double, height: Double) -> (x: Double, y: Double) {
        (width / 2 + raw.x * scale, height / 2 - raw.y * scale)
    }

    /// Appends one closed ring as `M x y l dx dy … z`, on the 0.1 grid.
    /// Relative moves are computed between *rounded* absolute points, so they are exact and the
    /// output is about a third smaller than absolute coordinates. Points that collapse onto the
    /// previous one at this resolution are dropped; rings that collapse to fewer than 3 points
    /// (specks smaller than 0.1 unit) are dropped entirely.
    static func appendRing<S: Sequence>(_ points: S, to out: inout String) where S.Element == (x: Double, y: Double) {
        var grid: [(Int, Int)] = []
        for p in points {
            let q = (SVGText.tenths(p.x), SVGText.tenths(p.y))
            if let last = grid.last, last == q { continue }
            grid.append(q)
        }
        // The closing position repeats the first one; `z` closes the ring instead.
        if grid.count > 1, let first = grid.first, let last = grid.last, first == last { grid.removeLast() }
        guard grid.count >= 3 else { return }
        out += "M"
        SVGText.append(tenths: grid[0].0, to: &out, separated: false)
        SVGText.append(tenths: grid[0].1, to: &out, separated: true)
        out += "l"
        for i in 1 ..< grid.count {
            SVGText.append(tenths: grid[i].0 - grid[i - 1].0, to: &out, separated: i > 1)
            SVGText.append(tenths: grid[i].1 - grid[i - 1].1, to: &out, separated: true)
        }
        out += "z"
    }

    /// ISO alpha-2 from Natural Earth, where "-99" means "none" (France and Norway carry "-99" in
    /// `ISO_A2` of older releases; `ISO_A2_EH` fixes them when present, and the shipped file is
    /// already corrected).
    private static func iso2(primary: String?, fallback: String?) -> String? {
        for candidate in [primary, fallback] {
            if let code = candidate?.trimmingCharacters(in: .whitespaces).uppercased(),
                code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter })
            {
                return code
            }
        }
        return nil
    }

    /// Turns a `DecodingError` into "features[12].geometry.coordinates: …".
    private static func explain(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var s = ""
            for key in keys {
                if let i = key.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + key.stringValue }
            }
            return s.isEmpty ? "top level" : s
        }
        switch error {
        case .dataCorrupted(let c):
            let underlying = c.underlyingError.map { " (\($0.localizedDescription))" } ?? ""
            return "\(path(c.codingPath)): \(c.debugDescription)\(underlying)"
        case .keyNotFound(let key, let c):
            return "\(path(c.codingPath + [key])): missing"
        case .typeMismatch(let type, let c):
            return "\(path(c.codingPath)): expected \(type)"
        case .valueNotFound(let type, let c):
            return "\(path(c.codingPath)): expected \(type), found null"
        @unknown default:
            return String(describing: error)
        }
    }
}

// MARK: - GeoJSON decoding

/// Only the members we use are declared; JSONDecoder ignores the rest (the original Natural Earth
/// file has ~70 properties per feature, and can be loaded directly too).
private struct GeoJSONCollection: Decodable {
    let type: String
    let features: [GeoJSONFeature]
}

private struct GeoJSONFeature: Decodable {
    let properties: GeoJSONProperties?
    let geometry: GeoJSONGeometry?
}

private struct GeoJSONProperties: Decodable {
    let adm0A3: String?
    let isoA2: String?
    let isoA2EH: String?
    let name: String?

    enum CodingKeys: String, CodingKey {
        case adm0A3 = "ADM0_A3", isoA2 = "ISO_A2", isoA2EH = "ISO_A2_EH", name = "NAME"
    }

    // Lenient per field: a numeric or null code is treated as absent rather than failing the file.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func string(_ key: CodingKeys) -> String? { (try? c.decodeIfPresent(String.self, forKey: key)) ?? nil }
        adm0A3 = string(.adm0A3)
        isoA2 = string(.isoA2)
        isoA2EH = string(.isoA2EH)
        name = string(.name)
    }
}

private enum GeoJSONGeometry: Decodable {
    case polygon([[[Double]]])
    case multiPolygon([[[[Double]]]])
    case unsupported(String)

    enum CodingKeys: String, CodingKey { case type, coordinates }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "Polygon": self = .polygon(try c.decode([[[Double]]].self, forKey: .coordinates))
        case "MultiPolygon": self = .multiPolygon(try c.decode([[[[Double]]]].self, forKey: .coordinates))
        default: self = .unsupported(type)
        }
    }
}
