import Foundation
import WeGOCore
import WeGOMatching

/// The Secretariat's page: cycles, the pipeline board and the funnel.
enum AdminMatchingViews {
    static func overview(
        _ context: PageContext, page: AdminMatchingPage, errors: [String: String], form: CycleOpenForm?,
        planned: PlannedCycle?
    ) -> HTML {
        let (cycles, participants, now) = (page.cycles, page.participants, page.now)
        let cycleRows: [HTML] = cycles.map { cycle in
            let planButton: HTML =
                cycle.status == .open
                ? """
                <form method=\"post\" action=\"\(SiteURL.admin(.planCycle(.value(cycle.month))).path)\" \
                class=\"inline-form\">\(context.csrfField)<button type=\"submit\">\(context.t("match.admin.plan"))</button></form>
                """
                : .empty
            let proposals = page.meetings.filter { $0.cycleID == cycle.id }.count
            return """
                <tr><th scope="row">\(context.format.yearMonth(cycle.month))</th>\
                <td>\(context.t("match.cycles.status.\(cycle.status.rawValue)"))</td>
                <td>\(context.format.number(participants[cycle.id] ?? 0))</td><td>\(context.format.number(proposals))</td>\
                <td>\(planButton)</td></tr>
                """
        }
        var plannedSection: HTML = .empty
        if let planned {
            let (plan, names) = (planned.plan, planned.names)
            let proposals: [HTML] = plan.proposals.map {
                """
                <li>\(names[$0.first] ?? $0.first) — \(names[$0.second] ?? $0.second) \
                (\(context.format.decimal($0.score, fractionDigits: 2)))</li>
                """
            }
            let unmatched: [HTML] = plan.unmatched.map {
                "<li>\(names[$0.id] ?? $0.id): \(context.t("match.admin.reason.\($0.reason.rawValue)"))</li>"
            }
            plannedSection = """
                <section aria-labelledby="plan-heading" class="notice" role="status"><h2 \
                id="plan-heading">\(context.t("match.admin.planned", ["month": context.format.yearMonth(planned.month),
                    "count": String(plan.proposals.count)]))</h2>
                \(proposals.isEmpty ? HTML.empty : HTML("<ul id=\"proposals\">\(proposals)</ul>"))
                \(unmatched.isEmpty ? HTML.empty
                    : HTML("<h3>\(context.t("match.admin.unmatched"))</h3><ul id=\"unmatched\">\(unmatched)</ul>"))
                </section>
                """
        }
        // Pipeline board: one column a state, each meeting once.
        let byState = Dictionary(grouping: page.meetings, by: { $0.state(now: now).rawValue })
        let columns: [HTML] = MeetingState.allCases.map(\.rawValue).map { state in
            let meetings = byState[state] ?? []
            let items: [HTML] = meetings.prefix(50).map { meeting in
                let confirmed = page.confirmedOutcomes[meeting.id] ?? 0
                return """
                    <li><a href="\(SiteURL.matching(.meeting(.value(meeting.id))).path)">\(meeting.requester.name) \
                    — \(meeting.responder.name)</a>
                    <span \
                    class="facts">\(context.t("match.meeting.kind.\(meeting.kind.rawValue)"))\(confirmed > 0
                        ? HTML(" · \(context.t("match.admin.confirmed_outcomes", ["count": String(confirmed)]))") : .empty)</span></li>
                    """
            }
            return
                """
                <section class=\"board-column\" aria-labelledby=\"board-\(state)\"><h3 \
                id=\"board-\(state)\">\(context.t("match.meeting.state.\(state)")) (\(context.format.number(meetings.count)))</h3>\
                <ul>\(items)</ul></section>
                """
        }
        // Funnel.
        let stageHeaders: [HTML] = MatchFunnel.Stage.allCases.map { "<th scope=\"col\">\(context.t("match.funnel.\($0.code)"))</th>" }
        let funnelRows: [HTML] = MatchFunnel.rows(page.funnel).map { row in
            let cells: [HTML] = row.counts.map { "<td>\(context.format.number($0))</td>" }
            return
                """
                <tr><th scope=\"row\">\(context.format.yearMonth(row.month))</th>\
                <td>\(row.region.map { context.t("region.\($0)") } ?? context.t("match.funnel.no_region"))</td>\(cells)</tr>
                """
        }
        let totals: [HTML] = MatchFunnel.totals(page.funnel).map { "<td>\(context.format.number($0))</td>" }
        let body: HTML = """
            <h1>\(context.t("match.admin.title"))</h1>
            \(plannedSection)
            <h2>\(context.t("match.admin.cycles"))</h2>
            \(cycles.isEmpty ? HTML("<p>\(context.t("match.cycles.none"))</p>") : HTML("""
            <table id="cycles"><caption class="visually-hidden">\(context.t("match.admin.cycles"))</caption>
            <thead><tr><th scope="col">\(context.t("match.field.month"))</th><th scope="col">\(context.t("match.meeting.state"))</th>
            <th scope="col">\(context.t("match.admin.participants"))</th><th scope="col">\(context.t("match.admin.proposals"))</th><th \
            scope="col"><span class="visually-hidden">\(context.t("match.admin.plan"))</span></th></tr></thead>
            <tbody>\(cycleRows)</tbody></table>
            """))
            <h3>\(context.t("match.admin.open_cycle"))</h3>
            \(FormViews.errorSummary(context, errors: errors))
            <form id="cycle-form" method="post" action="\(SiteURL.admin(.matching).path)" novalidate>\(context.csrfField)
            \(FormViews.input(context, name: "month", label: context.t("match.field.month"), value: form?.month, errors: errors,
                hint: context.t("match.hint.month"), required: true))
            \(FormViews.input(context, name: "meeting_minutes", label: context.t("match.field.meeting_minutes"),
                value: form?.meeting_minutes ?? "45", type: "number", errors: errors))
            <button type="submit">\(context.t("match.admin.open"))</button></form>
            <h2>\(context.t("match.admin.board"))</h2>
            <div class="board">\(columns)</div>
            <h2>\(context.t("match.admin.funnel"))</h2>
            <p class="hint">\(context.t("match.admin.funnel_intro"))</p>
            <table id="funnel"><caption class="visually-hidden">\(context.t("match.admin.funnel"))</caption>
            <thead><tr><th scope="col">\(context.t("match.field.month"))</th><th \
            scope="col">\(context.t("match.funnel.region"))</th>\(stageHeaders)</tr></thead>
            <tbody>\(funnelRows)</tbody>
            <tfoot><tr><th scope="row" colspan="2">\(context.t("match.funnel.total"))</th>\(totals)</tr></tfoot></table>
            <p><a href="\(SiteURL.admin(.funnelCSV).path)">\(context.t("match.admin.funnel_csv"))</a></p>
            """
        return Layout.page(context, title: context.t("match.admin.title"), body: body)
    }
}
