import Vapor
import WeGOCore

/// Why a program's service refused an action; nothing was written. `key` names the message in
/// the catalogs (with `arguments` for its placeholders) and `status` is the HTTP answer. The
/// error pages render it in the reader's language (problem+json under /api), so a controller
/// catches it only to show a form again.
protocol ServiceError: Error, Sendable {
    var key: String { get }
    var arguments: [String: String] { get }
    var status: HTTPStatus { get }
    /// Problems with single fields, which a form shows beside them; nil for a refusal of the
    /// whole action.
    var fieldProblems: FieldProblems? { get }
}

extension ServiceError {
    var arguments: [String: String] { [:] }
    var fieldProblems: FieldProblems? { nil }
}

extension FieldProblems.Problem {
    /// The placeholder values, numbers written the way `format` writes them.
    func arguments(_ format: LocalFormat) -> [String: String] {
        arguments.merging(numbers.mapValues { format.number($0) }) { text, _ in text }
    }
}

extension PageContext {
    /// Field problems in the page's language, for the form's error summary and its fields.
    func messages(_ problems: FieldProblems) -> [String: String] {
        problems.problems.mapValues { list in list.map { t($0.key, $0.arguments(format)) }.joined(separator: " ") }
    }
}
