import Fluent
import SQLKit
import Vapor
import WeGOCore

/// Hands waiting outbox messages to the SMTP relay. Each message is first claimed with a
/// conditional update on its attempt counter, so two delivery runs never send the same message.
enum OutboxDelivery {
    struct Report: Sendable { var sent = 0; var failed: [String] = [] }

    static let maximumAttempts = 8

    static func deliver(_ app: Application, settings smtp: SMTPSettings, batch: Int = 100) async throws -> Report {
        let db = app.db
        let sql = db as! any SQLDatabase
        let waiting = try await OutboxMessage.query(on: db).filter(\.$sentAt == nil).filter(\.$attempts < maximumAttempts)
            .sort(\.$createdAt).limit(batch).all()
        var claimed: [OutboxMessage] = []
        for message in waiting {
            let rows = try await sql.update("outbox_messages").set("attempts", to: message.attempts + 1)
                .where("id", .equal, try message.requireID()).where("attempts", .equal, message.attempts)
                .where("sent_at", .is, SQLLiteral.null).returning("id").all()
            if !rows.isEmpty { claimed.append(message) }
        }
        guard !claimed.isEmpty else { return Report() }
        let from = app.settings.mailFrom
        let host = MailMessage.address(from).split(separator: "@").last.map(String.init) ?? "wego"
        let mails = claimed.map { MailMessage(from: from, to: $0.recipient, subject: $0.subject, body: $0.body, date: $0.createdAt,
                                              messageID: "\($0.id!.uuidString.lowercased())@\(host)") }
        var report = Report()
        let results: [String?]
        do {
            results = try await SMTPClient(settings: smtp, group: app.eventLoopGroup).send(mails)
        } catch {
            for message in claimed {
                try await sql.update("outbox_messages").set("last_error", to: String(describing: error).prefix(500).description)
                    .where("id", .equal, try message.requireID()).run()
            }
            throw error
        }
        let now = app.clock()
        for (message, result) in zip(claimed, results) {
            if let refusal = result {
                report.failed.append("\(message.recipient): \(refusal)")
                try await sql.update("outbox_messages").set("last_error", to: String(refusal.prefix(500)))
                    .where("id", .equal, try message.requireID()).run()
            } else {
                report.sent += 1
                try await sql.update("outbox_messages").set("sent_at", to: now).set("last_error", to: SQLLiteral.null)
                    .where("id", .equal, try message.requireID()).run()
            }
        }
        return report
    }
}
