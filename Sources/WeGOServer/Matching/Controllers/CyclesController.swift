import Fluent
import Vapor
import WeGOCore
import WeGOMatching

/// Monthly City-to-City cycles as a city sees them: the open months, and joining one with its
/// availability (in its own time) until the Secretariat plans it.
enum CyclesController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.matchCycles, use: list)
        routes.post(.matchCycleJoin(month: ""), use: join)
    }

    struct JoinForm: Content {
        var action: String?
        var item: String?
        var time_zone: String?
        var windows: String?
    }

    static func page(_ request: Request, errors: [String: String] = [:], form: JoinForm? = nil, month: String? = nil,
                     status: HTTPStatus = .ok) async throws -> Response {
        let cycles = try await MatchCycle.query(on: request.db).sort(\.$month, .descending).limit(12).all()
        let city = try await MatchAccess.city(request.user, on: request.db)
        var items: [MatchItem] = []
        var participations: [UUID: MatchParticipation] = [:]
        if let memberID = city?.id {
            items = try await MeetingsController.ownItems(memberID, kinds: [.challenge, .project], on: request.db).filter(\.visibleToPeers)
            for participation in try await MatchParticipation.query(on: request.db).filter(\.$member.$id == memberID).all() {
                participations[participation.$cycle.id] = participation
            }
        }
        var lastZone: String?
        if let id = city?.id { lastZone = try await MeetingsController.lastTimeZone(of: id, on: request.db) }
        return CycleViews.list(PageContext(request), cycles: cycles, city: city, items: items, participations: participations,
                               lastTimeZone: lastZone, errors: errors, form: form, formMonth: month).response(status: status)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        try await page(request, month: request.query[String.self, at: "month"])
    }

    /// The first and last day of a cycle's month.
    static func days(of month: CityCycle.Month) -> ClosedRange<CalendarDate> {
        let first = CalendarDate(year: month.year, month: month.month, day: 1)!
        let next = month.month == 12 ? CalendarDate(year: month.year + 1, month: 1, day: 1)! : CalendarDate(year: month.year, month: month.month + 1, day: 1)!
        return first...next.adding(days: -1)
    }

    @Sendable static func join(_ request: Request) async throws -> Response {
        let (user, city) = try await MeetingsController.requireCity(request)
        let context = PageContext(request)
        guard let month = request.parameters.get("month"), let cycleMonth = CityCycle.Month(iso: month),
              let cycle = try await MatchCycle.query(on: request.db).filter(\.$month == month).first() else { throw Abort(.notFound) }
        guard cycle.status == .open else { throw ExplainedError(status: .conflict, reason: context.t("match.error.cycle_planned")) }
        let cityID = try city.requireID()
        let cycleID = try cycle.requireID()
        let form = try request.content.decode(JoinForm.self)
        /// The city's participation, read inside the transaction; and the month must still be open
        /// there, so nobody joins or leaves a month while it is being planned.
        @Sendable func current(on db: any Database) async throws -> MatchParticipation? {
            guard try await MatchCycle.query(on: db).filter(\.$id == cycleID).filter(\.$status == .open).count() > 0 else {
                throw ExplainedError(status: .conflict, reason: context.t("match.error.cycle_planned"))
            }
            return try await MatchParticipation.query(on: db).filter(\.$cycle.$id == cycleID).filter(\.$member.$id == cityID).first()
        }
        if form.action == "leave" {
            try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
                try await current(on: db)?.delete(on: db)
                return ((), AuditLog.Event(action: "match.cycle_leave", target: "match_cycle:\(month)", details: "member=\(city.slug)"))
            }
            return request.redirect(to: SiteURL.matchCycles.path, redirectType: .normal)
        }
        var errors = MeetingsController.availabilityErrors(timeZone: form.time_zone, windows: form.windows,
                                                           period: days(of: cycleMonth), context: context)
        let items = try await MeetingsController.ownItems(cityID, kinds: [.challenge, .project], on: request.db).filter(\.visibleToPeers)
        var focus: MatchItem?
        if let text = form.item, !text.isEmpty {
            focus = items.first { $0.id?.uuidString.lowercased() == text.lowercased() }
            if focus == nil { errors["item"] = context.t("match.error.unknown_choice") }
        }
        // A city with nothing posted has nothing to be matched on.
        if items.isEmpty { errors["item"] = context.t("match.error.nothing_posted") }
        guard errors.isEmpty else { return try await page(request, errors: errors, form: form, month: month, status: .unprocessableEntity) }
        let (focusID, zone) = (focus?.id, (form.time_zone ?? "").trimmingCharacters(in: .whitespaces))
        let windows = Availability.text((try? Availability.parse(form.windows ?? "").get()) ?? [])
        try await MeetingScheduler.refusingDuplicates(context.t("match.error.already_joined")) {
            try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
                let existing = try await current(on: db)
                let participation = existing ?? MatchParticipation()
                participation.$cycle.id = cycleID
                participation.$member.id = cityID
                participation.$item.id = focusID
                participation.timeZone = zone
                participation.windows = windows
                try await participation.save(on: db)
                return ((), AuditLog.Event(action: existing == nil ? "match.cycle_join" : "match.cycle_update", target: "match_cycle:\(month)",
                                           details: "member=\(city.slug)"))
            }
        }
        return request.redirect(to: SiteURL.matchCycles.path, redirectType: .normal)
    }
}
