import Prometheus

/// HTTP metrics for `/metrics`, kept by swift-prometheus and exposed in the Prometheus text format:
///
/// - `http_requests_total{method,route,status}`: counter of handled requests;
/// - `http_request_duration_seconds{method,route}`: histogram of handling time.
///
/// Every distinct label set is a time series kept in memory for good (here and in Prometheus),
/// so `route` is the matched route pattern ("/members/:slug"), never the raw path a client could
/// vary without limit; requests that match no route share `unmatchedRoute`, and methods outside
/// the standard set are recorded as "OTHER".
final class HTTPMetrics: Sendable {
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
    ]
    static let unmatchedRoute = "<unmatched>"
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    private static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"]
    // Computed: swift-prometheus's descriptor is not Sendable, so it cannot be a shared constant.
    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "http_requests", unitName: "total",
            helpText: "Total number of HTTP requests, by method, route pattern and status code.")
    }
    private static var durations: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "http_request_duration", unitName: "seconds",
            helpText: "Time spent handling HTTP requests in seconds, by method and route pattern.")
    }

    private let registry = PrometheusCollectorRegistry()

    /// Records one handled request; a negative duration (a clock step) counts as zero.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let upper = method.uppercased()
        let method = Self.knownMethods.contains(upper) ? upper : "OTHER"
        registry.makeCounter(descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", String(status))])
            .increment()
        registry.makeDurationHistogram(
            descriptor: Self.durations, labels: [("method", method), ("route", route)],
            buckets: Self.durationBuckets
        )
        .record(max(duration, .zero))
    }

    func exposition() -> String { registry.emitToString() }
}
