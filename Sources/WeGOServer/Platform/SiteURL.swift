import Vapor

/// A parameter of a route: `.key` where the route is registered (the pattern's `:name`), a
/// `.value` in a link. Registering needs no made-up value, and a link cannot leave one out.
enum Parameter<Value: Sendable & Equatable>: Sendable, Equatable {
    case key
    case value(Value)
}

/// The names of route parameters, shared by the patterns and the handlers that read them.
enum RouteParameter: String, Sendable, CaseIterable {
    case slug, id, code, number, category, country, month
}

/// Every address of the platform, used both to register routes and to build links, so that
/// renaming a URL breaks the build rather than a link. Cases are grouped by area; each case's
/// path and its registered pattern come from the same list of segments.
enum SiteURL: Sendable, Equatable {
    case home
    case signIn, signOut, language, account, accountPassword
    /// Asking for a reset link; choosing the new password (the token travels in the query string).
    case passwordForgot, passwordReset
    /// The second step of a sign-in with an authenticator app; its setup on the account.
    case signInCode, accountTwoFactor, accountTwoFactorOff
    case network(Network)
    case membership(Membership)
    case index(Index)
    case matching(Matching)
    case admin(Admin)
    case api(API)
    case stylesheet, favicon, healthz, readyz, metrics

    enum Network: Sendable, Equatable {
        case members, member(Parameter<String>), map, governance, offices, contact
    }

    enum Membership: Sendable, Equatable {
        case fees, apply, applyCategory(Parameter<String>)
        /// The token travels in the query string: request logs record paths only.
        case invitation
        case account, invoice(Parameter<String>)
    }

    enum Index: Sendable, Equatable {
        case editions, edition(Parameter<String>), ranking(Parameter<String>), methodology(Parameter<String>)
        case unit(Parameter<String>, Parameter<String>)
    }

    enum Matching: Sendable, Equatable {
        case hub, new, item(Parameter<UUID>), itemEdit(Parameter<UUID>), itemDelete(Parameter<UUID>), itemRequest(Parameter<UUID>)
        case meetings, meeting(Parameter<UUID>), answer(Parameter<UUID>), slot(Parameter<UUID>), invitation(Parameter<UUID>)
        case report(Parameter<UUID>), outcome(Parameter<UUID>), confirmOutcome(Parameter<UUID>)
        case cycles, joinCycle(Parameter<String>)
    }

    enum Admin: Sendable, Equatable {
        case dashboard, audit, outbox
        case members, memberNew, memberEdit(Parameter<String>)
        case users, userNew, userEdit(Parameter<UUID>)
        case applications, application(Parameter<UUID>), approve(Parameter<UUID>), reject(Parameter<UUID>)
        case invoices, payment(Parameter<String>), void(Parameter<String>)
        case membership(Parameter<String>), resign(Parameter<String>), invite(Parameter<String>)
        case waivePeriod(Parameter<UUID>), reissuePeriod(Parameter<UUID>)
        case dues, duesCSV, gdp, gdpDelete(Parameter<String>)
        case index, indexNew, indexFramework, indexEdition(Parameter<String>), indexPublish(Parameter<String>)
        case indexUnpublish(Parameter<String>), indexDelete(Parameter<String>)
        case matching, planCycle(Parameter<String>), funnelCSV
    }

    enum API: Sendable, Equatable {
        case openAPI, members, member(Parameter<String>), regions, countries, offices, feeQuote
    }

