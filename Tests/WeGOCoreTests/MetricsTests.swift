import Foundation
import Testing
@testable import WeGOCore

private let header = """
# HELP http_requests_total Total number of HTTP requests, by method, route pattern and status code.
# TYPE http_requests_total counter

"""

private let histogramHeader = """
# HELP http_request_duration_seconds Time spent handling HTTP requests in seconds, by method and route pattern.
# TYPE http_request_duration_seconds histogram

"""

/// The `_bucket` samples of one series, in output order, as (le, value).
private func buckets(in text: String, labels: String) -> [(String, UInt64)] {
    let prefix = "http_request_duration_seconds_bucket{\(labels),le=\""
    return text.split(separator: "\n").compactMap { line -> (String, UInt64)? in
        guard line.hasPrefix(prefix) else { return nil }
        let rest = line.dropFirst(prefix.count)
        guard let quote = rest.firstIndex(of: "\""), let space = rest.lastIndex(of: " "),
              let value = UInt64(rest[rest.index(after: space)...]) else { return nil }
        return (String(rest[..<quote]), value)
    }
}

@Suite struct MetricsTests {
    @Test func emptyRegistry() {
        #expect(MetricsRegistry().prometheusText() == header + histogramHeader)
    }

    @Test func smallExampleExactText() {
        let registry = MetricsRegistry()
        // Durations chosen to be exact in binary, so the sums print exactly.
        registry.recordRequest(method: "GET", route: "/members/:slug", status: 200, durationSeconds: 0.0009765625)
        registry.recordRequest(method: "GET", route: "/members/:slug", status: 200, durationSeconds: 0.03125)
        registry.recordRequest(method: "GET", route: "/members/:slug", status: 404, durationSeconds: 0.75)
        registry.recordRequest(method: "post", route: "/sign-in", status: 303, durationSeconds: 3)
        registry.recordRequest(method: "POST", route: "/sign-in", status: 303, durationSeconds: 10)

        let expected = header + """
        http_requests_total{method="GET",route="/members/:slug",status="200"} 2
        http_requests_total{method="GET",route="/members/:slug",status="404"} 1
        http_requests_total{method="POST",route="/sign-in",status="303"} 2

        """ + histogramHeader + """
        http_request_duration_seconds_bucket{method="GET",route="/members/:slug",le="0.001"} 1
        http_request_duration_seconds_bucket{method="GET",route="/members/:slug",le="0.0025"} 1
        http_request_duration_seconds_bucket{method="GET",route="/members/:slug",le="0.005"} 1
        http_request_duration_seconds_bucket{method="GET",route="/members/:slug",le="0.01"} 1
        http_request_duration_seconds_bucket{method="GET",route="/members/:slug",le="0.025"} 1
        http_request_duration_seconds_bucket{method="GET",route="/members/:slug",le="0.05"} 2
        http_request_duration_seconds_bucket{method="GET",route="/members/:slug",le="0.1"} 2
        http_request_duration_seconds_bucket{method="GET",route="/members/:slug",le="0.25"} 2
        http_request_duration_seconds_bucket{method="GET",route="/members/:slug",le="0.5"} 2
        http_request_duration_seconds_bucket{method="GET",route="/members/:slug",le="1"} 3
        http_request_duration_seconds_bucket{method="GET",route="/members/:slug",le="2.5"} 3
        http_request_duration_seconds_bucket{method="GET",route="/members/:slug",le="5"} 3
        http_request_duration_seconds_bucket{method="GET",route="/members/:slug",le="+Inf"} 3
        http_request_duration_seconds_sum{method="GET",route="/members/:slug"} 0.7822265625
        http_request_duration_seconds_count{method="GET",route="/members/:slug"} 3
        http_request_duration_seconds_bucket{method="POST",route="/sign-in",le="0.001"} 0
        http_request_duration_seconds_bucket{method="POST",route="/sign-in",le="0.0025"} 0
        http_request_duration_seconds_bucket{method="POST",route="/sign-in",le="0.005"} 0
        http_request_duration_seconds_bucket{method="POST",route="/sign-in",le="0.01"} 0
        http_request_duration_seconds_bucket{method="POST",route="/sign-in",le="0.025"} 0
        http_request_duration_seconds_bucket{method="POST",route="/sign-in",le="0.05"} 0
        http_request_duration_seconds_bucket{method="POST",route="/sign-in",le="0.1"} 0
        http_request_duration_seconds_bucket{method="POST",route="/sign-in",le="0.25"} 0
        http_request_duration_seconds_bucket{method="POST",route="/sign-in",le="0.5"} 0
        http_request_duration_seconds_bucket{method="POST",route="/sign-in",le="1"} 0
        http_request_duration_seconds_bucket{method="POST",route="/sign-in",le="2.5"} 0
        http_request_duration_seconds_bucket{method="POST",route="/sign-in",le="5"} 1
        http_request_duration_seconds_bucket{method="POST",route="/sign-in",le="+Inf"} 2
        http_request_duration_seconds_sum{method="POST",route="/sign-in"} 13.0
        http_request_duration_seconds_count{method="POST",route="/sign-in"} 2

        """
        #expect(registry.prometheusText() == expected)
    }

