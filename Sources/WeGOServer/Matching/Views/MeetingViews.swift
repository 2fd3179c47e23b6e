import Foundation
import WeGOCore
import WeGOMatching

/// Meeting pages: the request form, the member's meetings, and one meeting from answer to outcome.
enum MeetingViews {
    static func windowsHint(_ context: PageContext) -> String { context.t("match.hint.windows") }

    static func requestForm(
        _ context: PageContext, solution: MatchItemRow, items: [MatchItemRow], form: MeetingRequestForm,
        errors: [String: String]
    ) -> HTML {
        let options: [(value: String, label: String)] = items.map { ($0.id.uuidString.lowercased(), $0.title) }
        let body: HTML = """
            <h1>\(context.t("match.request.title", ["solution": solution.title]))</h1>
            <p>\(context.t("match.request.intro", ["provider": solution.memberName ?? ""]))</p>
            \(FormViews.errorSummary(context, errors: errors))
            <form id="request-form" method="post" action="\(SiteURL.matching(.itemRequest(.value(solution.id))).path)" novalidate>
            \(context.csrfField)
            \(FormViews.select(context, name: "item", label: context.t("match.request.item"), options: options, selected: form.item,
                errors: errors,
                           includeEmpty: context.t("match.request.no_item")))
            \(FormViews.textarea(context, name: "message", label: context.t("match.request.message"), value: form.message, errors: errors,
                             maxLength: MeetingText.maximumLength))
            \(availabilityFields(context, timeZone: form.time_zone, windows: form.windows, errors: errors))
            <button type="submit">\(context.t("match.request.send"))</button>
            </form>
            """
        return Layout.page(context, title: context.t("match.request.title", ["solution": solution.title]), body: body)
    }

    static func availabilityFields(_ context: PageContext, timeZone: String?, windows: String?, errors: [String: String]) -> HTML {
        """
        \(FormViews.input(context, name: "time_zone", label: context.t("match.field.time_zone"), value: timeZone, errors: errors,
                          hint: context.t("match.hint.time_zone"), required: true))
        \(FormViews.textarea(context, name: "windows", label: context.t("match.field.windows"), value: windows, errors: errors,
            hint: windowsHint(context)))
        """
    }

    /// Where the meeting stands, in words, for the list and the page.
    static func state(_ context: PageContext, _ meeting: MeetingSummary, now: Date) -> (code: String, label: String) {
        let code = meeting.state(now: now).rawValue
        return (code, context.t("match.meeting.state.\(code)"))
    }

    static func list(_ context: PageContext, meetings: [MeetingSummary], memberID: UUID, now: Date) -> HTML {
        let rows: [HTML] = meetings.map { meeting in
            let other = meeting.requester.memberID == memberID ? meeting.responder : meeting.requester
            let state = state(context, meeting, now: now)
            let waitingForMe =
                !meeting.declined && meeting.expiresAt > now
                && ((meeting.requester.memberID == memberID && meeting.requester.answer == .pending)
                    || (meeting.responder.memberID == memberID && meeting.responder.answer == .pending))
            return """
                <tr><td><a href="\(SiteURL.matching(.meeting(.value(meeting.id))).path)">\(other.name)</a></td>
                <td>\(context.t("match.meeting.kind.\(meeting.kind.rawValue)"))</td>
                <td>\(state.label)\(waitingForMe ? HTML(" <strong>\(context.t("match.meeting.your_answer_needed"))</strong>") : .empty)</td>
                <td>\(meeting.startsAt.map { context.format.dateTime($0) } ?? "—")</td></tr>
                """
        }
        let body: HTML = """
            <h1>\(context.t("match.meetings.title"))</h1>
            \(meetings.isEmpty ? HTML("<p>\(context.t("match.meetings.none"))</p>") : HTML("""
            <table><caption class="visually-hidden">\(context.t("match.meetings.title"))</caption>
            <thead><tr><th scope="col">\(context.t("match.meeting.with"))</th><th scope="col">\(context.t("match.meeting.kind"))</th>
            <th scope="col">\(context.t("match.meeting.state"))</th><th scope="col">\(context.t("match.meeting.when_utc"))</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """))
            """
        return Layout.page(context, title: context.t("match.meetings.title"), body: body)
    }