    /// Every page and endpoint, parameters as keys: the site's map. The route test checks that it
    /// and the registered routes are the same set.
    static let all: [SiteURL] = [
        .home, .signIn, .signOut, .language, .account, .accountPassword, .passwordForgot, .passwordReset, .signInCode,
        .accountTwoFactor, .accountTwoFactorOff, .stylesheet, .favicon, .healthz,
        .readyz, .metrics,
        .network(.members), .network(.member(.key)), .network(.map), .network(.governance), .network(.offices), .network(.contact),
        .membership(.fees), .membership(.apply), .membership(.applyCategory(.key)), .membership(.invitation), .membership(.account),
        .membership(.invoice(.key)),
        .index(.editions), .index(.edition(.key)), .index(.ranking(.key)), .index(.methodology(.key)), .index(.unit(.key, .key)),
        .matching(.hub), .matching(.new), .matching(.item(.key)), .matching(.itemEdit(.key)), .matching(.itemDelete(.key)),
        .matching(.itemRequest(.key)), .matching(.meetings), .matching(.meeting(.key)), .matching(.answer(.key)), .matching(.slot(.key)),
        .matching(.invitation(.key)), .matching(.report(.key)), .matching(.outcome(.key)), .matching(.confirmOutcome(.key)),
        .matching(.cycles), .matching(.joinCycle(.key)),
        .admin(.dashboard), .admin(.audit), .admin(.outbox), .admin(.members), .admin(.memberNew), .admin(.memberEdit(.key)),
        .admin(.users), .admin(.userNew), .admin(.userEdit(.key)), .admin(.applications), .admin(.application(.key)),
        .admin(.approve(.key)), .admin(.reject(.key)), .admin(.invoices), .admin(.payment(.key)), .admin(.void(.key)),
        .admin(.membership(.key)), .admin(.resign(.key)), .admin(.invite(.key)), .admin(.waivePeriod(.key)), .admin(.reissuePeriod(.key)),
        .admin(.dues), .admin(.duesCSV), .admin(.gdp), .admin(.gdpDelete(.key)), .admin(.index), .admin(.indexNew), .admin(.indexFramework),
        .admin(.indexEdition(.key)), .admin(.indexPublish(.key)), .admin(.indexUnpublish(.key)), .admin(.indexDelete(.key)),
        .admin(.matching), .admin(.planCycle(.key)), .admin(.funnelCSV),
        .api(.openAPI), .api(.members), .api(.member(.key)), .api(.regions), .api(.countries), .api(.offices), .api(.feeQuote),
    ]

    /// One piece of a path: fixed text, or a parameter with its value when there is one.
    enum Segment: Equatable {
        case text(String)
        case parameter(RouteParameter, String?)
    }

