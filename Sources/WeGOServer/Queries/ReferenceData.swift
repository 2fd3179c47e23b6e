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
            countries[iso2] = Country(iso2: iso2, iso3: record["iso3"] ?? "", names: names,
                                      continent: record["continent"].flatMap { $0.isEmpty ? nil : $0 })
        }
        return ReferenceData(countries: countries)
    }

    /// The country's name in `language`, falling back to English, then to the code itself.
    func countryName(_ iso2: String, _ language: Language) -> String {
        guard let country = countries[iso2] else { return iso2 }
        return country.names[language.rawValue] ?? country.names["en"] ?? iso2
    }
}
