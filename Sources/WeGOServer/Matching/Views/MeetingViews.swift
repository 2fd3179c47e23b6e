import Foundation
import WeGOCore
import WeGOMatching

/// Meeting pages: the request form, the member's meetings, and one meeting from answer to outcome.
enum MeetingViews {
    static func lineError(_ context: PageContext, _ error: Availability.LineError, period: ClosedRange<CalendarDate>) -> String {
        switch error.reason {
        case .format: context.t("match.error.window_format", ["line": String(error.line)])
        case .outsidePeriod: context.t("match.error.window_period", ["line": String(error.line), "from": period.lowerBound.iso,
                                                                        "to": period.upperBound.iso])
        case .overlapsLine(let other): context.t("match.error.window_overlap", ["line": String(error.line), "other": String(other)])
        }
    }

    static func refusal(_ context: PageContext, _ refusal: MeetingSlots.Refusal) -> String {
        switch refusal {
        case .outsideWindow(let party): context.t("match.error.slot_outside_window", ["party": party])
        case .outsideDay(let party): context.t("match.error.slot_outside_day", ["party": party])
        case .overlaps(let party): context.t("match.error.slot_overlaps", ["party": party])
        case .tooShort: context.t("match.error.slot_too_short")
        }
    }

    /// The explanation as stored with a meeting, language-free codes the page translates back.
    static func explanationText(_ explanation: MatchExplanation) -> String {
        ["concepts=" + explanation.concepts.joined(separator: ","), "terms=" + explanation.terms.joined(separator: ","),
         "tags=" + explanation.tags.joined(separator: ",")].joined(separator: ";")
    }

