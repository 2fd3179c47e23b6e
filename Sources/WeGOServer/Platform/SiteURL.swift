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
    case account
    case admin
    case adminMembers
    case adminMemberNew
    case adminMemberEdit(slug: String)
    case adminUsers
    case adminUserNew
    case adminUserEdit(id: UUID)
    case adminAudit
    case apply
    case applyCategory(String)
    /// The token travels in the query string: request logs record paths only.
    case invitation
    case membership
    case invoice(number: String)
    case adminApplications
    case adminApplication(id: UUID)
    case adminApplicationApprove(id: UUID)
    case adminApplicationReject(id: UUID)
    case adminInvoices
    case adminInvoicePayment(number: String)
    case adminInvoiceVoid(number: String)
    case adminMembership(slug: String)
    case adminMemberResign(slug: String)
    case adminMemberInvite(slug: String)
    case adminPeriodWaive(id: UUID)
    case adminPeriodReissue(id: UUID)
    case adminDues
    case adminDuesCSV
    case adminOutbox
    case adminGDP
    case adminGDPDelete(country: String)
    case index
    case indexEdition(slug: String)
    case indexEditionCSV(slug: String)
    case indexMethodology(slug: String)
    case indexUnit(slug: String, code: String)
    case adminIndex
    case adminIndexNew
    case adminIndexFramework
    case adminIndexEdition(slug: String)
    case adminIndexPublish(slug: String)
    case adminIndexUnpublish(slug: String)
    case adminIndexDelete(slug: String)
    case matching
    case matchingNew
    case matchItem(id: UUID)
    case matchItemEdit(id: UUID)
    case matchItemDelete(id: UUID)
    case matchItemRequest(id: UUID)
    case matchMeetings
    case matchMeeting(id: UUID)
    case matchMeetingAnswer(id: UUID)
    case matchMeetingSlot(id: UUID)
    case matchMeetingInvitation(id: UUID)
    case matchMeetingReport(id: UUID)
    case matchMeetingOutcome(id: UUID)
    case matchOutcomeConfirm(id: UUID)
    case matchCycles
    case matchCycleJoin(month: String)
    case adminMatching
    case adminMatchCyclePlan(month: String)
    case adminMatchingFunnelCSV
    case stylesheet
    case favicon
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
        case .account: "/account"
        case .admin: "/admin"
        case .adminMembers: "/admin/members"
        case .adminMemberNew: "/admin/members/new"
        case .adminMemberEdit(let slug): "/admin/members/\(slug)/edit"
        case .adminUsers: "/admin/users"
        case .adminUserNew: "/admin/users/new"
        case .adminUserEdit(let id): "/admin/users/\(id.uuidString.lowercased())/edit"
        case .adminAudit: "/admin/audit"
        case .apply: "/apply"
        case .applyCategory(let category): "/apply/\(category)"
        case .invitation: "/invitation"
        case .membership: "/membership"
        case .invoice(let number): "/invoices/\(number)"
        case .adminApplications: "/admin/applications"
        case .adminApplication(let id): "/admin/applications/\(id.uuidString.lowercased())"
        case .adminApplicationApprove(let id): "/admin/applications/\(id.uuidString.lowercased())/approve"
        case .adminApplicationReject(let id): "/admin/applications/\(id.uuidString.lowercased())/reject"
        case .adminInvoices: "/admin/invoices"
        case .adminInvoicePayment(let number): "/admin/invoices/\(number)/payments"
        case .adminInvoiceVoid(let number): "/admin/invoices/\(number)/void"
        case .adminMembership(let slug): "/admin/members/\(slug)/membership"
        case .adminMemberResign(let slug): "/admin/members/\(slug)/resign"
        case .adminMemberInvite(let slug): "/admin/members/\(slug)/invite"
        case .adminPeriodWaive(let id): "/admin/periods/\(id.uuidString.lowercased())/waive"
        case .adminPeriodReissue(let id): "/admin/periods/\(id.uuidString.lowercased())/invoice"
        case .adminDues: "/admin/dues"
        case .adminDuesCSV: "/admin/dues.csv"
        case .adminOutbox: "/admin/outbox"
        case .adminGDP: "/admin/gdp"
        case .adminGDPDelete(let country): "/admin/gdp/\(country)/delete"
        case .index: "/index"
        case .indexEdition(let slug): "/index/\(slug)"
        case .indexEditionCSV(let slug): "/index/\(slug)/ranking.csv"
        case .indexMethodology(let slug): "/index/\(slug)/methodology"
        case .indexUnit(let slug, let code): "/index/\(slug)/units/\(SiteURL.encode(code))"
        case .adminIndex: "/admin/index"
        case .adminIndexNew: "/admin/index/new"
        case .adminIndexFramework: "/admin/index/framework"
        case .adminIndexEdition(let slug): "/admin/index/editions/\(slug)"
        case .adminIndexPublish(let slug): "/admin/index/editions/\(slug)/publish"
        case .adminIndexUnpublish(let slug): "/admin/index/editions/\(slug)/unpublish"
        case .adminIndexDelete(let slug): "/admin/index/editions/\(slug)/delete"
        case .matching: "/matching"
        case .matchingNew: "/matching/new"
        case .matchItem(let id): "/matching/items/\(id.uuidString.lowercased())"
        case .matchItemEdit(let id): "/matching/items/\(id.uuidString.lowercased())/edit"
        case .matchItemDelete(let id): "/matching/items/\(id.uuidString.lowercased())/delete"
        case .matchItemRequest(let id): "/matching/items/\(id.uuidString.lowercased())/request"
        case .matchMeetings: "/matching/meetings"
        case .matchMeeting(let id): "/matching/meetings/\(id.uuidString.lowercased())"
        case .matchMeetingAnswer(let id): "/matching/meetings/\(id.uuidString.lowercased())/answer"
        case .matchMeetingSlot(let id): "/matching/meetings/\(id.uuidString.lowercased())/slot"
        case .matchMeetingInvitation(let id): "/matching/meetings/\(id.uuidString.lowercased())/invitation.ics"
        case .matchMeetingReport(let id): "/matching/meetings/\(id.uuidString.lowercased())/report"
        case .matchMeetingOutcome(let id): "/matching/meetings/\(id.uuidString.lowercased())/outcomes"
        case .matchOutcomeConfirm(let id): "/matching/outcomes/\(id.uuidString.lowercased())/confirm"
        case .matchCycles: "/matching/cycles"
        case .matchCycleJoin(let month): "/matching/cycles/\(month)/join"
        case .adminMatching: "/admin/matching"
        case .adminMatchCyclePlan(let month): "/admin/matching/cycles/\(month)/plan"
        case .adminMatchingFunnelCSV: "/admin/matching/funnel.csv"
        case .stylesheet: "/static/site.css"
        case .favicon: "/favicon.ico"
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
        case .applyCategory: ["apply", ":category"]
        case .invoice: ["invoices", ":number"]
        case .adminApplication: ["admin", "applications", ":id"]
        case .adminApplicationApprove: ["admin", "applications", ":id", "approve"]
        case .adminApplicationReject: ["admin", "applications", ":id", "reject"]
        case .adminInvoicePayment: ["admin", "invoices", ":number", "payments"]
        case .adminInvoiceVoid: ["admin", "invoices", ":number", "void"]
        case .adminMembership: ["admin", "members", ":slug", "membership"]
        case .adminMemberResign: ["admin", "members", ":slug", "resign"]
        case .adminMemberInvite: ["admin", "members", ":slug", "invite"]
        case .adminPeriodWaive: ["admin", "periods", ":id", "waive"]
        case .adminPeriodReissue: ["admin", "periods", ":id", "invoice"]
        case .adminGDPDelete: ["admin", "gdp", ":country", "delete"]
        case .indexEdition: ["index", ":slug"]
        case .indexEditionCSV: ["index", ":slug", "ranking.csv"]
        case .indexMethodology: ["index", ":slug", "methodology"]
        case .indexUnit: ["index", ":slug", "units", ":code"]
        case .adminIndexEdition: ["admin", "index", "editions", ":slug"]
        case .adminIndexPublish: ["admin", "index", "editions", ":slug", "publish"]
        case .adminIndexUnpublish: ["admin", "index", "editions", ":slug", "unpublish"]
        case .adminIndexDelete: ["admin", "index", "editions", ":slug", "delete"]
        case .matchItem: ["matching", "items", ":id"]
        case .matchItemEdit: ["matching", "items", ":id", "edit"]
        case .matchItemDelete: ["matching", "items", ":id", "delete"]
        case .matchItemRequest: ["matching", "items", ":id", "request"]
        case .matchMeeting: ["matching", "meetings", ":id"]
        case .matchMeetingAnswer: ["matching", "meetings", ":id", "answer"]
        case .matchMeetingSlot: ["matching", "meetings", ":id", "slot"]
        case .matchMeetingInvitation: ["matching", "meetings", ":id", "invitation.ics"]
        case .matchMeetingReport: ["matching", "meetings", ":id", "report"]
        case .matchMeetingOutcome: ["matching", "meetings", ":id", "outcomes"]
        case .matchOutcomeConfirm: ["matching", "outcomes", ":id", "confirm"]
        case .matchCycleJoin: ["matching", "cycles", ":month", "join"]
        case .adminMatchCyclePlan: ["admin", "matching", "cycles", ":month", "plan"]
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
