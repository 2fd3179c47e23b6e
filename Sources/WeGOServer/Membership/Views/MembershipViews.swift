import Foundation
import WeGOCore

enum MembershipViews {
    static func statusBadge(_ context: PageContext, _ status: MembershipStatus) -> HTML {
        "<span class=\"status \(status.rawValue)\">\(context.t("membership.status.\(status.rawValue)"))</span>"
    }

    static func stateBadge(_ context: PageContext, _ state: InvoiceState) -> HTML {
        "<span class=\"status \(state.rawValue)\">\(context.t("invoice.state.\(state.rawValue)"))</span>"
    }

    static func day(_ context: PageContext, _ iso: String) -> String {
        CalendarDate(iso: iso).map { context.format.day($0) } ?? iso
    }

    static func account(_ context: PageContext, account: MembershipLedger.Account, standing: Standing, today: CalendarDate, manage: Bool,
                        errors: [String: String], alert: String?, reference: ReferenceData) -> HTML {
        let member = account.member
        let f = context.format
        let periodRows: [HTML] = zip(account.periods, account.facts).map { period, facts in
            let state: String = facts.waived ? context.t("membership.period.waived", ["decision": period.waiverDecision ?? ""])
                : facts.settled ? context.t("membership.period.paid")
                : facts.invoiced ? context.t("membership.period.open") : context.t("membership.period.not_invoiced")
            var actions: [HTML] = []
            if manage, !facts.settled {
                let field = "decision-\(period.year)"
                actions.append("""
                <form class="inline-form" method="post" action="\(SiteURL.adminPeriodWaive(id: period.id!).path)">\(context.csrfField)\
                \(FormViews.input(context, name: "decision", id: field, label: context.t("membership.waive_decision", ["year": String(period.year)]), value: nil, errors: errors, hint: context.t("membership.waive_hint")))\
                <button type="submit" class="button secondary">\(context.t("membership.waive"))</button></form>
                """)
                if !facts.invoiced {
                    actions.append("""
                    <form class="inline-form" method="post" action="\(SiteURL.adminPeriodReissue(id: period.id!).path)">\(context.csrfField)\
                    <button type="submit">\(context.t("membership.issue_invoice", ["year": String(period.year)]))</button></form>
                    """)
                }
            }
            return """
            <tr><th scope="row">\(String(period.year))</th><td>\(day(context, period.dueOn))</td><td>\(day(context, period.graceUntil))</td>\
            <td class="num">\(f.usd(facts.billed))</td><td class="num">\(f.usd(facts.paid))</td><td>\(state)</td>\
            \(manage ? HTML("<td>\(actions)</td>") : .empty)</tr>
            """
        }
        let invoiceRows: [HTML] = account.invoices.map { invoice in
            """
            <tr><td><a href="\(SiteURL.invoice(number: invoice.number).path)">\(invoice.number)</a></td>\
            <td>\(context.t(invoice.series == .invoice ? "invoice.kind.invoice" : "invoice.kind.credit_note"))</td>\
            <td>\(day(context, invoice.issuedOn))</td><td>\(invoice.series == .invoice ? day(context, invoice.dueOn) : "—")</td>\
            <td class="num">\(f.usd(invoice.amount))</td><td class="num">\(invoice.series == .invoice ? f.usd(invoice.paid) : "—")</td>\
            <td>\(invoice.series == .invoice ? stateBadge(context, invoice.state) : .empty)</td></tr>
            """
        }
        let transitionRows: [HTML] = account.transitions.map { t in
            "<tr><td>\(f.dateTime(t.occurredAt))</td><td>\(t.fromStatus.map { statusBadge(context, $0) })</td><td>\(statusBadge(context, t.toStatus))</td><td>\(t.cause)</td></tr>"
        }
        let latestExplanation = account.invoices.first { $0.series == .invoice && $0.voidedAt == nil }?.feeExplanation
        let resignation: HTML = if let r = account.resignation {
            "<p>\(context.t("membership.resignation", ["notified": day(context, r.notifiedOn), "effective": day(context, r.effectiveOn)]))\(r.note.map { HTML(" (\($0))") })</p>"
        } else if manage {
            """
            <h2>\(context.t("membership.resign_title"))</h2>
            <form id="resign-form" class="stacked" method="post" action="\(SiteURL.adminMemberResign(slug: member.slug).path)">
            \(context.csrfField)
            \(FormViews.input(context, name: "notified_on", label: context.t("membership.notified_on"), value: today.iso, type: "date", errors: errors, hint: context.t("membership.date_hint")))
            \(FormViews.input(context, name: "effective_on", label: context.t("membership.effective_on"), value: CalendarDate.lastOfYear(today.year).iso, type: "date", errors: errors, hint: context.t("membership.date_hint")))
            \(FormViews.input(context, name: "note", label: context.t("membership.note"), value: nil, errors: errors))
            <button type="submit" class="button secondary">\(context.t("membership.resign"))</button>
            </form>
            """
        } else { .empty }
        let standingText = context.t(standing.goodStanding ? "membership.good_standing_yes" : "membership.good_standing_no")
        let body: HTML = """
        <h1>\(context.t("membership.title", ["name": member.name]))</h1>
        \(alert.map { HTML("<div class=\"alert\" role=\"alert\">\($0)</div>") })
        \(FormViews.errorSummary(context, errors: errors))
        <dl class="facts">
        <dt>\(context.t("membership.status"))</dt><dd>\(statusBadge(context, standing.status)) <span class="muted">\(context.t("membership.status_help.\(standing.status.rawValue)"))</span></dd>
        <dt>\(context.t("membership.good_standing"))</dt><dd>\(standingText)</dd>
        <dt>\(context.t("member.category"))</dt><dd>\(context.t("category.\(member.category.rawValue)"))</dd>
        <dt>\(context.t("member.country"))</dt><dd>\(member.country.map { reference.countryName($0, context.language) } ?? context.t("member.country_unknown"))</dd>
        <dt>\(context.t("membership.contact_email"))</dt><dd>\(member.contactEmail ?? context.t("member.unknown"))</dd>
        </dl>
        \(latestExplanation.map { HTML("<h2>\(context.t("membership.fee"))</h2><p>\($0)</p>") })
        <h2>\(context.t("membership.periods"))</h2>
        \(account.periods.isEmpty ? HTML("<p>\(context.t("membership.no_periods"))</p>") : """
        <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("membership.periods"))</caption>
        <thead><tr><th scope="col">\(context.t("membership.year"))</th><th scope="col">\(context.t("invoice.due_on"))</th><th scope="col">\(context.t("membership.grace_until"))</th>\
        <th scope="col" class="num">\(context.t("membership.billed"))</th><th scope="col" class="num">\(context.t("membership.paid"))</th><th scope="col">\(context.t("membership.period_state"))</th>\
        \(manage ? HTML("<th scope=\"col\">\(context.t("admin.actions"))</th>") : .empty)</tr></thead>
        <tbody>\(periodRows)</tbody></table></div>
        """)
        <h2>\(context.t("membership.invoices"))</h2>
        \(account.invoices.isEmpty ? HTML("<p>\(context.t("membership.no_invoices"))</p>") : """
        <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("membership.invoices"))</caption>
        <thead><tr><th scope="col">\(context.t("invoice.number"))</th><th scope="col">\(context.t("invoice.kind"))</th><th scope="col">\(context.t("invoice.issued_on"))</th>\
        <th scope="col">\(context.t("invoice.due_on"))</th><th scope="col" class="num">\(context.t("invoice.amount"))</th><th scope="col" class="num">\(context.t("membership.paid"))</th>\
        <th scope="col">\(context.t("invoice.state"))</th></tr></thead>
        <tbody>\(invoiceRows)</tbody></table></div>
        """)
        \(resignation)
        <h2>\(context.t("membership.history"))</h2>
        \(account.transitions.isEmpty ? HTML("<p>\(context.t("membership.no_history"))</p>") : """
        <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("membership.history"))</caption>
        <thead><tr><th scope="col">\(context.t("audit.when"))</th><th scope="col">\(context.t("membership.from"))</th><th scope="col">\(context.t("membership.to"))</th><th scope="col">\(context.t("membership.cause"))</th></tr></thead>
        <tbody>\(transitionRows)</tbody></table></div>
        """)
        \(manage && member.contactEmail != nil ? HTML("""
        <form id="invite-form" method="post" action="\(SiteURL.adminMemberInvite(slug: member.slug).path)">\(context.csrfField)
        <p class="hint">\(context.t("membership.invite_hint"))</p>
        <button type="submit" class="button secondary">\(context.t("membership.invite", ["email": member.contactEmail ?? ""]))</button></form>
        """) : .empty)
        \(manage ? HTML("<p><a href=\"\(SiteURL.adminMemberEdit(slug: member.slug).path)\">\(context.t("admin.member_edit", ["name": member.name]))</a> · <a href=\"\(SiteURL.adminDues.path)\">\(context.t("admin.dues"))</a></p>") : .empty)
        """
        return Layout.page(context, title: context.t("membership.title", ["name": member.name]), body: body)
    }

    static func invoice(_ context: PageContext, invoice: Invoice, creditNote: Invoice?, manage: Bool, payment: PaymentDraft, today: CalendarDate,
                        errors: [String: String], alert: String?, reference: ReferenceData) -> HTML {
        let f = context.format
        let isInvoice = invoice.series == .invoice
        let title = context.t(isInvoice ? "invoice.title" : "credit_note.title", ["number": invoice.number])
        let paymentRows: [HTML] = (invoice.$payments.value ?? []).sorted { $0.receivedOn < $1.receivedOn }.map { p in
            "<tr><td>\(day(context, p.receivedOn))</td><td>\(context.t("payment.method.\(p.method.rawValue)"))</td><td>\(p.reference ?? "—")</td><td class=\"num\">\(f.usd(USD(cents: p.amountCents)))</td></tr>"
        }
        var notices: [HTML] = []
        if let voided = invoice.voidedAt {
            notices.append("<p class=\"alert\">\(context.t("invoice.voided", ["date": f.dateTime(voided), "reason": invoice.voidReason ?? ""]))\(creditNote.map { HTML(" <a href=\"\(SiteURL.invoice(number: $0.number).path)\">\($0.number)</a>") })</p>")
        }
        if let cancelled = invoice.creditsInvoice {
            notices.append("<p>\(context.t("credit_note.cancels")) <a href=\"\(SiteURL.invoice(number: cancelled.number).path)\">\(cancelled.number)</a>. \(context.t("credit_note.reason", ["reason": invoice.feeExplanation]))</p>")
        }
        let methods = PaymentMethod.allCases.map { (value: $0.rawValue, label: context.t("payment.method.\($0.rawValue)")) }
        var actions: HTML = .empty
        if manage, isInvoice {
            let state = invoice.state
            let payForm: HTML = (state == .issued || state == .partlyPaid) ? """
            <h2>\(context.t("payment.record"))</h2>
            <form id="payment-form" class="stacked" method="post" action="\(SiteURL.adminInvoicePayment(number: invoice.number).path)" novalidate>
            \(context.csrfField)
            \(FormViews.input(context, name: "received_on", label: context.t("payment.received_on"), value: payment.receivedOn.isEmpty ? today.iso : payment.receivedOn, type: "date", errors: errors, hint: context.t("membership.date_hint"), required: true))
            \(FormViews.input(context, name: "amount", label: context.t("payment.amount"), value: payment.amount.isEmpty ? invoice.outstanding.decimal : payment.amount, errors: errors, hint: context.t("payment.amount_hint", ["outstanding": f.usd(invoice.outstanding)]), required: true, extra: " inputmode=\"decimal\""))
            \(FormViews.select(context, name: "method", label: context.t("payment.method"), options: methods, selected: payment.method.isEmpty ? PaymentMethod.bankTransfer.rawValue : payment.method, errors: errors))
            \(FormViews.input(context, name: "reference", label: context.t("payment.reference"), value: payment.reference, errors: errors, hint: context.t("payment.reference_hint")))
            <button type="submit">\(context.t("payment.submit"))</button>
            </form>
            """ : .empty
            let voidForm: HTML = (state == .issued) ? """
            <h2>\(context.t("invoice.void_title"))</h2>
            <form id="void-form" class="stacked" method="post" action="\(SiteURL.adminInvoiceVoid(number: invoice.number).path)">
            \(context.csrfField)
            \(FormViews.input(context, name: "reason", label: context.t("invoice.void_reason"), value: nil, errors: errors, hint: context.t("invoice.void_hint"), required: true))
            <button type="submit" class="button secondary">\(context.t("invoice.void"))</button>
            </form>
            """ : .empty
            actions = "<div class=\"no-print\">\(payForm)\(voidForm)</div>"
        }
        let body: HTML = """
        \(alert.map { HTML("<div class=\"alert\" role=\"alert\">\($0)</div>") })
        \(FormViews.errorSummary(context, errors: errors))
        <article class="invoice-doc">
        <h1>\(title)</h1>
        <p>\(context.t("invoice.issuer"))</p>
        \(notices)
        <dl class="facts">
        <dt>\(context.t("invoice.bill_to"))</dt><dd>\(invoice.billToName)\(invoice.billToCountry.map { HTML(", \(reference.countryName($0, context.language))") })</dd>
        <dt>\(context.t("invoice.issued_on"))</dt><dd>\(day(context, invoice.issuedOn))</dd>
        \(isInvoice ? HTML("<dt>\(context.t("invoice.due_on"))</dt><dd>\(day(context, invoice.dueOn))</dd>") : .empty)
        <dt>\(context.t("invoice.description"))</dt><dd>\(invoice.description)</dd>
        <dt>\(context.t("invoice.amount"))</dt><dd class="amount">\(f.usd(invoice.amount))</dd>
        \(isInvoice ? HTML("<dt>\(context.t("invoice.state"))</dt><dd>\(stateBadge(context, invoice.state))</dd><dt>\(context.t("invoice.outstanding"))</dt><dd>\(f.usd(invoice.state == .void ? USD(cents: 0) : invoice.outstanding))</dd>") : .empty)
        </dl>
        \(isInvoice ? HTML("<h2>\(context.t("invoice.fee_basis"))</h2><p>\(invoice.feeExplanation)</p><p class=\"muted\">\(context.t("invoice.schedule", ["date": day(context, invoice.scheduleEffectiveFrom)]))</p>") : .empty)
        \(paymentRows.isEmpty ? .empty : HTML("""
        <h2>\(context.t("invoice.payments"))</h2>
        <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("invoice.payments"))</caption>
        <thead><tr><th scope="col">\(context.t("payment.received_on"))</th><th scope="col">\(context.t("payment.method"))</th><th scope="col">\(context.t("payment.reference"))</th><th scope="col" class="num">\(context.t("payment.amount"))</th></tr></thead>
        <tbody>\(paymentRows)</tbody></table></div>
        """))
        <p class="muted no-print">\(context.t("invoice.print_hint"))</p>
        </article>
        \(actions)
        """
        return Layout.page(context, title: title, body: body)
    }

    static func invitation(_ context: PageContext, invitation: Invitation, displayName: String, errors: [String: String]) -> HTML {
        let body: HTML = """
        <h1>\(context.t("invitation.title", ["name": invitation.member.name]))</h1>
        <p>\(context.t("invitation.intro", ["email": invitation.email, "name": invitation.member.name]))</p>
        \(FormViews.errorSummary(context, errors: errors))
        <form id="invitation-form" class="stacked" method="post" action="\(context.path)" novalidate>
        \(context.csrfField)
        \(FormViews.input(context, name: "display_name", label: context.t("user.display_name"), value: displayName, errors: errors, autocomplete: "name", required: true))
        \(FormViews.input(context, name: "password", label: context.t("user.password"), value: "", type: "password", errors: errors, hint: context.t("invitation.password_hint"), autocomplete: "new-password", required: true))
        <button type="submit">\(context.t("invitation.accept"))</button>
        </form>
        """
        return Layout.page(context, title: context.t("invitation.title", ["name": invitation.member.name]), body: body)
    }

    static func invitationGone(_ context: PageContext) -> HTML {
        Layout.page(context, title: context.t("invitation.gone_title"), body: """
        <h1>\(context.t("invitation.gone_title"))</h1>
        <p>\(context.t("invitation.gone"))</p>
        """)
    }
}
