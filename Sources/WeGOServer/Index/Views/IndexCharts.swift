import Foundation
import WeGOCore

/// Charts drawn on the server as SVG: no script, scalable, readable by screen readers through
/// their title and description (and each is followed by a table of the same figures).
enum IndexCharts {
    struct Series {
        var label: String
        var values: [Double?]
    }

    /// A radar of scores on axes that share one scale from `low` to `high`. The first series is
    /// drawn filled; the others (a comparison such as the median) as dashed outlines.
    static func radar(
        id: String, title: String, description: String, axes: [String], series: [Series],
        low: Double, high: Double
    ) -> HTML {
        let width = 680.0, height = 360.0, cx = width / 2, cy = height / 2, radius = 125.0
        let count = max(axes.count, 3)
        func point(_ axis: Int, _ fraction: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(axis) / Double(count)
            return (cx + radius * fraction * cos(angle), cy + radius * fraction * sin(angle))
        }
        func fraction(_ value: Double?) -> Double {
            guard let value, high > low else { return 0 }
            return min(1, max(0, (value - low) / (high - low)))
        }
        func coordinates(_ points: [(Double, Double)]) -> String {
            points.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ")
        }
        let rings: [HTML] = [0.25, 0.5, 0.75, 1].map { ring in
            "<polygon class=\"grid\" points=\"\(coordinates((0..<count).map { point($0, ring) }))\"/>"
        }
        let spokes: [HTML] = (0 ..< axes.count).map { axis in
            let (x, y) = point(axis, 1)
            return HTML(trusted: String(format: "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", cx, cy, x, y))
        }
        let labels: [HTML] = axes.enumerated().map { axis, label in
            let (x, y) = point(axis, 1.12)
            let anchor = abs(x - cx) < 1 ? "middle" : (x > cx ? "start" : "end")
            return
                "<text x=\"\(String(format: "%.1f", x))\" y=\"\(String(format: "%.1f", y + 4))\" text-anchor=\"\(anchor)\">\(label)</text>"
        }
        let shapes: [HTML] = series.enumerated().map { index, item in
            let points = coordinates(item.values.enumerated().map { point($0.offset, fraction($0.element)) })
            return "<polygon class=\"\(index == 0 ? "series" : "comparison")\" points=\"\(points)\"/>"
        }
        return """
            <svg class="chart radar" id="\(id)" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-labelledby="\(id)-title \(id)-desc">
            <title id="\(id)-title">\(title)</title><desc id="\(id)-desc">\(description)</desc>
            \(rings)\(spokes)\(shapes)\(labels)
            </svg>
            """
    }

    /// Horizontal bars on a scale from `low` to `high`, with a tick for a comparison value.
    static func bars(
        id: String, title: String, description: String, bars: [(label: String, value: Double?, comparison: Double?, text: String)],
        low: Double, high: Double
    ) -> HTML {
        let width = 520.0, labelWidth = 200.0, barHeight = 22.0, gap = 14.0
        let height = Double(bars.count) * (barHeight + gap) + gap
        func x(_ value: Double) -> Double {
            guard high > low else { return labelWidth }
            return labelWidth + (width - labelWidth - 70) * min(1, max(0, (value - low) / (high - low)))
        }
        let items: [HTML] = bars.enumerated().map { index, bar in
            let y = gap + Double(index) * (barHeight + gap)
            let fill =
                bar.value.map {
                    HTML(
                        trusted: String(
                            format: "<rect class=\"series\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", labelWidth, y,
                            x($0) - labelWidth, barHeight))
                } ?? .empty
            let tick =
                bar.comparison.map {
                    HTML(
                        trusted: String(
                            format: "<line class=\"comparison\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x($0), y - 3, x($0),
                            y + barHeight + 3))
                } ?? .empty
            return """
                <text x="\(String(format: "%.1f", labelWidth - 8))" y="\(String(format: "%.1f", y + barHeight * 0.7))" \
                text-anchor="end">\(bar.label)</text>\
                <rect class="track" x="\(String(format: "%.1f", labelWidth))" y="\(String(format: "%.1f", y))" \
                width="\(String(format: "%.1f", width - labelWidth - 70))" height="\(String(format: "%.1f", barHeight))"/>\
                \(fill)\(tick)<text x="\(String(format: "%.1f", width - 64))" \
                y="\(String(format: "%.1f", y + barHeight * 0.7))">\(bar.text)</text>
                """
        }
        return """
            <svg class="chart bars" id="\(id)" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-labelledby="\(id)-title \(id)-desc">
            <title id="\(id)-title">\(title)</title><desc id="\(id)-desc">\(description)</desc>
            \(items)
            </svg>
            """
    }
}
