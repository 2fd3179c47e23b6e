import Foundation
import WeGOCore

enum AdminApplicationViews {
    static func statusBadge(_ context: PageContext, _ status: ApplicationStatus) -> HTML {
        "<span class=\"status \(status.rawValue)\">\(context.t("application.status.\(status.rawValue)"))</span>"
    }

    static func queue(_ page: ApplicationQueuePage, _ context: PageContext) -> HTML {
        let status = page.status, reference = page.reference
        let tabs: [HTML] = ApplicationStatus.allCases.map { s in
            let href = SiteURL.admin(.applications).with(query: [("status", s.rawValue)])
            return
                """
                <li><a \
                href=\"\(href)\"\(s == status ? HTML(trusted: " aria-current=\"page\"")
                        : .empty)>\(context.t("application.status.\(s.rawValue)"))</a></li>
                """
        }
        let rows: [HTML] = page.applications.map { a, fee in
            """
            <tr><td>\(context.format.dateTime(a.submittedAt))</td>\
            <td><a href="\(SiteURL.admin(.application(.value(a.id))).path)">\(a.organizationName)</a></td>\
            <td>\(context.t("category.\(a.category.rawValue)"))</td>\
            <td>\(reference.countryName(a.country, context.language))</td>\
            <td>\(a.contactName)<br><span class="muted">\(a.contactEmail)</span></td>\
            <td class="num">\(fee.map { context.format.usd($0) } ?? context.t("admin.applications.fee_unknown"))</td></tr>
            """
        }
        let table: HTML =
            page.applications.isEmpty
            ? "<p>\(context.t("admin.applications.none"))</p>"
            : """
            <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("admin.applications"))</caption>
            <thead><tr><th scope="col">\(context.t("admin.applications.submitted"))</th><th scope="col">\(context.t("member.name"))</th>\
            <th scope="col">\(context.t("member.category"))</th><th scope="col">\(context.t("member.country"))</th>\
            <th scope="col">\(context.t("apply.contact"))</th><th scope="col" class="num">\(context.t("admin.applications.fee"))</th></tr>\
            </thead>
            <tbody>\(rows)</tbody></table></div>
            """
        let body: HTML = """
            <h1>\(context.t("admin.applications"))</h1>
            <nav aria-label="\(context.t("admin.applications.by_status"))"><ul class="legend">\(tabs)</ul></nav>
            \(table)
            """
        return Layout.page(context, title: context.t("admin.applications"), body: body)
    }

    static func detail(_ page: ApplicationDetailPage, _ context: PageContext, errors: [String: String], alert: String?) -> HTML {
        let a = page.application, reference = page.reference
        let size: HTML =
            if let population = a.population {
                "<dt>\(context.t("apply.population"))</dt><dd>\(context.format.number(population))</dd>"
            } else {
                "<dt>\(context.t("apply.employees"))</dt><dd>\(a.employees.map { context.format.number($0) } ?? "—")</dd>"
            }
        let fee: HTML =
            switch page.quote {
            case .success(let explained):
                "<p><strong>\(context.format.usd(explained.quote.annualFee))</strong></p><p>\(explained.explanation)</p>"
            case .failure(let error):
                if case .feeUnavailable = error {
                    """
                    <p class=\"alert\">\(context.t(error.key, error.arguments)) <a \
                    href=\"\(SiteURL.admin(.gdp).path)\">\(context.t("admin.gdp"))</a></p>
                    """
                } else {
                    "<p class=\"alert\">\(context.t(error.key))</p>"
                }
            }
        let regions = Region.allCases.map { (value: $0.rawValue, label: context.t("region.\($0.rawValue)")) }
        let decision: HTML
        switch a.status {
        case .pending:
            decision = """
                <h2>\(context.t("admin.applications.decide"))</h2>
                <form id="approve-form" class="stacked" method="post" action="\(SiteURL.admin(.approve(.value(a.id))).path)">
                \(context.csrfField)
                \(FormViews.select(context, name: "region", label: context.t("member.region"), options: regions, selected: nil,
                    errors: errors, includeEmpty: context.t("member.unknown")))
                <p class="hint">\(context.t("admin.applications.approve_hint"))</p>
                <button type="submit">\(context.t("admin.applications.approve"))</button>
                </form>
                <form id="reject-form" class="stacked" method="post" action="\(SiteURL.admin(.reject(.value(a.id))).path)">
                \(context.csrfField)
                \(FormViews.textarea(context, name: "reason", label: context.t("admin.applications.reason"), value: nil, errors: errors,
                    hint: context.t("admin.applications.reason_hint"), maxLength: 2_000))
                <button type="submit" class="button secondary">\(context.t("admin.applications.reject"))</button>
                </form>
                """
        case .approved, .rejected:
            let member: HTML =
                a.member.map { member in
                    """
                    <p><a href="\(SiteURL.admin(.membership(.value(member.slug))).path)">\
                    \(context.t("admin.applications.member_link", ["name": member.name]))</a></p>
                    """
                } ?? .empty
            decision = """
                <h2>\(context.t("admin.applications.decision"))</h2>
                <dl class="facts"><dt>\(context.t("admin.applications.status"))</dt><dd>\(statusBadge(context, a.status))</dd>
                <dt>\(context.t("admin.applications.decided"))</dt><dd>\(a.decidedAt.map { context.format.dateTime($0) } ?? "—") \
                · \(a.decidedBy ?? "")</dd>
                \(a.decisionReason.map { HTML("<dt>\(context.t("admin.applications.reason"))</dt><dd>\($0)</dd>") })</dl>
                \(member)
                """
        }
        let body: HTML = """
            <h1>\(a.organizationName)</h1>
            \(alert.map { HTML("<div class=\"alert\" role=\"alert\">\($0)</div>") })
            \(FormViews.errorSummary(context, errors: errors))
            <dl class="facts">
            <dt>\(context.t("admin.applications.status"))</dt><dd>\(statusBadge(context, a.status))</dd>
            <dt>\(context.t("admin.applications.reference"))</dt><dd>\(a.reference)</dd>
            <dt>\(context.t("member.category"))</dt>\
            <dd>\(context.t("category.\(a.category.rawValue)")): \(context.t("subtype.\(a.subtype.rawValue)"))</dd>
            <dt>\(context.t("member.country"))</dt><dd>\(reference.countryName(a.country, context.language))</dd>
            \(size)
            <dt>\(context.t("apply.contact"))</dt><dd>\(a.contactName), <a \
            href="mailto:\(a.contactEmail)">\(a.contactEmail)</a>\(a.contactPhone.map { HTML(", \($0)") })</dd>
            <dt>\(context.t("admin.applications.submitted"))</dt><dd>\(context.format.dateTime(a.submittedAt)) \
            (\(context.t("admin.applications.language", ["language": Language(rawValue: a.language)?.endonym ?? a.language])))</dd>
            <dt>\(context.t("admin.applications.consent"))</dt><dd>\(context.format.dateTime(a.consentedAt))</dd>
            \(a.motivation.map { HTML("<dt>\(context.t("apply.motivation"))</dt><dd>\($0)</dd>") })
            </dl>
            <h2>\(context.t("admin.applications.fee"))</h2>
            \(fee)
            \(decision)
            <p><a href="\(SiteURL.admin(.applications).path)">\(context.t("admin.applications.back"))</a></p>
            """
        return Layout.page(context, title: a.organizationName, body: body)
    }
}
