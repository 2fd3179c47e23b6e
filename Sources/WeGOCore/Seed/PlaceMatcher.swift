import Foundation

/// Where a member is on the map, found in the Natural Earth populated places.
public struct PlaceMatch: Sendable, Equatable {
    /// How the member name was found, from the most to the least literal.
    public enum Rule: String, Sendable, CaseIterable {
        /// Folded name equals the place's `name`.
        case name
        /// Folded name equals the place's `nameascii`.
        case asciiName
        /// Equal once spaces, hyphens and punctuation are ignored ("Bau-Bau" / "Baubau").
        case compactName
        /// Equal once a suffix such as " City", " SAR" or " Regency" is dropped on either side.
        case withoutSuffix
        /// Through the explicit alias table of known renamings and spellings.
        case alias
    }

    /// The Natural Earth place's name.
    public let placeName: String
    public let country: String
    public let latitude: Double
    public let longitude: Double
    /// Natural Earth `pop_max`; nil when unknown (<= 0) or when the match is partial.
    public let population: Int?
    public let geonameID: Int?
    public let rule: Rule
    /// The member is not the place itself but an area containing it or a part of it (a province,
    /// a district, a city corporation of a larger city): the point is indicative for a map,
    /// the place's population is not the member's and is withheld.
    public let isPartial: Bool
}

/// Finds members in Natural Earth populated places by folded name within one country.
///
/// Names repeat across countries (Cartagena in Spain and Colombia, Bharatpur in India and
/// Nepal), so a country is always required and never crossed. Rules are tried from the most to
/// the least literal; the first that finds a place wins. When several places in one country share
/// a name, the most populous is taken.
public struct PlaceMatcher: Sendable {
    private let places: [SeedPlace]
    /// "CC|key" → indices of places, for each kind of key.
    private let byName: [String: [Int]]
    private let byASCII: [String: [Int]]
    private let byCompact: [String: [Int]]
    private let byStripped: [String: [Int]]

    public init(places: [SeedPlace]) {
        self.places = places
        var byName: [String: [Int]] = [:], byASCII: [String: [Int]] = [:]
        var byCompact: [String: [Int]] = [:], byStripped: [String: [Int]] = [:]
        for (i, place) in places.enumerated() {
            guard let country = place.country else { continue }
            let name = TextFolding.fold(place.name), ascii = TextFolding.fold(place.nameASCII)
            byName[country + "|" + name, default: []].append(i)
            byASCII[country + "|" + ascii, default: []].append(i)
            for key in Set([Self.compact(name), Self.compact(ascii)]) where !key.isEmpty {
                byCompact[country + "|" + key, default: []].append(i)
            }
            // Natural Earth writes some cities with their status ("Baguio City"): index the bare name too.
            for key in Set([name, ascii]) {
                if let (bare, isArea) = Self.stripSuffix(key), !isArea {
                    byStripped[country + "|" + bare, default: []].append(i)
                }
            }
        }
        self.byName = byName; self.byASCII = byASCII; self.byCompact = byCompact; self.byStripped = byStripped
    }

    /// Finds `name` in `country` (ISO 3166-1 alpha-2). A member `subtype` of province or district
    /// makes any match partial: a city's population is never reported for a region.
    /// Returns nil when nothing matches in that country; never guesses elsewhere.
    public func match(name: String, country: String?, subtype: MemberSubtype? = nil) -> PlaceMatch? {
        guard let country = country?.uppercased(), SeedRow.isCode(country, length: 2) else { return nil }
        let areaSubtype = subtype == .province || subtype == .district
        // "Buenos Aires (Costa Rica)": a parenthesised qualifier is not part of the place name.
        let folded = TextFolding.fold(Self.dropParenthetical(name))
        guard !folded.isEmpty else { return nil }

        if let i = best(byName[country + "|" + folded]) {
            return result(i, .name, partial: areaSubtype)
        }
        if let i = best(byASCII[country + "|" + folded]) {
            return result(i, .asciiName, partial: areaSubtype)
        }
        let compactKey = Self.compact(folded)
        if !compactKey.isEmpty, let i = best(byCompact[country + "|" + compactKey]) {
            return result(i, .compactName, partial: areaSubtype)
        }
        if let (bare, isArea) = Self.stripSuffix(folded) {
            let key = country + "|" + bare
            if let i = best(byName[key]) ?? best(byASCII[key]) ?? best(byStripped[key]) {
                return result(i, .withoutSuffix, partial: areaSubtype || isArea)
            }
        } else if let i = best(byStripped[country + "|" + folded]) {
            return result(i, .withoutSuffix, partial: areaSubtype)
        }
        if let alias = Self.aliases[country]?[folded] {
            let key = country + "|" + TextFolding.fold(alias.place)
            if let i = best(byName[key]) ?? best(byASCII[key]) {
                return result(i, .alias, partial: areaSubtype || alias.partial)
            }
        }
        return nil
    }

