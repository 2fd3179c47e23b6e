import Foundation

/// GDP per capita (PPP, current international $) of one country, with where it comes from.
public struct GDPFigure: Sendable, Hashable {
    public let value: USD
    public let year: Int
    public let source: String

    public init(value: USD, year: Int, source: String) {
        self.value = value
        self.year = year
        self.source = source
    }
}

/// What a fee is asked for.
public enum FeeApplicant: Sendable, Hashable {
    case localGovernment(country: String, population: Int?)
    case corporation(employees: Int?)
    case institution(employees: Int?)
}

/// A fee with everything needed to explain it. The explanation is data (which row, which column,
/// which figure from which source), turned into a sentence by the caller in the reader's language.
public struct FeeQuote: Sendable, Hashable {
    public enum Basis: Sendable, Hashable {
        /// The matrix cell: GDP row and population column.
        case matrix(gdp: GDPFigure, country: String, row: Int, population: Int, column: Int)
        /// The head-count rule: `large` is true for more than the threshold.
        case employees(count: Int, threshold: Int, large: Bool)
    }

    public let annualFee: USD
    public let basis: Basis
    public let scheduleEffectiveFrom: String
}

public enum FeeError: Error, Sendable, Hashable {
    /// No GDP per capita figure for this country (ISO 3166 alpha-2): no fee can be computed.
    case missingGDP(country: String)
    case missingPopulation
    case invalidPopulation(Int)
    case missingEmployees
    case invalidEmployees(Int)

    /// Stable key for the translated message.
    public var key: String {
        switch self {
        case .missingGDP: "fee.error.missing_gdp"
        case .missingPopulation: "fee.error.missing_population"
        case .invalidPopulation: "fee.error.invalid_population"
        case .missingEmployees: "fee.error.missing_employees"
        case .invalidEmployees: "fee.error.invalid_employees"
        }
    }
}

extension FeeSchedule {
    /// The annual fee for an applicant. Never guesses: a missing GDP figure or population is an
    /// error that names what is missing.
    public func quote(_ applicant: FeeApplicant, gdp: (String) -> GDPFigure?) throws(FeeError) -> FeeQuote {
        switch applicant {
        case .localGovernment(let country, let population):
            guard let population else { throw .missingPopulation }
            guard population > 0 else { throw .invalidPopulation(population) }
            guard let figure = gdp(country) else { throw .missingGDP(country: country) }
            let row = localGovernments.row(for: figure.value)
            let column = localGovernments.column(for: population)
            return FeeQuote(
                annualFee: localGovernments.fees[row][column],
                basis: .matrix(gdp: figure, country: country, row: row, population: population, column: column),
                scheduleEffectiveFrom: effectiveFrom)
        case .corporation(let employees), .institution(let employees):
            guard let employees else { throw .missingEmployees }
            guard employees > 0 else { throw .invalidEmployees(employees) }
            let large = employees > employeeThreshold
            return FeeQuote(
                annualFee: large ? largeOrganizationFee : smallOrganizationFee,
                basis: .employees(count: employees, threshold: employeeThreshold, large: large),
                scheduleEffectiveFrom: effectiveFrom)
        }
    }
}

/// GDP per capita by country: the World Bank series shipped with the platform, with the
/// secretariat's overrides (e.g. the IMF figure the statutes name) taking precedence.
public struct GDPDataset: Sendable {
    public let figures: [String: GDPFigure]

    public init(figures: [String: GDPFigure]) { self.figures = figures }

    /// Reads `iso2,iso3,name,year,gdp_pc_ppp_usd` rows (the shipped file); errors name line and column.
    public init(csv text: String, source: String) throws(CSVTable.ParseError) {
        let table = try CSVTable(parsing: text)
        guard let iso2 = table.column("iso2"), let year = table.column("year"), let value = table.column("gdp_pc_ppp_usd") else {
            throw CSVTable.ParseError(line: 1, column: 1, reason: "expected columns iso2, year, gdp_pc_ppp_usd")
        }
        var figures: [String: GDPFigure] = [:]
        for (index, row) in table.rows.enumerated() {
            guard let parsedYear = Int(row[year]) else {
                throw CSVTable.ParseError(line: index + 2, column: year + 1, reason: "year \"\(row[year])\" is not a number")
            }
            guard let parsedValue = USD(parsing: row[value]), parsedValue.cents > 0 else {
                throw CSVTable.ParseError(line: index + 2, column: value + 1, reason: "GDP \"\(row[value])\" is not a positive amount")
            }
            figures[row[iso2]] = GDPFigure(value: parsedValue, year: parsedYear, source: source)
        }
        self.figures = figures
    }

    /// This dataset with `overrides` replacing the figures of their countries.
    public func overriding(with overrides: [String: GDPFigure]) -> GDPDataset {
        GDPDataset(figures: figures.merging(overrides) { _, override in override })
    }

    public func figure(for iso2: String) -> GDPFigure? { figures[iso2.uppercased()] }
}

extension FeeApplicant {
    /// Reads a quote request from query parameters (`category`, and `country` with `population`,
    /// or `employees`), shared by the API and the calculator page. Every bad field is named.
    /// `strict` (the API) also refuses a parameter the category does not use when it is present
    /// but not what the API's document declares (an empty `country=`, a negative `population`):
    /// the calculator's form sends every field, empty or not, and ignores the others.
    public static func parse(_ query: [String: String], strict: Bool = false) throws(FieldProblems) -> (MemberCategory, FeeApplicant) {
        var problems: [String: String] = [:]
        let category = query["category"].flatMap(MemberCategory.init(rawValue:))
        if category == nil { problems["category"] = "fee.error.category" }
        func positiveInteger(_ name: String, missing: String) -> Int? {
            guard let raw = query[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
                problems[name] = missing
                return nil
            }
            guard let value = Int(raw.replacingOccurrences(of: ",", with: "")), value > 0, value < 1_000_000_000 else {
                problems[name] = "fee.error.invalid_\(name)"
                return nil
            }
            return value
        }
        var applicant: FeeApplicant?
        switch category {
        case .localGovernment:
            // Checked before upper-casing: "ß" upper-cases to "SS", a code of two ASCII letters.
            let raw = query["country"] ?? ""
            if !isCountryCode(raw) { problems["country"] = "filter.invalid_country" }
            let country = raw.uppercased()
            let population = positiveInteger("population", missing: "fee.error.missing_population")
            applicant = .localGovernment(country: country, population: population)
        case .corporation:
            applicant = .corporation(employees: positiveInteger("employees", missing: "fee.error.missing_employees"))
        case .institution:
            applicant = .institution(employees: positiveInteger("employees", missing: "fee.error.missing_employees"))
        case nil:
            break
        }
        if strict {
            if problems["country"] == nil, let raw = query["country"], !isCountryCode(raw) {
                problems["country"] = "filter.invalid_country"
            }
            for name in ["population", "employees"] where problems[name] == nil {
                if let raw = query[name], Int(raw).map({ $0 < 1 || $0 >= 1_000_000_000 }) ?? true {
                    problems[name] = "fee.error.invalid_\(name)"
                }
            }
        }
        guard problems.isEmpty, let category, let applicant else { throw FieldProblems(fields: problems) }
        return (category, applicant)
    }

    /// Two ASCII letters, as ISO 3166-1 alpha-2 codes are (either case).
    private static func isCountryCode(_ text: String) -> Bool {
        text.count == 2 && text.allSatisfy { $0.isASCII && $0.isLetter }
    }
}