    var segments: [Segment] {
        func p(_ name: RouteParameter, _ parameter: Parameter<String>) -> Segment {
            if case .value(let value) = parameter { return .parameter(name, value) }
            return .parameter(name, nil)
        }
        func p(_ name: RouteParameter, _ parameter: Parameter<UUID>) -> Segment {
            if case .value(let value) = parameter { return .parameter(name, value.uuidString.lowercased()) }
            return .parameter(name, nil)
        }
        func fixed(_ path: String) -> [Segment] { path.split(separator: "/").map { .text(String($0)) } }
        switch self {
        case .home: return []
        case .signIn: return fixed("sign-in")
        case .signOut: return fixed("sign-out")
        case .language: return fixed("language")
        case .account: return fixed("account")
        case .accountPassword: return fixed("account/password")
        case .passwordForgot: return fixed("sign-in/forgot")
        case .passwordReset: return fixed("sign-in/reset")
        case .signInCode: return fixed("sign-in/code")
        case .accountTwoFactor: return fixed("account/two-factor")
        case .accountTwoFactorOff: return fixed("account/two-factor/off")
        case .stylesheet: return fixed("static/site.css")
        case .favicon: return fixed("favicon.ico")
        case .healthz: return fixed("healthz")
        case .readyz: return fixed("readyz")
        case .metrics: return fixed("metrics")
        case .network(let page):
            switch page {
            case .members: return fixed("members")
            case .member(let slug): return fixed("members") + [p(.slug, slug)]
            case .map: return fixed("map")
            case .governance: return fixed("governance")
            case .offices: return fixed("offices")
            case .contact: return fixed("contact")
            }
        case .membership(let page):
            switch page {
            case .fees: return fixed("fees")
            case .apply: return fixed("apply")
            case .applyCategory(let category): return fixed("apply") + [p(.category, category)]
            case .invitation: return fixed("invitation")
            case .account: return fixed("membership")
            case .invoice(let number): return fixed("invoices") + [p(.number, number)]
            }
        case .index(let page):
            switch page {
            case .editions: return fixed("index")
            case .edition(let slug): return fixed("index") + [p(.slug, slug)]
            case .ranking(let slug): return fixed("index") + [p(.slug, slug)] + fixed("ranking.csv")
            case .methodology(let slug): return fixed("index") + [p(.slug, slug)] + fixed("methodology")
            case .unit(let slug, let code): return fixed("index") + [p(.slug, slug)] + fixed("units") + [p(.code, code)]
            }
        case .matching(let page):
            switch page {
            case .hub: return fixed("matching")
            case .new: return fixed("matching/new")
            case .item(let id): return fixed("matching/items") + [p(.id, id)]
            case .itemEdit(let id): return fixed("matching/items") + [p(.id, id)] + fixed("edit")
            case .itemDelete(let id): return fixed("matching/items") + [p(.id, id)] + fixed("delete")
            case .itemRequest(let id): return fixed("matching/items") + [p(.id, id)] + fixed("request")
            case .meetings: return fixed("matching/meetings")
            case .meeting(let id): return fixed("matching/meetings") + [p(.id, id)]
            case .answer(let id): return fixed("matching/meetings") + [p(.id, id)] + fixed("answer")
            case .slot(let id): return fixed("matching/meetings") + [p(.id, id)] + fixed("slot")
            case .invitation(let id): return fixed("matching/meetings") + [p(.id, id)] + fixed("invitation.ics")
            case .report(let id): return fixed("matching/meetings") + [p(.id, id)] + fixed("report")
            case .outcome(let id): return fixed("matching/meetings") + [p(.id, id)] + fixed("outcomes")
            case .confirmOutcome(let id): return fixed("matching/outcomes") + [p(.id, id)] + fixed("confirm")
            case .cycles: return fixed("matching/cycles")
            case .joinCycle(let month): return fixed("matching/cycles") + [p(.month, month)] + fixed("join")
            }
        case .admin(let page):
            switch page {
            case .dashboard: return fixed("admin")
            case .audit: return fixed("admin/audit")
            case .outbox: return fixed("admin/outbox")
            case .members: return fixed("admin/members")
            case .memberNew: return fixed("admin/members/new")
            case .memberEdit(let slug): return fixed("admin/members") + [p(.slug, slug)] + fixed("edit")
            case .users: return fixed("admin/users")
            case .userNew: return fixed("admin/users/new")
            case .userEdit(let id): return fixed("admin/users") + [p(.id, id)] + fixed("edit")
            case .applications: return fixed("admin/applications")
            case .application(let id): return fixed("admin/applications") + [p(.id, id)]
            case .approve(let id): return fixed("admin/applications") + [p(.id, id)] + fixed("approve")
            case .reject(let id): return fixed("admin/applications") + [p(.id, id)] + fixed("reject")
            case .invoices: return fixed("admin/invoices")
            case .payment(let number): return fixed("admin/invoices") + [p(.number, number)] + fixed("payments")
            case .void(let number): return fixed("admin/invoices") + [p(.number, number)] + fixed("void")
            case .membership(let slug): return fixed("admin/members") + [p(.slug, slug)] + fixed("membership")
            case .resign(let slug): return fixed("admin/members") + [p(.slug, slug)] + fixed("resign")
            case .invite(let slug): return fixed("admin/members") + [p(.slug, slug)] + fixed("invite")
            case .waivePeriod(let id): return fixed("admin/periods") + [p(.id, id)] + fixed("waive")
            case .reissuePeriod(let id): return fixed("admin/periods") + [p(.id, id)] + fixed("invoice")
            case .dues: return fixed("admin/dues")
            case .duesCSV: return fixed("admin/dues.csv")
            case .gdp: return fixed("admin/gdp")
            case .gdpDelete(let country): return fixed("admin/gdp") + [p(.country, country)] + fixed("delete")
            case .index: return fixed("admin/index")
            case .indexNew: return fixed("admin/index/new")
            case .indexFramework: return fixed("admin/index/framework")
            case .indexEdition(let slug): return fixed("admin/index/editions") + [p(.slug, slug)]
            case .indexPublish(let slug): return fixed("admin/index/editions") + [p(.slug, slug)] + fixed("publish")
            case .indexUnpublish(let slug): return fixed("admin/index/editions") + [p(.slug, slug)] + fixed("unpublish")
            case .indexDelete(let slug): return fixed("admin/index/editions") + [p(.slug, slug)] + fixed("delete")
            case .matching: return fixed("admin/matching")
            case .planCycle(let month): return fixed("admin/matching/cycles") + [p(.month, month)] + fixed("plan")
            case .funnelCSV: return fixed("admin/matching/funnel.csv")
            }
        case .api(let endpoint):
            switch endpoint {
            case .openAPI: return fixed("api/openapi.json")
            case .members: return fixed("api/v1/members")
            case .member(let slug): return fixed("api/v1/members") + [p(.slug, slug)]
            case .regions: return fixed("api/v1/regions")
            case .countries: return fixed("api/v1/countries")
            case .offices: return fixed("api/v1/offices")
            case .feeQuote: return fixed("api/v1/fees/quote")
            }
        }
    }

