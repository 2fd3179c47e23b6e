import Fluent
import SQLKit
import Vapor
import WeGOCore
import WeGOMatching

/// One-to-one meetings: a city's request to a solution's provider (City-to-Corporate) and the
/// monthly cycle's proposals (City-to-City); both sides answer, a slot is chosen, and afterwards
/// each side reports and confirms outcomes.
enum MeetingsController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.matchItemRequest(id: UUID()), use: requestForm)
        routes.post(.matchItemRequest(id: UUID()), use: createRequest)
        routes.get(.matchMeetings, use: list)
        routes.get(.matchMeeting(id: UUID()), use: meeting)
        routes.post(.matchMeetingAnswer(id: UUID()), use: answer)
        routes.post(.matchMeetingSlot(id: UUID()), use: moveSlot)
        routes.get(.matchMeetingInvitation(id: UUID()), use: invitation)
        routes.post(.matchMeetingReport(id: UUID()), use: report)
        routes.post(.matchMeetingOutcome(id: UUID()), use: reportOutcome)
        routes.post(.matchOutcomeConfirm(id: UUID()), use: confirmOutcome)
    }

    /// How long a provider has to answer a request, and the weeks a requester may offer.
    static let answerDays = 14
    static let requestWindowDays = 42
    static let maximumMessageLength = 2_000

    /// The signed-in representative of a city, who may request meetings.
    static func requireCity(_ request: Request) async throws -> (SignedInUser, Member) {
        let user = try request.requireUser()
        guard let city = try await MatchAccess.city(user, on: request.db) else {
            throw ExplainedError(status: .forbidden, reason: PageContext(request).t("match.error.cities_only"))
        }
        return (user, city)
    }

    struct RequestForm: Content {
        var item: String?
        var message: String?
        var time_zone: String?
        var windows: String?
    }

    /// The solution asked for and the requesting city; a request to one's own organisation is refused.
    static func requestTarget(_ request: Request) async throws -> (MatchItem, SignedInUser, Member) {
        let (user, city) = try await requireCity(request)
        let solution = try await MatchingController.find(request)
        guard solution.kind == .solution, let providerID = solution.$member.id else { throw Abort(.notFound) }
        guard providerID != city.id else {
            throw ExplainedError(status: .unprocessableEntity, reason: PageContext(request).t("match.error.self_request"))
        }
        return (solution, user, city)
    }

    static func ownItems(_ memberID: UUID, kinds: [MatchItemKind], on db: any Database) async throws -> [MatchItem] {
        try await MatchItem.query(on: db).filter(\.$member.$id == memberID).filter(\.$kind ~~ kinds).sort(\.$title).all()
    }

    @Sendable static func requestForm(_ request: Request) async throws -> Response {
        let (solution, _, city) = try await requestTarget(request)
        let items = try await ownItems(try city.requireID(), kinds: [.challenge, .project], on: request.db)
        var form = RequestForm()
        form.time_zone = try await lastTimeZone(of: try city.requireID(), on: request.db)
        return MeetingViews.requestForm(PageContext(request), solution: solution, items: items, form: form, errors: [:]).response(status: .ok)
    }

    /// The time zone the city gave last, so it is not typed again every month.
    static func lastTimeZone(of memberID: UUID, on db: any Database) async throws -> String? {
        if let participation = try await MatchParticipation.query(on: db).filter(\.$member.$id == memberID).sort(\.$createdAt, .descending).first() {
            return participation.timeZone
        }
        return try await MatchMeeting.query(on: db).filter(\.$requester.$id == memberID).sort(\.$createdAt, .descending).first()?.requesterTimeZone
    }

    /// Field errors for a time zone and availability text, the days bounded by `period`.
    static func availabilityErrors(timeZone: String?, windows: String?, period: ClosedRange<CalendarDate>,
                                   context: PageContext) -> [String: String] {
        var errors: [String: String] = [:]
        if TimeZone(identifier: (timeZone ?? "").trimmingCharacters(in: .whitespaces)) == nil {
            errors["time_zone"] = context.t("match.error.time_zone")
        }
        switch Availability.parse(windows ?? "", period: period) {
        case .success(let parsed) where parsed.isEmpty: errors["windows"] = context.t("match.error.required")
        case .success: break
        case .failure(let problems): errors["windows"] = problems.lines.map { MeetingViews.lineError(context, $0, period: period) }.joined(separator: " ")
        }
        return errors
    }

    @Sendable static func createRequest(_ request: Request) async throws -> Response {
        let (solution, user, city) = try await requestTarget(request)
        let cityID = try city.requireID()
        let form = try request.content.decode(RequestForm.self)
        let context = PageContext(request)
        let now = request.application.clock()
        let today = CalendarDate(now)
        var errors = availabilityErrors(timeZone: form.time_zone, windows: form.windows,
                                        period: today...today.adding(days: requestWindowDays), context: context)
        let message = (form.message ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if message.count > maximumMessageLength { errors["message"] = context.t("match.error.too_long", ["limit": String(maximumMessageLength)]) }
        let items = try await ownItems(cityID, kinds: [.challenge, .project], on: request.db)
        var ownItem: MatchItem?
        if let text = form.item, !text.isEmpty {
            ownItem = items.first { $0.id?.uuidString.lowercased() == text.lowercased() }
            if ownItem == nil { errors["item"] = context.t("match.error.unknown_choice") }
        }
        guard errors.isEmpty else {
            return MeetingViews.requestForm(context, solution: solution, items: items, form: form, errors: errors).response(status: .unprocessableEntity)
        }
        let solutionID = try solution.requireID()
        // Why the city's item and the solution match, when the item is one the provider may see.
        var found: MatchCatalog.Suggestion?
        if let ownItem, ownItem.visibleToPeers {
            found = try await request.application.matchCatalog.suggestions(for: ownItem, viewer: user, limit: 50, on: request.db)
                .first { $0.id == solutionID }
        }
        let (score, explanation) = (found?.score, found.map { MeetingViews.explanationText($0.explanation) })
        let (providerID, ownItemID, app) = (solution.$member.id!, ownItem?.id, request.application)
        let (zone, windows) = (form.time_zone?.trimmingCharacters(in: .whitespaces), Availability.text((try? Availability.parse(form.windows ?? "").get()) ?? []))
        let meeting = try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
            // Checked inside the transaction, so two requests sent together do not both pass.
            let open = try await MatchMeeting.query(on: db).filter(\.$requester.$id == cityID).filter(\.$responderItem.$id == solutionID)
                .filter(\.$responderAnswer == .pending).filter(\.$expiresAt > now).count()
            guard open == 0 else { throw ExplainedError(status: .conflict, reason: context.t("match.error.open_request")) }
            let meeting = MatchMeeting()
            meeting.kind = .cityToCorporate
            meeting.$requester.id = cityID
            meeting.$responder.id = providerID
            meeting.$requesterItem.id = ownItemID
            meeting.$responderItem.id = solutionID
            meeting.score = score
            meeting.explanation = explanation
            meeting.message = message
            meeting.requesterAnswer = .accepted
            meeting.responderAnswer = .pending
            meeting.requesterTimeZone = zone
            meeting.requesterWindows = windows
            meeting.expiresAt = now.addingTimeInterval(TimeInterval(answerDays * 86_400))
            meeting.revision = 0
            meeting.createdAt = now
            try await meeting.create(on: db)
            for email in try await recipients(of: providerID, on: db) {
                try await Mail.enqueue("match_request", to: email, language: .en, arguments: [
                    "city": city.name, "solution": solution.title,
                    "link": app.settings.publicURL + SiteURL.matchMeeting(id: try meeting.requireID()).path,
                ], app: app, at: now, on: db)
            }
            return (meeting, AuditLog.Event(action: "match.request", target: "match_meeting:\(try meeting.requireID())", details: "solution=\(solutionID)"))
        }
        return request.redirect(to: SiteURL.matchMeeting(id: try meeting.requireID()).path, redirectType: .normal)
    }

    /// Who hears of a member's meetings: its representatives, and the contact address the
    /// Secretariat keeps for it.
    static func recipients(of memberID: UUID, on db: any Database) async throws -> [String] {
        var emails = try await User.query(on: db).filter(\.$member.$id == memberID).filter(\.$disabled == false).sort(\.$email).all().map(\.email)
        if let contact = try await Member.find(memberID, on: db)?.contactEmail?.lowercased(), !emails.contains(contact) { emails.append(contact) }
        return emails
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard let memberID = user.memberID, user.role == .memberRepresentative else {
            if user.role == .secretariatAdmin { return request.redirect(to: SiteURL.adminMatching.path, redirectType: .normal) }
            throw Abort(.forbidden)
        }
        let meetings = try await MatchMeeting.query(on: request.db)
            .group(.or) { $0.filter(\.$requester.$id == memberID).filter(\.$responder.$id == memberID) }
            .with(\.$requester).with(\.$responder).with(\.$responderItem).sort(\.$createdAt, .descending).all()
        return MeetingViews.list(PageContext(request), meetings: meetings, memberID: memberID, now: request.application.clock()).response(status: .ok)
    }

    /// The meeting, for its two parties and the Secretariat; 404 for anyone else.
    static func find(_ request: Request) async throws -> (MatchMeeting, SignedInUser, MeetingScheduler.Side?) {
        let user = try request.requireUser()
        guard let id = request.parameters.get("id", as: UUID.self),
              let meeting = try await MatchMeeting.query(on: request.db).filter(\.$id == id)
                .with(\.$requester).with(\.$responder).with(\.$requesterItem).with(\.$responderItem).with(\.$cycle).first() else { throw Abort(.notFound) }
        let side = MeetingScheduler.side(of: meeting, for: user)
        guard side != nil || user.role == .secretariatAdmin else { throw Abort(.notFound) }
        return (meeting, user, side)
    }

    static func page(_ request: Request, _ meeting: MatchMeeting, side: MeetingScheduler.Side?, errors: [String: String] = [:],
                     form: [String: String] = [:], status: HTTPStatus = .ok) async throws -> Response {
        let meetingID = try meeting.requireID()
        let reports = try await MatchReport.query(on: request.db).filter(\.$meeting.$id == meetingID).all()
        let outcomes = try await MatchOutcome.query(on: request.db).filter(\.$meeting.$id == meetingID).sort(\.$reportedAt).all()
        var contacts: [User] = []
        if meeting.bothAccepted {
            // Released only now: each side sees who to write to, and not before both said yes.
            contacts = try await User.query(on: request.db).group(.or) {
                $0.filter(\.$member.$id == meeting.$requester.id).filter(\.$member.$id == meeting.$responder.id)
            }.filter(\.$disabled == false).sort(\.$displayName).all()
        }
        return MeetingViews.meeting(PageContext(request), meeting: meeting, side: side, reports: reports, outcomes: outcomes, contacts: contacts,
                                    thesaurus: request.application.matchCatalog.thesaurus, now: request.application.clock(), errors: errors, form: form).response(status: status)
    }

    @Sendable static func meeting(_ request: Request) async throws -> Response {
        let (meeting, _, side) = try await find(request)
        return try await page(request, meeting, side: side)
    }

    struct AnswerForm: Content {
        var answer: String?
        var time_zone: String?
        var windows: String?
    }

    @Sendable static func answer(_ request: Request) async throws -> Response {
        let (meeting, user, side) = try await find(request)
        guard let side else { throw Abort(.forbidden) }
        let form = try request.content.decode(AnswerForm.self)
        let context = PageContext(request)
        guard let choice = form.answer, choice == "accept" || choice == "decline" else {
            throw ExplainedError(status: .badRequest, reason: context.t("match.error.unknown_choice"))
        }
        let accept = choice == "accept"
        let now = request.application.clock()
        let hasWindows = (side == .requester ? meeting.requesterWindows : meeting.responderWindows) != nil
        var timeZone: String?, windows: String?
        if accept && !hasWindows {
            let today = CalendarDate(now)
            let errors = availabilityErrors(timeZone: form.time_zone, windows: form.windows, period: today...today.adding(days: requestWindowDays), context: context)
            guard errors.isEmpty else {
                return try await page(request, meeting, side: side, errors: errors,
                                      form: ["time_zone": form.time_zone ?? "", "windows": form.windows ?? ""], status: .unprocessableEntity)
            }
            timeZone = form.time_zone?.trimmingCharacters(in: .whitespaces)
            windows = Availability.text(try Availability.parse(form.windows ?? "").get())
        }
        let meetingID = try meeting.requireID()
        let (givenZone, givenWindows) = (timeZone, windows)
        let app = request.application
        let refusal = try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
            let refusal = try await MeetingScheduler.answer(meetingID, side: side, accept: accept, timeZone: givenZone, windows: givenWindows, now: now, on: db)
            var slot: DateInterval?
            if refusal == nil && accept { slot = try await MeetingScheduler.scheduleIfReady(meetingID, now: now, on: db) }
            if let slot {
                // Both sides hear of the time at once, with the page that holds the invitation.
                for memberID in [meeting.$requester.id, meeting.$responder.id] {
                    for email in try await recipients(of: memberID, on: db) {
                        try await Mail.enqueue("match_scheduled", to: email, language: .en, arguments: [
                            "first": meeting.requester.name, "second": meeting.responder.name,
                            "time": ISO8601DateFormatter().string(from: slot.start),
                            "link": app.settings.publicURL + SiteURL.matchMeeting(id: meetingID).path,
                        ], app: app, at: now, on: db)
                    }
                }
            }
            return (refusal, AuditLog.Event(action: accept ? "match.accept" : "match.decline", target: "match_meeting:\(meetingID)",
                                            details: refusal.map { "refused=\($0)" } ?? (slot.map { "slot=\($0.start.timeIntervalSince1970)" } ?? "")))
        }
        switch refusal {
        case nil: return request.redirect(to: SiteURL.matchMeeting(id: meetingID).path, redirectType: .normal)
        case .alreadyAnswered: throw ExplainedError(status: .conflict, reason: context.t("match.error.already_answered"))
        case .declinedByOther: throw ExplainedError(status: .conflict, reason: context.t("match.error.declined"))
        case .expired: throw ExplainedError(status: .conflict, reason: context.t("match.error.expired"))
        }
    }

    struct SlotForm: Content {
        var start: String?
        var meeting_url: String?
    }

    /// Either side moves the meeting to another time inside both windows, or sets its video link.
    @Sendable static func moveSlot(_ request: Request) async throws -> Response {
        let (meeting, user, side) = try await find(request)
        guard let side else { throw Abort(.forbidden) }
        let context = PageContext(request)
        guard meeting.bothAccepted else { throw ExplainedError(status: .conflict, reason: context.t("match.error.not_accepted")) }
        let now = request.application.clock()
        // A meeting that took place stays where it was: its reports and outcomes refer to it.
        if let end = meeting.endsAt, end <= now { throw ExplainedError(status: .conflict, reason: context.t("match.error.already_held")) }
        let form = try request.content.decode(SlotForm.self)
        let meetingID = try meeting.requireID()
        var linkErrors: [String: String] = [:]
        let link = (form.meeting_url ?? "").trimmingCharacters(in: .whitespaces)
        if !link.isEmpty, !(link.hasPrefix("https://") && URL(string: link)?.host != nil) || link.count > 500 {
            linkErrors["meeting_url"] = context.t("match.error.meeting_url")
        }
        let startText = (form.start ?? "").trimmingCharacters(in: .whitespaces)
        let checkedLink = linkErrors
        let result = try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db -> ([String: String], AuditLog.Event) in
            var errors = checkedLink
            try await MeetingScheduler.lockCalendars([meeting.$requester.id, meeting.$responder.id], on: db)
            var slot: DateInterval?
            if !startText.isEmpty {
                let mine = side == .requester ? meeting.requesterTimeZone : meeting.responderTimeZone
                guard let zone = mine.flatMap(TimeZone.init(identifier:)), let start = MeetingViews.parseLocal(startText, in: zone) else {
                    errors["start"] = context.t("match.error.start_format")
                    return (errors, AuditLog.Event(action: "match.slot_refused", target: "match_meeting:\(meetingID)", details: "format"))
                }
                guard start > now else {
                    errors["start"] = context.t("match.error.start_past")
                    return (errors, AuditLog.Event(action: "match.slot_refused", target: "match_meeting:\(meetingID)", details: "past"))
                }
                let minutes = meeting.cycle?.meetingMinutes ?? MeetingScheduler.defaultMinutes
                let candidate = DateInterval(start: start, duration: TimeInterval(minutes * 60))
                guard var parties = try await MeetingScheduler.parties(meeting, on: db) else { throw Abort(.conflict) }
                // With no common time in their windows, the two agree a time of their own: only the
                // working day (08:00–20:00 for both) and their other meetings still bind it.
                if meeting.startsAt == nil { parties = MeetingScheduler.wholeDays(parties, around: candidate) }
                if let refusal = MeetingSlots.refusal(candidate, for: parties) {
                    errors["start"] = MeetingViews.refusal(context, refusal)
                    return (errors, AuditLog.Event(action: "match.slot_refused", target: "match_meeting:\(meetingID)", details: "\(refusal)"))
                }
                slot = candidate
            }
            guard errors.isEmpty else { return (errors, AuditLog.Event(action: "match.slot_refused", target: "match_meeting:\(meetingID)", details: "link")) }
            let sql = db.sql
            var update = sql.update(MatchMeeting.schema).set("updated_at", to: now).set("revision", to: SQLRaw("revision + 1"))
            if let slot { update = update.set("starts_at", to: slot.start).set("ends_at", to: slot.end) }
            if !link.isEmpty { update = update.set("meeting_url", to: link) }
            try await update.where("id", .equal, meetingID).run()
            return ([:], AuditLog.Event(action: "match.slot", target: "match_meeting:\(meetingID)",
                                        details: slot.map { "start=\($0.start.timeIntervalSince1970)" } ?? "link"))
        }
        guard result.isEmpty else {
            return try await page(request, meeting, side: side, errors: result, form: ["start": startText, "meeting_url": link], status: .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.matchMeeting(id: meetingID).path, redirectType: .normal)
    }

    @Sendable static func invitation(_ request: Request) async throws -> Response {
        let (meeting, _, _) = try await find(request)
        guard meeting.bothAccepted, let start = meeting.startsAt, let end = meeting.endsAt else { throw Abort(.notFound) }
        let settings = request.application.settings
        let page = settings.publicURL + SiteURL.matchMeeting(id: try meeting.requireID()).path
        let organizer = MeetingViews.mailbox(settings.mailFrom)
        let attendees = [meeting.requester, meeting.responder].compactMap { member in
            member.contactEmail.map { CalendarInvitation.Attendee(name: member.name, email: $0) }
        }
        let context = PageContext(request)
        let invitation = CalendarInvitation(
            uid: "\(try meeting.requireID().uuidString.lowercased())@wego", sequence: meeting.revision, start: start, end: end,
            summary: context.t("match.meeting.summary", ["first": meeting.requester.name, "second": meeting.responder.name]),
            description: context.t("match.meeting.ics_description", ["page": page]),
            url: meeting.meetingURL ?? page, organizer: organizer, attendees: attendees)
        return Response(status: .ok, headers: ["Content-Type": "text/calendar; charset=utf-8; method=REQUEST",
                                               "Content-Disposition": "attachment; filename=\"wego-meeting.ics\""],
                        body: .init(string: invitation.text(now: request.application.clock())))
    }

    struct ReportForm: Content {
        var attendance: String?
        var follow_up: String?
    }

    /// After the meeting, each side says whether it took place and what follows; a second report replaces the first.
    @Sendable static func report(_ request: Request) async throws -> Response {
        let (meeting, user, side) = try await find(request)
        guard let side, let memberID = user.memberID else { throw Abort(.forbidden) }
        let context = PageContext(request)
        let now = request.application.clock()
        guard let end = meeting.endsAt, end <= now else { throw ExplainedError(status: .conflict, reason: context.t("match.error.not_yet_held")) }
        let form = try request.content.decode(ReportForm.self)
        let followUp = (form.follow_up ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [String: String] = [:]
        let attendance = MatchReport.Attendance(rawValue: form.attendance ?? "")
        if attendance == nil { errors["attendance"] = context.t("match.error.required") }
        if followUp.count > maximumMessageLength { errors["follow_up"] = context.t("match.error.too_long", ["limit": String(maximumMessageLength)]) }
        guard errors.isEmpty, let attendance else {
            return try await page(request, meeting, side: side, errors: errors, form: ["follow_up": followUp], status: .unprocessableEntity)
        }
        let meetingID = try meeting.requireID()
        try await MeetingScheduler.refusingDuplicates(context.t("match.error.already_reported")) {
            try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
                let report = try await MatchReport.query(on: db).filter(\.$meeting.$id == meetingID).filter(\.$member.$id == memberID).first() ?? MatchReport()
                report.$meeting.id = meetingID
                report.$member.id = memberID
                report.attendance = attendance
                report.followUp = followUp
                report.reportedAt = now
                try await report.save(on: db)
                return ((), AuditLog.Event(action: "match.report", target: "match_meeting:\(meetingID)", details: "attendance=\(attendance.rawValue)"))
            }
        }
        return request.redirect(to: SiteURL.matchMeeting(id: meetingID).path, redirectType: .normal)
    }

    struct OutcomeForm: Content {
        var type: String?
        var note: String?
    }

    /// One side reports an outcome; it counts once the other confirms. The same outcome reported
    /// twice is one outcome (unique per meeting and type).
    @Sendable static func reportOutcome(_ request: Request) async throws -> Response {
        let (meeting, user, side) = try await find(request)
        guard let side, let memberID = user.memberID else { throw Abort(.forbidden) }
        let context = PageContext(request)
        let meetingID = try meeting.requireID()
        let held = try await MatchReport.query(on: request.db).filter(\.$meeting.$id == meetingID).filter(\.$member.$id == memberID)
            .filter(\.$attendance == .held).count() > 0
        guard held else { throw ExplainedError(status: .conflict, reason: context.t("match.error.report_first")) }
        let form = try request.content.decode(OutcomeForm.self)
        let note = (form.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [String: String] = [:]
        let type = MatchOutcome.OutcomeType(rawValue: form.type ?? "")
        if type == nil { errors["type"] = context.t("match.error.required") }
        if note.count > maximumMessageLength { errors["note"] = context.t("match.error.too_long", ["limit": String(maximumMessageLength)]) }
        guard errors.isEmpty, let type else {
            return try await page(request, meeting, side: side, errors: errors, form: ["note": note], status: .unprocessableEntity)
        }
        if try await MatchOutcome.query(on: request.db).filter(\.$meeting.$id == meetingID).filter(\.$type == type).count() > 0 {
            throw ExplainedError(status: .conflict, reason: context.t("match.error.outcome_exists"))
        }
        let now = request.application.clock()
        try await MeetingScheduler.refusingDuplicates(context.t("match.error.outcome_exists")) {
            try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
                let outcome = MatchOutcome()
                outcome.$meeting.id = meetingID
                outcome.type = type
                outcome.note = note
                outcome.reportedBy = memberID
                outcome.reportedAt = now
                try await outcome.create(on: db)
                return ((), AuditLog.Event(action: "match.outcome_report", target: "match_meeting:\(meetingID)", details: "type=\(type.rawValue)"))
            }
        }
        return request.redirect(to: SiteURL.matchMeeting(id: meetingID).path, redirectType: .normal)
    }

    /// The other side confirms; the reporting side cannot confirm its own claim.
    @Sendable static func confirmOutcome(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let context = PageContext(request)
        guard let id = request.parameters.get("id", as: UUID.self),
              let outcome = try await MatchOutcome.query(on: request.db).filter(\.$id == id).with(\.$meeting).first() else { throw Abort(.notFound) }
        let meeting = outcome.meeting
        guard let memberID = user.memberID, user.role == .memberRepresentative,
              memberID == meeting.$requester.id || memberID == meeting.$responder.id else { throw Abort(.notFound) }
        guard memberID != outcome.reportedBy else { throw ExplainedError(status: .conflict, reason: context.t("match.error.confirm_own")) }
        let now = request.application.clock()
        let confirmed = try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
            let rows = try await db.sql.update(MatchOutcome.schema)
                .set("confirmed_by", to: memberID).set("confirmed_at", to: now)
                .where("id", .equal, id).where("confirmed_by", .is, SQLLiteral.null)
                .returning("id").all()
            return (!rows.isEmpty, AuditLog.Event(action: "match.outcome_confirm", target: "match_meeting:\(try meeting.requireID())",
                                                  details: "type=\(outcome.type.rawValue)"))
        }
        guard confirmed else { throw ExplainedError(status: .conflict, reason: context.t("match.error.already_confirmed")) }
        return request.redirect(to: SiteURL.matchMeeting(id: try meeting.requireID()).path, redirectType: .normal)
    }
}
