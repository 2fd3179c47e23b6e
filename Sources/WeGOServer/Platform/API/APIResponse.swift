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
    /// Query parameters as a flat dictionary; repeated keys keep the last value. A key or value
    /// that is not valid percent-encoded UTF-8 (`%zz`, `%ff`) answers 400: read as absent, it
    /// would silently drop the filter it named, and read as text, it would search for garbage.
    var queryParameters: [String: String] {
        get throws {
            guard let query = url.query, !query.isEmpty else { return [:] }
            var result: [String: String] = [:]
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let key = Self.decodedQueryComponent(parts[0]),
                    let value = parts.count > 1 ? Self.decodedQueryComponent(parts[1]) : ""
                else {
                    throw Abort(.badRequest, reason: "A query parameter is not valid percent-encoded UTF-8.")
                }
                result[key] = value
            }
            return result
        }
    }

    /// Form decoding (`+` is a space) with strict escapes: `%` must start two hex digits (Foundation
    /// leaves `%zz` as it is), and the bytes must be UTF-8.
    static func decodedQueryComponent(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
