import Foundation

/// One language's interface strings: flat keys ("members.title") to text with `{name}` placeholders.
public struct Catalog: Sendable {
    public let language: Language
    public let strings: [String: String]

    public init(language: Language, strings: [String: String]) {
        self.language = language
        self.strings = strings
    }

    public init(language: Language, json: Data) throws {
        self.init(language: language, strings: try JSONDecoder().decode([String: String].self, from: json))
    }

    /// The text for `key` with `{placeholders}` filled in. A missing key shows the key itself, so a
    /// gap is visible in the page; the catalog test keeps such gaps from being released.
    public func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        guard let template = strings[key] else { return key }
        guard !arguments.isEmpty else { return template }
        // One pass over the template: a value that itself contains "{name}" (typed by a user) is
        // copied as it is, never expanded.
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            if let close = rest[open...].firstIndex(of: "}"), let value = arguments[String(rest[rest.index(after: open) ..< close])] {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[rest.index(after: open)...]
            }
        }
        return result + rest
    }

    /// Keys present in `reference` but not here, and placeholders that differ: what a translator must fix.
    public func problems(against reference: Catalog) -> [String] {
        var problems: [String] = []
        for key in reference.strings.keys.sorted() {
            guard let text = strings[key] else { problems.append("\(language.rawValue): missing \(key)"); continue }
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append("\(language.rawValue): empty \(key)")
            }
            let expected = Catalog.placeholders(in: reference.strings[key]!)
            let found = Catalog.placeholders(in: text)
            if expected != found {
                problems.append("\(language.rawValue): \(key) has placeholders \(found.sorted()) instead of \(expected.sorted())")
            }
        }
        for key in strings.keys.sorted() where reference.strings[key] == nil {
            problems.append("\(language.rawValue): unknown key \(key)")
        }
        return problems
    }

    static func placeholders(in text: String) -> Set<String> {
        var names = Set<String>()
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open) ..< close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

/// Numbers and dates in the reader's language. Formatters are created once per language, because
/// building one per call costs more than the page it formats.
public struct LocalFormat: Sendable {
    public let language: Language
    private let integerStyle: IntegerFormatStyle<Int>

    public init(language: Language) {
        self.language = language
        self.integerStyle = IntegerFormatStyle<Int>(locale: language.locale)
    }

    public func number(_ value: Int) -> String { value.formatted(integerStyle) }

    public func decimal(_ value: Double, fractionDigits: Int) -> String {
        value.formatted(.number.locale(language.locale).precision(.fractionLength(fractionDigits)))
    }

    /// "2025-12" as "December 2025" / "2025년 12월" / "diciembre de 2025" / "2025年12月"; other text unchanged.
    public func yearMonth(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1 ... 12).contains(month),
            let date = Calendar(identifier: .gregorian).date(
                from: DateComponents(timeZone: TimeZone(identifier: "UTC"), year: year, month: month, day: 15))
        else { return iso }
        return date.formatted(Date.FormatStyle(locale: language.locale, timeZone: TimeZone(identifier: "UTC")!).year().month(.wide))
    }

    /// A calendar day ("18 Nov 2026" in English), read in UTC so the day never shifts.
    public func day(_ date: CalendarDate) -> String {
        guard
            let instant = Calendar(identifier: .gregorian).date(
                from: DateComponents(timeZone: TimeZone(identifier: "UTC"), year: date.year, month: date.month, day: date.day))
        else { return date.iso }
        return instant.formatted(
            Date.FormatStyle(date: .abbreviated, time: .omitted, locale: language.locale, timeZone: TimeZone(identifier: "UTC")!))
    }

    /// "USD 1,250" for whole dollars, "USD 1,250.50" otherwise, grouped as the language groups.
    public func usd(_ amount: USD) -> String {
        let sign = amount.cents < 0 ? "-" : ""
        let magnitude = amount.cents.magnitude
        if magnitude % 100 == 0 { return "USD \(sign)\(number(Int(magnitude / 100)))" }
        // Built from the integer parts, never through Double: an amount is printed exactly.
        let fraction = magnitude % 100
        let separator = language.locale.decimalSeparator ?? "."
        return "USD \(sign)\(number(Int(magnitude / 100)))\(separator)\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public func dateTime(_ date: Date) -> String { dateTime(date, in: TimeZone(identifier: "UTC")!) }

    /// As a reader in that time zone sees it (a meeting in each party's own time).
    public func dateTime(_ date: Date, in timeZone: TimeZone) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .shortened, locale: language.locale, timeZone: timeZone))
    }
}
