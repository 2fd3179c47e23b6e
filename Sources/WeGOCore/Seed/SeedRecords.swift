/// Typed rows of the seed files in `Sources/WeGOServer/Resources/Seed`. Plain values, so the
/// server can turn them into database rows and tests can compare them without I/O.
/// Empty CSV cells become `nil`: an unknown fact stays unknown, and the `note` says why.

/// A member as named in the December 2025 brochure list.
public struct SeedMember: Sendable, Equatable, Hashable {
    public var slug: String
    public var name: String
    /// The name in the member's own script when the brochure prints it (e.g. Korean company names).
    public var nameLocal: String?
    public var abbreviation: String?
    public var category: MemberCategory
    public var subtype: MemberSubtype?
    /// Brochure section for local governments; institutions and corporations are not grouped by region.
    public var region: Region?
    /// ISO 3166-1 alpha-2.
    public var country: String?
    /// One of the 50 founding members of the statutes (under this or a former name).
    public var founding: Bool
    public var note: String?

    public init(
        slug: String, name: String, nameLocal: String? = nil, abbreviation: String? = nil,
        category: MemberCategory, subtype: MemberSubtype? = nil, region: Region? = nil,
        country: String? = nil, founding: Bool = false, note: String? = nil
    ) {
        self.slug = slug; self.name = name; self.nameLocal = nameLocal; self.abbreviation = abbreviation
        self.category = category; self.subtype = subtype; self.region = region; self.country = country
        self.founding = founding; self.note = note
    }
}

/// A figure the documents report (e.g. "LOCAL GOVERNMENTS | 157"), kept apart from the named
/// lists because the brochure names fewer members than it counts.
public struct SeedReportedTotal: Sendable, Equatable, Hashable {
    public enum Scope: String, Sendable, CaseIterable, Codable {
        case total, category, region
    }
    public var scope: Scope
    /// "all" for `.total`, a `MemberCategory` raw value for `.category`, a `Region` raw value for `.region`.
    public var key: String
    public var value: Int
    /// "YYYY-MM".
    public var asOf: String
    public var source: String
    public var note: String?
}

/// One of the 50 founding members listed in the statutes (website text).
public struct SeedFoundingMember: Sendable, Equatable, Hashable {
    public var name: String
    public var country: String?
    /// The current member it corresponds to; nil when it is no longer in the network.
    public var memberSlug: String?
    public var note: String?
}

/// A governance seat for a term, e.g. President City 2023-2026.
public struct SeedGovernanceSeat: Sendable, Equatable, Hashable {
    public var role: GovernanceRole
    public var memberSlug: String
    /// "YYYY-YYYY".
    public var term: String
}

public struct SeedOffice: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case secretariat
        case regionalOffice = "regional_office"
    }
    public var kind: Kind
    public var name: String
    public var city: String
    public var region: Region?
    public var country: String
    public var address: String?
    public var phone: String?
    public var fax: String?
    public var email: String?
    /// The member city hosting the office.
    public var memberSlug: String?
    public var note: String?
}

public struct SeedNetwork: Sendable, Equatable, Hashable {
    public var code: String
    public var name: String
    public var region: Region?
    public var description: String
}

public struct SeedPartner: Sendable, Equatable, Hashable {
    public var name: String
    /// Only when a seed document spells the name out; acronyms are not guessed.
    public var fullName: String?
    public var note: String?
}

/// A member's official population as a seed document states it ("1.9 Million"), with the source.
public struct SeedPopulation: Sendable, Equatable, Hashable {
    public var population: Int
    public var asStated: String
    public var source: String
}

/// A Natural Earth populated place (10m, about 2017).
public struct SeedPlace: Sendable, Equatable, Hashable {
    public var name: String
    public var nameASCII: String
    /// ISO 3166-1 alpha-2; nil for places in areas without one (Natural Earth -99: Kosovo, Somaliland, N. Cyprus).
    public var country: String?
    public var admin1: String?
    public var latitude: Double
    public var longitude: Double
    /// Natural Earth `pop_max`; -99 or 0 when unknown.
    public var populationMax: Int
    public var geonameID: Int?
}

public struct SeedCountry: Sendable, Equatable, Hashable {
    public var iso2: String
    public var iso3: String
    public var nameEN: String
    public var nameES: String
    public var nameZH: String
    public var nameKO: String
    /// Continent code: AF, AN, AS, EU, NA (North America), OC, SA.
    public var continent: String
    /// UN M49 region and sub-region names; empty for Antarctica.
    public var unRegion: String?
    public var unSubregion: String?

    /// The name in one of the first four platform languages, falling back to English.
    public func name(language: String) -> String {
        switch language.prefix(2) {
        case "es": nameES
        case "zh": nameZH
        case "ko": nameKO
        default: nameEN
        }
    }
}
