import Vapor
import WeGOCore

/// `wego membership renew --year 2027` and `wego membership remind [--date 2027-02-10]`: the
/// yearly renewal and the daily reminder run, both safe to repeat or to run concurrently.
struct MembershipCommand: AsyncCommandGroup {
    var help: String { "Runs membership renewals and payment reminders." }
    var commands: [String: any AnyAsyncCommand] { ["renew": RenewCommand(), "remind": RemindCommand()] }
    var defaultCommand: (any AnyAsyncCommand)? { nil }
}

struct RenewCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "year", help: "The membership year to invoice, e.g. 2027.")
        var year: String?
    }

    var help: String { "Opens the year's membership and issues its invoice for every member of the year before (idempotent)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let raw = signature.year, let year = Int(raw), (2000 ... 2100).contains(year) else {
            context.console.error("--year is required and must be a year such as 2027, not \"\(signature.year ?? "")\"")
            throw ExitCode.failure
        }
        let app = context.application
        try await app.autoMigrate()
        let report = try await MembershipService(app).renew(year: year, actor: "cli:membership renew")
        context.console.print(
            """
            Renewal \(year): \(report.issued.count) invoices issued, \(report.alreadyRenewed) members already \
            renewed, \(report.skipped.count) skipped.
            """
        )
        for number in report.issued { context.console.print("  issued \(number)") }
        for (member, reason) in report.skipped { context.console.warning("  skipped \(member): \(reason)") }
    }
}

struct RemindCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "date", help: "Run as of this day (YYYY-MM-DD) instead of today, e.g. to catch up a missed run.")
        var date: String?
    }

    var help: String { "Queues the payment reminders due today, each once, and records status changes that time brought." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if let raw = signature.date {
            guard let day = CalendarDate(iso: raw) else {
                context.console.error("--date must be a day as YYYY-MM-DD, not \"\(raw)\"")
                throw ExitCode.failure
            }
            let noon = Date(timeIntervalSince1970: Double(CalendarDate(year: 1970, month: 1, day: 1)!.days(until: day)) * 86_400 + 43_200)
            app.clock = { noon }
        }
        try await app.autoMigrate()
        let report = try await MembershipService(app).remind()
        context.console.print(
            """
            Reminders: \(report.sent.count) queued, \(report.alreadySent) already sent before; \(report.transitions) status changes \
            recorded.
            """
        )
        for line in report.sent { context.console.print("  \(line)") }
        for member in Set(report.withoutAddress).sorted() { context.console.warning("  \(member) has no e-mail address for dues notices") }
    }
}

/// `wego outbox deliver`: sends waiting e-mails through the configured SMTP relay.
struct OutboxCommand: AsyncCommandGroup {
    var help: String { "Delivers the e-mail outbox." }
    var commands: [String: any AnyAsyncCommand] { ["deliver": DeliverCommand()] }
    var defaultCommand: (any AnyAsyncCommand)? { nil }
}

struct DeliverCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Sends waiting messages by SMTP (WEGO_SMTP_HOST and friends); exits 1 if the relay cannot be reached." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let smtp = app.settings.smtp else {
            context.console.error(
                """
                No SMTP relay is configured: set WEGO_SMTP_HOST (and WEGO_SMTP_PORT, WEGO_SMTP_SECURITY, WEGO_SMTP_USERNAME, \
                WEGO_SMTP_PASSWORD).
                """
            )
            throw ExitCode.failure
        }
        try await app.autoMigrate()
        do {
            let report = try await OutboxDelivery.deliver(app, settings: smtp)
            context.console.print("Outbox: \(report.sent) sent, \(report.failed.count) refused.")
            for failure in report.failed { context.console.warning("  \(failure)") }
        } catch {
            context.console.error("Could not deliver through \(smtp.host):\(smtp.port): \(error)")
            throw ExitCode.failure
        }
    }
}
