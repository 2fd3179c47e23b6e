import Foundation
import Testing

@testable import WeGOCore

@Suite struct TextFoldingTests {
    @Test(arguments: [
        ("São Paulo", "sao paulo"), ("Muğla", "mugla"), ("  ASUNCIÓN  ", "asuncion"), ("Hà Nội", "ha noi"),
        ("Øresund Æble", "oresund aeble"), ("Straße", "strasse"), ("서울", "서울"), ("成都", "成都"),
    ])
    func folds(_ input: String, _ expected: String) {
        #expect(TextFolding.fold(input) == expected)
    }

    /// The ASCII shortcut answers as Foundation's folding does: every ASCII character alone and
    /// between letters, and 2,000 seeded random ASCII strings (white space runs included).
    @Test func theASCIIShortcutFoldsAsFoundationDoes() {
        for byte in UInt8(0) ... 0x7F {
            let character = String(UnicodeScalar(byte))
            for text in [character, "a" + character + "B", " " + character + character + " "] {
                #expect(TextFolding.foldASCII(text) == TextFolding.foldUnicode(text), "byte \(byte)")
            }
        }
        var generator = SeededGenerator(seed: 11)
        let alphabet = Array("aZ09 \t\n`'-.,()&/AbCdÉ".unicodeScalars.filter(\.isASCII))
        for _ in 0 ..< 2000 {
            let length = Int.random(in: 0 ... 24, using: &generator)
            let text = String(String.UnicodeScalarView((0 ..< length).map { _ in alphabet.randomElement(using: &generator)! }))
            #expect(TextFolding.foldASCII(text) == TextFolding.foldUnicode(text), "\(text.debugDescription)")
        }
    }

    @Test(arguments: [
        ("São Paulo", "sao-paulo"), ("Seoul AI Foundation (SAIF)", "seoul-ai-foundation-saif"),
        ("Cartagena de Indias", "cartagena-de-indias"), ("  --Hong Kong SAR-- ", "hong-kong-sar"), ("서울", ""),
    ])
    func slugs(_ input: String, _ expected: String) {
        #expect(TextFolding.slug(input) == expected)
    }
}

@Suite struct CSVTests {
    @Test func parsesQuotesNewlinesAndBOM() throws {
        let table = try CSVTable(parsing: "\u{FEFF}a,b,c\r\n1,\"x, \"\"y\"\"\",\"multi\nline\"\n\n2,,NA\n")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows == [["1", "x, \"y\"", "multi\nline"], ["2", "", "NA"]])
        #expect(table.records[1]["c"] == "NA", "Namibia's code is a value, not a missing marker")
    }

    @Test(arguments: [
        ("a,b\n1,2,3\n", 2, 1, "expected 2 fields, found 3"),
        ("a,b\n1,\"open\n", 2, 3, "quoted field is never closed"),
        ("a,b\n1,x\"y\n", 2, 4, "quote inside an unquoted field"),
        ("a,b\n\"1\"x,2\n", 2, 4, "text after a closing quote"),
        ("", 1, 1, "no header row"),
    ])
    func namesLineAndColumnOfErrors(_ text: String, _ line: Int, _ column: Int, _ reason: String) {
        #expect(throws: CSVTable.ParseError(line: line, column: column, reason: reason)) { try CSVTable(parsing: text) }
    }
}

