import Vapor
import WeGOCore

/// The JSON API's answers, shared by every program's API routes. Errors are RFC 9457
/// problem+json (see ErrorPagesMiddleware).
enum APIResponse {
    /// Sorted keys, and slashes left unescaped so links and names read as they are.
    static func json<T: Encodable>(_ value: T) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"],
            body: .init(data: try encoder.encode(value)))
    }

    /// A 400 problem naming each bad parameter.
    static func invalidParameters(_ problems: FieldProblems, request: Request) -> Response {
        let catalog = request.application.localization.catalog(.en)
        let problem = Problem(
            type: "about:blank", title: "Bad Request", status: 400,
            detail: "One or more query parameters are invalid.", instance: request.url.path,
            errors: problems.fields.mapValues { catalog.text($0) }, requestId: request.id)
        return problem.response()
    }

    /// The language of prose in an answer (names, explanations): Accept-Language alone, since
    /// API clients carry no language cookie.
    static func language(_ request: Request) -> Language {
        Language.negotiate(acceptLanguage: request.headers.first(name: .acceptLanguage))
    }
}

extension Request {
    /// Query parameters as a flat dictionary; repeated keys keep the last value.
    var queryParameters: [String: String] {
        guard let query = url.query, !query.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
            result[key] = value
        }
        return result
    }
}
