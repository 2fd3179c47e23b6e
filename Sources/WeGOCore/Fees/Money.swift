import Foundation

/// An amount in US dollars, held as integer cents: fees are compared, summed and printed, and
/// binary floating point would round them. GDP figures use the same type.
public struct USD: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let cents: Int64

    public init(cents: Int64) { self.cents = cents }
    public init(dollars: Int64) { self.cents = dollars * 100 }

    /// Parses "5736.62", "5,736.62" or "2000" exactly (no Double on the way); nil for anything else,
    /// including a comma that is not a thousands separator ("12,5" is refused, not read as 125)
    /// and amounts beyond a trillion dollars.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let wholePart = trimmed.split(separator: ".", omittingEmptySubsequences: false).first ?? ""
        let groups = wholePart.split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1, groups.dropFirst().contains(where: { $0.count != 3 }) || groups[0].isEmpty || groups[0].count > 3 {
            return nil
        }
        let cleaned = trimmed.replacingOccurrences(of: ",", with: "")
        guard cleaned.prefix(while: { $0 != "." }).count <= 13 else { return nil }
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1 ... 2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, !parts[0].hasPrefix("+") else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1 ... 2).contains(digits.count), digits.allSatisfy(\.isASCII), let value = Int64(digits), value >= 0 else { return nil }
            fraction = digits.count == 1 ? value * 10 : value
        }
        cents = whole * 100 + fraction
    }

    /// Whole dollars, rounded half up: how figures such as GDP per capita are quoted ("5,737").
    public var roundedDollars: Int64 { (cents + 50) / 100 }

    public static func < (a: USD, b: USD) -> Bool { a.cents < b.cents }
    public static func + (a: USD, b: USD) -> USD { USD(cents: a.cents + b.cents) }

    public var description: String {
        cents < 0 ? "-USD \(USD(cents: -cents).decimal)" : "USD \(decimal)"
    }

    /// "1250.50": dollars with two decimals and a dot, for files and form fields, whatever the
    /// reader's language.
    public var decimal: String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(cents < 0 ? "-" : "")\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
