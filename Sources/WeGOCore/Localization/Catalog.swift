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
    /// How this language writes small numbers when it uses the digits 0–9, read once from
    /// Foundation: numbers under 1,000 (no grouping) are then written here, since a page of
    /// scores or coordinates formats hundreds and each Foundation call costs microseconds. A test
    /// holds both ways to the same answers in every language; other scripts always use Foundation.
    let plainDigits: PlainDigits?

    struct PlainDigits: Sendable, Equatable {
        var minus: String
        var decimalSeparator: String
    }

    public init(language: Language) {
        self.language = language
        self.integerStyle = IntegerFormatStyle<Int>(locale: language.locale)
        self.plainDigits = Self.probePlainDigits(language.locale, integerStyle: integerStyle)
    }

    public func number(_ value: Int) -> String {
        if plainDigits != nil, (0 ..< 1000).contains(value) { return String(value) }
        return foundationNumber(value)
    }

    public func decimal(_ value: Double, fractionDigits: Int) -> String {
        if let plainDigits, let text = Self.plainDecimal(value, fractionDigits: fractionDigits, plainDigits) { return text }
        return foundationDecimal(value, fractionDigits: fractionDigits)
    }

    func foundationNumber(_ value: Int) -> String { value.formatted(integerStyle) }

    func foundationDecimal(_ value: Double, fractionDigits: Int) -> String {
        value.formatted(.number.locale(language.locale).precision(.fractionLength(fractionDigits)))
    }

    static func probePlainDigits(_ locale: Locale, integerStyle: IntegerFormatStyle<Int>) -> PlainDigits? {
        guard 987.formatted(integerStyle) == "987" else { return nil }
        let style = FloatingPointFormatStyle<Double>.number.locale(locale).precision(.fractionLength(1))
        let negative = (-1.5).formatted(style), positive = 1.5.formatted(style)
        guard positive.hasPrefix("1"), positive.hasSuffix("5"), positive.count >= 3,
            let one = negative.firstIndex(of: "1"), negative.hasSuffix(String(positive.dropFirst()))
        else { return nil }
        let separator = String(positive.dropFirst().dropLast())
        guard !separator.contains(where: \.isNumber) else { return nil }
        return PlainDigits(minus: String(negative[..<one]), decimalSeparator: separator)
    }

    /// Rounds half to even on the shortest decimal form of the value, as ICU does; nil where
    /// this cannot be sure of writing what Foundation writes (1,000 and above, exponents, a
    /// negative that rounds to zero, more than 9 fraction digits).
    static func plainDecimal(_ value: Double, fractionDigits: Int, _ plain: PlainDigits) -> String? {
        guard value.isFinite, abs(value) < 1000, (0 ... 9).contains(fractionDigits), !(value == 0 && value.sign == .minus) else {
            return nil
        }
        let shortest = abs(value).description
        guard !shortest.contains("e") else { return nil }
        let parts = shortest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        var digits = Array(parts[0].utf8).map { Int($0) - 48 }
        let integerCount = digits.count
        let fraction = parts.count == 2 ? Array(parts[1].utf8).map { Int($0) - 48 } : []
        digits += fraction.prefix(fractionDigits)
        digits += Array(repeating: 0, count: max(0, fractionDigits - fraction.count))
        let rest = fraction.dropFirst(fractionDigits)
        if let first = rest.first {
            let roundUp = first > 5 || (first == 5 && (rest.dropFirst().contains { $0 != 0 } || digits.last! % 2 == 1))
            if roundUp {
                var index = digits.count - 1
                while index >= 0 {
                    if digits[index] == 9 { digits[index] = 0; index -= 1 } else { digits[index] += 1; break }
                }
                if index < 0 { return nil }  // 999.99… → 1,000: grouping, which Foundation does.
            }
        }
        guard digits.allSatisfy({ (0 ... 9).contains($0) }) else { return nil }
        if value < 0, digits.allSatisfy({ $0 == 0 }) { return nil }
        var text = value < 0 ? plain.minus : ""
        text += String(digits[..<integerCount].map { Character(String($0)) })
        if fractionDigits > 0 {
            text += plain.decimalSeparator + String(digits[integerCount...].map { Character(String($0)) })
        }
        return text
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
