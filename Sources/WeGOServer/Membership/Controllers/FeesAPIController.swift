import Fluent
import Vapor
import WeGOCore

/// `GET /api/v1/fees/quote`: the annual fee for a prospective member, with its explanation in
/// the requested language. The calculator page shows the same quote.
enum FeesAPIController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.api(.feeQuote), use: quote)
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
        let language = APIResponse.language(request)
        let query = try request.queryParameters
        let category: MemberCategory, applicant: FeeApplicant
        do {
            (category, applicant) = try FeeApplicant.parse(query, strict: true)
        } catch {
            return APIResponse.invalidParameters(error, request: request)
        }
        let explained = try FeeCalculator.quote(
            applicant, language: language, app: request.application,
            gdp: try await GDPFigures.current(request.application, on: request.db))
        var dto = QuoteDTO(
            annualFeeUSD: explained.quote.annualFee.cents / 100, category: category.rawValue,
            scheduleEffectiveFrom: explained.quote.scheduleEffectiveFrom, explanation: explained.explanation)
        switch explained.quote.basis {
        case .matrix(let figure, _, _, _, _):
            dto.gdpPerCapitaPPP = Double(figure.value.cents) / 100
            dto.gdpYear = figure.year
            dto.gdpSource = figure.source
            dto.row = explained.rowLabel
            dto.column = explained.columnLabel
        case .employees(let count, _, _):
            dto.employees = count
        }
        return try APIResponse.json(dto)
    }
}
