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
    case signIn, signOut, language, account
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
        .home, .signIn, .signOut, .language, .account, .stylesheet, .favicon, .healthz, .readyz, .metrics,
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
        func t(_ path: String) -> [Segment] { path.split(separator: "/").map { .text(String($0)) } }
        switch self {
        case .home: return []
        case .signIn: return t("sign-in")
        case .signOut: return t("sign-out")
        case .language: return t("language")
        case .account: return t("account")
        case .stylesheet: return t("static/site.css")
        case .favicon: return t("favicon.ico")
        case .healthz: return t("healthz")
        case .readyz: return t("readyz")
        case .metrics: return t("metrics")
        case .network(let page):
            switch page {
            case .members: return t("members")
            case .member(let slug): return t("members") + [p(.slug, slug)]
            case .map: return t("map")
            case .governance: return t("governance")
            case .offices: return t("offices")
            case .contact: return t("contact")
            }
        case .membership(let page):
            switch page {
            case .fees: return t("fees")
            case .apply: return t("apply")
            case .applyCategory(let category): return t("apply") + [p(.category, category)]
            case .invitation: return t("invitation")
            case .account: return t("membership")
            case .invoice(let number): return t("invoices") + [p(.number, number)]
            }
        case .index(let page):
            switch page {
            case .editions: return t("index")
            case .edition(let slug): return t("index") + [p(.slug, slug)]
            case .ranking(let slug): return t("index") + [p(.slug, slug)] + t("ranking.csv")
            case .methodology(let slug): return t("index") + [p(.slug, slug)] + t("methodology")
            case .unit(let slug, let code): return t("index") + [p(.slug, slug)] + t("units") + [p(.code, code)]
            }
        case .matching(let page):
            switch page {
            case .hub: return t("matching")
            case .new: return t("matching/new")
            case .item(let id): return t("matching/items") + [p(.id, id)]
            case .itemEdit(let id): return t("matching/items") + [p(.id, id)] + t("edit")
            case .itemDelete(let id): return t("matching/items") + [p(.id, id)] + t("delete")
            case .itemRequest(let id): return t("matching/items") + [p(.id, id)] + t("request")
            case .meetings: return t("matching/meetings")
            case .meeting(let id): return t("matching/meetings") + [p(.id, id)]
            case .answer(let id): return t("matching/meetings") + [p(.id, id)] + t("answer")
            case .slot(let id): return t("matching/meetings") + [p(.id, id)] + t("slot")
            case .invitation(let id): return t("matching/meetings") + [p(.id, id)] + t("invitation.ics")
            case .report(let id): return t("matching/meetings") + [p(.id, id)] + t("report")
            case .outcome(let id): return t("matching/meetings") + [p(.id, id)] + t("outcomes")
            case .confirmOutcome(let id): return t("matching/outcomes") + [p(.id, id)] + t("confirm")
            case .cycles: return t("matching/cycles")
            case .joinCycle(let month): return t("matching/cycles") + [p(.month, month)] + t("join")
            }
        case .admin(let page):
            switch page {
            case .dashboard: return t("admin")
            case .audit: return t("admin/audit")
            case .outbox: return t("admin/outbox")
            case .members: return t("admin/members")
            case .memberNew: return t("admin/members/new")
            case .memberEdit(let slug): return t("admin/members") + [p(.slug, slug)] + t("edit")
            case .users: return t("admin/users")
            case .userNew: return t("admin/users/new")
            case .userEdit(let id): return t("admin/users") + [p(.id, id)] + t("edit")
            case .applications: return t("admin/applications")
            case .application(let id): return t("admin/applications") + [p(.id, id)]
            case .approve(let id): return t("admin/applications") + [p(.id, id)] + t("approve")
            case .reject(let id): return t("admin/applications") + [p(.id, id)] + t("reject")
            case .invoices: return t("admin/invoices")
            case .payment(let number): return t("admin/invoices") + [p(.number, number)] + t("payments")
            case .void(let number): return t("admin/invoices") + [p(.number, number)] + t("void")
            case .membership(let slug): return t("admin/members") + [p(.slug, slug)] + t("membership")
            case .resign(let slug): return t("admin/members") + [p(.slug, slug)] + t("resign")
            case .invite(let slug): return t("admin/members") + [p(.slug, slug)] + t("invite")
            case .waivePeriod(let id): return t("admin/periods") + [p(.id, id)] + t("waive")
            case .reissuePeriod(let id): return t("admin/periods") + [p(.id, id)] + t("invoice")
            case .dues: return t("admin/dues")
            case .duesCSV: return t("admin/dues.csv")
            case .gdp: return t("admin/gdp")
            case .gdpDelete(let country): return t("admin/gdp") + [p(.country, country)] + t("delete")
            case .index: return t("admin/index")
            case .indexNew: return t("admin/index/new")
            case .indexFramework: return t("admin/index/framework")
            case .indexEdition(let slug): return t("admin/index/editions") + [p(.slug, slug)]
            case .indexPublish(let slug): return t("admin/index/editions") + [p(.slug, slug)] + t("publish")
            case .indexUnpublish(let slug): return t("admin/index/editions") + [p(.slug, slug)] + t("unpublish")
            case .indexDelete(let slug): return t("admin/index/editions") + [p(.slug, slug)] + t("delete")
            case .matching: return t("admin/matching")
            case .planCycle(let month): return t("admin/matching/cycles") + [p(.month, month)] + t("plan")
            case .funnelCSV: return t("admin/matching/funnel.csv")
            }
        case .api(let endpoint):
            switch endpoint {
            case .openAPI: return t("api/openapi.json")
            case .members: return t("api/v1/members")
            case .member(let slug): return t("api/v1/members") + [p(.slug, slug)]
            case .regions: return t("api/v1/regions")
            case .countries: return t("api/v1/countries")
            case .offices: return t("api/v1/offices")
            case .feeQuote: return t("api/v1/fees/quote")
            }
        }
    }

    /// The link: each parameter's value percent-encoded; a parameter left as `.key` shows as its
    /// pattern (`:slug`), which only a route registration should ask for.
    var path: String {
        "/" + segments.map { segment in
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

extension Request {
    /// A route parameter as the handler needs it; 404 when it is missing or not of that type (a
    /// malformed id names no page).
    func parameter<Value: LosslessStringConvertible>(_ name: RouteParameter, as type: Value.Type = String.self) throws -> Value {
        guard let value = parameters.get(name.rawValue, as: Value.self) else { throw Abort(.notFound) }
        return value
    }
}
