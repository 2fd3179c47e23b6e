import Foundation

extension FieldRules {
    /// `text`, reporting any of its problems with the form's own `message`: for fields whose
    /// message already says everything wanted ("Give the reason, at most 500 characters, one line").
    public static func text(
        _ raw: String?, field: String, required: Bool = false, maxLength: Int, multiline: Bool = false,
        message: String, problems: inout FieldProblems
    ) -> String? {
        var own = FieldProblems()
        guard let text = text(raw, field: field, required: required, maxLength: maxLength, multiline: multiline, problems: &own) else {
            problems.add(field, message)
            return nil
        }
        return text
    }
}

extension FieldRules {
    /// A form whose only field is a required text (a reason, a decision): the cleaned text, or
    /// the form's own `message` for it.
    public static func requiredText(
        _ raw: String?, field: String, maxLength: Int, multiline: Bool = false,
        message: String
    ) -> Result<String, FieldProblems> {
        var problems = FieldProblems()
        guard
            let text = text(
                raw, field: field, required: true, maxLength: maxLength, multiline: multiline, message: message,
                problems: &problems)
        else { return .failure(problems) }
        return .success(text)
    }
}
