import SQLKit
import Vapor
import WeGOCore

/// Liveness, readiness and metrics for whoever runs the platform.
enum OperationsController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.healthz) { _ in
            Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"], body: "ok\n")
        }
        routes.get(.readyz, use: ready)
        routes.get(.metrics) { request in
            if let token = request.application.settings.metricsToken,
                !TokenHash.constantTimeEquals(request.headers.bearerAuthorization?.token ?? "", token)
            {
                throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"])
            }
            return Response(
                status: .ok, headers: ["Content-Type": HTTPMetrics.contentType, "Cache-Control": "no-store"],
                body: .init(string: request.application.metrics.exposition()))
        }
        // Every browser asks for /favicon.ico; a 404 on each first visit is a wasted round trip
        // on a slow connection. A 150-byte SVG mark in the brand colour instead.
        routes.get(.favicon) { _ in
            Response(
                status: .ok, headers: ["Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400"],
                body: .init(string: favicon))
        }
        routes.get(.stylesheet) { request in
            let css = request.application.stylesheet
            var headers: HTTPHeaders = [
                "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600", "ETag": css.etag,
            ]
            if request.headers.first(name: .ifNoneMatch) == css.etag {
                headers.remove(name: .contentType)
                return Response(status: .notModified, headers: headers)
            }
            return Response(status: .ok, headers: headers, body: .init(string: css.text))
        }
    }

    static let favicon =
        ##"""
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#00548f"/><path d="M5 \
        9l4 14 4-10 3 10 3-10 4 10 4-14" fill="none" stroke="#fff" stroke-width="2.5"/></svg>
        """##

    /// Ready when the database answers; a load balancer stops sending traffic otherwise.
    @Sendable static func ready(_ request: Request) async throws -> Response {
        do {
            _ = try await request.db.sql.raw("SELECT 1").all()
            return Response(
                status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"], body: "ready\n")
        } catch {
            request.logger.warning("readiness check failed: \(String(reflecting: error))")
            return Response(
                status: .serviceUnavailable, headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"],
                body: "database unreachable\n")
        }
    }
}

struct Stylesheet: Sendable {
    let text: String
    let etag: String
    init(text: String) {
        self.text = text
        self.etag = "\"" + String(TokenHash.sha256Hex(text).prefix(16)) + "\""
    }
}
