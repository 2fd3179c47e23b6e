import Vapor
import WeGOCore

/// The loaded catalogs, read once at start-up from Resources/Locales.
struct Localization: Sendable {
    let catalogs: [Language: Catalog]

    static func load() throws -> Localization {
        var catalogs: [Language: Catalog] = [:]
        for language in Language.allCases {
            let data = try Resources.data("Locales/\(language.rawValue).json")
            catalogs[language] = try Catalog(language: language, json: data)
        }
        return Localization(catalogs: catalogs)
    }

    func catalog(_ language: Language) -> Catalog { catalogs[language] ?? catalogs[.en]! }
}

/// The language cookie remembers a choice made in the switcher; it beats Accept-Language.
enum LanguageCookie {
    static let name = "wego_lang"
}

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = Language }

    var language: Language {
        if let cached = storage[LanguageKey.self] { return cached }
        let chosen =
            cookies[LanguageCookie.name].flatMap { Language(rawValue: $0.string) }
            ?? Language.negotiate(acceptLanguage: headers.first(name: .acceptLanguage))
        storage[LanguageKey.self] = chosen
        return chosen
    }

    var catalog: Catalog { application.localization.catalog(language) }

    func t(_ key: String, _ arguments: [String: String] = [:]) -> String { catalog.text(key, arguments) }
}