    @Test func bucketsAreCumulative() {
        let registry = MetricsRegistry()
        let durations: [Double] = [0.0001, 0.002, 0.002, 0.007, 0.03, 0.03, 0.03, 0.2, 0.6, 1.5, 4, 7, 100]
        for d in durations {
            registry.recordRequest(method: "GET", route: "/", status: 200, durationSeconds: d)
        }
        let series = buckets(in: registry.prometheusText(), labels: #"method="GET",route="/""#)
        #expect(series.map(\.0) == ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"])
        #expect(series.map(\.1) == [1, 3, 3, 4, 4, 7, 7, 8, 8, 9, 10, 11, 13])
        #expect(zip(series, series.dropFirst()).allSatisfy { $0.1 <= $1.1 })
        #expect(series.last?.1 == UInt64(durations.count))
    }

    @Test(arguments: [
        (0.001, "0.001"), (0.0010000001, "0.0025"), (0.005, "0.005"), (1.0, "1"), (5.0, "5"), (5.0001, "+Inf"),
    ])
    func upperBoundsAreInclusive(duration: Double, firstBucket: String) {
        let registry = MetricsRegistry()
        registry.recordRequest(method: "GET", route: "/", status: 200, durationSeconds: duration)
        let series = buckets(in: registry.prometheusText(), labels: #"method="GET",route="/""#)
        #expect(series.first { $0.1 == 1 }?.0 == firstBucket)
    }

    @Test(arguments: [
        ("plain", "plain"),
        (#"back\slash"#, #"back\\slash"#),
        (#"a "quoted" word"#, #"a \"quoted\" word"#),
        ("two\nlines", #"two\nlines"#),
        ("\\\"\n", #"\\\"\n"#),
        ("/naïve/한국어", "/naïve/한국어"),
    ])
    func labelValuesAreEscaped(raw: String, escaped: String) {
        #expect(MetricsRegistry.escape(raw) == escaped)
        let registry = MetricsRegistry()
        registry.recordRequest(method: "GET", route: raw, status: 200, durationSeconds: 0)
        let text = registry.prometheusText()
        #expect(text.contains("http_requests_total{method=\"GET\",route=\"\(escaped)\",status=\"200\"} 1\n"))
        #expect(text.contains("http_request_duration_seconds_count{method=\"GET\",route=\"\(escaped)\"} 1\n"))
        // Every sample stays on one line.
        #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix("#") || $0.hasPrefix("http_") })
    }

    @Test(arguments: [("get", "GET"), ("Patch", "PATCH"), ("PROPFIND", "OTHER"), ("", "OTHER"), ("x\"y", "OTHER")])
    func methodsAreNormalized(method: String, label: String) {
        let registry = MetricsRegistry()
        registry.recordRequest(method: method, route: "/", status: 200, durationSeconds: 0.01)
        #expect(registry.prometheusText().contains("http_requests_total{method=\"\(label)\",route=\"/\",status=\"200\"} 1\n"))
    }

    @Test(arguments: [-1.0, .nan, .infinity, -.infinity])
    func invalidDurationsCountAsZero(duration: Double) {
        let registry = MetricsRegistry()
        registry.recordRequest(method: "GET", route: "/", status: 500, durationSeconds: duration)
        let text = registry.prometheusText()
        #expect(text.contains(#"http_request_duration_seconds_bucket{method="GET",route="/",le="0.001"} 1"#))
        #expect(text.contains(#"http_request_duration_seconds_sum{method="GET",route="/"} 0.0"#))
    }

    @Test(arguments: [(Double.nan, "NaN"), (.infinity, "+Inf"), (-.infinity, "-Inf"), (0.5, "0.5"), (2, "2.0")])
    func sampleValueFormat(value: Double, text: String) {
        #expect(MetricsRegistry.formatValue(value) == text)
    }

    @Test func concurrentRecording() async {
        let registry = MetricsRegistry()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for i in 0..<1000 {
                        registry.recordRequest(method: "GET", route: "/r\(task % 2)", status: 200 + i % 2,
                                               durationSeconds: 0.5)
                    }
                }
                group.addTask { _ = registry.prometheusText() }
            }
        }
        let text = registry.prometheusText()
        for route in ["/r0", "/r1"] {
            #expect(text.contains("http_requests_total{method=\"GET\",route=\"\(route)\",status=\"200\"} 2000\n"))
            #expect(text.contains("http_requests_total{method=\"GET\",route=\"\(route)\",status=\"201\"} 2000\n"))
            #expect(text.contains("http_request_duration_seconds_count{method=\"GET\",route=\"\(route)\"} 4000\n"))
            #expect(text.contains("http_request_duration_seconds_sum{method=\"GET\",route=\"\(route)\"} 2000.0\n"))
        }
    }
}
