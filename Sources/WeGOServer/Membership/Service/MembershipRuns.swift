import Fluent
import SQLKit
import Vapor
import WeGOCore

/// The secretariat's periodic runs: next year's renewal invoices, and the daily reminders with
/// the status changes time brings. Both may run twice, or at the same time, without doing
/// anything twice.
extension MembershipService {
    struct RenewalReport: Sendable {
        var issued: [String] = []
        var alreadyRenewed = 0
        /// Member slug and the reason it could not be invoiced (e.g. no population on record).
        var skipped: [(member: String, reason: String)] = []
    }

    /// Opens `year`'s period and issues its invoice for every member that had a period the year
    /// before and has not resigned by the start of `year`. A member already renewed is counted,
    /// not invoiced again.
    func renew(year: Int, actor: String) async throws -> RenewalReport {
        var report = RenewalReport()
        let previous = try await MembershipPeriod.query(on: db).filter(\.$year == year - 1).all()
        let renewed = Set(try await MembershipPeriod.query(on: db).filter(\.$year == year).all().map { $0.$member.id })
        let resignations = try await Resignation.query(on: db).all()
        let leaving = Set(resignations.filter { $0.effectiveOn <= CalendarDate.firstOfYear(year).iso }.map { $0.$member.id })
        let (now, today, policy, app) = (self.now, self.today, self.policy, self.app)
        // A renewal run in December dates its terms from 1 January: nobody owes next year's fee in December.
        let termsFrom = max(today, CalendarDate.firstOfYear(year))
        let gdp = try await GDPFigures.current(app, on: db)
        for memberID in Set(previous.map { $0.$member.id }).sorted(by: { $0.uuidString < $1.uuidString }) where !leaving.contains(memberID)
        {
            if renewed.contains(memberID) { report.alreadyRenewed += 1; continue }
            guard let member = try await Member.find(memberID, on: db) else { continue }
            let quote: FeeCalculator.Explained
            do {
                quote = try await self.quote(Self.feeApplicant(member), language: try await language(of: member), gdp: gdp)
            } catch MembershipError.feeUnavailable(let reason) {
                report.skipped.append((member.slug, reason))
                continue
            }
            let language = try await language(of: member)
            do {
                let number: String = try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
                    let period = try await Self.openPeriod(
                        memberID: memberID, year: year, issuedOn: termsFrom, policy: policy, at: now, on: db)
                    let invoice = try await Self.issueInvoice(for: member, period: period, quote: quote, issuedOn: today, at: now, on: db)
                    if let email = member.contactEmail {
                        try await Mail.enqueue(
                            "renewal_invoice", to: email, language: language,
                            arguments: [
                                "organization": member.name, "year": String(year), "invoice": invoice.number,
                                "amount": LocalFormat(language: language).number(Int(invoice.amountCents / 100)), "due": invoice.dueOn,
                            ], app: app, at: now, on: db)
                    }
                    try await MembershipLedger.recordStatus(
                        of: memberID, cause: "renewal \(year): invoice \(invoice.number)", at: now, policy: policy, on: db)
                    return (
                        invoice.number,
                        AuditLog.Event(
                            action: "membership.renew", target: "member:\(member.slug)",
                            details: "year=\(year) invoice=\(invoice.number) amount=\(invoice.amount)")
                    )
                }
                report.issued.append(number)
            } catch  where (error as? any DatabaseError)?.isConstraintFailure == true {
                // Another run renewed this member between our check and our insert.
                report.alreadyRenewed += 1
            }
        }
        return report
    }

    struct ReminderReport: Sendable {
        var sent: [String] = []
        var alreadySent = 0
        var withoutAddress: [String] = []
        var transitions = 0
    }

    /// Queues each reminder whose day has come, once per member, period and kind: the outbox's
    /// unique key refuses a second copy, whichever run inserts it. Then records the status of every
    /// member whose standing changed with the date. "Today" is the application clock's day, which
    /// the command can set (`--date`) to catch up a missed day.
    func remind() async throws -> ReminderReport {
        var report = ReminderReport()
        let day = today
        let sql = db.sql
        let policy = self.policy
        let now = self.now
        let tracked = Set(try await MembershipPeriod.query(on: db).all().map { $0.$member.id })
        let members = tracked.isEmpty ? [] : try await Member.query(on: db).filter(\.$id ~~ tracked).sort(\.$slug).all()
        for member in members {
            let account = try await MembershipLedger.account(of: member, on: db)
            let language = try await language(of: member)
            for (period, facts) in zip(account.periods, account.facts) {
                guard let offset = ReminderPlan.due(for: facts, on: day, policy: policy) else { continue }
                guard let email = member.contactEmail else { report.withoutAddress.append(member.slug); continue }
                let kind = ReminderPlan.kind(offset: offset)
                let open = account.invoices(for: period).filter { $0.voidedAt == nil }
                let format = LocalFormat(language: language)
                let catalog = app.localization.catalog(language)
                let arguments = [
                    "organization": member.name, "year": String(period.year), "invoices": open.map(\.number).joined(separator: ", "),
                    "outstanding": format.usd(USD(cents: facts.billed.cents - facts.paid.cents)), "due": period.dueOn,
                    "grace": period.graceUntil,
                ]
                let key = "reminder:\(try period.requireID()):\(kind)"
                let when = offset <= 0 ? "before" : "after"
                let subject = catalog.text("mail.reminder_\(when).subject", arguments)
                let body = catalog.text("mail.reminder_\(when).body", arguments)
                let inserted = try await sql.raw(
                    """
                    INSERT INTO outbox_messages (id, dedupe_key, recipient, subject, body, created_at, attempts)
                    VALUES (\(bind: UUID()), \(bind: key), \(bind: email), \(bind: subject), \(bind: body), \(bind: now), 0)
                    ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
                    """
                ).all()
                if inserted.isEmpty { report.alreadySent += 1 } else { report.sent.append("\(member.slug) \(period.year) \(kind)") }
            }
            let status = account.standing(on: day, policy: policy).status
            if status != account.transitions.first?.toStatus {
                let current = account.facts.first { $0.year == day.year }
                let cause =
                    switch status {
                    case .grace: "due date \(current?.dueOn.iso ?? "of \(day.year)") passed unpaid"
                    case .lapsed: "grace ended \(current?.graceUntil.iso ?? "") unpaid"
                    case .resigned: "resignation took effect \(account.resignation?.effectiveOn ?? "")"
                    default: "standing on \(day.iso)"
                    }
                let memberID = try member.requireID(), slug = member.slug
                // Audited, in a transaction that queues behind any other change of this member.
                do {
                    try await AuditLog.perform(on: db, actor: "cli:membership remind", at: app.clock) { db in
                        // Another run recorded it first: roll back rather than log "unchanged".
                        guard
                            let transition = try await MembershipLedger.recordStatus(
                                of: memberID, cause: cause, at: now, policy: policy, on: db)
                        else { throw AlreadyRecorded() }
                        return (
                            (),
                            AuditLog.Event(
                                action: "membership.status", target: "member:\(slug)",
                                details: "\(transition.fromStatus?.rawValue ?? "none")→\(transition.toStatus.rawValue): \(cause)")
                        )
                    }
                    report.transitions += 1
                } catch is AlreadyRecorded {}
            }
        }
        return report
    }
}

private struct AlreadyRecorded: Error {}