    static func explanation(from text: String?) -> MatchExplanation? {
        guard let text else { return nil }
        var parts: [String: [String]] = [:]
        for part in text.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            parts[String(pair[0])] = pair[1].split(separator: ",").map(String.init)
        }
        return MatchExplanation(concepts: parts["concepts"] ?? [], terms: parts["terms"] ?? [], tags: parts["tags"] ?? [])
    }

    /// "2027-03-04 10:30" in the given zone; nil for anything else.
    static func parseLocal(_ text: String, in zone: TimeZone) -> Date? {
        let parts = text.replacingOccurrences(of: "T", with: " ").split(separator: " ")
        guard parts.count == 2, let day = CalendarDate(iso: String(parts[0])),
              let minutes = MeetingSlots.LocalWindow.minutes(String(parts[1])), minutes < 24 * 60 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60))
    }

    /// "WeGO Secretariat <secretariat@example.org>" as a name and an address.
    static func mailbox(_ text: String) -> CalendarInvitation.Attendee {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else {
            return CalendarInvitation.Attendee(name: text, email: text)
        }
        return CalendarInvitation.Attendee(name: text[..<open].trimmingCharacters(in: .whitespaces),
                                           email: String(text[text.index(after: open)..<close]))
    }

    static func windowsHint(_ context: PageContext) -> String { context.t("match.hint.windows") }

    static func requestForm(_ context: PageContext, solution: MatchItem, items: [MatchItem], form: MeetingsController.RequestForm,
                            errors: [String: String]) -> HTML {
        let options: [(value: String, label: String)] = items.map { ($0.id!.uuidString.lowercased(), $0.title) }
        let body: HTML = """
        <h1>\(context.t("match.request.title", ["solution": solution.title]))</h1>
        <p>\(context.t("match.request.intro", ["provider": solution.member?.name ?? ""]))</p>
        \(FormViews.errorSummary(context, errors: errors))
        <form id="request-form" method="post" action="\(SiteURL.matchItemRequest(id: solution.id!).path)" novalidate>
        \(context.csrfField)
        \(FormViews.select(context, name: "item", label: context.t("match.request.item"), options: options, selected: form.item, errors: errors,
                           includeEmpty: context.t("match.request.no_item")))
        \(FormViews.textarea(context, name: "message", label: context.t("match.request.message"), value: form.message, errors: errors,
                             maxLength: MeetingsController.maximumMessageLength))
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
        \(FormViews.textarea(context, name: "windows", label: context.t("match.field.windows"), value: windows, errors: errors, hint: windowsHint(context)))
        """
    }

    /// Where the meeting stands, in words, for the list and the page.
    static func state(_ context: PageContext, _ meeting: MatchMeeting, now: Date) -> (code: String, label: String) {
        let code: String
        if meeting.declined { code = "declined" } else if meeting.bothAccepted {
            if let end = meeting.endsAt { code = end <= now ? "past" : "scheduled" } else { code = "no_slot" }
        } else if meeting.expiresAt <= now { code = "expired" } else { code = "awaiting" }
        return (code, context.t("match.meeting.state.\(code)"))
    }

    static func list(_ context: PageContext, meetings: [MatchMeeting], memberID: UUID, now: Date) -> HTML {
        let rows: [HTML] = meetings.map { meeting in
            let other = meeting.$requester.id == memberID ? meeting.responder : meeting.requester
            let state = state(context, meeting, now: now)
            let waitingForMe = !meeting.declined && meeting.expiresAt > now &&
                ((meeting.$requester.id == memberID && meeting.requesterAnswer == .pending) || (meeting.$responder.id == memberID && meeting.responderAnswer == .pending))
            return """
            <tr><td><a href="\(SiteURL.matchMeeting(id: meeting.id!).path)">\(other.name)</a></td>
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

    static func meeting(_ context: PageContext, meeting: MatchMeeting, side: MeetingScheduler.Side?, reports: [MatchReport], outcomes: [MatchOutcome],
                        contacts: [User], thesaurus: Thesaurus, now: Date, errors: [String: String], form: [String: String]) -> HTML {
        let id = meeting.id!
        let state = state(context, meeting, now: now)
        let myMemberID = context.user?.memberID
        func answerLabel(_ answer: MatchMeeting.Answer) -> String { context.t("match.answer.\(answer.rawValue)") }
        func party(_ member: Member, _ answer: MatchMeeting.Answer, _ zone: String?, _ item: MatchItem?) -> HTML {
            let when: HTML = meeting.startsAt.flatMap { start in zone.flatMap(TimeZone.init(identifier:)).map { tz in
                HTML("<br>\(context.t("match.meeting.local_time", ["time": context.format.dateTime(start, in: tz), "zone": tz.identifier]))")
            } } ?? .empty
            return """
            <li><a href="\(SiteURL.member(slug: member.slug).path)">\(member.name)</a>: \(answerLabel(answer))\
            \(item.flatMap { MatchAccess.canSee($0, viewer: context.user) ? HTML(" · <a href=\"\(SiteURL.matchItem(id: $0.id!).path)\">\($0.title)</a>") : nil })\(when)</li>
            """
        }
        var sections: [HTML] = []
        // Answer
        let myAnswer = side == .requester ? meeting.requesterAnswer : side == .responder ? meeting.responderAnswer : nil
        if let myAnswer, myAnswer == .pending, !meeting.declined, meeting.expiresAt > now {
            let needsWindows = (side == .requester ? meeting.requesterWindows : meeting.responderWindows) == nil
            sections.append("""
            <section aria-labelledby="answer-heading"><h2 id="answer-heading">\(context.t("match.meeting.answer_title"))</h2>
            <p>\(context.t("match.meeting.answer_by", ["date": context.format.dateTime(meeting.expiresAt)]))</p>
            \(FormViews.errorSummary(context, errors: errors))
            <form id="answer-form" method="post" action="\(SiteURL.matchMeetingAnswer(id: id).path)" novalidate>\(context.csrfField)
            \(needsWindows ? availabilityFields(context, timeZone: form["time_zone"], windows: form["windows"], errors: errors) : .empty)
            <button type="submit" name="answer" value="accept">\(context.t("match.meeting.accept"))</button>
            <button type="submit" name="answer" value="decline" class="secondary">\(context.t("match.meeting.decline"))</button>
            </form></section>
            """)
        }
        // Slot, invitation and contacts, once both accepted.
        if meeting.bothAccepted {
            let contactItems: [HTML] = contacts.filter { $0.$member.id != myMemberID || side == nil }.map { user in
                "<li>\(user.displayName) &lt;<a href=\"mailto:\(user.email)\">\(user.email)</a>&gt;</li>"
            }
            let otherEmail = side == .requester ? meeting.responder.contactEmail : side == .responder ? meeting.requester.contactEmail : nil
            sections.append("""
            <section aria-labelledby="slot-heading"><h2 id="slot-heading">\(context.t("match.meeting.slot_title"))</h2>
            \(meeting.startsAt == nil ? HTML("<p>\(context.t("match.meeting.no_slot"))</p>") : HTML("""
            <p><a href="\(SiteURL.matchMeetingInvitation(id: id).path)" download>\(context.t("match.meeting.ics"))</a></p>
            """))
            \(meeting.meetingURL.map { HTML("<p>\(context.t("match.meeting.link")): <a href=\"\($0)\">\($0)</a></p>") })
            \(side != nil && meeting.endsAt.map { $0 > now } ?? true ? HTML("""
            \(errors["start"] != nil || errors["meeting_url"] != nil ? FormViews.errorSummary(context, errors: errors) : .empty)
            <form id="slot-form" method="post" action="\(SiteURL.matchMeetingSlot(id: id).path)" novalidate>\(context.csrfField)
            \(FormViews.input(context, name: "start", label: context.t("match.field.start"), value: form["start"], errors: errors, hint: context.t("match.hint.start")))
            \(FormViews.input(context, name: "meeting_url", label: context.t("match.field.meeting_url"), value: form["meeting_url"] ?? meeting.meetingURL,
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
                let name = report.$member.id == meeting.$requester.id ? meeting.requester.name : meeting.responder.name
                return "<li>\(name): \(context.t("match.attendance.\(report.attendance.rawValue)"))\(report.followUp.isEmpty ? HTML.empty : HTML(" — \(report.followUp)"))</li>"
            }
            let mine = reports.first { $0.$member.id == myMemberID }
            let attendance: [(value: String, label: String)] = MatchReport.Attendance.allCases.map { ($0.rawValue, context.t("match.attendance.\($0.rawValue)")) }
            let types: [(value: String, label: String)] = MatchOutcome.OutcomeType.allCases.map { ($0.rawValue, context.t("match.outcome.\($0.rawValue)")) }
            let outcomeItems: [HTML] = outcomes.map { outcome in
                let reporter = outcome.reportedBy == meeting.$requester.id ? meeting.requester.name : meeting.responder.name
                let status: HTML = outcome.confirmedAt != nil
                    ? "<span class=\"status approved\">\(context.t("match.outcome.confirmed"))</span>"
                    : (myMemberID != nil && side != nil && outcome.reportedBy != myMemberID
                       ? "<form method=\"post\" action=\"\(SiteURL.matchOutcomeConfirm(id: outcome.id!).path)\" class=\"inline-form\">\(context.csrfField)<button type=\"submit\">\(context.t("match.outcome.confirm"))</button></form>"
                       : "<span class=\"status pending\">\(context.t("match.outcome.awaiting"))</span>")
                return "<li>\(context.t("match.outcome.\(outcome.type.rawValue)")) (\(context.t("match.outcome.reported_by", ["member": reporter])))\(outcome.note.isEmpty ? HTML.empty : HTML(": \(outcome.note)")) \(status)</li>"
            }
            sections.append("""
            <section aria-labelledby="reports-heading"><h2 id="reports-heading">\(context.t("match.meeting.reports"))</h2>
            \(reportItems.isEmpty ? HTML("<p>\(context.t("match.meeting.no_reports"))</p>") : HTML("<ul id=\"reports\">\(reportItems)</ul>"))
            \(side != nil ? HTML("""
            <form id="report-form" method="post" action="\(SiteURL.matchMeetingReport(id: id).path)" novalidate>\(context.csrfField)
            \(FormViews.select(context, name: "attendance", label: context.t("match.field.attendance"), options: attendance, selected: mine?.attendance.rawValue,
                               errors: errors, includeEmpty: context.t("match.choose")))
            \(FormViews.textarea(context, name: "follow_up", label: context.t("match.field.follow_up"), value: form["follow_up"] ?? mine?.followUp, errors: errors))
            <button type="submit">\(context.t("match.meeting.report"))</button></form>
            """) : .empty)
            <h3>\(context.t("match.meeting.outcomes"))</h3>
            <p class="hint">\(context.t("match.meeting.outcomes_hint"))</p>
            \(outcomeItems.isEmpty ? HTML("<p>\(context.t("match.meeting.no_outcomes"))</p>") : HTML("<ul id=\"outcomes\">\(outcomeItems)</ul>"))
            \(side != nil && mine?.attendance == .held ? HTML("""
            <form id="outcome-form" method="post" action="\(SiteURL.matchMeetingOutcome(id: id).path)" novalidate>\(context.csrfField)
            \(FormViews.select(context, name: "type", label: context.t("match.field.outcome"), options: types, selected: nil, errors: errors, includeEmpty: context.t("match.choose")))
            \(FormViews.textarea(context, name: "note", label: context.t("match.field.note"), value: form["note"], errors: errors))
            <button type="submit">\(context.t("match.meeting.report_outcome"))</button></form>
            """) : .empty)
            </section>
            """)
        }
        let why = explanation(from: meeting.explanation)
        let title = context.t("match.meeting.title", ["first": meeting.requester.name, "second": meeting.responder.name])
        let body: HTML = """
        <p class="muted">\(context.t("match.meeting.kind.\(meeting.kind.rawValue)"))\(meeting.cycle.map { HTML(" · \(context.format.yearMonth($0.month))") })</p>
        <h1>\(title)</h1>
        <p><span class="status \(state.code)">\(state.label)</span></p>
        <ul class="parties">
        \(party(meeting.requester, meeting.requesterAnswer, meeting.requesterTimeZone, meeting.requesterItem))
        \(party(meeting.responder, meeting.responderAnswer, meeting.responderTimeZone, meeting.responderItem))
        </ul>
        \(meeting.message.isEmpty ? HTML.empty : HTML("<blockquote>\(meeting.message)</blockquote>"))
        \(why.map { HTML("<h2>\(context.t("match.meeting.why"))</h2>\(MatchingViews.explanation(context, $0, thesaurus: thesaurus))") })
        \(sections)
        <p><a href="\(SiteURL.matchMeetings.path)">\(context.t("match.meetings.title"))</a></p>
        """
        return Layout.page(context, title: title, body: body)
    }
}
