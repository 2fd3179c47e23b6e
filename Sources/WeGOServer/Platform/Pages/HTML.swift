import Vapor
import WeGOCore

/// Markup that is escaped by default: every `String` interpolated into an `HTML` literal is
/// escaped, and only `HTML` values (built the same way) or `HTML(trusted:)` go in as they are.
/// This is the one place that decides what reaches the page unescaped.
struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    private(set) var text: String

    init(trusted text: String) { self.text = text }
    init(stringLiteral value: String) { self.text = value }
    init(stringInterpolation: Interpolation) { self.text = stringInterpolation.text }
    static let empty = HTML(trusted: "")

    var description: String { text }

    struct Interpolation: StringInterpolationProtocol {
        var text = ""
        init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity + interpolationCount * 16) }
        mutating func appendLiteral(_ literal: String) { text += literal }
        mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }
        mutating func appendInterpolation(_ value: String?) { if let value { text += HTML.escape(value) } }
        mutating func appendInterpolation(_ value: Int) { text += String(value) }
        mutating func appendInterpolation(_ value: HTML) { text += value.text }
        mutating func appendInterpolation(_ values: [HTML]) { for value in values { text += value.text } }
        mutating func appendInterpolation(_ value: HTML?) { if let value { text += value.text } }
    }

    static func escape(_ value: String) -> String { Markup.escape(value) }
}

extension HTML: AsyncResponseEncodable {
    func encodeResponse(for request: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: text))
    }
}

extension HTML {
    func response(status: HTTPStatus) -> Response {
        Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: text))
    }
}
