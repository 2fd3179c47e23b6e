import Fluent
import SQLKit
import Vapor
import WeGOCore
import WeGOMatching

/// One-to-one meetings: a city's request to a solution's provider (City-to-Corporate) and the
/// monthly cycle's proposals (City-to-City). Both sides answer, a slot is chosen, and afterwards
/// each side reports and confirms outcomes. Each action is one audited transaction.
struct MeetingService {
    let app: Application
    let db: any Database

    init(_ app: Application, db: (any Database)? = nil) {
        self.app = app
        self.db = db ?? app.db
    }

    /// How long a provider has to answer a request, and the weeks a requester may offer.
    static let answerDays = 14
    static let requestWindowDays = 42

    var now: Date { app.clock() }

    /// The days a request's or an answer's availability may name: today and the next six weeks.
    var requestPeriod: ClosedRange<CalendarDate> {
        let today = CalendarDate(now)
        return today ... today.adding(days: Self.requestWindowDays)
    }

    func link(_ meetingID: UUID) -> String { app.publicURL + SiteURL.matching(.meeting(.value(meetingID))).path }

    // MARK: Requests

    /// The solution asked for and the requesting city; a request to one's own organisation is refused.
    func requestTarget(_ solutionID: UUID?, user: SignedInUser) async throws -> (solution: MatchItem, city: Member) {
        let city = try await MatchAccess.requireCity(user, on: db)
        let solution = try await MatchAccess.item(solutionID, viewer: user, on: db)
        guard solution.kind == .solution, let providerID = solution.$member.id else { throw Abort(.notFound) }
        guard providerID != city.id else { throw MatchingError.selfRequest }
        return (solution, city)
    }

    struct Request: Sendable {
        var ownItem: MatchItem?
        var message: String
        var availability: AvailabilityInput
    }

    func validate(_ form: MeetingRequestForm, city: Member) async throws -> Result<Request, FieldProblems> {
        var problems = FieldProblems()
        let availability = AvailabilityInput.validate(
            timeZone: form.time_zone, windows: form.windows, period: requestPeriod,
            problems: &problems)
        let message = MeetingText.validate(form.message, field: "message", problems: &problems)
        let items = try await MatchAccess.ownItems(try city.requireID(), kinds: [.challenge, .project], on: db)
        let ownItem = chosenItem(form.item, among: items, field: "item", problems: &problems)
        guard let availability, let message, problems.isEmpty else { return .failure(problems) }
        return .success(Request(ownItem: ownItem, message: message, availability: availability))
    }

