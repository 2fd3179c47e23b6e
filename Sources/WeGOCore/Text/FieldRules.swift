import Foundation

/// Field name → problem key, for forms and problem+json answers alike; a message with
/// placeholders ("at most {limit} characters") carries their values in `arguments`.
public struct FieldProblems: Error, Equatable, Sendable {
    public var fields: [String: String]
    public var arguments: [String: [String: String]]

    public init(fields: [String: String] = [:], arguments: [String: [String: String]] = [:]) {
        self.fields = fields
        self.arguments = arguments
    }

    public var isEmpty: Bool { fields.isEmpty }

    /// Records a problem unless the field has one already: the first problem found is the one shown.
    public mutating func add(_ field: String, _ key: String, _ arguments: [String: String] = [:]) {
        guard fields[field] == nil else { return }
        fields[field] = key
        if !arguments.isEmpty { self.arguments[field] = arguments }
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
    public static func text(_ raw: String?, field: String, required: Bool = false, maxLength: Int, multiline: Bool = false,
                            problems: inout FieldProblems) -> String? {
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
            problems.add(field, tooLongKey, ["limit": String(maxLength)])
            return nil
        }
        return multiline ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    }
}
