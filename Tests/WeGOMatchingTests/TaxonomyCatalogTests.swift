import Foundation
import Testing
import WeGOCore

@testable import WeGOMatching

/// The taxonomy's labels are catalog keys built at run time ("domain.<code>", "sdg.<n>"): each needs
/// its text in every language, or the picker shows the raw key.
@Suite struct TaxonomyCatalogTests {
    static let locales = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/WeGOServer/Resources/Locales")

    @Test(arguments: Language.allCases)
    func everyTaxonomyTermHasALabel(_ language: Language) throws {
        let data = try Data(contentsOf: Self.locales.appendingPathComponent("\(language.rawValue).json"))
        let catalog = try Catalog(language: language, json: data)
        let keys = Taxonomy.domains.map { "domain.\($0.code)" } + Taxonomy.sdgs.map { "sdg.\($0)" }
        #expect(keys.count > 17)
        let missing = keys.filter { catalog.strings[$0] == nil }
        #expect(missing.isEmpty, "\(language.rawValue) misses \(missing)")
    }
}