    /// Stores the request (accepted by the city, pending for the provider) and tells the provider.
    func request(_ solution: MatchItem, from city: Member, _ input: Request, user: SignedInUser) async throws -> UUID {
        let (cityID, solutionID) = (try city.requireID(), try solution.requireID())
        guard let providerID = solution.$member.id else { throw Abort(.notFound) }
        // Why the city's item and the solution match, when the item is one the provider may see.
        var found: MatchCatalog.Suggestion?
        if let ownItem = input.ownItem, ownItem.visibleToPeers {
            found = try await app.matchCatalog.suggestions(for: ownItem, viewer: user, limit: 50, on: db).first { $0.id == solutionID }
        }
        let (score, explanation, ownItemID) = (found?.score, found?.explanation.stored, input.ownItem?.id)
        let (now, app) = (self.now, self.app)
        let meeting = try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
            // Checked inside the transaction under a lock on the pair, so of requests sent
            // together one passes (PostgreSQL's read committed would let each see no other).
            try await db.lockUntilCommit("match-request:\(cityID):\(solutionID)")
            let open = try await MatchMeeting.query(on: db).filter(\.$requester.$id == cityID).filter(\.$responderItem.$id == solutionID)
                .filter(\.$responderAnswer == .pending).filter(\.$expiresAt > now).count()
            guard open == 0 else { throw MatchingError.openRequest }
            let meeting = MatchMeeting()
            meeting.kind = .cityToCorporate
            meeting.$requester.id = cityID
            meeting.$responder.id = providerID
            meeting.$requesterItem.id = ownItemID
            meeting.$responderItem.id = solutionID
            meeting.score = score
            meeting.explanation = explanation
            meeting.message = input.message
            meeting.requesterAnswer = .accepted
            meeting.responderAnswer = .pending
            meeting.requesterTimeZone = input.availability.timeZone
            meeting.requesterWindows = input.availability.windows
            meeting.expiresAt = now.addingTimeInterval(TimeInterval(Self.answerDays * 86_400))
            meeting.revision = 0
            meeting.createdAt = now
            try await meeting.create(on: db)
            let meetingID = try meeting.requireID()
            for recipient in try await MatchAccess.recipients(of: providerID, on: db) {
                try await Mail.enqueue(
                    "match_request", to: recipient,
                    arguments: [
                        "city": city.name, "solution": solution.title, "link": link(meetingID),
                    ], app: app, at: now, on: db)
            }
            return (
                meeting, AuditLog.Event(action: "match.request", target: "match_meeting:\(meetingID)", details: "solution=\(solutionID)")
            )
        }
        return try meeting.requireID()
    }

    // MARK: Answers

    struct Answer: Sendable {
        var accept: Bool
        /// Given when accepting a meeting this side has no availability for yet (a cycle's proposal
        /// carries it already; a provider gives it here).
        var availability: AvailabilityInput?
    }

    func validate(_ form: MeetingAnswerForm, meeting: MatchMeeting, side: MeetingScheduler.Side) throws -> Result<Answer, FieldProblems> {
        guard let choice = form.answer, choice == "accept" || choice == "decline" else { throw MatchingError.unknownChoice }
        let accept = choice == "accept"
        let hasWindows = (side == .requester ? meeting.requesterWindows : meeting.responderWindows) != nil
        guard accept && !hasWindows else { return .success(Answer(accept: accept)) }
        var problems = FieldProblems()
        guard
            let availability = AvailabilityInput.validate(
                timeZone: form.time_zone, windows: form.windows, period: requestPeriod,
                problems: &problems)
        else { return .failure(problems) }
        return .success(Answer(accept: true, availability: availability))
    }

    /// Records one side's answer; when both have accepted, the earliest common slot is chosen
    /// and both sides hear of it.
    func answer(_ meeting: MatchMeeting, side: MeetingScheduler.Side, _ answer: Answer, user: SignedInUser) async throws {
        let meetingID = try meeting.requireID()
        let (now, app) = (self.now, self.app)
        let refusal = try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
            let refusal = try await MeetingScheduler.answer(
                meetingID, side: side, accept: answer.accept,
                timeZone: answer.availability?.timeZone, windows: answer.availability?.windows,
                now: now, on: db)
            var slot: DateInterval?
            if refusal == nil && answer.accept { slot = try await MeetingScheduler.scheduleIfReady(meetingID, now: now, on: db) }
            if let slot {
                // Both sides hear of the time at once, with the page that holds the invitation.
                for memberID in [meeting.$requester.id, meeting.$responder.id] {
                    for recipient in try await MatchAccess.recipients(of: memberID, on: db) {
                        try await Mail.enqueue(
                            "match_scheduled", to: recipient,
                            arguments: [
                                "first": meeting.requester.name, "second": meeting.responder.name,
                                "time": ISO8601DateFormatter().string(from: slot.start), "link": link(meetingID),
                            ], app: app, at: now, on: db)
                    }
                }
            }
            return (
                refusal,
                AuditLog.Event(
                    action: answer.accept ? "match.accept" : "match.decline", target: "match_meeting:\(meetingID)",
                    details: refusal.map { "refused=\($0)" } ?? (slot.map { "slot=\($0.start.timeIntervalSince1970)" } ?? ""))
            )
        }
        switch refusal {
        case nil: return
        case .alreadyAnswered: throw MatchingError.alreadyAnswered
        case .declinedByOther: throw MatchingError.declinedByOther
        case .expired: throw MatchingError.expired
        }
    }

    // MARK: The slot

    /// Either side moves the meeting to another time inside both windows, or sets its video link.
    /// A refused time is audited and comes back as field problems.
    func moveSlot(_ meeting: MatchMeeting, side: MeetingScheduler.Side, form: MeetingSlotForm, user: SignedInUser) async throws {
        guard meeting.bothAccepted else { throw MatchingError.notAccepted }
        let now = self.now
        // A meeting that took place stays where it was: its reports and outcomes refer to it.
        if let end = meeting.endsAt, end <= now { throw MatchingError.alreadyHeld }
        let meetingID = try meeting.requireID()
        var linkProblems = FieldProblems()
        let link = (form.meeting_url ?? "").trimmingCharacters(in: .whitespaces)
        if !link.isEmpty, !MeetingLink.isAcceptable(link) { linkProblems.add("meeting_url", "match.error.meeting_url") }
        let startText = (form.start ?? "").trimmingCharacters(in: .whitespaces)
        let checkedLink = linkProblems
        let refused = try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) {
            db -> (FieldProblems, AuditLog.Event) in
            var problems = checkedLink
            func refuse(_ key: String, _ arguments: [String: String] = [:], details: String) -> (FieldProblems, AuditLog.Event) {
                problems.add("start", key, arguments)
                return (problems, AuditLog.Event(action: "match.slot_refused", target: "match_meeting:\(meetingID)", details: details))
            }
            try await MeetingScheduler.lockCalendars([meeting.$requester.id, meeting.$responder.id], on: db)
            var slot: DateInterval?
            if !startText.isEmpty {
                let mine = side == .requester ? meeting.requesterTimeZone : meeting.responderTimeZone
                guard let zone = mine.flatMap(TimeZone.init(identifier:)), let start = LocalTime.parse(startText, in: zone) else {
                    return refuse("match.error.start_format", details: "format")
                }
                guard start > now else { return refuse("match.error.start_past", details: "past") }
                let minutes = meeting.cycle?.meetingMinutes ?? MeetingScheduler.defaultMinutes
                let candidate = DateInterval(start: start, duration: TimeInterval(minutes * 60))
                guard var parties = try await MeetingScheduler.parties(meeting, on: db) else { throw Abort(.conflict) }
                // With no common time in their windows, the two agree a time of their own: only the
                // working day (08:00–20:00 for both) and their other meetings still bind it.
                if meeting.startsAt == nil { parties = MeetingScheduler.wholeDays(parties, around: candidate) }
                if let refusal = MeetingSlots.refusal(candidate, for: parties) {
                    return refuse(refusal.key, refusal.arguments, details: "\(refusal)")
                }
                slot = candidate
            }
            guard problems.isEmpty else {
                return (problems, AuditLog.Event(action: "match.slot_refused", target: "match_meeting:\(meetingID)", details: "link"))
            }
            var update = db.sql.update(MatchMeeting.schema).set("updated_at", to: now).set("revision", to: SQLRaw("revision + 1"))
            if let slot { update = update.set("starts_at", to: slot.start).set("ends_at", to: slot.end) }
            if !link.isEmpty { update = update.set("meeting_url", to: link) }
            try await update.where("id", .equal, meetingID).run()
            return (
                FieldProblems(),
                AuditLog.Event(
                    action: "match.slot", target: "match_meeting:\(meetingID)",
                    details: slot.map { "start=\($0.start.timeIntervalSince1970)" } ?? "link")
            )
        }
        guard refused.isEmpty else { throw MatchingError.invalid(refused) }
    }

    // MARK: After the meeting

    /// Each side says whether the meeting took place and what follows; a second report replaces the first.
    func report(_ meeting: MatchMeeting, memberID: UUID, form: MeetingReportForm, user: SignedInUser) async throws {
        let now = self.now
        guard let end = meeting.endsAt, end <= now else { throw MatchingError.notYetHeld }
        var problems = FieldProblems()
        let attendance = MatchAttendance(rawValue: form.attendance ?? "")
        if attendance == nil { problems.add("attendance", "match.error.required") }
        let followUp = MeetingText.validate(form.follow_up, field: "follow_up", problems: &problems)
        guard let attendance, let followUp, problems.isEmpty else { throw MatchingError.invalid(problems) }
        let meetingID = try meeting.requireID()
        try await MeetingScheduler.refusingDuplicates(MatchingError.alreadyReported) {
            try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
                let report =
                    try await MatchReport.query(on: db).filter(\.$meeting.$id == meetingID).filter(\.$member.$id == memberID).first()
                    ?? MatchReport()
                report.$meeting.id = meetingID
                report.$member.id = memberID
                report.attendance = attendance
                report.followUp = followUp
                report.reportedAt = now
                try await report.save(on: db)
                return (
                    (),
                    AuditLog.Event(
                        action: "match.report", target: "match_meeting:\(meetingID)", details: "attendance=\(attendance.rawValue)")
                )
            }
        }
    }

    /// One side reports an outcome; it counts once the other confirms. The same outcome reported
    /// twice is one outcome (unique per meeting and type).
    func reportOutcome(_ meeting: MatchMeeting, memberID: UUID, form: MeetingOutcomeForm, user: SignedInUser) async throws {
        let meetingID = try meeting.requireID()
        let held =
            try await MatchReport.query(on: db).filter(\.$meeting.$id == meetingID).filter(\.$member.$id == memberID)
            .filter(\.$attendance == .held).count() > 0
        guard held else { throw MatchingError.reportFirst }
        var problems = FieldProblems()
        let type = MatchOutcomeType(rawValue: form.type ?? "")
        if type == nil { problems.add("type", "match.error.required") }
        let note = MeetingText.validate(form.note, field: "note", problems: &problems)
        guard let type, let note, problems.isEmpty else { throw MatchingError.invalid(problems) }
        if try await MatchOutcome.query(on: db).filter(\.$meeting.$id == meetingID).filter(\.$type == type).count() > 0 {
            throw MatchingError.outcomeExists
        }
        let now = self.now
        try await MeetingScheduler.refusingDuplicates(MatchingError.outcomeExists) {
            try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
                let outcome = MatchOutcome()
                outcome.$meeting.id = meetingID
                outcome.type = type
                outcome.note = note
                outcome.reportedBy = memberID
                outcome.reportedAt = now
                try await outcome.create(on: db)
                return (
                    (),
                    AuditLog.Event(action: "match.outcome_report", target: "match_meeting:\(meetingID)", details: "type=\(type.rawValue)")
                )
            }
        }
    }

    /// The other side confirms; the reporting side cannot confirm its own claim. Returns the meeting.
    func confirmOutcome(_ outcomeID: UUID?, user: SignedInUser) async throws -> UUID {
        guard let outcomeID, let outcome = try await MatchOutcome.query(on: db).filter(\.$id == outcomeID).with(\.$meeting).first()
        else { throw Abort(.notFound) }
        let meeting = outcome.meeting
        guard let memberID = user.memberID, user.role == .memberRepresentative,
            memberID == meeting.$requester.id || memberID == meeting.$responder.id
        else { throw Abort(.notFound) }
        guard memberID != outcome.reportedBy else { throw MatchingError.confirmOwn }
        let (now, meetingID) = (self.now, try meeting.requireID())
        let confirmed = try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
            let rows = try await db.sql.update(MatchOutcome.schema)
                .set("confirmed_by", to: memberID).set("confirmed_at", to: now)
                .where("id", .equal, outcomeID).where("confirmed_by", .is, SQLLiteral.null)
                .returning("id").all()
            // A confirmation that found the outcome already confirmed changed nothing: not logged.
            guard !rows.isEmpty else { return (false, nil) }
            return (
                true,
                AuditLog.Event(
                    action: "match.outcome_confirm", target: "match_meeting:\(meetingID)",
                    details: "type=\(outcome.type.rawValue)")
            )
        }
        guard confirmed else { throw MatchingError.alreadyConfirmed }
        return meetingID
    }

    // MARK: The invitation

    /// The calendar invitation, once both accepted and a time is set; in the reader's language.
    func invitation(_ meeting: MatchMeeting, catalog: Catalog) throws -> CalendarInvitation {
        guard meeting.bothAccepted, let start = meeting.startsAt, let end = meeting.endsAt else { throw Abort(.notFound) }
        let page = link(try meeting.requireID())
        let attendees = [meeting.requester, meeting.responder].compactMap { member in
            member.contactEmail.map { CalendarInvitation.Attendee(name: member.name, email: $0) }
        }
        return CalendarInvitation(
            uid: "\(try meeting.requireID().uuidString.lowercased())@wego", sequence: meeting.revision, start: start, end: end,
            summary: catalog.text("match.meeting.summary", ["first": meeting.requester.name, "second": meeting.responder.name]),
            description: catalog.text("match.meeting.ics_description", ["page": page]),
            url: meeting.meetingURL ?? page, organizer: CalendarInvitation.Attendee(mailbox: app.settings.mailFrom), attendees: attendees)
    }
}