@Suite struct MemberFilterTests {
    @Test func parsesEveryParameter() throws {
        let filter = try MemberFilter.parse(
            [
                "q": " São ", "category": "corporation", "region": "africa", "country": "ug",
                "founding": "yes", "page": "3", "per": "50",
            ], strict: true)
        #expect(
            filter
                == MemberFilter(
                    text: "São", category: .corporation, region: .africa, country: "UG",
                    foundingOnly: true, page: 3, perPage: 50))
        #expect(filter.offset == 100)
        #expect(filter.searchPattern == "%sao%")
    }

    @Test func ignoresPerPageWhereNotAllowedAndEmptyValues() throws {
        let filter = try MemberFilter.parse(["per": "5", "q": "", "category": ""], strict: false)
        #expect(filter == MemberFilter())
    }

    @Test func escapesLikeWildcards() throws {
        let filter = try MemberFilter.parse(["q": "100%_a\\b"], strict: false)
        #expect(filter.searchPattern == "%100\\%\\_a\\\\b%")
    }

    @Test func reportsEveryBadParameterAtOnce() {
        #expect(
            throws: MemberFilter.Invalid(fields: [
                "page": "filter.invalid_page", "per": "filter.invalid_per", "category": "filter.invalid_category",
                "region": "filter.invalid_region", "country": "filter.invalid_country", "founding": "filter.invalid_founding",
            ])
        ) {
            try MemberFilter.parse(
                ["page": "0", "per": "101", "category": "x", "region": "mars", "country": "K1", "founding": "maybe"],
                strict: true)
        }
        #expect(throws: MemberFilter.Invalid.self) { try MemberFilter.parse(["page": "10001"], strict: false) }
        #expect(throws: MemberFilter.Invalid.self) { try MemberFilter.parse(["page": "1.5"], strict: false) }
    }

    /// The API refuses what its document does not declare; the HTML form's empty fields and its
    /// checkbox's "on" still mean what they always did there.
    @Test func theAPIRefusesEmptyValuesAndUndocumentedSpellings() throws {
        #expect(throws: MemberFilter.Invalid(fields: ["country": "filter.invalid_country", "q": "filter.text_invalid"])) {
            try MemberFilter.parse(["country": "", "q": ""], strict: true)
        }
        for spelling in ["on", "off", "YES", "True"] {
            #expect(throws: MemberFilter.Invalid(fields: ["founding": "filter.invalid_founding"])) {
                try MemberFilter.parse(["founding": spelling], strict: true)
            }
        }
        #expect(try MemberFilter.parse(["founding": "on", "country": ""], strict: false).foundingOnly == true)
    }

    /// "ß" upper-cases to "SS" and "ﬁ" to "FI": letters that are not a country code must not become one.
    @Test func aCountryIsTwoASCIILettersBeforeUpperCasing() throws {
        for text in ["ß", "ﬁ", "ǆ", "K1", "KOR", "k"] {
            #expect(throws: MemberFilter.Invalid(fields: ["country": "filter.invalid_country"])) {
                try MemberFilter.parse(["country": text], strict: false)
            }
        }
        #expect(try MemberFilter.parse(["country": "kr"], strict: true).country == "KR")
    }

    /// Combining marks count: one letter with 200 accents is 201 UTF-16 units, over the limit.
    @Test func theSearchLimitCountsWhatTheFormsMaxlengthCounts() throws {
        let stacked = "a" + String(repeating: "\u{301}", count: 200)
        #expect(stacked.count == 1)
        #expect(throws: MemberFilter.Invalid(fields: ["q": "filter.text_too_long"])) {
            try MemberFilter.parse(["q": stacked], strict: false)
        }
        #expect(try MemberFilter.parse(["q": String(repeating: "é", count: 200)], strict: false).text?.count == 200)
    }
}

@Suite struct MemberDraftTests {
    static let countries: Set<String> = ["KR", "BR", "UG"]

    @Test func acceptsACompleteDraft() throws {
        var draft = MemberDraft()
        draft.name = "  Nova Cidade "; draft.category = "local_government"; draft.subtype = "city"; draft.region = "americas"
        draft.country = "br"; draft.latitude = "-10.5"; draft.longitude = "-50"; draft.population = "120,000"; draft.founding = true
        let valid = try draft.validate(knownCountries: Self.countries).get()
        #expect(valid.name == "Nova Cidade" && valid.slug == "nova-cidade" && valid.country == "BR")
        #expect(valid.population == 120_000 && valid.latitude == -10.5 && valid.founding)
    }

    @Test func listsEveryProblem() {
        var draft = MemberDraft()
        draft.category = "local_government"; draft.subtype = "mnc"; draft.region = "mars"; draft.country = "ZZ"
        draft.latitude = "91"; draft.longitude = "abc"; draft.population = "0"
        guard case .failure(let problems) = draft.validate(knownCountries: Self.countries) else {
            Issue.record("an invalid draft was accepted"); return
        }
        #expect(
            problems.fields == [
                "name": "form.member.name_required", "subtype": "form.member.subtype_mismatch", "region": "form.member.region_invalid",
                "country": "form.member.country_invalid", "latitude": "form.member.latitude_invalid",
                "longitude": "form.member.longitude_invalid", "population": "form.member.population_invalid",
            ])
    }

    @Test func coordinatesComeInPairs() {
        var draft = MemberDraft()
        draft.name = "X"; draft.category = "institution"; draft.latitude = "10"
        guard case .failure(let problems) = draft.validate(knownCountries: []) else { Issue.record("accepted"); return }
        #expect(problems.fields == ["longitude": "form.member.coordinates_pair"])
    }

    @Test func aNameWithoutLatinLettersNeedsASlug() {
        var draft = MemberDraft()
        draft.name = "서울"; draft.category = "local_government"
        guard case .failure(let problems) = draft.validate(knownCountries: []) else { Issue.record("accepted"); return }
        #expect(problems.fields == ["slug": "form.member.slug_required"])
        draft.slug = "seoul"
        #expect((try? draft.validate(knownCountries: []).get())?.slug == "seoul")
    }
}

