import Vapor

/// Every page's address, used both to register routes and to build links, so that renaming a
/// URL breaks the build rather than a link.
enum SiteURL: Sendable, Equatable {
    case home
    case members
    case member(slug: String)
    case map
    case governance
    case offices
    case contact
    case fees
    case signIn
    case signOut
    case language
    case admin
    case adminMembers
    case adminMemberNew
    case adminMemberEdit(slug: String)
    case adminUsers
    case adminUserNew
    case adminUserEdit(id: UUID)
    case adminAudit
    case stylesheet
    case healthz, readyz, metrics

    var path: String {
        switch self {
        case .home: "/"
        case .members: "/members"
        case .member(let slug): "/members/\(slug)"
        case .map: "/map"
        case .governance: "/governance"
        case .offices: "/offices"
        case .contact: "/contact"
        case .fees: "/fees"
        case .signIn: "/sign-in"
        case .signOut: "/sign-out"
        case .language: "/language"
        case .admin: "/admin"
        case .adminMembers: "/admin/members"
        case .adminMemberNew: "/admin/members/new"
        case .adminMemberEdit(let slug): "/admin/members/\(slug)/edit"
        case .adminUsers: "/admin/users"
        case .adminUserNew: "/admin/users/new"
        case .adminUserEdit(let id): "/admin/users/\(id.uuidString.lowercased())/edit"
        case .adminAudit: "/admin/audit"
        case .stylesheet: "/static/site.css"
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .metrics: "/metrics"
        }
    }

    /// Route pattern: parameters become `:name`.
    var pathComponents: [PathComponent] {
        switch self {
        case .member: ["members", ":slug"]
        case .adminMemberEdit: ["admin", "members", ":slug", "edit"]
        case .adminUserEdit: ["admin", "users", ":id", "edit"]
        default: path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
        }
    }

    /// A link to this page with query parameters, dropping empty values.
    func with(query: [(String, String?)]) -> String {
        let items = query.compactMap { key, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return "\(key)=\(SiteURL.encode(value))"
        }
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

extension RoutesBuilder {
    @discardableResult
    func get<R: AsyncResponseEncodable>(_ url: SiteURL, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        get(url.pathComponents, use: handler)
    }

    @discardableResult
    func post<R: AsyncResponseEncodable>(_ url: SiteURL, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        post(url.pathComponents, use: handler)
    }
}
