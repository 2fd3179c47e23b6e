import Vapor
import WeGOCore

/// Object-level permissions: who may see and change what. Routes check the role; these checks
/// decide on the object itself (a regional office's member, a representative's own member).
enum Permissions {
    static func canAdministerUsers(_ user: SignedInUser) -> Bool { user.role == .secretariatAdmin }

    static func canViewAudit(_ user: SignedInUser) -> Bool { user.role == .secretariatAdmin }

    /// Applications, invoices, payments and dues are the Secretariat's.
    static func canManageMembership(_ user: SignedInUser) -> Bool { user.role == .secretariatAdmin }

    /// Index editions and the framework they hang on are the Secretariat's research program.
    static func canManageIndex(_ user: SignedInUser) -> Bool { user.role == .secretariatAdmin }

    /// Cycles, the pipeline board and the funnel of Solutions Meet Cities.
    static func canManageMatching(_ user: SignedInUser) -> Bool { user.role == .secretariatAdmin }

    /// An invoice or membership account is seen by the Secretariat and by the member's representatives.
    static func canView(accountOf memberID: UUID, user: SignedInUser) -> Bool {
        user.role == .secretariatAdmin || (user.role == .memberRepresentative && user.memberID == memberID)
    }

    static func canCreateMembers(_ user: SignedInUser) -> Bool {
        user.role == .secretariatAdmin || user.role == .regionalStaff
    }

    static func canEdit(member: Member, user: SignedInUser) -> Bool {
        switch user.role {
        case .secretariatAdmin: true
        case .regionalStaff: user.region != nil && member.region == user.region
        case .memberRepresentative: member.id != nil && member.id == user.memberID
        case .judge, .youthParticipant: false
        }
    }

    /// Regional staff may only place a member in their own region.
    static func allowedRegions(_ user: SignedInUser) -> [Region] {
        switch user.role {
        case .secretariatAdmin: Region.allCases
        case .regionalStaff: user.region.map { [$0] } ?? []
        default: []
        }
    }
}

extension Request {
    /// The signed-in Secretariat user, or 403 for anyone else signed in.
    func requireMembershipManager() throws -> SignedInUser {
        let user = try requireUser()
        guard Permissions.canManageMembership(user) else { throw Abort(.forbidden) }
        return user
    }

    /// The signed-in Secretariat user for the index's admin pages, or 403.
    func requireIndexManager() throws -> SignedInUser {
        let user = try requireUser()
        guard Permissions.canManageIndex(user) else { throw Abort(.forbidden) }
        return user
    }

    /// The signed-in Secretariat user for the matching program's admin pages, or 403.
    func requireMatchingManager() throws -> SignedInUser {
        let user = try requireUser()
        guard Permissions.canManageMatching(user) else { throw Abort(.forbidden) }
        return user
    }

    /// The signed-in user, or a redirect to the sign-in page that returns here afterwards.
    func requireUser() throws -> SignedInUser {
        guard let user else { throw signInFirst }
        return user
    }

    /// To the sign-in page, and back here afterwards.
    var signInFirst: Abort { Abort.redirect(to: SiteURL.signIn.with(query: [("return", url.string)])) }
}
