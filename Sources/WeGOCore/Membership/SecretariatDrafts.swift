import Foundation

/// A resignation as typed by the secretariat: when the member gave notice, when it takes
/// effect, and an optional note.
public struct ResignationDraft: Sendable, Equatable {
    public var notifiedOn: String
    public var effectiveOn: String
    public var note: String

    public init(notifiedOn: String = "", effectiveOn: String = "", note: String = "") {
        self.notifiedOn = notifiedOn
        self.effectiveOn = effectiveOn
        self.note = note
    }

    public struct Valid: Sendable, Equatable {
        public var notifiedOn: CalendarDate
        public var effectiveOn: CalendarDate
        public var note: String?
    }

    public func validate() -> Result<Valid, FieldProblems> {
        var problems = FieldProblems()
        let notified = CalendarDate(iso: notifiedOn)
        let effective = CalendarDate(iso: effectiveOn)
        if notified == nil { problems.add("notified_on", "membership.error.date") }
        if effective == nil { problems.add("effective_on", "membership.error.date") }
        if let notified, let effective, effective < notified { problems.add("effective_on", "membership.error.effective_before_notice") }
        let note = FieldRules.text(note, field: "note", maxLength: 500, message: "application.error.too_long", problems: &problems)
        guard problems.isEmpty, let notified, let effective, let note else { return .failure(problems) }
        return .success(Valid(notifiedOn: notified, effectiveOn: effective, note: note.isEmpty ? nil : note))
    }
}

/// A GDP per capita figure the secretariat records for a country, overriding the shipped series
/// (e.g. where the World Bank publishes none).
public struct GDPOverrideDraft: Sendable, Equatable {
    public var country: String
    public var value: String
    public var year: String
    public var source: String

    public init(country: String = "", value: String = "", year: String = "", source: String = "") {
        self.country = country
        self.value = value
        self.year = year
        self.source = source
    }

    public struct Valid: Sendable, Equatable {
        public var country: String
        public var value: USD
        public var year: Int
        public var source: String
    }

    /// Figures from 1990 to `thisYear`; `knownCountries` are the ISO codes the platform ships.
    public func validate(knownCountries: Set<String>, thisYear: Int) -> Result<Valid, FieldProblems> {
        var problems = FieldProblems()
        let country = country.uppercased()
        if !knownCountries.contains(country) { problems.add("country", "application.error.country") }
        let value = USD(parsing: value).flatMap { $0.cents > 0 ? $0 : nil }
        if value == nil { problems.add("value", "gdp.error.value") }
        let year = Int(year.trimmingCharacters(in: .whitespaces)).flatMap { (1990 ... thisYear).contains($0) ? $0 : nil }
        if year == nil { problems.add("year", "gdp.error.year", ["max": String(thisYear)]) }
        let source = FieldRules.text(
            source, field: "source", required: true, maxLength: 200, message: "gdp.error.source",
            problems: &problems)
        guard problems.isEmpty, let value, let year, let source else { return .failure(problems) }
        return .success(Valid(country: country, value: value, year: year, source: source))
    }
}
