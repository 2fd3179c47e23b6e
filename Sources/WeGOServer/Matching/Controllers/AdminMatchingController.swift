import Fluent
import SQLKit
import Vapor
import WeGOCore
import WeGOMatching
import WeGOIndex

/// The Secretariat's side of Solutions Meet Cities: open a month's cycle, plan it once (maximum
/// weight matching over reciprocal scores), follow every meeting on the pipeline board, and read
/// the funnel by month and region, also as CSV.
enum AdminMatchingController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.adminMatching, use: overview)
        routes.post(.adminMatching, use: openCycle)
        routes.post(.adminMatchCyclePlan(month: ""), use: plan)
        routes.get(.adminMatchingFunnelCSV, use: funnelCSV)
    }

    struct Pipeline {
        var meetings: [MatchMeeting]
        var reports: [UUID: [MatchReport]]
        var outcomes: [UUID: [MatchOutcome]]

        static func load(on db: any Database) async throws -> Pipeline {
            let meetings = try await MatchMeeting.query(on: db).with(\.$requester).with(\.$responder).with(\.$cycle)
                .sort(\.$createdAt, .descending).all()
            let reports = Dictionary(grouping: try await MatchReport.query(on: db).all(), by: { $0.$meeting.id })
            let outcomes = Dictionary(grouping: try await MatchOutcome.query(on: db).all(), by: { $0.$meeting.id })
            return Pipeline(meetings: meetings, reports: reports, outcomes: outcomes)
        }

        /// Each meeting as the funnel counts it: month of proposal or request, the requesting city's region.
        var funnel: [MatchFunnel.Meeting] {
            meetings.map { meeting in
                let id = meeting.id!
                let requested = meeting.kind == .cityToCorporate || meeting.requesterAnswer == .accepted || meeting.responderAnswer == .accepted
                let held = reports[id]?.contains { $0.attendance == .held } ?? false
                let confirmed = outcomes[id]?.filter { $0.confirmedAt != nil }.count ?? 0
                return MatchFunnel.Meeting(month: String(CalendarDate(meeting.createdAt ?? Date()).iso.prefix(7)), region: meeting.requester.region?.rawValue,
                                           reached: MatchFunnel.Meeting.stage(requested: requested, accepted: meeting.bothAccepted, held: held, confirmedOutcomes: confirmed))
            }
        }
    }

    @Sendable static func overview(_ request: Request) async throws -> Response {
        _ = try request.requireMatchingManager()
        return try await page(request)
    }

    static func page(_ request: Request, errors: [String: String] = [:], form: CycleForm? = nil, planned: (MatchCycle, CityCycle.Plan, [String: String])? = nil,
                     status: HTTPStatus = .ok) async throws -> Response {
        let cycles = try await MatchCycle.query(on: request.db).sort(\.$month, .descending).all()
        var participants: [UUID: Int] = [:]
        for participation in try await MatchParticipation.query(on: request.db).all() { participants[participation.$cycle.id, default: 0] += 1 }
        let pipeline = try await Pipeline.load(on: request.db)
        return AdminMatchingViews.overview(PageContext(request), cycles: cycles, participants: participants, pipeline: pipeline,
                                           now: request.application.clock(), errors: errors, form: form, planned: planned).response(status: status)
    }

    struct CycleForm: Content {
        var month: String?
        var meeting_minutes: String?
    }

    @Sendable static func openCycle(_ request: Request) async throws -> Response {
        let user = try request.requireMatchingManager()
        let form = try request.content.decode(CycleForm.self)
        let context = PageContext(request)
        var errors: [String: String] = [:]
        let month = CityCycle.Month(iso: (form.month ?? "").trimmingCharacters(in: .whitespaces))
        let current = CityCycle.Month(CalendarDate(request.application.clock()))
        if month == nil { errors["month"] = context.t("match.error.month_format") } else if month! < current { errors["month"] = context.t("match.error.month_past") }
        let minutes = Int((form.meeting_minutes ?? "").trimmingCharacters(in: .whitespaces))
        if minutes == nil || !(15...180).contains(minutes!) { errors["meeting_minutes"] = context.t("match.error.minutes") }
        if let month, try await MatchCycle.query(on: request.db).filter(\.$month == month.description).count() > 0 {
            errors["month"] = context.t("match.error.cycle_exists")
        }
        guard errors.isEmpty, let month, let minutes else { return try await page(request, errors: errors, form: form, status: .unprocessableEntity) }
        try await MeetingScheduler.refusingDuplicates(context.t("match.error.cycle_exists")) {
            try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
                let cycle = MatchCycle()
                cycle.month = month.description
                cycle.status = .open
                cycle.meetingMinutes = minutes
                try await cycle.create(on: db)
                return ((), AuditLog.Event(action: "match.cycle_open", target: "match_cycle:\(month)", details: "minutes=\(minutes)"))
            }
        }
        return request.redirect(to: SiteURL.adminMatching.path, redirectType: .normal)
    }

    /// What each opted-in city is matched on: the challenge or project it chose for the month, or
    /// all of its challenges and projects.
    static func profiles(_ participations: [MatchParticipation], on db: any Database) async throws -> [MatchDocument] {
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
            return MatchDocument(id: memberID.uuidString, title: documents.map(\.title).joined(separator: ". "),
                                 text: documents.map(\.text).joined(separator: "\n"), language: documents[0].language,
                                 tags: Array(Set(documents.flatMap(\.tags))).sorted())
        }
    }

    /// Plans the month once: the cycle moves from open to planned in a conditional update, so a
    /// second click (or a second Secretariat officer) proposes nothing twice.
    @Sendable static func plan(_ request: Request) async throws -> Response {
        let user = try request.requireMatchingManager()
        let context = PageContext(request)
        guard let monthText = request.parameters.get("month"), let month = CityCycle.Month(iso: monthText),
              let cycle = try await MatchCycle.query(on: request.db).filter(\.$month == monthText).first() else { throw Abort(.notFound) }
        guard cycle.status == .open else { throw ExplainedError(status: .conflict, reason: context.t("match.error.cycle_planned")) }
        let cycleID = try cycle.requireID()
        let now = request.application.clock()
        let participations = try await MatchParticipation.query(on: request.db).filter(\.$cycle.$id == cycleID).with(\.$member).all()
        let names = Dictionary(uniqueKeysWithValues: participations.map { ($0.$member.id.uuidString, $0.member.name) })
        let profiles = try await profiles(participations, on: request.db)
        let earlier = try await MatchMeeting.query(on: request.db).filter(\.$kind == .cityToCity).with(\.$cycle).all()
        let history = earlier.compactMap { meeting -> CityCycle.PastPairing? in
            guard let month = meeting.cycle.flatMap({ CityCycle.Month(iso: $0.month) }) else { return nil }
            return CityCycle.PastPairing(CityCycle.CityPair(meeting.$requester.id.uuidString, meeting.$responder.id.uuidString), month: month)
        }
        let declined = earlier.filter(\.declined).map { CityCycle.CityPair($0.$requester.id.uuidString, $0.$responder.id.uuidString) }
        let participants = participations.compactMap { participation -> CityCycle.Participant? in
            guard let zone = TimeZone(identifier: participation.timeZone), case .success(let windows) = Availability.parse(participation.windows) else { return nil }
            return CityCycle.Participant(id: participation.$member.id.uuidString,
                                         availability: MeetingSlots.Party(name: participation.member.name, timeZone: zone, windows: windows))
        }
        let planner = CityCycle(month: month, participants: participants, history: history, declined: declined,
                                meetingMinutes: cycle.meetingMinutes,
                                // The month begins 14 hours before UTC's in the earliest time zone (UTC+14).
                                notBefore: max(month.start.addingTimeInterval(-14 * 3600), now.addingTimeInterval(3600)))
        // Scoring and matching take about a second for 2,000 cities and keep both cores busy: they run
        // on the application's thread pool, so the cooperative pool stays free to answer requests.
        let thesaurus = request.application.matchCatalog.thesaurus
        let (result, explanations) = try await request.application.threadPool.runIfActive {
            let scorer = ReciprocalMatching.Scorer(profiles, thesaurus: thesaurus, k: 50)
            let result = planner.plan(scorer.pairs)
            return (result, result.proposals.map { MatchExplanation.merged(scorer.explanations($0.first, $0.second)) })
        }
        let windows = Dictionary(uniqueKeysWithValues: participations.map { ($0.$member.id.uuidString, $0) })
        let expires = now.addingTimeInterval(TimeInterval(MeetingsController.answerDays * 86_400))
        let won = try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
            let rows = try await db.sql.update(MatchCycle.schema)
                .set("status", to: MatchCycle.Status.planned.rawValue).set("planned_at", to: now)
                .where("id", .equal, cycleID).where("status", .equal, MatchCycle.Status.open.rawValue).returning("id").all()
            guard !rows.isEmpty else { return (false, AuditLog.Event(action: "match.cycle_plan_refused", target: "match_cycle:\(month)", details: "already planned")) }
            for (proposal, explanation) in zip(result.proposals, explanations) {
                guard let first = windows[proposal.first], let second = windows[proposal.second] else { continue }
                let meeting = MatchMeeting()
                meeting.kind = .cityToCity
                meeting.$cycle.id = cycleID
                meeting.$requester.id = first.$member.id
                meeting.$responder.id = second.$member.id
                meeting.$requesterItem.id = first.$item.id
                meeting.$responderItem.id = second.$item.id
                meeting.score = proposal.score
                meeting.explanation = MeetingViews.explanationText(explanation)
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
                try await meeting.create(on: db)
                for memberID in [first.$member.id, second.$member.id] {
                    for email in try await MeetingsController.recipients(of: memberID, on: db) {
                        try await Mail.enqueue("match_proposal", to: email, language: .en, arguments: [
                            "month": month.description, "first": first.member.name, "second": second.member.name,
                            "link": request.application.settings.publicURL + SiteURL.matchMeeting(id: try meeting.requireID()).path,
                        ], app: request.application, at: now, on: db)
                    }
                }
            }
            return (true, AuditLog.Event(action: "match.cycle_plan", target: "match_cycle:\(month)",
                                         details: "participants=\(participants.count) proposals=\(result.proposals.count) unmatched=\(result.unmatched.count)"))
        }
        guard won else { throw ExplainedError(status: .conflict, reason: context.t("match.error.cycle_planned")) }
        cycle.status = .planned
        return try await page(request, planned: (cycle, result, names))
    }

    @Sendable static func funnelCSV(_ request: Request) async throws -> Response {
        _ = try request.requireMatchingManager()
        let pipeline = try await Pipeline.load(on: request.db)
        var lines = ["month,region," + MatchFunnel.Stage.allCases.map(\.code).joined(separator: ",")]
        for row in MatchFunnel.rows(pipeline.funnel) {
            lines.append("\(row.month),\(row.region ?? ""),\(row.counts.map(String.init).joined(separator: ","))")
        }
        return Response(status: .ok, headers: ["Content-Type": "text/csv; charset=utf-8",
                                               "Content-Disposition": "attachment; filename=\"wego-matching-funnel.csv\""],
                        body: .init(string: lines.joined(separator: "\r\n") + "\r\n"))
    }
}

extension MatchExplanation {
    /// What either side found in the other, each concept, word and tag once.
    static func merged(_ explanations: [MatchExplanation]) -> MatchExplanation {
        func union(_ lists: [[String]]) -> [String] {
            var seen = Set<String>()
            return lists.flatMap { $0 }.filter { seen.insert($0).inserted }
        }
        return MatchExplanation(concepts: union(explanations.map(\.concepts)), terms: union(explanations.map(\.terms)),
                                tags: union(explanations.map(\.tags)))
    }
}
