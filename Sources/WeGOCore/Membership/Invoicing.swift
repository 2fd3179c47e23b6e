import Foundation

/// An invoice or credit-note number: a series prefix, the year and a sequence without gaps
/// within that series and year ("INV-2026-0001", "CN-2026-0001"). The sequence widens past 9999
/// rather than wrapping.
public struct DocumentNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Series: String, Sendable, CaseIterable, Codable {
        case invoice = "INV"
        case creditNote = "CN"
    }

    public let series: Series
    public let year: Int
    public let sequence: Int

    public init(series: Series, year: Int, sequence: Int) {
        self.series = series
        self.year = year
        self.sequence = sequence
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let series = Series(rawValue: String(parts[0])), parts[1].count == 4, parts[2].count >= 4,
            parts[1].allSatisfy(\.isASCII), parts[2].allSatisfy(\.isASCII),
            let year = Int(parts[1]), let sequence = Int(parts[2]), sequence > 0
        else { return nil }
        self.init(series: series, year: year, sequence: sequence)
    }

    public var description: String {
        let digits = String(sequence)
        return "\(series.rawValue)-\(year)-\(String(repeating: "0", count: max(0, 4 - digits.count)))\(digits)"
    }

    public static func < (a: DocumentNumber, b: DocumentNumber) -> Bool {
        (a.series.rawValue, a.year, a.sequence) < (b.series.rawValue, b.year, b.sequence)
    }
}

/// An invoice's state, computed from its amount, its payments and whether it was voided; never
/// stored, so it cannot disagree with the payments.
public enum InvoiceState: String, Sendable, CaseIterable {
    case issued
    case partlyPaid = "partly_paid"
    case paid
    case void

    public static func of(amount: USD, paid: USD, voided: Bool) -> InvoiceState {
        if voided { return .void }
        if paid.cents <= 0 { return .issued }
        return paid.cents >= amount.cents ? .paid : .partlyPaid
    }
}

public enum PaymentMethod: String, Sendable, CaseIterable, Codable {
    case bankTransfer = "bank_transfer"
    case card
    case cash
    case other
}

/// A payment as typed by the secretariat, checked against the invoice it is for.
public struct PaymentDraft: Sendable, Equatable {
    public var receivedOn = ""
    public var amount = ""
    public var method = ""
    public var reference = ""

    public init(receivedOn: String = "", amount: String = "", method: String = "", reference: String = "") {
        self.receivedOn = receivedOn
        self.amount = amount
        self.method = method
        self.reference = reference
    }

    public struct Valid: Sendable, Equatable {
        public var receivedOn: CalendarDate
        public var amount: USD
        public var method: PaymentMethod
        public var reference: String?
    }

    /// A payment may not exceed what is still owed (an amount that does not match is a typing
    /// error far more often than an overpayment), may not be dated in the future or before the
    /// invoice, and a void invoice takes no payment at all.
    public func validate(outstanding: USD, state: InvoiceState, issuedOn: CalendarDate, today: CalendarDate) -> Result<Valid, FieldProblems>
    {
        var problems: [String: String] = [:]
        if state == .void { return .failure(FieldProblems(fields: ["amount": "payment.error.void"])) }
        if state == .paid { return .failure(FieldProblems(fields: ["amount": "payment.error.already_paid"])) }
        let date = CalendarDate(iso: receivedOn)
        if date == nil {
            problems["received_on"] = "payment.error.date"
        } else if date! > today {
            problems["received_on"] = "payment.error.date_future"
        } else if date! < issuedOn {
            problems["received_on"] = "payment.error.date_before_invoice"
        }
        let amount = USD(parsing: amount)
        if amount == nil || amount!.cents <= 0 {
            problems["amount"] = "payment.error.amount"
        } else if amount!.cents > outstanding.cents {
            problems["amount"] = "payment.error.amount_exceeds"
        }
        let method = PaymentMethod(rawValue: method)
        if method == nil { problems["method"] = "payment.error.method" }
        let reference = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        if reference.count > 120 || TextFolding.containsControlCharacters(reference) { problems["reference"] = "payment.error.reference" }
        guard problems.isEmpty, let date, let amount, let method else { return .failure(FieldProblems(fields: problems)) }
        return .success(Valid(receivedOn: date, amount: amount, method: method, reference: reference.isEmpty ? nil : reference))
    }
}
