import Vapor

/// Someone signed in with a password another person issued sees their account page, and only
/// that, until they have chosen their own (issue 12): every other page redirects there.
struct PasswordChangeRequiredMiddleware: AsyncMiddleware {
    /// What stays reachable: the account page and its password form, signing out, the language
    /// switch and what pages need to load.
    static let open: Set<String> = Set(
        [SiteURL.account, .accountPassword, .signOut, .language, .stylesheet, .favicon, .healthz, .readyz, .metrics].map(\.path))

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.user, user.mustChangePassword, !Self.open.contains(request.url.path) else {
            return try await next.respond(to: request)
        }
        return request.redirect(to: SiteURL.account.path, redirectType: .normal)
    }
}
