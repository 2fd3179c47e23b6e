import Vapor

/// Headers every response carries. The CSP allows no inline script and no third-party origin:
/// the site ships its own CSS and needs no script to work.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    let hsts: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", SecurityHeadersMiddleware.contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
            ("X-Request-Id", request.id),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if hsts { response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000") }
        if response.headers.contentType?.subType == "html" {
            // Pages depend on the language cookie and Accept-Language; pages for a session carry
            // its CSRF token or private data (a one-time password), which no cache may keep.
            response.headers.replaceOrAdd(name: .vary, value: "Cookie, Accept-Language")
            if request.session != nil || request.url.path.hasPrefix("/admin") {
                response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            } else if response.headers.first(name: .cacheControl) == nil {
                response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
            }
        }
        return response
    }
}
