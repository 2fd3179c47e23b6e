import Foundation
import Testing

@testable import WeGOServer

/// The `_bucket` samples of one series, in output order, as (le, value).
private func buckets(in text: String, labels: String) -> [(String, UInt64)] {
    let prefix = "http_request_duration_seconds_bucket{\(labels),le=\""
    return text.split(separator: "\n").compactMap { line -> (String, UInt64)? in
        guard line.hasPrefix(prefix) else { return nil }
        let rest = line.dropFirst(prefix.count)
        guard let quote = rest.firstIndex(of: "\""), let space = rest.lastIndex(of: " "),
            let value = UInt64(rest[rest.index(after: space)...])
        else { return nil }
        return (String(rest[..<quote]), value)
    }
}

/// The HTTP metrics as `/metrics` exposes them (swift-prometheus underneath): route patterns as
/// labels, bounded methods, cumulative buckets, escaped values, safe under concurrent recording.
@Suite struct MetricsTests {
    @Test func smallExample() {
        let metrics = HTTPMetrics()
        metrics.recordRequest(method: "GET", route: "/members/:slug", status: 200, duration: .microseconds(976.5625))
        metrics.recordRequest(method: "GET", route: "/members/:slug", status: 200, duration: .milliseconds(31.25))
        metrics.recordRequest(method: "GET", route: "/members/:slug", status: 404, duration: .milliseconds(750))
        metrics.recordRequest(method: "post", route: "/sign-in", status: 303, duration: .seconds(3))
        metrics.recordRequest(method: "POST", route: "/sign-in", status: 303, duration: .seconds(10))
        let text = metrics.exposition()
        for line in [
            "# HELP http_requests_total Total number of HTTP requests, by method, route pattern and status code.",
            "# TYPE http_requests_total counter",
            #"http_requests_total{method="GET",route="/members/:slug",status="200"} 2"#,
            #"http_requests_total{method="GET",route="/members/:slug",status="404"} 1"#,
            #"http_requests_total{method="POST",route="/sign-in",status="303"} 2"#,
            "# TYPE http_request_duration_seconds histogram",
            #"http_request_duration_seconds_count{method="GET",route="/members/:slug"} 3"#,
            #"http_request_duration_seconds_count{method="POST",route="/sign-in"} 2"#,
        ] {
            #expect(text.split(separator: "\n").contains(Substring(line)), "missing: \(line)\n\(text)")
        }
        let members = buckets(in: text, labels: #"method="GET",route="/members/:slug""#)
        #expect(members.map(\.1) == [1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3])
        let signIn = buckets(in: text, labels: #"method="POST",route="/sign-in""#)
        #expect(signIn.map(\.1) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2])
        #expect(!text.contains("status=\"303\"} 1"), "methods differing in case are one series")
    }

    @Test func bucketsAreCumulative() {
        let metrics = HTTPMetrics()
        let durations: [Duration] = [0.0001, 0.002, 0.002, 0.007, 0.03, 0.03, 0.03, 0.2, 0.6, 1.5, 4, 7, 100].map { .seconds($0) }
        for d in durations { metrics.recordRequest(method: "GET", route: "/", status: 200, duration: d) }
        let series = buckets(in: metrics.exposition(), labels: #"method="GET",route="/""#)
        #expect(
            series.map(\.0) == ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "+Inf"])
        #expect(series.map(\.1) == [1, 3, 3, 4, 4, 7, 7, 8, 8, 9, 10, 11, 13])
        #expect(series.last?.1 == UInt64(durations.count))
    }

    @Test(arguments: [
        (Duration.milliseconds(1), "0.001"), (.nanoseconds(1_000_001), "0.0025"), (.milliseconds(5), "0.005"),
        (.seconds(1), "1.0"), (.seconds(5), "5.0"), (.microseconds(5_000_100), "+Inf"),
    ])
    func upperBoundsAreInclusive(duration: Duration, firstBucket: String) {
        let metrics = HTTPMetrics()
        metrics.recordRequest(method: "GET", route: "/", status: 200, duration: duration)
        let series = buckets(in: metrics.exposition(), labels: #"method="GET",route="/""#)
        #expect(series.first { $0.1 == 1 }?.0 == firstBucket)
    }

    @Test(arguments: [
        ("plain", "plain"),
        (#"back\slash"#, #"back\\slash"#),
        (#"a "quoted" word"#, #"a \"quoted\" word"#),
        ("two\nlines", #"two\nlines"#),
        ("/naïve/한국어", "/naïve/한국어"),
    ])
    func labelValuesAreEscaped(raw: String, escaped: String) {
        let metrics = HTTPMetrics()
        metrics.recordRequest(method: "GET", route: raw, status: 200, duration: .zero)
        let text = metrics.exposition()
        #expect(text.contains("http_requests_total{method=\"GET\",route=\"\(escaped)\",status=\"200\"} 1\n"))
        #expect(text.contains("http_request_duration_seconds_count{method=\"GET\",route=\"\(escaped)\"} 1\n"))
        // Every sample stays on one line.
        #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix("#") || $0.hasPrefix("http_") })
    }

    @Test(arguments: [("get", "GET"), ("Patch", "PATCH"), ("PROPFIND", "OTHER"), ("", "OTHER"), ("x\"y", "OTHER")])
    func methodsAreNormalized(method: String, label: String) {
        let metrics = HTTPMetrics()
        metrics.recordRequest(method: method, route: "/", status: 200, duration: .milliseconds(10))
        #expect(metrics.exposition().contains("http_requests_total{method=\"\(label)\",route=\"/\",status=\"200\"} 1\n"))
    }

    @Test func negativeDurationsCountAsZero() {
        let metrics = HTTPMetrics()
        metrics.recordRequest(method: "GET", route: "/", status: 500, duration: .seconds(-1))
        #expect(buckets(in: metrics.exposition(), labels: #"method="GET",route="/""#).first?.1 == 1)
    }

    @Test func concurrentRecording() async {
        let metrics = HTTPMetrics()
        await withTaskGroup(of: Void.self) { group in
            for task in 0 ..< 8 {
                group.addTask {
                    for i in 0 ..< 1000 {
                        metrics.recordRequest(method: "GET", route: "/r\(task % 2)", status: 200 + i % 2, duration: .milliseconds(500))
                    }
                }
                group.addTask { _ = metrics.exposition() }
            }
        }
        let text = metrics.exposition()
        for route in ["/r0", "/r1"] {
            #expect(text.contains("http_requests_total{method=\"GET\",route=\"\(route)\",status=\"200\"} 2000\n"))
            #expect(text.contains("http_requests_total{method=\"GET\",route=\"\(route)\",status=\"201\"} 2000\n"))
            #expect(text.contains("http_request_duration_seconds_count{method=\"GET\",route=\"\(route)\"} 4000\n"))
        }
    }
}
