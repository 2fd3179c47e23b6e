import Foundation
import WeGOCore

/// The monthly City-to-City cycles as a city sees them.
enum CycleViews {
    static func list(_ context: PageContext, page: CyclesPage, errors: [String: String], form: CycleJoinForm?, formMonth: String?) -> HTML {
        let (cycles, city, items, participations, lastTimeZone) = (
            page.cycles, page.cityName, page.items, page.participations, page.lastTimeZone
        )
        let options: [(value: String, label: String)] = items.map { ($0.id.uuidString.lowercased(), $0.title) }
        // One form on the page (its fields have fixed ids): the month asked for, else the next open one.
        let open = cycles.filter { $0.status == .open }.map(\.month)
        let formFor = formMonth.flatMap { open.contains($0) ? $0 : nil } ?? open.min()
        let leaveButton: HTML = """
            <button type="submit" name="action" value="leave" class="secondary">\(context.t("match.cycles.leave"))</button>
            """
        let nothingPosted: HTML = """
            <p class="notice">\(context.t("match.error.nothing_posted")) \
            <a href="\(SiteURL.matching(.new).with(query: [("kind", "challenge")]))">\(context.t("match.post.challenge"))</a></p>
            """
        let rows: [HTML] = cycles.map { cycle in
            let month = context.format.yearMonth(cycle.month)
            let joined = participations[cycle.id]
            let status = context.t("match.cycles.status.\(cycle.status.rawValue)")
            var action: HTML = .empty
            if city != nil, cycle.status == .open, cycle.month != formFor {
                action =
                    """
                    <p><a \
                    href=\"\(SiteURL.matching(.cycles).with(query: [("month", cycle.month)]))\">\(context.t(joined == nil
                            ? "match.cycles.join" : "match.cycles.update"))</a></p>
                    """
            } else if city != nil, cycle.status == .open {
                let mine = formMonth == cycle.month ? errors : [:]
                let zone = formMonth == cycle.month ? form?.time_zone : (joined?.timeZone ?? lastTimeZone)
                let windows = formMonth == cycle.month ? form?.windows : joined?.windows
                let item = formMonth == cycle.month ? form?.item : joined?.itemID?.uuidString.lowercased()
                action = """
                    \(FormViews.errorSummary(context, errors: mine))
                    <form id="join-\(cycle.month)" method="post" action="\(SiteURL.matching(.joinCycle(.value(cycle.month))).path)" \
                    novalidate>\(context.csrfField)
                    \(FormViews.select(context, name: "item", label: context.t("match.cycles.item"), options: options, selected: item,
                        errors: mine,
                                   includeEmpty: context.t("match.cycles.all_items")))
                    \(MeetingViews.availabilityFields(context, timeZone: zone, windows: windows, errors: mine))
                    <button type="submit" name="action" \
                    value="join">\(context.t(joined == nil ? "match.cycles.join" : "match.cycles.update"))</button>
                    \(joined == nil ? HTML.empty : leaveButton)
                    </form>
                    """
            }
            return """
                <section aria-labelledby="cycle-\(cycle.month)"><h2 id="cycle-\(cycle.month)">\(month)</h2>
                <p><span class="status \(cycle.status == .open ? "pending" : "approved")">\(status)</span>
                \(joined == nil ? HTML.empty : HTML(" <strong>\(context.t("match.cycles.joined"))</strong>"))
                · \(context.t("match.cycles.minutes", ["minutes": String(cycle.meetingMinutes)]))</p>
                \(action)</section>
                """
        }
        let body: HTML = """
            <h1>\(context.t("match.cycles.title"))</h1>
            <p>\(context.t("match.cycles.intro"))</p>
            \(city == nil ? HTML("<p class=\"notice\">\(context.t("match.cycles.cities_only"))</p>") : .empty)
            \(city != nil && items.isEmpty ? nothingPosted : .empty)
            \(cycles.isEmpty ? HTML("<p>\(context.t("match.cycles.none"))</p>") : HTML("\(rows)"))
            """
        return Layout.page(context, title: context.t("match.cycles.title"), body: body)
    }
}
