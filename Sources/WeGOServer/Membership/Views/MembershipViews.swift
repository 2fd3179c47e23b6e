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

    static func alert(_ message: String?) -> HTML {
        message.map { HTML("<div class=\"alert\" role=\"alert\">\($0)</div>") } ?? .empty
    }

    // MARK: Account

    static func account(_ page: AccountPage, _ context: PageContext, errors: [String: String], alert message: String?) -> HTML {
        let member = page.member, manage = page.manage
        let f = context.format
        let periodRows: [HTML] = page.periods.map { period in
            let facts = period.facts
            let state: String =
                facts.waived
                ? context.t("membership.period.waived", ["decision": period.waiverDecision ?? ""])
                : facts.settled
                    ? context.t("membership.period.paid")
                    : facts.invoiced ? context.t("membership.period.open") : context.t("membership.period.not_invoiced")
            var actions: [HTML] = []
            if manage, !facts.settled {
                let year = String(period.year)
                let decision = FormViews.input(
                    context, name: "decision", id: "decision-\(period.year)",
                    label: context.t("membership.waive_decision", ["year": year]), value: nil, errors: errors,
                    hint: context.t("membership.waive_hint"))
                actions.append(
                    """
                    <form class="inline-form" method="post" \
                    action="\(SiteURL.admin(.waivePeriod(.value(period.id))).path)">\(context.csrfField)\
                    \(decision)\
                    <button type="submit" class="button secondary">\(context.t("membership.waive"))</button></form>
                    """)
                if !facts.invoiced {
                    actions.append(
                        """
                        <form class="inline-form" method="post" \
                        action="\(SiteURL.admin(.reissuePeriod(.value(period.id))).path)">\(context.csrfField)\
                        <button type="submit">\(context.t("membership.issue_invoice", ["year": year]))</button></form>
                        """)
                }
            }
            return """
                <tr><th scope="row">\(String(period.year))</th><td>\(day(context, period.dueOn))</td>\
                <td>\(day(context, period.graceUntil))</td>\
                <td class="num">\(f.usd(facts.billed))</td><td class="num">\(f.usd(facts.paid))</td><td>\(state)</td>\
                \(manage ? HTML("<td>\(actions)</td>") : .empty)</tr>
                """
        }
        let documentRows: [HTML] = page.documents.map { document in
            """
            <tr><td><a href="\(SiteURL.membership(.invoice(.value(document.number))).path)">\(document.number)</a></td>\
            <td>\(context.t(document.isInvoice ? "invoice.kind.invoice" : "invoice.kind.credit_note"))</td>\
            <td>\(day(context, document.issuedOn))</td><td>\(document.isInvoice ? day(context, document.dueOn) : "—")</td>\
            <td class="num">\(f.usd(document.amount))</td><td class="num">\(document.isInvoice ? f.usd(document.paid) : "—")</td>\
            <td>\(document.isInvoice ? stateBadge(context, document.state) : .empty)</td></tr>
            """
        }
        let transitionRows: [HTML] = page.transitions.map { t in
            """
            <tr><td>\(f.dateTime(t.occurredAt))</td><td>\(t.from.map { statusBadge(context, $0) })</td>\
            <td>\(statusBadge(context, t.to))</td><td>\(t.cause)</td></tr>
            """
        }
        let resignation: HTML =
            if let r = page.resignation {
                """
                <p>\(context.t("membership.resignation", ["notified": day(context, r.notifiedOn), "effective": day(context,
                    r.effectiveOn)]))\
                \(r.note.map { HTML(" (\($0))") })</p>
                """
            } else if manage {
                """
                <h2>\(context.t("membership.resign_title"))</h2>
                <form id="resign-form" class="stacked" method="post" action="\(SiteURL.admin(.resign(.value(member.slug))).path)">
                \(context.csrfField)
                \(FormViews.input(context, name: "notified_on", label: context.t("membership.notified_on"), value: page.today.iso,
                    type: "date",
                              errors: errors, hint: context.t("membership.date_hint")))
                \(FormViews.input(context, name: "effective_on", label: context.t("membership.effective_on"),
                              value: CalendarDate.lastOfYear(page.today.year).iso, type: "date", errors: errors,
                              hint: context.t("membership.date_hint")))
                \(FormViews.input(context, name: "note", label: context.t("membership.note"), value: nil, errors: errors))
                <button type="submit" class="button secondary">\(context.t("membership.resign"))</button>
                </form>
                """
            } else { .empty }
        let standing = page.standing
        let standingText = context.t(standing.goodStanding ? "membership.good_standing_yes" : "membership.good_standing_no")
        let country = member.country.map { page.reference.countryName($0, context.language) } ?? context.t("member.country_unknown")
        let invite: HTML =
            if manage, let email = member.contactEmail {
                """
                <form id="invite-form" method="post" action="\(SiteURL.admin(.invite(.value(member.slug))).path)">\(context.csrfField)
                <p class="hint">\(context.t("membership.invite_hint"))</p>
                <button type="submit" class="button secondary">\(context.t("membership.invite", ["email": email]))</button></form>
                """
            } else { .empty }
        let links: HTML =
            manage
            ? """
            <p><a href="\(SiteURL.admin(.memberEdit(.value(member.slug))).path)">\
            \(context.t("admin.member_edit", ["name": member.name]))</a> · \
            <a href="\(SiteURL.admin(.dues).path)">\(context.t("admin.dues"))</a></p>
            """ : .empty
        let body: HTML = """
            <h1>\(context.t("membership.title", ["name": member.name]))</h1>
            \(alert(message))
            \(FormViews.errorSummary(context, errors: errors))
            <dl class="facts">
            <dt>\(context.t("membership.status"))</dt><dd>\(statusBadge(context, standing.status)) \
            <span class="muted">\(context.t("membership.status_help.\(standing.status.rawValue)"))</span></dd>
            <dt>\(context.t("membership.good_standing"))</dt><dd>\(standingText)</dd>
            <dt>\(context.t("member.category"))</dt><dd>\(context.t("category.\(member.category.rawValue)"))</dd>
            <dt>\(context.t("member.country"))</dt><dd>\(country)</dd>
            <dt>\(context.t("membership.contact_email"))</dt><dd>\(member.contactEmail ?? context.t("member.unknown"))</dd>
            </dl>
            \(page.feeExplanation.map { HTML("<h2>\(context.t("membership.fee"))</h2><p>\($0)</p>") })
            <h2>\(context.t("membership.periods"))</h2>
            \(page.periods.isEmpty ? HTML("<p>\(context.t("membership.no_periods"))</p>") : """
            <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("membership.periods"))</caption>
            <thead><tr><th scope="col">\(context.t("membership.year"))</th><th scope="col">\(context.t("invoice.due_on"))</th>\
            <th scope="col">\(context.t("membership.grace_until"))</th>\
            <th scope="col" class="num">\(context.t("membership.billed"))</th><th scope="col" \
            class="num">\(context.t("membership.paid"))</th>\
            <th scope="col">\(context.t("membership.period_state"))</th>\
            \(manage ? HTML("<th scope=\"col\">\(context.t("admin.actions"))</th>") : .empty)</tr></thead>
            <tbody>\(periodRows)</tbody></table></div>
            """)
            <h2>\(context.t("membership.invoices"))</h2>
            \(page.documents.isEmpty ? HTML("<p>\(context.t("membership.no_invoices"))</p>") : """
            <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("membership.invoices"))</caption>
            <thead><tr><th scope="col">\(context.t("invoice.number"))</th><th scope="col">\(context.t("invoice.kind"))</th>\
            <th scope="col">\(context.t("invoice.issued_on"))</th>\
            <th scope="col">\(context.t("invoice.due_on"))</th><th scope="col" class="num">\(context.t("invoice.amount"))</th>\
            <th scope="col" class="num">\(context.t("membership.paid"))</th>\
            <th scope="col">\(context.t("invoice.state"))</th></tr></thead>
            <tbody>\(documentRows)</tbody></table></div>
            """)
            \(resignation)
            <h2>\(context.t("membership.history"))</h2>
            \(page.transitions.isEmpty ? HTML("<p>\(context.t("membership.no_history"))</p>") : """
            <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("membership.history"))</caption>
            <thead><tr><th scope="col">\(context.t("audit.when"))</th><th scope="col">\(context.t("membership.from"))</th>\
            <th scope="col">\(context.t("membership.to"))</th><th scope="col">\(context.t("membership.cause"))</th></tr></thead>
            <tbody>\(transitionRows)</tbody></table></div>
            """)
            \(invite)
            \(links)
            """
        return Layout.page(context, title: context.t("membership.title", ["name": member.name]), body: body)
    }

    // MARK: Invoices

    static func invoice(
        _ page: InvoicePage, _ context: PageContext, payment: PaymentDraft, errors: [String: String],
        alert message: String?
    ) -> HTML {
        let f = context.format
        let title = context.t(page.isInvoice ? "invoice.title" : "credit_note.title", ["number": page.number])
        let paymentRows: [HTML] = page.payments.map { p in
            """
            <tr><td>\(day(context, p.receivedOn))</td><td>\(context.t("payment.method.\(p.method.rawValue)"))</td>\
            <td>\(p.reference ?? "—")</td><td class="num">\(f.usd(p.amount))</td></tr>
            """
        }
        var notices: [HTML] = []
        if let voided = page.voidedAt {
            let creditNote: HTML =
                page.creditNote.map { HTML(" <a href=\"\(SiteURL.membership(.invoice(.value($0))).path)\">\($0)</a>") } ?? .empty
            notices.append(
                """
                <p \
                class="alert">\(context.t("invoice.voided", ["date": f.dateTime(voided), "reason": page.voidReason ?? ""]))\(creditNote)</p>
                """)
        }
        if let cancelled = page.cancels {
            notices.append(
                """
                <p>\(context.t("credit_note.cancels")) <a href="\(SiteURL.membership(.invoice(.value(cancelled))).path)">\(cancelled)</a>. \
                \(context.t("credit_note.reason", ["reason": page.feeExplanation]))</p>
                """)
        }
        let forms = [paymentForm(page, context, payment: payment, errors: errors), voidForm(page, context, errors: errors)]
        let actions: HTML = page.manage && page.isInvoice ? "<div class=\"no-print\">\(forms)</div>" : .empty
        let body: HTML = """
            \(alert(message))
            \(FormViews.errorSummary(context, errors: errors))
            <article class="invoice-doc">
            <h1>\(title)</h1>
            <p>\(context.t("invoice.issuer"))</p>
            \(notices)
            <dl class="facts">
            <dt>\(context.t("invoice.bill_to"))</dt><dd>\(page.billToName)\
            \(page.billToCountry.map { HTML(", \(page.reference.countryName($0, context.language))") })</dd>
            <dt>\(context.t("invoice.issued_on"))</dt><dd>\(day(context, page.issuedOn))</dd>
            \(page.isInvoice ? HTML("<dt>\(context.t("invoice.due_on"))</dt><dd>\(day(context, page.dueOn))</dd>") : .empty)
            <dt>\(context.t("invoice.description"))</dt><dd>\(page.description)</dd>
            <dt>\(context.t("invoice.amount"))</dt><dd class="amount">\(f.usd(page.amount))</dd>
            \(page.isInvoice ? HTML("""
            <dt>\(context.t("invoice.state"))</dt><dd>\(stateBadge(context, page.state))</dd><dt>\(context.t("invoice.outstanding"))</dt>\
            <dd>\(f.usd(page.state == .void ? USD(cents: 0) : page.outstanding))</dd>
            """) : .empty)
            </dl>
            \(page.isInvoice ? HTML("""
            <h2>\(context.t("invoice.fee_basis"))</h2><p>\(page.feeExplanation)</p>\
            <p class="muted">\(context.t("invoice.schedule", ["date": day(context, page.scheduleEffectiveFrom)]))</p>
            """) : .empty)
            \(paymentRows.isEmpty ? .empty : HTML("""
            <h2>\(context.t("invoice.payments"))</h2>
            <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("invoice.payments"))</caption>
            <thead><tr><th scope="col">\(context.t("payment.received_on"))</th><th scope="col">\(context.t("payment.method"))</th>\
            <th scope="col">\(context.t("payment.reference"))</th><th scope="col" class="num">\(context.t("payment.amount"))</th></tr>\
            </thead>
            <tbody>\(paymentRows)</tbody></table></div>
            """))
            <p class="muted no-print">\(context.t("invoice.print_hint"))</p>
            </article>
            \(actions)
            """
        return Layout.page(context, title: title, body: body)
    }

    /// While something is owed.
    static func paymentForm(_ page: InvoicePage, _ context: PageContext, payment: PaymentDraft, errors: [String: String]) -> HTML {
        guard page.state == .issued || page.state == .partlyPaid else { return .empty }
        let methods = PaymentMethod.allCases.map { (value: $0.rawValue, label: context.t("payment.method.\($0.rawValue)")) }
        let amountHint = context.t("payment.amount_hint", ["outstanding": context.format.usd(page.outstanding)])
        return """
            <h2>\(context.t("payment.record"))</h2>
            <form id="payment-form" class="stacked" method="post" action="\(SiteURL.admin(.payment(.value(page.number))).path)" novalidate>
            \(context.csrfField)
            \(FormViews.input(context, name: "received_on", label: context.t("payment.received_on"),
                          value: payment.receivedOn.isEmpty ? page.today.iso : payment.receivedOn, type: "date", errors: errors,
                          hint: context.t("membership.date_hint"), required: true))
            \(FormViews.input(context, name: "amount", label: context.t("payment.amount"),
                          value: payment.amount.isEmpty ? page.outstanding.decimal : payment.amount, errors: errors, hint: amountHint,
                          required: true, extra: " inputmode=\"decimal\""))
            \(FormViews.select(context, name: "method", label: context.t("payment.method"), options: methods,
                           selected: payment.method.isEmpty ? PaymentMethod.bankTransfer.rawValue : payment.method, errors: errors))
            \(FormViews.input(context, name: "reference", label: context.t("payment.reference"), value: payment.reference, errors: errors,
                          hint: context.t("payment.reference_hint")))
            <button type="submit">\(context.t("payment.submit"))</button>
            </form>
            """
    }

    /// Only an invoice with no payment is voided: a paid one would strand its payments.
    static func voidForm(_ page: InvoicePage, _ context: PageContext, errors: [String: String]) -> HTML {
        guard page.state == .issued else { return .empty }
        return """
            <h2>\(context.t("invoice.void_title"))</h2>
            <form id="void-form" class="stacked" method="post" action="\(SiteURL.admin(.void(.value(page.number))).path)">
            \(context.csrfField)
            \(FormViews.input(context, name: "reason", label: context.t("invoice.void_reason"), value: nil, errors: errors,
                          hint: context.t("invoice.void_hint"), required: true))
            <button type="submit" class="button secondary">\(context.t("invoice.void"))</button>
            </form>
            """
    }

    // MARK: Invitations

    static func invitation(_ page: InvitationPage, _ context: PageContext, displayName: String, errors: [String: String]) -> HTML {
        let title = context.t("invitation.title", ["name": page.memberName])
        let body: HTML = """
            <h1>\(title)</h1>
            <p>\(context.t("invitation.intro", ["email": page.email, "name": page.memberName]))</p>
            \(FormViews.errorSummary(context, errors: errors))
            <form id="invitation-form" class="stacked" method="post" action="\(context.path)" novalidate>
            \(context.csrfField)
            \(FormViews.input(context, name: "display_name", label: context.t("user.display_name"), value: displayName, errors: errors,
                          autocomplete: "name", required: true))
            \(FormViews.input(context, name: "password", label: context.t("user.password"), value: "", type: "password", errors: errors,
                          hint: context.t("invitation.password_hint"), autocomplete: "new-password", required: true))
            <button type="submit">\(context.t("invitation.accept"))</button>
            </form>
            """
        return Layout.page(context, title: title, body: body)
    }

    static func invitationGone(_ context: PageContext) -> HTML {
        Layout.page(
            context, title: context.t("invitation.gone_title"),
            body: """
                <h1>\(context.t("invitation.gone_title"))</h1>
                <p>\(context.t("invitation.gone"))</p>
                """)
    }
}
