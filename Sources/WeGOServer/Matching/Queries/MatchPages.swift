import Fluent
import Foundation
import SQLKit
import WeGOCore
import WeGOMatching

/// What the matching pages show, as plain values: the views never see a database model. Each
/// page's query reads what its model holds, with the related rows loaded in the same queries.

/// An item with the member it belongs to; its fields read through to the draft (`row.title`).
@dynamicMemberLookup
struct MatchItemRow: Sendable {
    var id: UUID
    var memberID: UUID?
    var memberName: String?
    var memberSlug: String?
    var draft: MatchItemDraft

    subscript<T>(dynamicMember keyPath: KeyPath<MatchItemDraft, T>) -> T { draft[keyPath: keyPath] }

    /// The member is named when it was loaded with the item.
    init(_ item: MatchItem) throws {
        id = try item.requireID()
        memberID = item.$member.id
        let member = item.$member.value ?? nil
        memberName = member?.name
        memberSlug = member?.slug
        draft = item.draft
    }

    init(id: UUID, memberID: UUID?, memberName: String?, memberSlug: String?, draft: MatchItemDraft) {
        self.id = id
        self.memberID = memberID
        self.memberName = memberName
        self.memberSlug = memberSlug
        self.draft = draft
    }
}

/// One side of a meeting.
struct MeetingParty: Sendable {
    var memberID: UUID
    var name: String
    var slug: String
    var contactEmail: String?
    var region: Region?
    var answer: MatchAnswer
    var timeZone: String?
    var windows: String?
    /// The item it brings, when it may be shown to the reader.
    var item: MatchItemRow?
}

/// Where a meeting stands, in the order of the Secretariat's board; the raw value names its text
/// ("match.meeting.state.<value>") and its CSS class.
enum MeetingState: String, CaseIterable, Sendable {
    case awaiting
    case noSlot = "no_slot"
    case scheduled, past, declined, expired
}

/// A meeting as lists and the board show it.
struct MeetingSummary: Sendable {
    var id: UUID
    var kind: MatchMeetingKind
    var cycleID: UUID?
    var cycleMonth: String?
    var requester: MeetingParty
    var responder: MeetingParty
    var explanation: MatchExplanation?
    var message: String
    var expiresAt: Date
    var startsAt: Date?
    var endsAt: Date?
    var meetingURL: String?
    var createdAt: Date?

    var bothAccepted: Bool { requester.answer == .accepted && responder.answer == .accepted }
    var declined: Bool { requester.answer == .declined || responder.answer == .declined }

    /// Where the meeting stands.
    func state(now: Date) -> MeetingState {
        if declined { return .declined }
        if bothAccepted {
            guard let end = endsAt else { return .noSlot }
            return end <= now ? .past : .scheduled
        }
        return expiresAt <= now ? .expired : .awaiting
    }

    func party(_ side: MeetingScheduler.Side) -> MeetingParty { side == .requester ? requester : responder }
}

extension MeetingSummary {
    /// Built from a meeting loaded with both members (and, for the page, items and cycle); items
    /// the viewer may not see are left out.
    init(_ meeting: MatchMeeting, viewer: SignedInUser?) throws {
        func item(_ value: MatchItem??) throws -> MatchItemRow? {
            guard let item = value ?? nil, MatchAccess.canSee(item, viewer: viewer) else { return nil }
            return try MatchItemRow(item)
        }
        id = try meeting.requireID()
        kind = meeting.kind
        cycleID = meeting.$cycle.id
        cycleMonth = (meeting.$cycle.value ?? nil)?.month
        requester = MeetingParty(
            memberID: meeting.$requester.id, name: meeting.requester.name, slug: meeting.requester.slug,
            contactEmail: meeting.requester.contactEmail, region: meeting.requester.region,
            answer: meeting.requesterAnswer, timeZone: meeting.requesterTimeZone,
            windows: meeting.requesterWindows, item: try item(meeting.$requesterItem.value))
        responder = MeetingParty(
            memberID: meeting.$responder.id, name: meeting.responder.name, slug: meeting.responder.slug,
            contactEmail: meeting.responder.contactEmail, region: meeting.responder.region,
            answer: meeting.responderAnswer, timeZone: meeting.responderTimeZone,
            windows: meeting.responderWindows, item: try item(meeting.$responderItem.value))
        explanation = MatchExplanation(stored: meeting.explanation)
        message = meeting.message
        expiresAt = meeting.expiresAt
        startsAt = meeting.startsAt
        endsAt = meeting.endsAt
        meetingURL = meeting.meetingURL
        createdAt = meeting.createdAt
    }
}

