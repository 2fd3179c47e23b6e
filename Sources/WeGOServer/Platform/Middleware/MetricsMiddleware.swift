import Vapor

/// Counts requests and their latency by route pattern (never the raw path, which would let any
/// visitor create unbounded series) for `/metrics`.
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: HTTPMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let status: Int
        let response: Response
        do {
            response = try await next.respond(to: request)
            status = Int(response.status.code)
        } catch {
            status = Int((error as? any AbortError)?.status.code ?? 500)
            record(request, status: status, since: start)
            throw error
        }
        record(request, status: status, since: start)
        return response
    }

    private func record(_ request: Request, status: Int, since start: ContinuousClock.Instant) {
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? HTTPMetrics.unmatchedRoute
        metrics.recordRequest(method: request.method.rawValue, route: route, status: status, duration: ContinuousClock.now - start)
    }
}
