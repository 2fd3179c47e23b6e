import Foundation
import WeGOCore

enum DuesViews {
    static func yearSwitcher(_ context: PageContext, url: SiteURL, year: Int) -> HTML {
        """
        <form class="filters" method="get" action="\(url.path)">
        \(FormViews.input(context, name: "year", label: context.t("membership.year"), value: String(year), errors: [:],
            extra: " inputmode=\"numeric\""))
        <div class="actions"><button type="submit">\(context.t("dues.show"))</button></div>
        </form>
        """
    }

    static func overview(_ page: DuesPage, _ context: PageContext) -> HTML {
        let overview = page.overview
        let f = context.format
        let totals: [HTML] = overview.totals.map { t in
            """
            <tr><th scope="row">\(t.region.map { context.t("region.\($0.rawValue)") } ?? context.t("member.unknown"))</th>\
            <td class="num">\(f.number(t.members))</td><td class="num">\(f.number(t.paidCount))</td><td \
            class="num">\(f.number(t.unpaidCount))</td>\
            <td class="num">\(f.usd(t.billed))</td><td class="num">\(f.usd(t.paid))</td><td class="num">\(f.usd(t.receivable))</td></tr>
            """
        }
        let lines: [HTML] = overview.lines.map { line in
            """
            <tr><td><a href="\(SiteURL.admin(.membership(.value(line.member.slug))).path)">\(line.member.name)</a></td>\
            <td>\(line.member.region.map { context.t("region.\($0.rawValue)") } ?? "—")</td>\
            <td>\(MembershipViews.statusBadge(context, line.standing.status))</td>\
            <td>\(context.t(line.standing.goodStanding ? "dues.yes" : "dues.no"))</td>\
            <td class="num">\(f.usd(line.billed))</td><td class="num">\(f.usd(line.paid))</td><td \
            class="num">\(f.usd(line.outstanding))</td>\
            <td>\(line.invoices.map { HTML("<a href=\"\(SiteURL.membership(.invoice(.value($0))).path)\">\($0)</a> ") })</td></tr>
            """
        }
        let year = String(overview.year)
        let body: HTML = """
            <h1>\(context.t("admin.dues"))</h1>
            <p>\(context.t("dues.intro", ["year": year]))</p>
            <ul class="admin-links">
            <li><a \
            href="\(SiteURL.admin(.applications).path)">\(context.t("dues.pending_applications",
                ["count": f.number(page.pendingApplications)]))</a></li>
            <li><a href="\(SiteURL.admin(.invoices).with(query: [("year", year)]))">\(context.t("admin.invoices"))</a></li>
            <li><a href="\(SiteURL.admin(.duesCSV).with(query: [("year", year)]))" download>\(context.t("dues.csv", ["year": year]))</a>\
            </li>
            </ul>
            \(yearSwitcher(context, url: .admin(.dues), year: overview.year))
            <h2>\(context.t("dues.by_region", ["year": year]))</h2>
            \(overview.lines.isEmpty ? HTML("<p>\(context.t("dues.none"))</p>") : """
            <div class="table-wrap"><table id="dues-by-region"><caption \
            class="visually-hidden">\(context.t("dues.by_region", ["year": year]))</caption>
            <thead><tr><th scope="col">\(context.t("member.region"))</th><th scope="col" class="num">\(context.t("dues.members"))</th>\
            <th scope="col" class="num">\(context.t("dues.paid_count"))</th><th scope="col" \
            class="num">\(context.t("dues.unpaid_count"))</th>\
            <th scope="col" class="num">\(context.t("membership.billed"))</th><th scope="col" \
            class="num">\(context.t("membership.paid"))</th>\
            <th scope="col" class="num">\(context.t("dues.receivable"))</th></tr></thead>
            <tbody>\(totals)</tbody></table></div>
            <h2>\(context.t("dues.members_title"))</h2>
            <div class="table-wrap"><table id="dues-members"><caption class="visually-hidden">\(context.t("dues.members_title"))</caption>
            <thead><tr><th scope="col">\(context.t("member.name"))</th><th scope="col">\(context.t("member.region"))</th><th \
            scope="col">\(context.t("membership.status"))</th>\
            <th scope="col">\(context.t("membership.good_standing"))</th><th scope="col" class="num">\(context.t("membership.billed"))</th>\
            <th scope="col" class="num">\(context.t("membership.paid"))</th><th scope="col" \
            class="num">\(context.t("invoice.outstanding"))</th><th scope="col">\(context.t("membership.invoices"))</th></tr></thead>
            <tbody>\(lines)</tbody></table></div>
            """)
            <p class="muted">\(context.t("dues.untracked_note"))</p>
            """
        return Layout.page(context, title: context.t("admin.dues"), body: body)
    }

