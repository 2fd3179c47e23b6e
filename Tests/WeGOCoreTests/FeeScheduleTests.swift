import Foundation
import Testing

@testable import WeGOCore

@Suite struct FeeScheduleTests {
    static let schedule = FeeSchedule.brochure2026
    static let matrix = schedule.localGovernments

    /// The brochure's table, typed out again here from seed 000 with merged cells filled in, so a
    /// slip in either copy shows up as a difference.
    static let published: [[Int64]] = [
        [400, 400, 400, 400, 500, 500, 600, 600, 700, 700],
        [400, 400, 500, 500, 600, 600, 700, 700, 800, 800],
        [400, 450, 500, 750, 1000, 1250, 1500, 1750, 2000, 2250],
        [500, 500, 700, 1000, 1300, 1600, 1900, 2200, 2500, 3000],
        [900, 1200, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000],
        [1600, 1800, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500],
        [2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000, 6500, 7000],
        [3500, 4000, 4500, 5000, 5500, 6000, 6500, 7000, 7500, 8000],
        [4000, 5000, 6000, 6500, 7000, 7500, 8000, 8500, 8500, 10000],
    ]
    static let gdpRows: [(low: Int64, highCents: Int64?)] = [
        (0, 99_999), (1_000, 199_999), (2_000, 399_999), (4_000, 599_999), (6_000, 799_999),
        (8_000, 999_999), (10_000, 1_499_999), (15_000, 1_999_999), (20_000, nil),
    ]
    static let populationColumns: [(low: Int, high: Int?)] = [
        (0, 49_999), (50_000, 199_999), (200_000, 299_999), (300_000, 599_999), (600_000, 999_999),
        (1_000_000, 1_999_999), (2_000_000, 3_999_999), (4_000_000, 6_999_999), (7_000_000, 9_999_999), (10_000_000, nil),
    ]

    static func quote(gdpCents: Int64, population: Int) throws -> FeeQuote {
        try schedule.quote(.localGovernment(country: "XX", population: population)) { _ in
            GDPFigure(value: USD(cents: gdpCents), year: 2024, source: "test")
        }
    }

    /// Every cell, at both edges of its GDP band and both edges of its population band.
    @Test(arguments: 0 ..< 9)
    func everyCellAtEveryBoundary(_ row: Int) throws {
        let band = Self.gdpRows[row]
        for (column, people) in Self.populationColumns.enumerated() {
            let expected = USD(dollars: Self.published[row][column])
            for gdp in [band.low * 100, band.highCents ?? band.low * 100 + 1_000_000_00] {
                for population in [max(1, people.low), people.high ?? people.low * 3] {
                    let quote = try Self.quote(gdpCents: gdp, population: population)
                    #expect(quote.annualFee == expected, "GDP \(USD(cents: gdp)), population \(population)")
                    guard case .matrix(_, _, let r, _, let c) = quote.basis else { Issue.record("not a matrix quote"); return }
                    #expect(r == row && c == column)
                }
            }
        }
    }

