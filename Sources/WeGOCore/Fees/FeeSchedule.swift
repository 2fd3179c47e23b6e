import Foundation

/// The published annual fee schedule, as data with the date it takes effect. A new schedule is
/// a new value with a later date; an invoice keeps the schedule it was issued under.
public struct FeeSchedule: Sendable, Hashable {
    /// First day the schedule applies (ISO date, e.g. "2026-01-01").
    public let effectiveFrom: String
    public let source: String
    public let localGovernments: FeeMatrix
    /// Corporations and institutions pay by head count: more than `employeeThreshold` employees
    /// is the larger fee. The brochure says "More than 50" and "Less than 50"; exactly 50 is not
    /// more than 50, so it pays the smaller fee, and the interface says so.
    public let employeeThreshold: Int
    public let largeOrganizationFee: USD
    public let smallOrganizationFee: USD

    public init(
        effectiveFrom: String, source: String, localGovernments: FeeMatrix, employeeThreshold: Int,
        largeOrganizationFee: USD, smallOrganizationFee: USD
    ) {
        self.effectiveFrom = effectiveFrom
        self.source = source
        self.localGovernments = localGovernments
        self.employeeThreshold = employeeThreshold
        self.largeOrganizationFee = largeOrganizationFee
        self.smallOrganizationFee = smallOrganizationFee
    }

    /// The schedule in force on `date` (ISO "YYYY-MM-DD"): the latest one that started on or before it.
    public static func inForce(on date: String, among schedules: [FeeSchedule]) -> FeeSchedule? {
        schedules.filter { $0.effectiveFrom <= date }.max { $0.effectiveFrom < $1.effectiveFrom }
    }
}

/// The local-government matrix: rows by the country's GDP per capita (PPP, USD), columns by the
/// city's population. Bands are given by their lower bounds; a value belongs to the last band
/// whose lower bound it reaches, so 999.99 USD is in the first row and 1,000.00 in the second,
/// and 49,999 people are in the first column and 50,000 in the second.
public struct FeeMatrix: Sendable, Hashable {
    public let gdpLowerBounds: [USD]
    public let populationLowerBounds: [Int]
    /// `fees[row][column]`.
    public let fees: [[USD]]

    public init(gdpLowerBounds: [USD], populationLowerBounds: [Int], fees: [[USD]]) {
        precondition(
            gdpLowerBounds.first == USD(cents: 0) && gdpLowerBounds == gdpLowerBounds.sorted(), "GDP bands must start at 0 and ascend")
        precondition(
            populationLowerBounds.first == 0 && populationLowerBounds == populationLowerBounds.sorted(),
            "population bands must start at 0 and ascend")
        precondition(fees.count == gdpLowerBounds.count && fees.allSatisfy { $0.count == populationLowerBounds.count }, "one fee per cell")
        self.gdpLowerBounds = gdpLowerBounds
        self.populationLowerBounds = populationLowerBounds
        self.fees = fees
    }

    public func row(for gdp: USD) -> Int { gdpLowerBounds.lastIndex { $0 <= gdp } ?? 0 }
    public func column(for population: Int) -> Int { populationLowerBounds.lastIndex { $0 <= population } ?? 0 }

    /// "4,000–5,999" or "20,000+" (USD, whole dollars), formatted by the caller's `group` function.
    public func rowLabel(_ row: Int, group: (Int64) -> String) -> String {
        let low = gdpLowerBounds[row].cents / 100
        guard row + 1 < gdpLowerBounds.count else { return "\(group(low))+" }
        return "\(group(low))–\(group(gdpLowerBounds[row + 1].cents / 100 - 1))"
    }

    /// "50–199" or "10,000+" (thousand people), as the brochure heads its columns.
    public func columnLabel(_ column: Int, group: (Int64) -> String) -> String {
        let low = Int64(populationLowerBounds[column] / 1000)
        guard column + 1 < populationLowerBounds.count else { return "\(group(low))+" }
        return "\(group(low))–\(group(Int64(populationLowerBounds[column + 1] / 1000) - 1))"
    }
}

extension FeeSchedule {
    /// The schedule printed in the WeGO brochure ("ANNUAL FEES", seed 000), read as issue #3
    /// settles it:
    /// - rows 0–999, 1,000–1,999 (the brochure misprints the second as "0 - 1,999"), 2,000–3,999,
    ///   … 20,000+ USD;
    /// - columns in thousand people: 0–49 (fewer than 50,000), 50–199, … 10,000+;
    /// - in the first two rows an empty cell repeats the value to its left (merged cells);
    /// - the last row's repeated 8,500 (columns 4,000–6,999 and 7,000–9,999) is kept as published,
    ///   although it breaks the row's rise: it may be a misprint, but changing a published fee is
    ///   the General Assembly's decision, not ours.
    public static let brochure2026 = FeeSchedule(
        effectiveFrom: "2026-01-01",
        source: "WeGO brochure 2026, Membership guidelines: Annual fees",
        localGovernments: FeeMatrix(
            gdpLowerBounds: [0, 1_000, 2_000, 4_000, 6_000, 8_000, 10_000, 15_000, 20_000].map { USD(dollars: $0) },
            populationLowerBounds: [0, 50_000, 200_000, 300_000, 600_000, 1_000_000, 2_000_000, 4_000_000, 7_000_000, 10_000_000],
            fees: [
                [400, 400, 400, 400, 500, 500, 600, 600, 700, 700],
                [400, 400, 500, 500, 600, 600, 700, 700, 800, 800],
                [400, 450, 500, 750, 1_000, 1_250, 1_500, 1_750, 2_000, 2_250],
                [500, 500, 700, 1_000, 1_300, 1_600, 1_900, 2_200, 2_500, 3_000],
                [900, 1_200, 1_500, 2_000, 2_500, 3_000, 3_500, 4_000, 4_500, 5_000],
                [1_600, 1_800, 2_000, 2_500, 3_000, 3_500, 4_000, 4_500, 5_000, 5_500],
                [2_500, 3_000, 3_500, 4_000, 4_500, 5_000, 5_500, 6_000, 6_500, 7_000],
                [3_500, 4_000, 4_500, 5_000, 5_500, 6_000, 6_500, 7_000, 7_500, 8_000],
                [4_000, 5_000, 6_000, 6_500, 7_000, 7_500, 8_000, 8_500, 8_500, 10_000],
            ].map { $0.map { USD(dollars: $0) } }),
        employeeThreshold: 50,
        largeOrganizationFee: USD(dollars: 2_000),
        smallOrganizationFee: USD(dollars: 1_000))
}
