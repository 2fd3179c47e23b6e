import Foundation
import Synchronization

/// In-process HTTP metrics, exposed in the Prometheus text exposition format 0.0.4
/// (`Content-Type: text/plain; version=0.0.4; charset=utf-8`).
///
/// - `http_requests_total{method,route,status}`: counter of handled requests.
/// - `http_request_duration_seconds{method,route}`: histogram of handling time.
///
/// ## Bounded cardinality
///
/// Every distinct label set is a separate time series kept in memory forever (here and in
/// Prometheus). `route` must therefore be the matched route *pattern*, such as
/// "/members/:slug", never the raw request path ("/members/acme", "/members/x?y=..."), which
/// a client could vary without limit. Requests that match no route should all be recorded
/// under one pattern such as `MetricsRegistry.unmatchedRoute`. For the same reason, methods
/// outside the standard HTTP set are recorded as "OTHER".
///
/// Thread-safe: one `Mutex` guards the state; recording holds it only for two dictionary
/// updates, and `prometheusText()` holds it only to take a copy-on-write snapshot and formats
/// outside the lock.
public final class MetricsRegistry: Sendable {
    /// Upper bounds of the duration histogram buckets in seconds (`+Inf` is implicit).
    public static let durationBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
    /// The `route` label to use for requests that matched no route (e.g. 404s).
    public static let unmatchedRoute = "<unmatched>"

    private static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"]
    /// `le` label values, formatted like the reference Go client ("0.001", "1", "2.5", "+Inf").
    private static let bucketLabels: [String] = durationBuckets.map(formatBound) + ["+Inf"]

    private struct CounterKey: Hashable, Sendable {
        var method: String
        var route: String
        var status: Int
    }

    private struct HistogramKey: Hashable, Sendable {
        var method: String
        var route: String
    }

    private struct Histogram: Sendable {
        /// Non-cumulative counts per bucket, the last one being +Inf; made cumulative on output.
        var buckets = [UInt64](repeating: 0, count: MetricsRegistry.durationBuckets.count + 1)
        var sum: Double = 0
        var count: UInt64 = 0

        mutating func record(bucket: Int, value: Double) {
            buckets[bucket] &+= 1
            sum += value
            count &+= 1
        }
    }

    private struct State: Sendable {
        var requests: [CounterKey: UInt64] = [:]
        var durations: [HistogramKey: Histogram] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Records one handled request.
    /// - Parameters:
    ///   - method: the HTTP method; non-standard methods are recorded as "OTHER".
    ///   - route: the route pattern (see "Bounded cardinality"), not the path.
    ///   - status: the response status code.
    ///   - durationSeconds: handling time; negative or non-finite values are recorded as 0.
    public func recordRequest(method: String, route: String, status: Int, durationSeconds: Double) {
        // Everything that does not need the lock happens before taking it.
        let upper = method.uppercased()
        let method = Self.knownMethods.contains(upper) ? upper : "OTHER"
        let duration = durationSeconds.isFinite && durationSeconds > 0 ? durationSeconds : 0
        let bucket = Self.durationBuckets.firstIndex { duration <= $0 } ?? Self.durationBuckets.count
        let counterKey = CounterKey(method: method, route: route, status: status)
        let histogramKey = HistogramKey(method: method, route: route)

        state.withLock { state in
            state.requests[counterKey, default: 0] &+= 1
            state.durations[histogramKey, default: Histogram()].record(bucket: bucket, value: duration)
        }
    }

    /// The current values in the Prometheus text format 0.0.4, series sorted by their labels so
    /// the output is deterministic. HELP and TYPE lines are present even before any request.
    public func prometheusText() -> String {
        let snapshot = state.withLock { $0 }  // copy-on-write: O(1) under the lock

        var out = """
        # HELP http_requests_total Total number of HTTP requests, by method, route pattern and status code.
        # TYPE http_requests_total counter

        """
        let counters = snapshot.requests.sorted { a, b in
            (a.key.method, a.key.route, a.key.status) < (b.key.method, b.key.route, b.key.status)
        }
        for (key, value) in counters {
            out += "http_requests_total{method=\"\(Self.escape(key.method))\",route=\"\(Self.escape(key.route))\",status=\"\(key.status)\"} \(value)\n"
        }

        out += """
        # HELP http_request_duration_seconds Time spent handling HTTP requests in seconds, by method and route pattern.
        # TYPE http_request_duration_seconds histogram

        """
        let histograms = snapshot.durations.sorted { a, b in
            (a.key.method, a.key.route) < (b.key.method, b.key.route)
        }
        for (key, histogram) in histograms {
            let labels = "method=\"\(Self.escape(key.method))\",route=\"\(Self.escape(key.route))\""
            var cumulative: UInt64 = 0
            for (index, count) in histogram.buckets.enumerated() {
                cumulative &+= count
                out += "http_request_duration_seconds_bucket{\(labels),le=\"\(Self.bucketLabels[index])\"} \(cumulative)\n"
            }
            out += "http_request_duration_seconds_sum{\(labels)} \(Self.formatValue(histogram.sum))\n"
            out += "http_request_duration_seconds_count{\(labels)} \(histogram.count)\n"
        }
        return out
    }

    // MARK: - Formatting

    /// Escapes a label value: backslash, double quote and line feed (text format 0.0.4).
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A sample value: shortest round-trip decimal, with Prometheus spellings for the specials.
    static func formatValue(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return "\(value)"
    }

    /// A bucket bound without a needless ".0" ("1", not "1.0"), as the Go client writes it.
    private static func formatBound(_ bound: Double) -> String {
        if bound == bound.rounded(), abs(bound) < 1e15 { return String(Int64(bound)) }
        return "\(bound)"
    }
}