/// A meeting's video link: https only, with a host, short enough to print, and nothing but
/// printable ASCII without spaces or quotes, so that it goes into a calendar file, an e-mail and
/// an href as it is (a CR LF let one party write events into the other's invitation, issue 12).
enum MeetingLink {
    static func isAcceptable(_ link: String) -> Bool {
        link.hasPrefix("https://") && link.count <= 500 && CalendarInvitation.isPlainURI(link) && URL(string: link)?.host != nil
    }
}

/// A local date and time as people type it.
enum LocalTime {
    /// "2027-03-04 10:30" in the given zone; nil for anything else.
    static func parse(_ text: String, in zone: TimeZone) -> Date? {
        let parts = text.replacingOccurrences(of: "T", with: " ").split(separator: " ")
        guard parts.count == 2, let day = CalendarDate(iso: String(parts[0])),
            let minutes = MeetingSlots.LocalWindow.minutes(String(parts[1])), minutes < 24 * 60
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60))
    }
}

extension MeetingSlots.Refusal {
    var key: String {
        switch self {
        case .outsideWindow: "match.error.slot_outside_window"
        case .outsideDay: "match.error.slot_outside_day"
        case .overlaps: "match.error.slot_overlaps"
        case .tooShort: "match.error.slot_too_short"
        }
    }

    var arguments: [String: String] {
        switch self {
        case .outsideWindow(let party), .outsideDay(let party), .overlaps(let party): ["party": party]
        case .tooShort: [:]
        }
    }
}

extension CalendarInvitation.Attendee {
    /// "WeGO Secretariat <secretariat@example.org>" as a name and an address.
    init(mailbox text: String) {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else {
            self.init(name: text, email: text)
            return
        }
        self.init(name: text[..<open].trimmingCharacters(in: .whitespaces), email: String(text[text.index(after: open) ..< close]))
    }
}