/// One meeting's page: the meeting, who is reading (a side, or the Secretariat), the reports and
/// outcomes after it, and the contacts released once both sides accepted.
struct MeetingPage: Sendable {
    struct Report: Sendable {
        var memberID: UUID
        var attendance: MatchAttendance
        var followUp: String
    }

    struct Outcome: Sendable {
        var id: UUID
        var type: MatchOutcomeType
        var note: String
        var reportedBy: UUID
        var confirmed: Bool
    }

    struct Contact: Sendable {
        var memberID: UUID?
        var name: String
        var email: String
    }

    var meeting: MeetingSummary
    var side: MeetingScheduler.Side?
    var reports: [Report]
    var outcomes: [Outcome]
    var contacts: [Contact]
    var now: Date

    static func query(
        _ meeting: MatchMeeting, side: MeetingScheduler.Side?, viewer: SignedInUser, now: Date,
        on db: any Database
    ) async throws -> MeetingPage {
        let meetingID = try meeting.requireID()
        let reports = try await MatchReport.query(on: db).filter(\.$meeting.$id == meetingID).all()
            .map { Report(memberID: $0.$member.id, attendance: $0.attendance, followUp: $0.followUp) }
        let outcomes = try await MatchOutcome.query(on: db).filter(\.$meeting.$id == meetingID).sort(\.$reportedAt).all()
            .map {
                Outcome(id: try $0.requireID(), type: $0.type, note: $0.note, reportedBy: $0.reportedBy, confirmed: $0.confirmedAt != nil)
            }
        var contacts: [Contact] = []
        if meeting.bothAccepted {
            // Released only now: each side sees who to write to, and not before both said yes.
            contacts = try await User.query(on: db).group(.or) {
                $0.filter(\.$member.$id == meeting.$requester.id).filter(\.$member.$id == meeting.$responder.id)
            }.filter(\.$disabled == false).sort(\.$displayName).all()
                .map { Contact(memberID: $0.$member.id, name: $0.displayName, email: $0.email) }
        }
        return MeetingPage(
            meeting: try MeetingSummary(meeting, viewer: viewer), side: side, reports: reports, outcomes: outcomes,
            contacts: contacts, now: now)
    }
}

/// A month's cycle.
struct CycleRow: Sendable {
    var id: UUID
    var month: String
    var status: MatchCycleStatus
    var meetingMinutes: Int

    init(_ cycle: MatchCycle) throws {
        id = try cycle.requireID()
        month = cycle.month
        status = cycle.status
        meetingMinutes = cycle.meetingMinutes
    }
}

/// The cycles page as a city (or anyone else) sees it.
struct CyclesPage: Sendable {
    struct Participation: Sendable {
        var itemID: UUID?
        var timeZone: String
        var windows: String
    }

    var cycles: [CycleRow]
    /// The city the reader represents; nil for anyone who may not join.
    var cityName: String?
    var items: [MatchItemRow]
    var participations: [UUID: Participation]
    var lastTimeZone: String?

