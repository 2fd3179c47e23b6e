import Vapor
import WeGOCore

/// The public fee calculator: a plain GET form, the quote with its explanation, and the whole
/// published matrix with the matching cell marked.
enum FeesController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.membership(.fees), use: calculator)
    }

    @Sendable static func calculator(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let query = try request.queryParameters
        var result: FeeCalculatorView.Result = .none
        var status = HTTPStatus.ok
        if query["category"] != nil {
            do {
                let (_, applicant) = try FeeApplicant.parse(query)
                result = .quote(
                    try FeeCalculator.quote(
                        applicant, language: context.language, app: request.application,
                        gdp: try await GDPFigures.current(request.application, on: request.db)))
            } catch let problems as FieldProblems {
                result = .problems(problems.fields.mapValues { context.t($0) })
                status = .badRequest
            } catch let abort as any AbortError {
                result = .message(abort.reason)
                status = abort.status
            }
        }
        let view = FeeCalculatorView(context: context, query: query, result: result, reference: request.application.referenceData)
        return view.render().response(status: status)
    }
}