    static func meeting(
        _ context: PageContext, page: MeetingPage, thesaurus: Thesaurus, errors: [String: String], form: [String: String]
    ) -> HTML {
        let (meeting, side, reports, outcomes, contacts, now) = (
            page.meeting, page.side, page.reports, page.outcomes, page.contacts, page.now
        )
        let id = meeting.id
        let state = state(context, meeting, now: now)
        let myMemberID = context.user?.memberID
        func answerLabel(_ answer: MatchAnswer) -> String { context.t("match.answer.\(answer.rawValue)") }
        func party(_ party: MeetingParty) -> HTML {
            let when: HTML =
                meeting.startsAt.flatMap { start in
                    party.timeZone.flatMap(TimeZone.init(identifier:)).map { tz in
                        let time = context.format.dateTime(start, in: tz)
                        return HTML("<br>\(context.t("match.meeting.local_time", ["time": time, "zone": tz.identifier]))")
                    }
                } ?? .empty
            return """
                <li><a href="\(SiteURL.network(.member(.value(party.slug))).path)">\(party.name)</a>: \(answerLabel(party.answer))\
                \(party.item.map { HTML(" · <a href=\"\(SiteURL.matching(.item(.value($0.id))).path)\">\($0.title)</a>") })\(when)</li>
                """
        }
        var sections: [HTML] = []
        // Answer
        let mine = side.map { meeting.party($0) }
        if let mine, mine.answer == .pending, !meeting.declined, meeting.expiresAt > now {
            let needsWindows = mine.windows == nil
            sections.append(
                """
                <section aria-labelledby="answer-heading"><h2 id="answer-heading">\(context.t("match.meeting.answer_title"))</h2>
                <p>\(context.t("match.meeting.answer_by", ["date": context.format.dateTime(meeting.expiresAt)]))</p>
                \(FormViews.errorSummary(context, errors: errors))
                <form id="answer-form" method="post" action="\(SiteURL.matching(.answer(.value(id))).path)" novalidate>\(context.csrfField)
                \(needsWindows ? availabilityFields(context, timeZone: form["time_zone"], windows: form["windows"], errors: errors)
                    : .empty)
                <button type="submit" name="answer" value="accept">\(context.t("match.meeting.accept"))</button>
                <button type="submit" name="answer" value="decline" class="secondary">\(context.t("match.meeting.decline"))</button>
                </form></section>
                """)
        }
        // Slot, invitation and contacts, once both accepted.
        if meeting.bothAccepted {
            let contactItems: [HTML] = contacts.filter { $0.memberID != myMemberID || side == nil }.map { contact in
                "<li>\(contact.name) &lt;<a href=\"mailto:\(contact.email)\">\(contact.email)</a>&gt;</li>"
            }
            let otherEmail = side == .requester ? meeting.responder.contactEmail : side == .responder ? meeting.requester.contactEmail : nil
            sections.append(
                """
                <section aria-labelledby="slot-heading"><h2 id="slot-heading">\(context.t("match.meeting.slot_title"))</h2>
                \(meeting.startsAt == nil ? HTML("<p>\(context.t("match.meeting.no_slot"))</p>") : HTML("""
                <p><a href="\(SiteURL.matching(.invitation(.value(id))).path)" download>\(context.t("match.meeting.ics"))</a></p>
                """))
                \(meeting.meetingURL.map { HTML("<p>\(context.t("match.meeting.link")): <a href=\"\($0)\">\($0)</a></p>") })
                \(side != nil && meeting.endsAt.map { $0 > now } ?? true ? HTML("""
                \(errors["start"] != nil || errors["meeting_url"] != nil ? FormViews.errorSummary(context, errors: errors) : .empty)
                <form id="slot-form" method="post" action="\(SiteURL.matching(.slot(.value(id))).path)" novalidate>\(context.csrfField)
                \(FormViews.input(context, name: "start", label: context.t("match.field.start"), value: form["start"], errors: errors,
                    hint: context.t("match.hint.start")))
                \(FormViews.input(context, name: "meeting_url", label: context.t("match.field.meeting_url"), value: form["meeting_url"]
                    ?? meeting.meetingURL,
                              type: "url", errors: errors))
                <button type="submit">\(context.t("match.meeting.change"))</button></form>
                """) : .empty)
                </section>
                <section aria-labelledby="contacts-heading"><h2 id="contacts-heading">\(context.t("match.meeting.contacts"))</h2>
                \(otherEmail.map { HTML("<p><a href=\"mailto:\($0)\">\($0)</a></p>") })
                <ul id="contacts">\(contactItems)</ul></section>
                """)
        } else if !meeting.declined {
            sections.append("<p class=\"notice\">\(context.t("match.meeting.contacts_hidden"))</p>")
        }
        // Reports and outcomes, after the meeting.
        if meeting.bothAccepted, let end = meeting.endsAt, end <= now {
            let reportItems: [HTML] = reports.map { report in
                let name = report.memberID == meeting.requester.memberID ? meeting.requester.name : meeting.responder.name
                let followUp: HTML = report.followUp.isEmpty ? .empty : " — \(report.followUp)"
                return "<li>\(name): \(context.t("match.attendance.\(report.attendance.rawValue)"))\(followUp)</li>"
            }
            let myReport = reports.first { $0.memberID == myMemberID }
            let attendance: [(value: String, label: String)] = MatchAttendance.allCases.map {
                ($0.rawValue, context.t("match.attendance.\($0.rawValue)"))
            }
            let types: [(value: String, label: String)] = MatchOutcomeType.allCases.map {
                ($0.rawValue, context.t("match.outcome.\($0.rawValue)"))
            }
            let outcomeItems: [HTML] = outcomes.map { outcome in
                let reporter = outcome.reportedBy == meeting.requester.memberID ? meeting.requester.name : meeting.responder.name
                let status: HTML =
                    outcome.confirmed
                    ? "<span class=\"status approved\">\(context.t("match.outcome.confirmed"))</span>"
                    : (myMemberID != nil && side != nil && outcome.reportedBy != myMemberID
                        ? """
                        <form method=\"post\" action=\"\(SiteURL.matching(.confirmOutcome(.value(outcome.id))).path)\" \
                        class=\"inline-form\">\(context.csrfField)<button \
                        type=\"submit\">\(context.t("match.outcome.confirm"))</button></form>
                        """
                        : "<span class=\"status pending\">\(context.t("match.outcome.awaiting"))</span>")
                return
                    """
                    <li>\(context.t("match.outcome.\(outcome.type.rawValue)")) \
                    (\(context.t("match.outcome.reported_by", ["member": reporter])))\(outcome.note.isEmpty ? HTML.empty
                            : HTML(": \(outcome.note)")) \(status)</li>
                    """
            }
            sections.append(
                """
                <section aria-labelledby="reports-heading"><h2 id="reports-heading">\(context.t("match.meeting.reports"))</h2>
                \(reportItems.isEmpty ? HTML("<p>\(context.t("match.meeting.no_reports"))</p>")
                    : HTML("<ul id=\"reports\">\(reportItems)</ul>"))
                \(side != nil ? HTML("""
                <form id="report-form" method="post" action="\(SiteURL.matching(.report(.value(id))).path)" novalidate>\(context.csrfField)
                \(FormViews.select(context, name: "attendance", label: context.t("match.field.attendance"), options: attendance,
                    selected: myReport?.attendance.rawValue,
                               errors: errors, includeEmpty: context.t("match.choose")))
                \(FormViews.textarea(context, name: "follow_up", label: context.t("match.field.follow_up"), value: form["follow_up"]
                    ?? myReport?.followUp, errors: errors))
                <button type="submit">\(context.t("match.meeting.report"))</button></form>
                """) : .empty)
                <h3>\(context.t("match.meeting.outcomes"))</h3>
                <p class="hint">\(context.t("match.meeting.outcomes_hint"))</p>
                \(outcomeItems.isEmpty ? HTML("<p>\(context.t("match.meeting.no_outcomes"))</p>")
                    : HTML("<ul id=\"outcomes\">\(outcomeItems)</ul>"))
                \(side != nil && myReport?.attendance == .held ? HTML("""
                <form id="outcome-form" method="post" action="\(SiteURL.matching(.outcome(.value(id))).path)" \
                novalidate>\(context.csrfField)
                \(FormViews.select(context, name: "type", label: context.t("match.field.outcome"), options: types, selected: nil,
                    errors: errors, includeEmpty: context.t("match.choose")))
                \(FormViews.textarea(context, name: "note", label: context.t("match.field.note"), value: form["note"], errors: errors))
                <button type="submit">\(context.t("match.meeting.report_outcome"))</button></form>
                """) : .empty)
                </section>
                """)
        }
        let why = meeting.explanation
        let title = context.t("match.meeting.title", ["first": meeting.requester.name, "second": meeting.responder.name])
        let kind = context.t("match.meeting.kind.\(meeting.kind.rawValue)")
        let month: HTML = meeting.cycleMonth.map { HTML(" · \(context.format.yearMonth($0))") } ?? .empty
        let body: HTML = """
            <p class="muted">\(kind)\(month)</p>
            <h1>\(title)</h1>
            <p><span class="status \(state.code)">\(state.label)</span></p>
            <ul class="parties">
            \(party(meeting.requester))
            \(party(meeting.responder))
            </ul>
            \(meeting.message.isEmpty ? HTML.empty : HTML("<blockquote>\(meeting.message)</blockquote>"))
            \(why.map { HTML("<h2>\(context.t("match.meeting.why"))</h2>\(MatchingViews.explanation(context, $0, thesaurus: thesaurus))") })
            \(sections)
            <p><a href="\(SiteURL.matching(.meetings).path)">\(context.t("match.meetings.title"))</a></p>
            """
        return Layout.page(context, title: title, body: body)
    }
}