    static func query(viewer: SignedInUser?, on db: any Database) async throws -> CyclesPage {
        let cycles = try await MatchCycle.query(on: db).sort(\.$month, .descending).limit(12).all().map(CycleRow.init)
        guard let city = try await MatchAccess.city(viewer, on: db), let cityID = city.id else {
            return CyclesPage(cycles: cycles, cityName: nil, items: [], participations: [:], lastTimeZone: nil)
        }
        let items = try await MatchAccess.ownItems(cityID, kinds: [.challenge, .project], on: db).filter(\.visibleToPeers)
        var participations: [UUID: Participation] = [:]
        for participation in try await MatchParticipation.query(on: db).filter(\.$member.$id == cityID).all() {
            participations[participation.$cycle.id] = Participation(
                itemID: participation.$item.id, timeZone: participation.timeZone,
                windows: participation.windows)
        }
        return CyclesPage(
            cycles: cycles, cityName: city.name, items: try items.map(MatchItemRow.init), participations: participations,
            lastTimeZone: try await MatchAccess.lastTimeZone(of: cityID, on: db))
    }
}

/// The Secretariat's page: cycles with their participants, every meeting on the board, the funnel.
struct AdminMatchingPage: Sendable {
    var cycles: [CycleRow]
    var participants: [UUID: Int]
    var meetings: [MeetingSummary]
    var confirmedOutcomes: [UUID: Int]
    var funnel: [MatchFunnel.Meeting]
    var now: Date

