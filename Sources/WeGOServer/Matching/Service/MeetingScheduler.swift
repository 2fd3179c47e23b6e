import Fluent
import SQLKit
import Vapor
import WeGOCore
import WeGOMatching

/// The state changes of a meeting that must hold under concurrency: an answer is a conditional
/// update from "pending" that one request wins, and the slot is written once, from "no slot",
/// while both members' other meetings are locked against double booking.
enum MeetingScheduler {
    enum Side: Sendable { case requester, responder }

    static func side(of meeting: MatchMeeting, for user: SignedInUser?) -> Side? {
        guard let memberID = user?.memberID, user?.role == .memberRepresentative else { return nil }
        if meeting.$requester.id == memberID { return .requester }
        if meeting.$responder.id == memberID { return .responder }
        return nil
    }

    enum AnswerRefusal: Error, Equatable { case alreadyAnswered, expired, declinedByOther }

    /// Records one side's answer (with its availability when it accepts); nil on success, or why
    /// the meeting no longer takes it.
    static func answer(
        _ meetingID: UUID, side: Side, accept: Bool, timeZone: String?, windows: String?, now: Date,
        on db: any Database
    ) async throws -> AnswerRefusal? {
        let sql = db.sql
        let (mine, theirs) = side == .requester ? ("requester", "responder") : ("responder", "requester")
        var update = sql.update(MatchMeeting.schema)
            .set("\(mine)_answer", to: (accept ? MatchMeeting.Answer.accepted : .declined).rawValue)
            .set("updated_at", to: now)
        if accept, let timeZone, let windows {
            update = update.set("\(mine)_time_zone", to: timeZone).set("\(mine)_windows", to: windows)
        }
        let won =
            try await update
            .where("id", .equal, meetingID)
            .where("\(mine)_answer", .equal, MatchMeeting.Answer.pending.rawValue)
            .where("\(theirs)_answer", .notEqual, MatchMeeting.Answer.declined.rawValue)
            .where("expires_at", .greaterThan, now)
            .returning("id").all()
        guard won.isEmpty else { return nil }
        guard let current = try await MatchMeeting.find(meetingID, on: db) else { throw Abort(.notFound) }
        if (side == .requester ? current.requesterAnswer : current.responderAnswer) != .pending { return .alreadyAnswered }
        if (side == .requester ? current.responderAnswer : current.requesterAnswer) == .declined { return .declinedByOther }
        return .expired
    }

    /// Serialises scheduling for these members on PostgreSQL (SQLite has one writer already), so
    /// two meetings of one city cannot both take the same hour.
    static func lockCalendars(_ memberIDs: [UUID], on db: any Database) async throws {
        try await db.lockUntilCommit(memberIDs.map { "match-calendar:" + $0.uuidString })
    }

    /// The member's other agreed meetings.
    static func busy(_ memberID: UUID, except meetingID: UUID, on db: any Database) async throws -> [DateInterval] {
        try await MatchMeeting.query(on: db)
            .group(.or) { $0.filter(\.$requester.$id == memberID).filter(\.$responder.$id == memberID) }
            .filter(\.$id != meetingID)
            .filter(\.$startsAt != nil)
            .all()
            .compactMap { meeting in
                guard let start = meeting.startsAt, let end = meeting.endsAt, !meeting.declined else { return nil }
                return DateInterval(start: start, end: end)
            }
    }

    /// Both parties as `MeetingSlots` sees them, with their other meetings as busy time; nil when
    /// one has given no availability yet.
    static func parties(_ meeting: MatchMeeting, on db: any Database) async throws -> [MeetingSlots.Party]? {
        let meetingID = try meeting.requireID()
        var parties: [MeetingSlots.Party] = []
        for (memberID, name, zone, windows) in [
            (meeting.$requester.id, meeting.requester.name, meeting.requesterTimeZone, meeting.requesterWindows),
            (meeting.$responder.id, meeting.responder.name, meeting.responderTimeZone, meeting.responderWindows),
        ] {
            guard let zone, let timeZone = TimeZone(identifier: zone), let text = windows,
                case .success(let parsed) = Availability.parse(text)
            else { return nil }
            parties.append(
                MeetingSlots.Party(
                    name: name, timeZone: timeZone, windows: parsed,
                    busy: try await busy(memberID, except: meetingID, on: db)))
        }
        return parties
    }

    /// The parties with their windows replaced by the whole local day of the slot.
    static func wholeDays(_ parties: [MeetingSlots.Party], around slot: DateInterval) -> [MeetingSlots.Party] {
        parties.map { party in
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = party.timeZone
            let parts = calendar.dateComponents([.year, .month, .day], from: slot.start)
            var open = party
            open.windows =
                CalendarDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
                .map { [MeetingSlots.LocalWindow(day: $0, from: 0, to: 24 * 60)] } ?? []
            return open
        }
    }

    /// A unique index that a concurrent (or repeated) request filled first: 409 with the reason, not 500.
    static func refusingDuplicates<T>(_ refusal: MatchingError, _ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch  where (error as? any DatabaseError)?.isConstraintFailure == true {
            throw refusal
        }
    }

    static let defaultMinutes = 45

    /// Chooses the earliest common slot once both have accepted; the slot is written only if the
    /// meeting has none, so two accepts arriving together schedule it once. Returns the slot, if any.
    @discardableResult
    static func scheduleIfReady(_ meetingID: UUID, now: Date, on db: any Database) async throws -> DateInterval? {
        guard
            let meeting = try await MatchMeeting.query(on: db).filter(\.$id == meetingID)
                .with(\.$requester).with(\.$responder).with(\.$cycle).first(),
            meeting.bothAccepted, meeting.startsAt == nil
        else { return nil }
        try await lockCalendars([meeting.$requester.id, meeting.$responder.id], on: db)
        guard let parties = try await parties(meeting, on: db) else { return nil }
        let minutes = meeting.cycle?.meetingMinutes ?? defaultMinutes
        // An hour's notice at least: nobody learns of a meeting as it starts.
        guard let slot = MeetingSlots.earliest(minutes: minutes, for: parties, notBefore: now.addingTimeInterval(3600)) else { return nil }
        let written = try await db.sql.update(MatchMeeting.schema)
            .set("starts_at", to: slot.start).set("ends_at", to: slot.end)
            .set("revision", to: meeting.revision + 1).set("updated_at", to: now)
            .where("id", .equal, meetingID).where("starts_at", .is, SQLLiteral.null)
            .returning("id").all()
        return written.isEmpty ? nil : slot
    }
}