    @Test func boundariesNamedInTheIssue() throws {
        #expect(
            try Self.quote(gdpCents: 99_999, population: 120_000).basis
                == .matrix(
                    gdp: GDPFigure(value: USD(cents: 99_999), year: 2024, source: "test"), country: "XX", row: 0, population: 120_000,
                    column: 1))
        #expect(Self.matrix.row(for: USD(cents: 99_999)) == 0)
        #expect(Self.matrix.row(for: USD(cents: 100_000)) == 1)
        #expect(Self.matrix.column(for: 49_999) == 0)
        #expect(Self.matrix.column(for: 50_000) == 1)
        #expect(Self.matrix.row(for: USD(cents: 1_999_999)) == 7)
        #expect(Self.matrix.row(for: USD(cents: 2_000_000)) == 8)
    }

    @Test func nepalExampleFromTheIssue() throws {
        let gdp = try #require(USD(parsing: "5736.62"))
        let quote = try Self.schedule.quote(.localGovernment(country: "NP", population: 120_000)) { country in
            country == "NP" ? GDPFigure(value: gdp, year: 2024, source: "World Bank") : nil
        }
        #expect(quote.annualFee == USD(dollars: 500))
        #expect(gdp.roundedDollars == 5_737)
        let group: (Int64) -> String = { $0.formatted(.number.locale(Locale(identifier: "en_US"))) }
        #expect(Self.matrix.rowLabel(3, group: group) == "4,000–5,999")
        #expect(Self.matrix.columnLabel(1, group: group) == "50–199")
        #expect(Self.matrix.rowLabel(8, group: group) == "20,000+")
        #expect(Self.matrix.columnLabel(0, group: group) == "0–49")
        #expect(Self.matrix.columnLabel(9, group: group) == "10,000+")
    }

    @Test(arguments: [(1, 1_000), (49, 1_000), (50, 1_000), (51, 2_000), (5_000, 2_000)] as [(Int, Int64)])
    func organizationsPayByHeadCount(_ employees: Int, _ dollars: Int64) throws {
        for applicant in [FeeApplicant.corporation(employees: employees), .institution(employees: employees)] {
            let quote = try Self.schedule.quote(applicant) { _ in nil }
            #expect(quote.annualFee == USD(dollars: dollars), "\(employees) employees")
            #expect(quote.basis == .employees(count: employees, threshold: 50, large: employees > 50))
        }
    }

    @Test func missingFactsAreErrorsNotGuesses() {
        #expect(throws: FeeError.missingGDP(country: "ZZ")) {
            try Self.schedule.quote(.localGovernment(country: "ZZ", population: 1_000)) { _ in nil }
        }
        #expect(throws: FeeError.missingPopulation) {
            try Self.schedule.quote(.localGovernment(country: "NP", population: nil)) { _ in nil }
        }
        #expect(throws: FeeError.invalidPopulation(0)) {
            try Self.schedule.quote(.localGovernment(country: "NP", population: 0)) { _ in nil }
        }
        #expect(throws: FeeError.invalidPopulation(-5)) {
            try Self.schedule.quote(.localGovernment(country: "NP", population: -5)) { _ in nil }
        }
        #expect(throws: FeeError.missingEmployees) { try Self.schedule.quote(.corporation(employees: nil)) { _ in nil } }
        #expect(throws: FeeError.invalidEmployees(0)) { try Self.schedule.quote(.institution(employees: 0)) { _ in nil } }
    }

    @Test func schedulesAreVersionedByDate() {
        let later = FeeSchedule(
            effectiveFrom: "2027-01-01", source: "test", localGovernments: Self.matrix,
            employeeThreshold: 50, largeOrganizationFee: USD(dollars: 2_500), smallOrganizationFee: USD(dollars: 1_200))
        let all = [Self.schedule, later]
        #expect(FeeSchedule.inForce(on: "2026-06-30", among: all)?.effectiveFrom == "2026-01-01")
        #expect(FeeSchedule.inForce(on: "2027-01-01", among: all)?.effectiveFrom == "2027-01-01")
        #expect(FeeSchedule.inForce(on: "2025-12-31", among: all) == nil)
    }

    @Test(arguments: [("5736.62", 573_662), ("2,000", 200_000), ("0.5", 50), ("12", 1_200)] as [(String, Int64)])
    func parsesAmountsExactly(_ text: String, _ cents: Int64) {
        #expect(USD(parsing: text)?.cents == cents)
    }

    @Test(arguments: ["", "abc", "1.234", "-5", "1e3", "1.2.3", "+4"])
    func refusesMalformedAmounts(_ text: String) {
        #expect(USD(parsing: text) == nil)
    }

    @Test func gdpDatasetReadsTheShippedFileAndAppliesOverrides() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/WeGOServer/Resources/Fees/gdp_per_capita_ppp.csv")
        let dataset = try GDPDataset(csv: String(contentsOf: url, encoding: .utf8), source: "World Bank WDI NY.GDP.PCAP.PP.CD")
        let nepal = try #require(dataset.figure(for: "np"))
        #expect(nepal.value == USD(cents: 573_662) && nepal.year == 2024)
        #expect(dataset.figures.count > 180)
        let overridden = dataset.overriding(with: ["NP": GDPFigure(value: USD(dollars: 6_000), year: 2025, source: "IMF WEO")])
        #expect(overridden.figure(for: "NP")?.source == "IMF WEO")
        #expect(overridden.figure(for: "KR") == dataset.figure(for: "KR"))
        #expect(throws: CSVTable.ParseError.self) { try GDPDataset(csv: "iso2,year,gdp_pc_ppp_usd\nNP,20x4,5736\n", source: "t") }
    }
}

@Suite struct FeeQuoteParsingTests {
    /// "ß" upper-cases to "SS": the calculator must not quote a fee for a country nobody named.
    @Test func aCountryIsTwoASCIILettersBeforeUpperCasing() throws {
        for strict in [false, true] {
            for text in ["ß", "ﬁ"] {
                #expect(throws: FieldProblems(fields: ["country": "filter.invalid_country"])) {
                    _ = try FeeApplicant.parse(["category": "local_government", "country": text, "population": "1000"], strict: strict)
                }
            }
        }
        let (_, applicant) = try FeeApplicant.parse(["category": "local_government", "country": "kr", "population": "1000"])
        #expect(applicant == .localGovernment(country: "KR", population: 1000))
    }
}
