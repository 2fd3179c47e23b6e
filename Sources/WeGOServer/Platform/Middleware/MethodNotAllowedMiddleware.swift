import Vapor

/// The methods each registered path answers, for telling "no such page" (404) from "not with
/// this method" (405 with `Allow`, RFC 9110 §15.5.6): a client that PUTs to a GET-only address
/// learns what it may send instead of being told the address does not exist.
struct AllowedMethods: Sendable {
    private let patterns: [(method: HTTPMethod, path: [PathComponent])]

    init(_ routes: [Route]) {
        patterns = routes.map { (method: $0.method, path: $0.path) }
    }

    /// The methods that answer `path`, HEAD included wherever GET does; empty for an unknown path.
    func methods(for path: String) -> [HTTPMethod] {
        let segments = path.split(separator: "/").map(String.init)
        var found: [HTTPMethod] = []
        for pattern in patterns where Self.matches(pattern.path, segments) && !found.contains(pattern.method) {
            found.append(pattern.method)
        }
        if found.contains(.GET), !found.contains(.HEAD) { found.append(.HEAD) }
        return found.sorted { $0.rawValue < $1.rawValue }
    }

    private static func matches(_ pattern: [PathComponent], _ segments: [String]) -> Bool {
        for (index, component) in pattern.enumerated() {
            switch component {
            case .catchall: return segments.count > index
            case .constant(let text): guard index < segments.count, segments[index] == text else { return false }
            case .parameter, .anything: guard index < segments.count else { return false }
            }
        }
        return pattern.count == segments.count
    }
}

/// Turns the router's 404 into 405 when the path exists with other methods.
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let abort as any AbortError where abort.status == .notFound && request.route == nil {
            let methods = request.application.allowedMethods.methods(for: request.url.path)
            guard !methods.isEmpty, !methods.contains(request.method) else { throw abort }
            throw Abort(.methodNotAllowed, headers: ["Allow": methods.map(\.rawValue).joined(separator: ", ")])
        }
    }
}

extension Application {
    private struct AllowedMethodsKey: StorageKey { typealias Value = AllowedMethods }
    /// Built once `configure` has registered every route.
    var allowedMethods: AllowedMethods {
        get { storage[AllowedMethodsKey.self] ?? AllowedMethods([]) }
        set { storage[AllowedMethodsKey.self] = newValue }
    }
}