    static func query(viewer: SignedInUser, now: Date, on db: any Database) async throws -> AdminMatchingPage {
        let cycles = try await MatchCycle.query(on: db).sort(\.$month, .descending).all().map(CycleRow.init)
        // Counted in SQL: a month of 2,000 cities is 2,000 rows the page only needs the number of.
        var participants: [UUID: Int] = [:]
        let counts = try await db.sql.select().column("cycle_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(MatchParticipation.schema).groupBy("cycle_id").all()
        for row in counts { participants[try row.decode(column: "cycle_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self) }
        let pipeline = try await MatchPipeline.query(viewer: viewer, on: db)
        return AdminMatchingPage(
            cycles: cycles, participants: participants, meetings: pipeline.meetings,
            confirmedOutcomes: pipeline.confirmedOutcomes, funnel: pipeline.funnel, now: now)
    }
}

/// Every meeting with how far it got: the board and the funnel (page and CSV) read it.
struct MatchPipeline: Sendable {
    var meetings: [MeetingSummary]
    var confirmedOutcomes: [UUID: Int]
    var funnel: [MatchFunnel.Meeting]

    static func query(viewer: SignedInUser, on db: any Database) async throws -> MatchPipeline {
        let meetings = try await MatchMeeting.query(on: db).with(\.$requester).with(\.$responder).with(\.$cycle)
            .sort(\.$createdAt, .descending).all()
        let held = Set(try await MatchReport.query(on: db).filter(\.$attendance == .held).all().map { $0.$meeting.id })
        var confirmed: [UUID: Int] = [:]
        for outcome in try await MatchOutcome.query(on: db).filter(\.$confirmedAt != nil).all() {
            confirmed[outcome.$meeting.id, default: 0] += 1
        }
        let summaries = try meetings.map { try MeetingSummary($0, viewer: viewer) }
        // Each meeting as the funnel counts it: month of proposal or request, the requesting city's region.
        let funnel = summaries.map { meeting in
            let requested =
                meeting.kind == .cityToCorporate || meeting.requester.answer == .accepted || meeting.responder.answer == .accepted
            return MatchFunnel.Meeting(
                month: String(CalendarDate(meeting.createdAt ?? Date()).iso.prefix(7)),
                region: meeting.requester.region?.rawValue,
                reached: MatchFunnel.Meeting.stage(
                    requested: requested, accepted: meeting.bothAccepted,
                    held: held.contains(meeting.id),
                    confirmedOutcomes: confirmed[meeting.id] ?? 0))
        }
        return MatchPipeline(meetings: summaries, confirmedOutcomes: confirmed, funnel: funnel)
    }
}

/// A planned month as the Secretariat sees it right after planning.
struct PlannedCycle: Sendable {
    var month: String
    var plan: CityCycle.Plan
    /// Member id → name, for the proposals and the cities left out.
    var names: [String: String]
}

extension MatchExplanation {
    /// The explanation as stored with a meeting: language-free codes the page translates back.
    var stored: String {
        ["concepts=" + concepts.joined(separator: ","), "terms=" + terms.joined(separator: ","), "tags=" + tags.joined(separator: ",")]
            .joined(separator: ";")
    }

    init?(stored text: String?) {
        guard let text else { return nil }
        var parts: [String: [String]] = [:]
        for part in text.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            parts[String(pair[0])] = pair[1].split(separator: ",").map(String.init)
        }
        self.init(concepts: parts["concepts"] ?? [], terms: parts["terms"] ?? [], tags: parts["tags"] ?? [])
    }

    /// What either side found in the other, each concept, word and tag once.
    static func merged(_ explanations: [MatchExplanation]) -> MatchExplanation {
        func union(_ lists: [[String]]) -> [String] {
            var seen = Set<String>()
            return lists.flatMap { $0 }.filter { seen.insert($0).inserted }
        }
        return MatchExplanation(
            concepts: union(explanations.map(\.concepts)), terms: union(explanations.map(\.terms)),
            tags: union(explanations.map(\.tags)))
    }
}

/// An item's page: the item, what the engine suggests for it (each visible to the reader), and
/// what the reader may do.
struct MatchItemPage: Sendable {
    struct Suggested: Sendable {
        var suggestion: MatchCatalog.Suggestion
        var item: MatchItemRow
    }

    var item: MatchItemRow
    var suggestions: [Suggested]
    var canRequest: Bool
    var canEdit: Bool

    static func query(_ id: UUID?, viewer: SignedInUser?, catalog: MatchCatalog, on db: any Database) async throws -> MatchItemPage {
        let item = try await MatchAccess.item(id, viewer: viewer, on: db)
        let suggestions = try await catalog.suggestions(for: item, viewer: viewer, on: db)
        let ids = suggestions.map(\.id)
        let found = ids.isEmpty ? [] : try await MatchItem.query(on: db).filter(\.$id ~~ ids).with(\.$member).all()
        let byID = Dictionary(found.compactMap { item in item.id.map { ($0, item) } }, uniquingKeysWith: { first, _ in first })
        // The stored visibility decides, not the engine's copy of it (an edit may be racing).
        let rows = try suggestions.compactMap { suggestion -> Suggested? in
            guard let other = byID[suggestion.id], MatchAccess.canSee(other, viewer: viewer) else { return nil }
            return Suggested(suggestion: suggestion, item: try MatchItemRow(other))
        }
        return MatchItemPage(
            item: try MatchItemRow(item), suggestions: rows,
            canRequest: try await MatchAccess.city(viewer, on: db) != nil,
            canEdit: viewer.map { MatchAccess.canEdit(item, user: $0) } ?? false)
    }
}

/// The list of items, filtered by kind and by domain or goal, each visible to the reader.
struct MatchHubPage: Sendable {
    var items: [MatchItemRow]
    var kind: MatchItemKind?
    var domain: String?
    var postable: [MatchItemKind]

    static func query(kind: String?, domain: String?, viewer: SignedInUser?, on db: any Database) async throws -> MatchHubPage {
        let kind = try kind.flatMap { $0.isEmpty ? nil : $0 }.map { text in
            guard let kind = MatchItemKind(rawValue: text) else { throw MatchingError.unknownKind }
            return kind
        }
        let domain = domain.flatMap { $0.isEmpty ? nil : $0 }
        if let domain, !Taxonomy.all.contains(domain) { throw MatchingError.unknownTerms(domain) }
        var builder = MatchItem.query(on: db).with(\.$member).sort(\.$createdAt, .descending)
        if let kind { builder = builder.filter(\.$kind == kind) }
        let items = try await builder.all().filter { item in
            MatchAccess.canSee(item, viewer: viewer) && (domain.map { Taxonomy.expanded(item.domains + item.sdgs).contains($0) } ?? true)
        }
        return MatchHubPage(
            items: try items.map(MatchItemRow.init), kind: kind, domain: domain,
            postable: try await MatchAccess.postableKinds(viewer, on: db))
    }
}
