import Vapor
import WeGOCore

/// Countries with their names in every interface language, read once from the shipped CSV.
struct Country: Sendable, Codable, Equatable {
    var iso2: String
    var iso3: String
    var names: [String: String]
    var continent: String?
}

struct ReferenceData: Sendable {
    let countries: [String: Country]
    /// Country codes in each language's alphabetical order of names, and the names themselves,
    /// computed once: collation with a locale is far too slow to run on every page.
    let sortedCodes: [Language: [String]]
    let names: [Language: [String: String]]

    init(countries: [String: Country]) {
        self.countries = countries
        var sortedCodes: [Language: [String]] = [:]
        var names: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let named = countries.values.map { ($0.iso2, $0.names[language.rawValue] ?? $0.names["en"] ?? $0.iso2) }
            names[language] = Dictionary(uniqueKeysWithValues: named)
            let locale = language.locale
            sortedCodes[language] =
                named
                .sorted { $0.1.compare($1.1, options: [.caseInsensitive, .diacriticInsensitive], locale: locale) == .orderedAscending }
                .map(\.0)
        }
        self.sortedCodes = sortedCodes
        self.names = names
    }

    static func load() throws -> ReferenceData {
        let table = try CSVTable(parsing: try Resources.text("Seed/countries.csv"))
        var countries: [String: Country] = [:]
        for record in table.records {
            guard let iso2 = record["iso2"], iso2.count == 2 else { continue }
            var names: [String: String] = [:]
            for language in Language.allCases {
                let column = language == .zhHans ? "name_zh" : "name_\(language.rawValue)"
                if let name = record[column], !name.isEmpty { names[language.rawValue] = name }
            }
            countries[iso2] = Country(
                iso2: iso2, iso3: record["iso3"] ?? "", names: names,
                continent: record["continent"].flatMap { $0.isEmpty ? nil : $0 })
        }
        return ReferenceData(countries: countries)
    }

    /// The country's name in `language`, falling back to English, then to the code itself.
    func countryName(_ iso2: String, _ language: Language) -> String {
        names[language]?[iso2] ?? iso2
    }

    /// The given codes in the language's alphabetical order of country names.
    func sorted(_ codes: some Collection<String>, _ language: Language) -> [String] {
        let wanted = Set(codes)
        return (sortedCodes[language] ?? []).filter(wanted.contains)
    }
}
