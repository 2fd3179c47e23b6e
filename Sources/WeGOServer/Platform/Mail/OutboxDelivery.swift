import Fluent
import SQLKit
import Vapor
import WeGOCore

/// Hands waiting outbox messages to the SMTP relay. A run first claims each message for a
/// while (a lease, taken with a conditional update), so a second run at the same time skips it;
/// each message is marked sent the moment the relay accepts it.
enum OutboxDelivery {
    struct Report: Sendable { var sent = 0; var failed: [String] = [] }

    static let maximumAttempts = 8
    /// Longer than any delivery batch can take; a crashed run's claims expire after it.
    static let lease: TimeInterval = 15 * 60

    static func deliver(_ app: Application, settings smtp: SMTPSettings, batch: Int = 100) async throws -> Report {
        let db = app.db
        let sql = db.sql
        let now = app.clock()
        let waiting = try await OutboxMessage.query(on: db).filter(\.$sentAt == nil).filter(\.$attempts < maximumAttempts)
            .group(.or) { $0.filter(\.$claimedUntil == nil).filter(\.$claimedUntil < now) }
            .sort(\.$createdAt).limit(batch).all()
        var claimed: [OutboxMessage] = []
        for message in waiting {
            let rows = try await sql.update("outbox_messages")
                .set("attempts", to: message.attempts + 1).set("claimed_until", to: now.addingTimeInterval(lease))
                .where("id", .equal, try message.requireID()).where("attempts", .equal, message.attempts)
                .where("sent_at", .is, SQLLiteral.null).returning("id").all()
            if !rows.isEmpty { claimed.append(message) }
        }
        guard !claimed.isEmpty else { return Report() }
        let from = app.settings.mailFrom
        let host = MailMessage.address(from).split(separator: "@").last.map(String.init) ?? "wego"
        let mails = claimed.map {
            MailMessage(
                from: from, to: $0.recipient, subject: $0.subject, body: $0.body, date: $0.createdAt,
                messageID: "\($0.id!.uuidString.lowercased())@\(host)")
        }
        var report = Report()
        do {
            try await SMTPClient(settings: smtp, group: app.eventLoopGroup).send(mails) { index, refusal in
                let id = try claimed[index].requireID()
                if let refusal {
                    report.failed.append("\(claimed[index].recipient): \(refusal)")
                    // Refused: released for a later attempt (up to the limit), with the reason.
                    try await sql.update("outbox_messages").set("last_error", to: String(refusal.prefix(500)))
                        .set("claimed_until", to: SQLLiteral.null).where("id", .equal, id).run()
                } else {
                    report.sent += 1
                    try await sql.update("outbox_messages").set("sent_at", to: app.clock()).set("last_error", to: SQLLiteral.null)
                        .where("id", .equal, id).run()
                }
            }
        } catch {
            // The connection failed: what was accepted is already marked; the rest is released.
            for message in claimed {
                try await sql.update("outbox_messages").set("last_error", to: String(String(describing: error).prefix(500)))
                    .set("claimed_until", to: SQLLiteral.null)
                    .where("id", .equal, try message.requireID()).where("sent_at", .is, SQLLiteral.null).run()
            }
            throw error
        }
        return report
    }
}