    static func invoices(_ page: InvoiceListPage, _ context: PageContext) -> HTML {
        let f = context.format
        let rows: [HTML] = page.rows.map { row in
            let document = row.document
            let state: HTML =
                document.isInvoice
                ? MembershipViews.stateBadge(context, document.state)
                : HTML("\(context.t("invoice.kind.credit_note"))")
            return """
                <tr><td><a href="\(SiteURL.membership(.invoice(.value(document.number))).path)">\(document.number)</a></td>\
                <td>\(row.billToName)</td>\
                <td>\(MembershipViews.day(context, document.issuedOn))</td><td class="num">\(f.usd(document.amount))</td>\
                <td>\(state)</td></tr>
                """
        }
        let body: HTML = """
            <h1>\(context.t("admin.invoices"))</h1>
            \(yearSwitcher(context, url: .admin(.invoices), year: page.year))
            \(page.rows.isEmpty ? HTML("<p>\(context.t("dues.no_invoices", ["year": String(page.year)]))</p>") : """
            <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("admin.invoices"))</caption>
            <thead><tr><th scope="col">\(context.t("invoice.number"))</th><th scope="col">\(context.t("invoice.bill_to"))</th>\
            <th scope="col">\(context.t("invoice.issued_on"))</th>\
            <th scope="col" class="num">\(context.t("invoice.amount"))</th><th scope="col">\(context.t("invoice.state"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """)
            """
        return Layout.page(context, title: context.t("admin.invoices"), body: body)
    }

    static func outbox(_ page: OutboxPage, _ context: PageContext) -> HTML {
        let items: [HTML] = page.messages.map { m in
            let state: String =
                if let sent = m.sentAt { context.t("outbox.sent", ["date": context.format.dateTime(sent)]) } else if let error = m.lastError
                { context.t("outbox.failed", ["attempts": String(m.attempts), "error": error]) } else { context.t("outbox.waiting") }
            return """
                <li><details><summary>\(context.format.dateTime(m.createdAt)) · \(m.recipient) · \(m.subject) \
                <span class="muted">(\(state))</span></summary>
                <pre class="mail">\(maskingInvitations(m.body))</pre></details></li>
                """
        }
        let body: HTML = """
            <h1>\(context.t("admin.outbox"))</h1>
            <p>\(context.t(page.smtpConfigured ? "outbox.smtp_on" : "outbox.smtp_off"))</p>
            \(page.messages.isEmpty ? HTML("<p>\(context.t("outbox.none"))</p>") : HTML("<ul class=\"member-list\">\(items)</ul>"))
            """
        return Layout.page(context, title: context.t("admin.outbox"), body: body)
    }

    /// Links in invitations are secrets for their recipient: the outbox shows that one was sent, not
    /// the token that would let a reader of this page accept it first.
    static func maskingInvitations(_ body: String) -> String {
        body.replacingOccurrences(of: #"token=[A-Za-z0-9_\-]+"#, with: "token=…", options: .regularExpression)
    }

    static func gdp(_ page: GDPPage, _ context: PageContext, form: GDPForm, errors: [String: String]) -> HTML {
        let reference = page.reference
        let rows: [HTML] = page.overrides.map { o in
            let country = reference.countryName(o.country, context.language)
            let worldBank: HTML =
                page.shipped.figure(for: o.country)
                .map { HTML("\(context.format.usd($0.value)) (\(String($0.year)))") } ?? HTML("\(context.t("gdp.none"))")
            return """
                <tr><th scope="row">\(country)</th>\
                <td class="num">\(context.format.usd(o.value))</td><td>\(String(o.year))</td><td>\(o.source)</td>\
                <td class="num">\(worldBank)</td>\
                <td><form class="inline-form" method="post" \
                action="\(SiteURL.admin(.gdpDelete(.value(o.country))).path)">\(context.csrfField)\
                <button type="submit" class="button secondary">\(context.t("gdp.remove"))<span class="visually-hidden"> \(country)</span>\
                </button>\
                </form></td></tr>
                """
        }
        let countries = (reference.sortedCodes[context.language] ?? []).map {
            (value: $0, label: reference.countryName($0, context.language))
        }
        let body: HTML = """
            <h1>\(context.t("admin.gdp"))</h1>
            <p>\(context.t("gdp.intro"))</p>
            \(page.overrides.isEmpty ? HTML("<p>\(context.t("gdp.no_overrides"))</p>") : """
            <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("admin.gdp"))</caption>
            <thead><tr><th scope="col">\(context.t("member.country"))</th><th scope="col" class="num">\(context.t("gdp.value"))</th><th \
            scope="col">\(context.t("gdp.year"))</th>\
            <th scope="col">\(context.t("gdp.source"))</th><th scope="col" class="num">\(context.t("gdp.world_bank"))</th><th \
            scope="col">\(context.t("admin.actions"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """)
            <h2>\(context.t("gdp.add"))</h2>
            \(FormViews.errorSummary(context, errors: errors))
            <form id="gdp-form" class="stacked" method="post" action="\(SiteURL.admin(.gdp).path)" novalidate>
            \(context.csrfField)
            \(FormViews.select(context, name: "country", label: context.t("member.country"), options: countries,
                selected: form.country?.uppercased(), errors: errors, includeEmpty: context.t("fees.choose")))
            \(FormViews.input(context, name: "value", label: context.t("gdp.value"), value: form.value, errors: errors,
                hint: context.t("gdp.value_hint"), required: true, extra: " inputmode=\"decimal\""))
            \(FormViews.input(context, name: "year", label: context.t("gdp.year"), value: form.year, errors: errors, required: true,
                extra: " inputmode=\"numeric\""))
            \(FormViews.input(context, name: "source", label: context.t("gdp.source"), value: form.source, errors: errors,
                hint: context.t("gdp.source_hint"), required: true))
            <button type="submit">\(context.t("form.save"))</button>
            </form>
            """
        return Layout.page(context, title: context.t("admin.gdp"), body: body)
    }
}
