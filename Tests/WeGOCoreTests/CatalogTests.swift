import Foundation
import Testing

@testable import WeGOCore

/// Every interface string in every language: a key missing from any catalog fails here, before release.
@Suite struct CatalogTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/WeGOServer/Resources/Locales")

    static func load(_ language: Language) throws -> Catalog {
        try Catalog(language: language, json: Data(contentsOf: directory.appendingPathComponent("\(language.rawValue).json")))
    }

    @Test(arguments: Language.allCases.filter { $0 != .en })
    func catalogIsComplete(_ language: Language) throws {
        let problems = try Self.load(language).problems(against: try Self.load(.en))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Keys built at run time from enums: each case needs its text.
    @Test func dynamicKeysExist() throws {
        let english = try Self.load(.en)
        var keys: [String] = []
        keys += MemberCategory.allCases.map { "category.\($0.rawValue)" }
        keys += MemberSubtype.allCases.map { "subtype.\($0.rawValue)" }
        keys += Region.allCases.map { "region.\($0.rawValue)" }
        keys += GovernanceRole.allCases.flatMap { ["role.\($0.rawValue)", "role.\($0.rawValue).plural"] }
        keys += ["secretariat_admin", "regional_staff", "member_representative", "judge", "youth_participant"].map { "userrole.\($0)" }
        keys += [
            PasswordProblem.tooShort(minimum: 12), .tooLong(maximum: 128), .tooLongInBytes(maximum: 1024), .common,
            .matchesEmail, .onlyOneDistinctCharacter,
        ].map(\.key)
        keys += [
            "text_too_long", "invalid_category", "invalid_region", "invalid_country", "invalid_founding", "invalid_page", "invalid_per",
        ]
        .map { "filter.\($0)" }
        keys += ["afscn", "ascn", "lascn"].map { "networks.rule.\($0)" }
        let missing = keys.filter { english.strings[$0] == nil }
        #expect(missing.isEmpty, "missing: \(missing)")
    }

    @Test func placeholdersAreCheckedToo() {
        let english = Catalog(language: .en, strings: ["k": "{count} members"])
        let broken = Catalog(language: .ko, strings: ["k": "{n}명"])
        #expect(broken.problems(against: english) == ["ko: k has placeholders [\"n\"] instead of [\"count\"]"])
        let missing = Catalog(language: .es, strings: [:])
        #expect(missing.problems(against: english) == ["es: missing k"])
    }
}
