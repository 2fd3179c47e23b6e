import Vapor

/// RFC 9112 §3.2: an HTTP/1.1 request without exactly one Host header, or with one that is not a
/// host and port, is answered 400. The platform builds no link from Host (`app.publicURL` comes
/// from the settings), but a proxy or cache in front of it may key on Host, and two of them
/// could be read differently by the proxy and by us.
struct HostHeaderMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let hosts = request.headers[.host]
        let required = request.version.major > 1 || (request.version.major == 1 && request.version.minor >= 1)
        if hosts.count > 1 || (required && hosts.isEmpty) || !hosts.allSatisfy(Self.isHostAndPort) {
            throw Abort(.badRequest, reason: "The request needs exactly one valid Host header.")
        }
        return try await next.respond(to: request)
    }

    /// RFC 3986 `host [ ":" port ]`: a registered name or IPv4 address (unreserved, sub-delims and
    /// percent-escapes) or an IP literal in brackets; no spaces, slashes or user information.
    static func isHostAndPort(_ value: String) -> Bool {
        guard !value.isEmpty, value.utf8.count <= 1024 else { return false }
        return value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"), UInt8(ascii: "0") ... UInt8(ascii: "9"):
                true
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "%"), UInt8(ascii: "!"),
                UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"),
                UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "["),
                UInt8(ascii: "]"):
                true
            default: false
            }
        }
    }
}