    // MARK: - Rules

    /// Known renamings and spellings, each checked against the Natural Earth names:
    /// `partial` marks a member that is an area around the place or a part of it.
    /// Deliberately absent: Makati (Natural Earth has no point for it, and Manila is another city).
    static let aliases: [String: [String: (place: String, partial: Bool)]] = [
        "KZ": ["nur-sultan": ("Astana", false)],  // renamed Astana in 2022
        "VN": [
            "ha noi": ("Hanoi", false),
            "thua thien hue": ("Hue", true),
        ],  // the province around Huế
        "IQ": ["erbil": ("Irbil", false)],
        "PS": ["hebron": ("Al Khalil", false)],  // Arabic name of Hebron
        "TR": ["antakya": ("Hatay", false)],  // Natural Earth names Antakya after its province
        "MN": ["altai": ("Altay", false), "choibalsan": ("Choybalsan", false)],
        "UZ": ["chirchik": ("Chirchiq", false)],
        "NP": ["birgunj": ("Birganj", false)],
        "CO": ["cartagena de indias": ("Cartagena", false)],
        "LK": [
            "sri jayawardenapura kotte": ("Sri Jawewardenepura Kotte", false),
            "sri jayewardenepura kotte": ("Sri Jawewardenepura Kotte", false),
        ],
        "BD": ["dhaka north": ("Dhaka", true), "dhaka south": ("Dhaka", true)],  // city corporations of Dhaka
        "ZA": ["tshwane": ("Pretoria", true)],  // metropolitan municipality around Pretoria
        "MY": [
            "penang island": ("George Town", true),  // City of Penang Island, seat George Town
            "seberang perai": ("Butterworth", true),
        ],  // mainland municipality, main town Butterworth
    ]

    /// Suffixes naming a status, not the place. `isArea` suffixes name a region larger than a
    /// city: a match through them keeps the point but withholds the population.
    static let suffixes: [(suffix: String, isArea: Bool)] = [
        (" metropolitan city", false), (" city", false), (" municipality", false), (" sar", false),
        (" province", true), (" state", true), (" prefecture", true), (" regency", true),
        (" region", true), (" islands", true), (" island", true), (" district", true), (" county", true),
    ]

    static func stripSuffix(_ folded: String) -> (String, Bool)? {
        if folded.hasPrefix("city of "), folded.count > 8 { return (String(folded.dropFirst(8)), false) }
        for (suffix, isArea) in suffixes where folded.hasSuffix(suffix) && folded.count > suffix.count {
            return (String(folded.dropLast(suffix.count)), isArea)
        }
        return nil
    }

    static func compact(_ folded: String) -> String {
        String(String.UnicodeScalarView(folded.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
    }

    static func dropParenthetical(_ name: String) -> String {
        guard name.hasSuffix(")"), let open = name.lastIndex(of: "("), open > name.startIndex else { return name }
        return String(name[..<open]).trimmingCharacters(in: .whitespaces)
    }

    private func best(_ indices: [Int]?) -> Int? {
        indices?.max {
            places[$0].populationMax < places[$1].populationMax || (places[$0].populationMax == places[$1].populationMax && $0 > $1)
        }
    }

    private func result(_ i: Int, _ rule: PlaceMatch.Rule, partial: Bool) -> PlaceMatch {
        let place = places[i]
        let population = !partial && place.populationMax > 0 ? place.populationMax : nil
        return PlaceMatch(
            placeName: place.name, country: place.country ?? "", latitude: place.latitude,
            longitude: place.longitude, population: population, geonameID: place.geonameID,
            rule: rule, isPartial: partial)
    }
}