@Suite struct LanguageTests {
    @Test(
        arguments: [
            (nil, Language.en), ("", .en), ("ko-KR,ko;q=0.9,en-US;q=0.8", .ko), ("fr-FR, es;q=0.5, en;q=0.4", .es),
            ("zh-TW", .zhHans), ("zh-CN,zh;q=0.9", .zhHans), ("de-DE", .en), ("en;q=0.2, ko;q=0.8", .ko),
            ("ko;q=0, es", .es), ("es;q=0.5, ko;q=0.5", .es),
        ] as [(String?, Language)])
    func negotiates(_ header: String?, _ expected: Language) {
        #expect(Language.negotiate(acceptLanguage: header) == expected)
    }

    @Test func catalogFillsPlaceholdersAndShowsMissingKeys() {
        let catalog = Catalog(language: .en, strings: ["a": "{count} members in {region}"])
        #expect(catalog.text("a", ["count": "3", "region": "Africa"]) == "3 members in Africa")
        #expect(catalog.text("missing.key") == "missing.key")
    }

    @Test func formatsNumbersPerLanguage() {
        #expect(LocalFormat(language: .en).number(1_234_567) == "1,234,567")
        #expect(LocalFormat(language: .es).number(1_234_567) == "1.234.567")
        #expect(LocalFormat(language: .ko).number(1_234_567) == "1,234,567")
    }

    /// The shortcut for small numbers writes exactly what Foundation writes, in every language:
    /// integers 0–1,200, and seeded random decimals with 0–4 fraction digits, ties (2.5, 0.125,
    /// 37.565), carries (9.995, 999.995) and negatives that round to zero among them.
    @Test(arguments: Language.allCases)
    func smallNumbersAreWrittenAsFoundationWritesThem(_ language: Language) {
        let format = LocalFormat(language: language)
        // The languages written with 0–9 take the shortcut; otherwise this test would prove nothing.
        if [.en, .es, .ko].contains(language) { #expect(format.plainDigits != nil) }
        for value in 0 ... 1200 { #expect(format.number(value) == format.foundationNumber(value), "\(value)") }
        var values: [Double] = [
            0, 2.5, 3.5, -2.5, 0.125, 0.375, 37.565, 9.995, 999.995, 999.4, -0.001, -0.0, 12, 1e-5, 68.38, -33.87, 1000,
        ]
        var generator = SeededGenerator(seed: 7)
        for _ in 0 ..< 3000 {
            let scale = [1.0, 10, 100, 1000][Int.random(in: 0 ... 3, using: &generator)]
            values.append(Double.random(in: -scale ... scale, using: &generator))
            values.append((Double(Int.random(in: -99_999 ... 99_999, using: &generator)) / 1000))
        }
        for value in values {
            for digits in 0 ... 4 {
                #expect(
                    format.decimal(value, fractionDigits: digits) == format.foundationDecimal(value, fractionDigits: digits),
                    "\(value) with \(digits) digits")
            }
        }
    }

    @Test func formatsPublicationMonths() {
        #expect(LocalFormat(language: .en).yearMonth("2025-12") == "December 2025")
        #expect(LocalFormat(language: .ko).yearMonth("2025-12").contains("2025년 12월"))
        #expect(LocalFormat(language: .es).yearMonth("2025-12").contains("diciembre"))
        #expect(LocalFormat(language: .zhHans).yearMonth("2025-12").contains("2025年12月"))
        #expect(LocalFormat(language: .en).yearMonth("late 2025") == "late 2025")
    }
}

@Suite struct RegionalNetworkRuleTests {
    @Test(
        arguments: [
            ("AFSCN", Region.africa, "UG", true), ("AFSCN", .mena, "TN", false), ("ASCN", .asiaPacific, "TH", true),
            ("ASCN", .asiaPacific, "KR", false), ("LASCN", .americas, "EC", true), ("LASCN", .americas, "US", false),
            ("LASCN", .americas, nil, false), ("XYZ", .africa, "UG", false),
        ] as [(String, Region, String?, Bool)])
    func rules(_ code: String, _ region: Region, _ country: String?, _ expected: Bool) {
        #expect(RegionalNetworkRule.covers(networkCode: code, region: region, country: country) == expected)
    }
}

@Suite struct CSVWritingTests {
    @Test func quotesWhatNeedsQuotingAndDefusesFormulas() throws {
        #expect(CSVTable.field("Seoul") == "Seoul")
        #expect(CSVTable.field("Kathmandu, Nepal") == "\"Kathmandu, Nepal\"")
        #expect(CSVTable.field("the \"best\" city") == "\"the \"\"best\"\" city\"")
        #expect(CSVTable.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVTable.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVTable.field("-12.50") == "-12.50")
        // What is written reads back as it was (apart from the apostrophe of a defused formula).
        let table = try CSVTable(parsing: "a,b\n" + ["x,y", "line\nbreak"].map(CSVTable.field).joined(separator: ",") + "\n")
        #expect(table.rows == [["x,y", "line\nbreak"]])
    }
}
