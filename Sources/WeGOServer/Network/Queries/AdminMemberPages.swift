import Fluent
import Vapor
import WeGOCore

/// The signed-in user's start page.
struct AdminDashboardPage: Sendable {
    var user: SignedInUser
    var memberCount: Int

    /// The count is the directory's cached one: counting 100,000 rows on every visit is a scan.
    static func query(
        for user: SignedInUser, on db: any Database, cache: DirectoryCountsCache, now: Date
    ) async throws -> AdminDashboardPage {
        AdminDashboardPage(user: user, memberCount: try await MemberDirectory.count(MemberFilter(), on: db, cache: cache, now: now))
    }
}

/// The members a user may edit: all for the Secretariat, a region's for its staff, their own
/// for a representative; a page at a time, with a name search, so 100,000 members cost what 100 do.
struct AdminMemberListPage: Sendable {
    static let perPage = 100

    var results: MemberPage
    var canCreate: Bool

    /// 403 for anyone who edits no member.
    static func query(
        _ asked: MemberFilter, for user: SignedInUser, on db: any Database, cache: DirectoryCountsCache, now: Date
    ) async throws -> AdminMemberListPage {
        var filter = MemberFilter(text: asked.text, page: asked.page, perPage: perPage)
        switch user.role {
        case .secretariatAdmin: break
        case .regionalStaff:
            guard let region = user.region else { throw Abort(.forbidden) }
            filter.region = region
        case .memberRepresentative:
            guard let memberID = user.memberID else { throw Abort(.forbidden) }
            let own = try await Member.find(memberID, on: db).map(MemberDirectory.summary)
            return AdminMemberListPage(
                results: MemberPage(members: own.map { [$0] } ?? [], total: own == nil ? 0 : 1, filter: filter), canCreate: false)
        case .judge, .youthParticipant: throw Abort(.forbidden)
        }
        return AdminMemberListPage(
            results: try await MemberDirectory.list(filter, on: db, cache: cache, now: now),
            canCreate: Permissions.canCreateMembers(user))
    }
}

/// The member form: a new member, or an existing one with its current values.
struct MemberFormPage: Sendable {
    struct Existing: Sendable {
        var id: UUID
        var slug: String
        /// What is stored now, for the fields a representative may not change.
        var current: MemberDraft
    }

    /// nil for a new member.
    var existing: Existing?
    var draft: MemberDraft
    var user: SignedInUser
    var reference: ReferenceData

    /// An empty form, in the user's own region for regional staff; 403 for those who may not create members.
    static func new(for user: SignedInUser, reference: ReferenceData) throws -> MemberFormPage {
        guard Permissions.canCreateMembers(user) else { throw Abort(.forbidden) }
        var draft = MemberDraft()
        draft.category = MemberCategory.localGovernment.rawValue
        if user.role == .regionalStaff { draft.region = user.region?.rawValue ?? "" }
        return MemberFormPage(existing: nil, draft: draft, user: user, reference: reference)
    }

    /// The member's form; 404 for an unknown slug, 403 for a member the user may not edit.
    static func query(slug: String?, for user: SignedInUser, on db: any Database, reference: ReferenceData) async throws -> MemberFormPage {
        guard let slug, !TextFolding.containsControlCharacters(slug),
            let member = try await Member.query(on: db).filter(\.$slug == slug).first()
        else { throw Abort(.notFound) }
        guard Permissions.canEdit(member: member, user: user) else { throw Abort(.forbidden) }
        let current = draft(from: member)
        return MemberFormPage(
            existing: Existing(id: try member.requireID(), slug: member.slug, current: current), draft: current,
            user: user, reference: reference)
    }

    func with(_ draft: MemberDraft) -> MemberFormPage {
        var page = self
        page.draft = draft
        return page
    }

    static func draft(from member: Member) -> MemberDraft {
        var d = MemberDraft()
        d.name = member.name; d.nameLocal = member.nameLocal ?? ""; d.slug = member.slug
        d.category = member.category.rawValue; d.subtype = member.subtype?.rawValue ?? ""
        d.region = member.region?.rawValue ?? ""; d.country = member.country ?? ""; d.founding = member.founding
        d.latitude = member.latitude.map { String($0) } ?? ""; d.longitude = member.longitude.map { String($0) } ?? ""
        d.population = member.population.map(String.init) ?? ""; d.note = member.note ?? ""
        return d
    }
}
