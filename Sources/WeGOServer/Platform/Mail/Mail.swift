import Fluent
import Vapor
import WeGOCore

/// Composes e-mails from the translation catalogs (`mail.<kind>.subject` and `.body`) in the
/// recipient's language, and puts them in the outbox of the current transaction.
enum Mail {
    /// An address and the language its messages are written in.
    struct Recipient: Sendable, Equatable {
        var email: String
        var language: Language
    }

    static func enqueue(
        _ kind: String, to recipient: Recipient, arguments: [String: String],
        app: Application, at date: Date, dedupeKey: String? = nil, on db: any Database
    ) async throws {
        try await enqueue(
            kind, to: recipient.email, language: recipient.language, arguments: arguments, app: app, at: date,
            dedupeKey: dedupeKey, on: db)
    }

    static func enqueue(
        _ kind: String, to recipient: String, language: Language, arguments: [String: String],
        app: Application, at date: Date, dedupeKey: String? = nil, on db: any Database
    ) async throws {
        try await compose(kind, to: recipient, language: language, arguments: arguments, app: app, at: date, dedupeKey: dedupeKey)
            .create(on: db)
    }

    /// The message, not yet saved: callers that send many insert them together (`OutboxMessage.insert`).
    static func compose(
        _ kind: String, to recipient: String, language: Language, arguments: [String: String],
        app: Application, at date: Date, dedupeKey: String? = nil
    ) -> OutboxMessage {
        let catalog = app.localization.catalog(language)
        return OutboxMessage(
            to: recipient, subject: catalog.text("mail.\(kind).subject", arguments),
            body: catalog.text("mail.\(kind).body", arguments), at: date, dedupeKey: dedupeKey)
    }
}
