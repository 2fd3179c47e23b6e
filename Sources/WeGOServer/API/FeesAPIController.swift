import Vapor
import WeGOCore

/// `GET /api/v1/fees/quote`: the annual fee for a prospective member, with its explanation in
/// the requested language. For scripts, the calculator page (to come) and the tests.
enum FeesAPIController {
    static func register(_ routes: any RoutesBuilder) {
        routes.grouped("api", "v1", "fees").get("quote", use: quote)
    }

    struct QuoteDTO: Content {
        var annualFeeUSD: Int64
        var category: String
        var gdpPerCapitaPPP: Double?
        var gdpYear: Int?
        var gdpSource: String?
        var row: String?
        var column: String?
        var employees: Int?
        var scheduleEffectiveFrom: String
        var explanation: String
    }

    @Sendable static func quote(_ request: Request) async throws -> Response {
        let language = APIController.apiLanguage(request)
        let catalog = request.application.localization.catalog(language)
        let format = LocalFormat(language: language)
        let query = MembersController.queryDictionary(request)
        var problems: [String: String] = [:]
        let category = query["category"].flatMap(MemberCategory.init(rawValue:))
        if category == nil { problems["category"] = "fee.error.category" }
        func positiveInteger(_ name: String) -> Int? {
            guard let raw = query[name], !raw.isEmpty else { return nil }
            guard let value = Int(raw.replacingOccurrences(of: ",", with: "")), value > 0, value < 1_000_000_000 else {
                problems[name] = "fee.error.invalid_\(name)"
                return nil
            }
            return value
        }
        let applicant: FeeApplicant?
        switch category {
        case .localGovernment:
            let country = query["country"]?.uppercased() ?? ""
            if country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isLetter }) { problems["country"] = "filter.invalid_country" }
            let population = positiveInteger("population")
            if population == nil, problems["population"] == nil { problems["population"] = "fee.error.missing_population" }
            applicant = .localGovernment(country: country, population: population)
        case .corporation, .institution:
            let employees = positiveInteger("employees")
            if employees == nil, problems["employees"] == nil { problems["employees"] = "fee.error.missing_employees" }
            applicant = category == .corporation ? .corporation(employees: employees) : .institution(employees: employees)
        case nil:
            applicant = nil
        }
        guard problems.isEmpty, let applicant, let category else {
            return APIController.invalid(FieldProblems(fields: problems), request: request)
        }
        if case .localGovernment(let country, _) = applicant, request.application.referenceData.countries[country] == nil {
            throw Abort(.notFound, reason: catalog.text("fee.error.unknown_country", ["country": country]))
        }
        let schedule = FeeSchedule.brochure2026
        let gdp = request.application.gdpDataset
        let quote: FeeQuote
        do {
            quote = try schedule.quote(applicant) { gdp.figure(for: $0) }
        } catch {
            // The country exists but has no published GDP figure: nothing to compute from, so 422.
            let country = if case .localGovernment(let code, _) = applicant { code } else { "" }
            throw Abort(.unprocessableEntity, reason: catalog.text(error.key, ["country": request.application.referenceData.countryName(country, language)]))
        }
        let group: (Int64) -> String = { format.number(Int($0)) }
        var dto = QuoteDTO(annualFeeUSD: quote.annualFee.cents / 100, category: category.rawValue, scheduleEffectiveFrom: quote.scheduleEffectiveFrom,
                           explanation: "")
        switch quote.basis {
        case .matrix(let figure, let country, let row, let population, let column):
            dto.gdpPerCapitaPPP = Double(figure.value.cents) / 100
            dto.gdpYear = figure.year
            dto.gdpSource = figure.source
            dto.row = schedule.localGovernments.rowLabel(row, group: group)
            dto.column = schedule.localGovernments.columnLabel(column, group: group)
            dto.explanation = catalog.text("fee.explanation.local_government", [
                "country": request.application.referenceData.countryName(country, language), "year": String(figure.year),
                "source": figure.source, "gdp": format.number(Int(figure.value.roundedDollars)), "row": dto.row!,
                "population": format.number(population), "column": dto.column!, "fee": format.number(Int(quote.annualFee.cents / 100)),
            ])
        case .employees(let count, let threshold, let large):
            dto.employees = count
            dto.explanation = catalog.text(large ? "fee.explanation.large" : "fee.explanation.small", [
                "employees": format.number(count), "threshold": format.number(threshold), "fee": format.number(Int(quote.annualFee.cents / 100)),
            ])
        }
        return try APIController.json(dto)
    }
}
