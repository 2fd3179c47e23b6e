import Fluent
import SQLKit
import Vapor
import WeGOCore
import WeGOMatching

/// Monthly City-to-City cycles: the Secretariat opens a month, cities join it with their
/// availability, and the Secretariat plans it once (reciprocal scores, then maximum-weight
/// matching under the cycle's rules). Each action is one audited transaction.
struct CycleService {
    let app: Application
    let db: any Database

    init(_ app: Application, db: (any Database)? = nil) {
        self.app = app
        self.db = db ?? app.db
    }

    var now: Date { app.clock() }

    // MARK: Opening a month

    struct Opening: Sendable {
        var month: CityCycle.Month
        var meetingMinutes: Int
    }

    func validate(_ form: CycleOpenForm) async throws -> Result<Opening, FieldProblems> {
        var problems = FieldProblems()
        let month = CityCycle.Month(iso: (form.month ?? "").trimmingCharacters(in: .whitespaces))
        if let month {
            if month < CityCycle.Month(CalendarDate(now)) { problems.add("month", "match.error.month_past") }
        } else {
            problems.add("month", "match.error.month_format")
        }
        let minutes = Int((form.meeting_minutes ?? "").trimmingCharacters(in: .whitespaces)).flatMap {
            (15 ... 180).contains($0) ? $0 : nil
        }
        if minutes == nil { problems.add("meeting_minutes", "match.error.minutes") }
        if let month, try await MatchCycle.query(on: db).filter(\.$month == month.description).count() > 0 {
            problems.add("month", "match.error.cycle_exists")
        }
        guard let month, let minutes, problems.isEmpty else { return .failure(problems) }
        return .success(Opening(month: month, meetingMinutes: minutes))
    }

