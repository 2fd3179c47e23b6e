import Foundation

/// Field name → problem keys, for forms and problem+json answers alike; a message with
/// placeholders ("at most {limit} characters") carries their values: text as it is, numbers to
/// be written the reader's way ("4,000", "4.000"). A field usually has one
/// problem; a list of lines (availability windows) can have one per bad line.
public struct FieldProblems: Error, Equatable, Sendable {
    public struct Problem: Equatable, Sendable {
        public var key: String
        public var arguments: [String: String]
        public var numbers: [String: Int]
    }

    public private(set) var problems: [String: [Problem]] = [:]

    public init(fields: [String: String] = [:], arguments: [String: [String: String]] = [:]) {
        problems = Dictionary(uniqueKeysWithValues: fields.map { ($0, [Problem(key: $1, arguments: arguments[$0] ?? [:], numbers: [:])]) })
    }

    /// Each field's first problem key.
    public var fields: [String: String] { problems.compactMapValues { $0.first?.key } }
    /// Each field's first problem's placeholder values.
    public var arguments: [String: [String: String]] { problems.compactMapValues { $0.first?.arguments }.filter { !$0.value.isEmpty } }
    public var isEmpty: Bool { problems.isEmpty }

    /// Records a problem unless the field has one already: the first problem found is the one shown.
    public mutating func add(_ field: String, _ key: String, _ arguments: [String: String] = [:], numbers: [String: Int] = [:]) {
        guard problems[field] == nil else { return }
        problems[field] = [Problem(key: key, arguments: arguments, numbers: numbers)]
    }

    /// Records one more problem for the field (each bad line of a list).
    public mutating func append(_ field: String, _ key: String, _ arguments: [String: String] = [:], numbers: [String: Int] = [:]) {
        problems[field, default: []].append(Problem(key: key, arguments: arguments, numbers: numbers))
    }

    /// Every problem of `other` that this one lacks, field by field.
    public mutating func merge(_ other: FieldProblems) {
        for (field, list) in other.problems where problems[field] == nil { problems[field] = list }
    }
}

/// The rules every typed field follows, whatever the form: surrounding white space is dropped,
/// control characters are refused (line breaks only where the field is multi-line), and the text
/// stays within its length. Problems are catalog keys, so each form needs no messages of its own.
public enum FieldRules {
    public static let requiredKey = "form.field_required"
    public static let tooLongKey = "form.field_too_long"
    public static let invalidCharactersKey = "form.invalid_characters"

    /// The cleaned text, or nil with the problem recorded under `field`. An optional field left
    /// empty gives "".
    public static func text(
        _ raw: String?, field: String, required: Bool = false, maxLength: Int, multiline: Bool = false,
        problems: inout FieldProblems
    ) -> String? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            if required {
                problems.add(field, requiredKey)
                return nil
            }
            return ""
        }
        let allowed = multiline ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: " ") : text
        if TextFolding.containsControlCharacters(allowed) {
            problems.add(field, invalidCharactersKey)
            return nil
        }
        if text.count > maxLength {
            problems.add(field, tooLongKey, numbers: ["limit": maxLength])
            return nil
        }
        return multiline ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    }
}