    /// The link: each parameter's value percent-encoded; a parameter left as `.key` shows as its
    /// pattern (`:slug`), which only a route registration should ask for.
    var path: String {
        "/"
            + segments.map { segment in
                switch segment {
                case .text(let text): text
                case .parameter(_, let value?): SiteURL.encode(value)
                case .parameter(let name, nil): ":" + name.rawValue
                }
            }.joined(separator: "/")
    }

    /// The route pattern the router matches: parameters become `:name`.
    var pathComponents: [PathComponent] {
        segments.map { segment in
            switch segment {
            case .text(let text): .constant(text)
            case .parameter(let name, _): .parameter(name.rawValue)
            }
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
        // Slugs, ids and page numbers are unreserved characters only: they need no Foundation
        // call, which (with a character set built per call) was 6% of a directory page's time.
        if value.utf8.allSatisfy(isUnreserved) { return value }
        return value.addingPercentEncoding(withAllowedCharacters: allowedInValues) ?? value
    }

    private static let allowedInValues: CharacterSet = {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#/")
        return allowed
    }()

    /// RFC 3986's unreserved characters, which every encoding leaves as they are.
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"), UInt8(ascii: "0") ... UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default: false
        }
    }
}

extension RoutesBuilder {
    /// Registers `url` behind the access its `SiteURL.access` declares.
    @discardableResult
    func get<R: AsyncResponseEncodable>(_ url: SiteURL, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        guarded(url).get(url.pathComponents, use: handler).declaring(url.access)
    }

    @discardableResult
    func post<R: AsyncResponseEncodable>(_ url: SiteURL, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        guarded(url).post(url.pathComponents, use: handler).declaring(url.access)
    }

    private func guarded(_ url: SiteURL) -> any RoutesBuilder {
        url.access == .anyone ? self : grouped(RouteAccessGuard(access: url.access))
    }
}

extension Route {
    fileprivate func declaring(_ access: RouteAccess) -> Route {
        self.access = access
        return self
    }
}

extension Request {
    /// A route parameter as the handler needs it; 404 when it is missing or not of that type (a
    /// malformed id names no page).
    func parameter<Value: LosslessStringConvertible>(_ name: RouteParameter, as type: Value.Type = String.self) throws -> Value {
        guard let value = parameters.get(name.rawValue, as: Value.self) else { throw Abort(.notFound) }
        return value
    }
}