    func open(_ opening: Opening, user: SignedInUser) async throws {
        try await MeetingScheduler.refusingDuplicates(MatchingError.cycleExists) {
            try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
                let cycle = MatchCycle()
                cycle.month = opening.month.description
                cycle.status = .open
                cycle.meetingMinutes = opening.meetingMinutes
                try await cycle.create(on: db)
                return (
                    (),
                    AuditLog.Event(
                        action: "match.cycle_open", target: "match_cycle:\(opening.month)",
                        details: "minutes=\(opening.meetingMinutes)")
                )
            }
        }
    }

    // MARK: Joining

    /// The open month by its "YYYY-MM" name; 404 for none, 409 once planned.
    func openCycle(_ month: String?) async throws -> (MatchCycle, CityCycle.Month) {
        guard let month, let cycleMonth = CityCycle.Month(iso: month),
            let cycle = try await MatchCycle.query(on: db).filter(\.$month == month).first()
        else { throw Abort(.notFound) }
        guard cycle.status == .open else { throw MatchingError.cyclePlanned }
        return (cycle, cycleMonth)
    }

    /// The first and last day of a cycle's month.
    static func days(of month: CityCycle.Month) -> ClosedRange<CalendarDate> {
        let first = CalendarDate(year: month.year, month: month.month, day: 1)!
        let next =
            month.month == 12
            ? CalendarDate(year: month.year + 1, month: 1, day: 1)! : CalendarDate(year: month.year, month: month.month + 1, day: 1)!
        return first ... next.adding(days: -1)
    }

    struct Joining: Sendable {
        var focusID: UUID?
        var availability: AvailabilityInput
    }

    func validate(_ form: CycleJoinForm, month: CityCycle.Month, city: Member) async throws -> Result<Joining, FieldProblems> {
        var problems = FieldProblems()
        let availability = AvailabilityInput.validate(
            timeZone: form.time_zone, windows: form.windows, period: Self.days(of: month),
            problems: &problems)
        let items = try await MatchAccess.ownItems(try city.requireID(), kinds: [.challenge, .project], on: db).filter(\.visibleToPeers)
        // A city with nothing posted has nothing to be matched on.
        if items.isEmpty { problems.add("item", "match.error.nothing_posted") }
        let focus = chosenItem(form.item, among: items, field: "item", problems: &problems)
        guard let availability, problems.isEmpty else { return .failure(problems) }
        return .success(Joining(focusID: focus?.id, availability: availability))
    }

    /// The city's participation, read inside the transaction; and the month must still be open
    /// there, so nobody joins or leaves a month while it is being planned.
    private static func participation(cycleID: UUID, cityID: UUID, on db: any Database) async throws -> MatchParticipation? {
        guard try await MatchCycle.query(on: db).filter(\.$id == cycleID).filter(\.$status == .open).count() > 0 else {
            throw MatchingError.cyclePlanned
        }
        return try await MatchParticipation.query(on: db).filter(\.$cycle.$id == cycleID).filter(\.$member.$id == cityID).first()
    }

    func join(_ cycle: MatchCycle, city: Member, _ joining: Joining, user: SignedInUser) async throws {
        let (cycleID, cityID) = (try cycle.requireID(), try city.requireID())
        try await MeetingScheduler.refusingDuplicates(MatchingError.alreadyJoined) {
            try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
                let existing = try await Self.participation(cycleID: cycleID, cityID: cityID, on: db)
                let participation = existing ?? MatchParticipation()
                participation.$cycle.id = cycleID
                participation.$member.id = cityID
                participation.$item.id = joining.focusID
                participation.timeZone = joining.availability.timeZone
                participation.windows = joining.availability.windows
                try await participation.save(on: db)
                return (
                    (),
                    AuditLog.Event(
                        action: existing == nil ? "match.cycle_join" : "match.cycle_update",
                        target: "match_cycle:\(cycle.month)", details: "member=\(city.slug)")
                )
            }
        }
    }

    func leave(_ cycle: MatchCycle, city: Member, user: SignedInUser) async throws {
        let (cycleID, cityID) = (try cycle.requireID(), try city.requireID())
        try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
            try await Self.participation(cycleID: cycleID, cityID: cityID, on: db)?.delete(on: db)
            return ((), AuditLog.Event(action: "match.cycle_leave", target: "match_cycle:\(cycle.month)", details: "member=\(city.slug)"))
        }
    }

    // MARK: Planning

    /// What each opted-in city is matched on: the challenge or project it chose for the month, or
    /// all of its challenges and projects.
    /// Member id (as the planner writes it) → name.
    private func memberNames(_ ids: [UUID]) async throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try await db.rows(["id", "name"], from: Member.schema, where: "id", in: ids) {
            names[try row.decode(column: "id", as: UUID.self).uuidString] = try row.decode(column: "name", as: String.self)
        }
        return names
    }

    private func profiles(_ participations: [MatchParticipation]) async throws -> [MatchDocument] {
        let memberIDs = participations.map { $0.$member.id }
        // Secretariat-only items stay out: the peer city would read their words in the explanation.
        let items = try await MatchItem.query(on: db).filter(\.$member.$id ~~ memberIDs).filter(\.$kind ~~ [.challenge, .project])
            .filter(\.$visibility != .secretariat).all()
        let byMember = Dictionary(grouping: items, by: { $0.$member.id! })
        return participations.compactMap { participation in
            let memberID = participation.$member.id
            let chosen = (byMember[memberID] ?? []).filter { participation.$item.id == nil || $0.id == participation.$item.id }
            guard !chosen.isEmpty else { return nil }
            let documents = chosen.map { $0.draft.document(id: memberID.uuidString) }
            return MatchDocument(
                id: memberID.uuidString, title: documents.map(\.title).joined(separator: ". "),
                text: documents.map(\.text).joined(separator: "\n"), language: documents[0].language,
                tags: Array(Set(documents.flatMap(\.tags))).sorted())
        }
    }

    /// Plans the month once: the cycle moves from open to planned in a conditional update, so a
    /// second click (or a second Secretariat officer) proposes nothing twice.
    func plan(_ monthText: String?, user: SignedInUser) async throws -> PlannedCycle {
        let (cycle, month) = try await openCycle(monthText)
        let cycleID = try cycle.requireID()
        let now = self.now
        let participations = try await MatchParticipation.query(on: db).filter(\.$cycle.$id == cycleID).all()
        // Names only, read with SQLKit: eager-loading 2,000 Member models was a tenth of the plan's
        // CPU (Fluent's reflection), on the threads that also answer requests.
        let names = try await memberNames(participations.map { $0.$member.id })
        let profiles = try await profiles(participations)
        let earlier = try await MatchMeeting.query(on: db).filter(\.$kind == .cityToCity).with(\.$cycle).all()
        let history = earlier.compactMap { meeting -> CityCycle.PastPairing? in
            guard let month = meeting.cycle.flatMap({ CityCycle.Month(iso: $0.month) }) else { return nil }
            return CityCycle.PastPairing(
                CityCycle.CityPair(meeting.$requester.id.uuidString, meeting.$responder.id.uuidString), month: month)
        }
        let declined = earlier.filter(\.declined).map { CityCycle.CityPair($0.$requester.id.uuidString, $0.$responder.id.uuidString) }
        let participants = participations.compactMap { participation -> CityCycle.Participant? in
            guard let zone = TimeZone(identifier: participation.timeZone),
                case .success(let windows) = Availability.parse(participation.windows)
            else { return nil }
            return CityCycle.Participant(
                id: participation.$member.id.uuidString,
                availability: MeetingSlots.Party(
                    name: names[participation.$member.id.uuidString] ?? "", timeZone: zone, windows: windows))
        }
        var planner = CityCycle(
            month: month, participants: participants, history: history, declined: declined,
            meetingMinutes: cycle.meetingMinutes,
            // The month begins 14 hours before UTC's in the earliest time zone (UTC+14).
            notBefore: max(month.start.addingTimeInterval(-14 * 3600), now.addingTimeInterval(3600)))
        // Scoring and matching take about a second for 2,000 cities: they run on the application's
        // thread pool, never on the cooperative pool that answers requests, and leave one core free.
        let threads = max(1, Parallel.allCores - 1)
        planner.threads = threads
        let (thesaurus, frozenPlanner) = (app.matchCatalog.thesaurus, planner)
        let (result, explanations) = try await app.threadPool.runIfActive {
            let scorer = ReciprocalMatching.Scorer(profiles, thesaurus: thesaurus, k: 50, threads: threads)
            let planner = frozenPlanner
            let result = planner.plan(scorer.pairs)
            return (result, result.proposals.map { MatchExplanation.merged(scorer.explanations($0.first, $0.second)) })
        }
        let windows = Dictionary(uniqueKeysWithValues: participations.map { ($0.$member.id.uuidString, $0) })
        let recipients = try await MatchAccess.recipients(of: participations.map { $0.$member.id }, on: db)
        let expires = now.addingTimeInterval(TimeInterval(MeetingService.answerDays * 86_400))
        let app = self.app
        let won = try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
            let rows = try await db.sql.update(MatchCycle.schema)
                .set("status", to: MatchCycleStatus.planned.rawValue).set("planned_at", to: now)
                .where("id", .equal, cycleID).where("status", .equal, MatchCycleStatus.open.rawValue).returning("id").all()
            guard !rows.isEmpty else {
                return (
                    false, AuditLog.Event(action: "match.cycle_plan_refused", target: "match_cycle:\(month)", details: "already planned")
                )
            }
            // Inserted in batches: a month of 2,000 cities is some 600 meetings and 1,200 e-mails,
            // and one statement per row kept the transaction (and the database) busy for seconds.
            var meetings: [MatchMeeting] = []
            var messages: [OutboxMessage] = []
            for (proposal, explanation) in zip(result.proposals, explanations) {
                guard let first = windows[proposal.first], let second = windows[proposal.second] else { continue }
                let meeting = MatchMeeting()
                meeting.id = UUID()
                meeting.kind = .cityToCity
                meeting.$cycle.id = cycleID
                meeting.$requester.id = first.$member.id
                meeting.$responder.id = second.$member.id
                meeting.$requesterItem.id = first.$item.id
                meeting.$responderItem.id = second.$item.id
                meeting.score = proposal.score
                meeting.explanation = explanation.stored
                meeting.message = ""
                meeting.requesterAnswer = .pending
                meeting.responderAnswer = .pending
                meeting.requesterTimeZone = first.timeZone
                meeting.requesterWindows = first.windows
                meeting.responderTimeZone = second.timeZone
                meeting.responderWindows = second.windows
                meeting.expiresAt = expires
                meeting.revision = 0
                meeting.createdAt = now
                meetings.append(meeting)
                let link = app.publicURL + SiteURL.matching(.meeting(.value(try meeting.requireID()))).path
                for memberID in [first.$member.id, second.$member.id] {
                    for recipient in recipients[memberID] ?? [] {
                        messages.append(
                            Mail.compose(
                                "match_proposal", to: recipient.email, language: recipient.language,
                                arguments: [
                                    "month": month.description, "first": names[proposal.first] ?? "",
                                    "second": names[proposal.second] ?? "", "link": link,
                                ], app: app, at: now))
                    }
                }
            }
            try await MatchMeeting.insert(meetings, on: db)
            try await OutboxMessage.insert(messages, on: db)
            return (
                true,
                AuditLog.Event(
                    action: "match.cycle_plan", target: "match_cycle:\(month)",
                    details: "participants=\(participants.count) proposals=\(result.proposals.count) unmatched=\(result.unmatched.count)")
            )
        }
        guard won else { throw MatchingError.cyclePlanned }
        return PlannedCycle(month: cycle.month, plan: result, names: names)
    }
}
