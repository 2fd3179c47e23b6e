import Fluent
import Vapor
import WeGOCore
import WeGOMatching

/// Who sees and changes what in Solutions Meet Cities, and the look-ups every part of the
/// program shares (one place, so no controller needs another's).
enum MatchAccess {
    static func canSee(visibility: MatchVisibility, ownerID: UUID?, viewer: SignedInUser?) -> Bool {
        if let viewer, viewer.role == .secretariatAdmin { return true }
        if let viewer, let ownerID, viewer.memberID == ownerID { return true }
        switch visibility {
        case .public: return true
        case .members: return viewer?.role == .memberRepresentative || viewer?.role == .regionalStaff
        case .secretariat: return false
        }
    }

    static func canSee(_ item: MatchItem, viewer: SignedInUser?) -> Bool {
        canSee(visibility: item.visibility, ownerID: item.$member.id, viewer: viewer)
    }

    /// Representatives edit their member's items; funding programs, and anything, the Secretariat.
    static func canEdit(_ item: MatchItem, user: SignedInUser) -> Bool {
        user.role == .secretariatAdmin || (user.role == .memberRepresentative && item.$member.id != nil && item.$member.id == user.memberID)
    }

    /// The member a representative acts for; nil for anyone else.
    static func representedMember(_ user: SignedInUser?, on db: any Database) async throws -> Member? {
        guard let user, user.role == .memberRepresentative, let memberID = user.memberID else { return nil }
        return try await Member.find(memberID, on: db)
    }

    /// The city a representative acts for: who may request meetings and join cycles.
    static func city(_ user: SignedInUser?, on db: any Database) async throws -> Member? {
        try await representedMember(user, on: db).flatMap { $0.category == .localGovernment ? $0 : nil }
    }

    /// The city the user represents, or the refusal: only cities request meetings and join cycles.
    static func requireCity(_ user: SignedInUser, on db: any Database) async throws -> Member {
        guard let city = try await city(user, on: db) else { throw MatchingError.citiesOnly }
        return city
    }

    /// The kinds the user may post: by the member's category, or funding for the Secretariat.
    static func postableKinds(_ user: SignedInUser?, on db: any Database) async throws -> [MatchItemKind] {
        guard let user else { return [] }
        if user.role == .secretariatAdmin { return [.funding] }
        guard let member = try await representedMember(user, on: db) else { return [] }
        return MatchItemKind.allCases.filter { $0.isPostable(by: member.category) }
    }

    /// The item, or 404 when it does not exist or the viewer may not see it (a Secretariat-only
    /// challenge is not admitted to exist).
    static func item(_ id: UUID?, viewer: SignedInUser?, on db: any Database) async throws -> MatchItem {
        guard let id, let item = try await MatchItem.query(on: db).filter(\.$id == id).with(\.$member).first(),
            canSee(item, viewer: viewer)
        else { throw Abort(.notFound) }
        return item
    }

    /// The item for its editor; 403 for anyone else who can see it.
    static func editableItem(_ id: UUID?, user: SignedInUser, on db: any Database) async throws -> MatchItem {
        let item = try await item(id, viewer: user, on: db)
        guard canEdit(item, user: user) else { throw Abort(.forbidden) }
        return item
    }

    /// A member's own challenges, projects or solutions, by title.
    static func ownItems(_ memberID: UUID, kinds: [MatchItemKind], on db: any Database) async throws -> [MatchItem] {
        try await MatchItem.query(on: db).filter(\.$member.$id == memberID).filter(\.$kind ~~ kinds).sort(\.$title).all()
    }

    /// The time zone the city gave last, so it is not typed again every month.
    static func lastTimeZone(of memberID: UUID, on db: any Database) async throws -> String? {
        if let participation = try await MatchParticipation.query(on: db).filter(\.$member.$id == memberID)
            .sort(\.$createdAt, .descending).first()
        {
            return participation.timeZone
        }
        return try await MatchMeeting.query(on: db).filter(\.$requester.$id == memberID).sort(\.$createdAt, .descending).first()?
            .requesterTimeZone
    }

    /// Who hears of a member's meetings: its representatives (in the language each chose), and
    /// the contact address the Secretariat keeps for it (in English, as nobody chose for it).
    static func recipients(of memberID: UUID, on db: any Database) async throws -> [Mail.Recipient] {
        try await recipients(of: [memberID], on: db)[memberID] ?? []
    }

    /// The recipients of several members at once, in two queries however many members.
    static func recipients(of memberIDs: [UUID], on db: any Database) async throws -> [UUID: [Mail.Recipient]] {
        let ids = Array(Set(memberIDs))
        guard !ids.isEmpty else { return [:] }
        var recipients: [UUID: [Mail.Recipient]] = [:]
        for user in try await User.query(on: db).filter(\.$member.$id ~~ ids).filter(\.$disabled == false).sort(\.$email).all() {
            guard let memberID = user.$member.id else { continue }
            recipients[memberID, default: []].append(Mail.Recipient(email: user.email, language: user.preferredLanguage))
        }
        for member in try await Member.query(on: db).filter(\.$id ~~ ids).filter(\.$contactEmail != nil).all() {
            guard let id = member.id, let contact = member.contactEmail?.lowercased() else { continue }
            if !(recipients[id] ?? []).contains(where: { $0.email == contact }) {
                recipients[id, default: []].append(Mail.Recipient(email: contact, language: .en))
            }
        }
        return recipients
    }

    /// The meeting with both members, their items and the cycle, for its two parties and the
    /// Secretariat; 404 for anyone else. The side is nil for the Secretariat.
    static func meeting(_ id: UUID?, user: SignedInUser, on db: any Database) async throws -> (MatchMeeting, MeetingScheduler.Side?) {
        guard let id,
            let meeting = try await MatchMeeting.query(on: db).filter(\.$id == id)
                .with(\.$requester).with(\.$responder).with(\.$requesterItem).with(\.$responderItem).with(\.$cycle).first()
        else { throw Abort(.notFound) }
        let side = MeetingScheduler.side(of: meeting, for: user)
        guard side != nil || user.role == .secretariatAdmin else { throw Abort(.notFound) }
        return (meeting, side)
    }
}
