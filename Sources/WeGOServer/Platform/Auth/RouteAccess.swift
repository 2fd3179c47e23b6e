import Vapor
import WeGOCore

/// Who may use an address. Declared beside the address list (an exhaustive switch), so a new page
/// cannot be registered without saying whom it is for; checked before its handler runs by
/// `RouteAccessGuard`. Handlers still decide on the object itself (`Permissions`): a
/// representative may open the edit form of their own member only. `wego routes --json` prints
/// the table, and the attack suite requests every route as every role against it.
enum RouteAccess: String, Sendable, Codable, CaseIterable {
    /// Anyone, signed in or not.
    case anyone
    /// Any signed-in user; the handler decides on the object the path names.
    case signedIn = "signed_in"
    /// Secretariat administrators only.
    case secretariat

    /// Whether `user` may pass; nil when the answer is "sign in first".
    func admits(_ user: SignedInUser?) -> Bool? {
        switch self {
        case .anyone: true
        case .signedIn: user == nil ? nil : true
        case .secretariat: user.map { $0.role == .secretariatAdmin }
        }
    }
}

extension SiteURL {
    var access: RouteAccess {
        switch self {
        case .home, .signIn, .signOut, .language, .passwordForgot, .passwordReset, .signInCode, .stylesheet, .favicon, .healthz, .readyz,
            .api:
            return .anyone
        // The metrics exposition asks for a bearer token when WEGO_METRICS_TOKEN is set.
        case .metrics:
            return .anyone
        case .account, .accountPassword, .accountTwoFactor, .accountTwoFactorOff:
            return .signedIn
        case .network:
            return .anyone
        case .membership(let page):
            switch page {
            case .fees, .apply, .applyCategory, .invitation: return .anyone
            case .account, .invoice: return .signedIn
            }
        case .index:
            return .anyone
        case .matching(let page):
            switch page {
            case .hub, .item: return .anyone
            case .new, .itemEdit, .itemDelete, .itemRequest, .meetings, .meeting, .answer, .slot, .invitation, .report, .outcome,
                .confirmOutcome, .cycles, .joinCycle:
                return .signedIn
            }
        case .admin(let page):
            switch page {
            // Regional staff and representatives have a dashboard and edit the members they may edit.
            case .dashboard, .members, .memberNew, .memberEdit: return .signedIn
            default: return .secretariat
            }
        }
    }
}

/// Refuses a request its route's `RouteAccess` does not admit: to the sign-in page (and back
/// afterwards) when nobody is signed in, 403 when the signed-in role may not use the route.
struct RouteAccessGuard: AsyncMiddleware {
    let access: RouteAccess

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        switch access.admits(request.user) {
        case true?: return try await next.respond(to: request)
        case false?: throw Abort(.forbidden)
        case nil: throw request.signInFirst
        }
    }
}

extension Route {
    /// The access its `SiteURL` declared (nil for a route registered some other way).
    var access: RouteAccess? {
        get { userInfo["access"] as? RouteAccess }
        set { userInfo["access"] = newValue }
    }
}
