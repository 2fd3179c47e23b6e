import Vapor
import WeGOCore

/// RFC 9457 problem details, the error body of every API response.
struct Problem: Content, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String?
    var instance: String?
    /// Field-level problems for 400/422 answers: name → message.
    var errors: [String: String]?
    var requestId: String?
}

extension Problem {
    /// The problem as an `application/problem+json` response.
    func response() -> Response {
        let response = Response(status: HTTPStatus(statusCode: status))
        try? response.content.encode(self, as: .json)
        response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
        return response
    }
}

/// Turns every error into the right body: problem+json under /api, an HTML page elsewhere.
/// Production pages show a request id and a plain sentence, never internals.
struct ErrorPagesMiddleware: AsyncMiddleware {
    let showDetails: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await render(error, for: request)
        }
    }

    func render(_ error: any Error, for request: Request) async -> Response {
        let status: HTTPStatus
        var reason: String?
        var headers: HTTPHeaders = [:]
        switch error {
        case let refusal as any ServiceError:
            status = refusal.status
            // API answers are in English, like the rest of the problem document.
            reason = request.application.localization.catalog(.en).text(refusal.key, refusal.arguments)
        case let abort as any AbortError:
            status = abort.status
            reason = abort.reason
            headers = abort.headers
        case is DecodingError:
            status = .badRequest
            reason = "The request could not be read."
        default:
            status = .internalServerError
        }
        if status == .internalServerError {
            request.logger.error("unhandled error: \(String(reflecting: error))")
        }
        let isAPI = request.url.path.hasPrefix("/api/")
        let response: Response
        if isAPI {
            let problem = Problem(
                type: "about:blank",
                title: status.reasonPhrase,
                status: Int(status.code),
                detail: (status.code < 500 || showDetails) ? reason : nil,
                instance: request.url.path,
                errors: (error as? any ServiceError)?.fieldProblems.map { problems in
                    let english = request.application.localization.catalog(.en)
                    return problems.problems.mapValues { list in
                        list.map { english.text($0.key, $0.arguments(LocalFormat(language: .en))) }.joined(separator: " ")
                    }
                },
                requestId: request.id
            )
            response = problem.response()
        } else {
            let context = PageContext(request)
            let generic: String =
                switch status {
                case .notFound: context.t("error.not_found")
                case .forbidden: context.t(reason == "csrf" ? "error.csrf" : "error.forbidden")
                case .payloadTooLarge: context.t("error.too_large")
                case .badRequest: context.t("error.bad_request")
                case .tooManyRequests: context.t("error.too_many")
                default: context.t("error.generic")
                }
            let message =
                if let refusal = error as? any ServiceError {
                    context.t(refusal.key, refusal.arguments)
                } else {
                    (error as? ExplainedError)?.reason ?? generic
                }
            response = Layout.errorPage(context, status: status, message: message).response(status: status)
        }
        for (name, value) in headers where name.lowercased() != "content-type" {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }
}

/// An error whose reason is written for the reader, already in their language: its page shows
/// that reason instead of the generic message for the status.
struct ExplainedError: AbortError {
    let status: HTTPStatus
    let reason: String
}
