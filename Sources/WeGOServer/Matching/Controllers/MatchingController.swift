import Fluent
import Vapor
import WeGOCore
import WeGOMatching

/// Solutions Meet Cities: what members post (challenges, projects, solutions, proposals) and the
/// Secretariat's funding programs, each with the suggestions the engine finds for it.
enum MatchingController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.matching, use: hub)
        routes.get(.matchingNew, use: newItem)
        routes.post(.matchingNew, use: createItem)
        routes.get(.matchItem(id: UUID()), use: item)
        routes.get(.matchItemEdit(id: UUID()), use: editItem)
        routes.post(.matchItemEdit(id: UUID()), use: updateItem)
        routes.post(.matchItemDelete(id: UUID()), use: deleteItem)
    }

    struct HubQuery: Content {
        var kind: String?
        var domain: String?
    }

    @Sendable static func hub(_ request: Request) async throws -> Response {
        let query = try request.query.decode(HubQuery.self)
        let kind = try query.kind.flatMap { $0.isEmpty ? nil : $0 }.map { text in
            guard let kind = MatchItemKind(rawValue: text) else { throw ExplainedError(status: .badRequest, reason: PageContext(request).t("match.error.unknown_kind")) }
            return kind
        }
        if let domain = query.domain, !domain.isEmpty, !Taxonomy.all.contains(domain) {
            throw ExplainedError(status: .badRequest, reason: PageContext(request).t("match.error.unknown_terms", ["terms": domain]))
        }
        var builder = MatchItem.query(on: request.db).with(\.$member).sort(\.$createdAt, .descending)
        if let kind { builder = builder.filter(\.$kind == kind) }
        let viewer = request.user
        let items = try await builder.all().filter { item in
            MatchAccess.canSee(item, viewer: viewer) && (query.domain.map { $0.isEmpty || Taxonomy.expanded(item.domains + item.sdgs).contains($0) } ?? true)
        }
        let postable = try await postableKinds(request)
        return MatchingViews.hub(PageContext(request), items: items, kind: kind, domain: query.domain, postable: postable).response(status: .ok)
    }

    /// The kinds the signed-in user may post: by the member's category, or funding for the Secretariat.
    static func postableKinds(_ request: Request) async throws -> [MatchItemKind] {
        guard let user = request.user else { return [] }
        if user.role == .secretariatAdmin { return [.funding] }
        guard let member = try await MatchAccess.representedMember(user, on: request.db) else { return [] }
        return MatchItemKind.allCases.filter { $0.isPostable(by: member.category) }
    }

    struct ItemForm: Content {
        var kind: String?
        var title: String?
        var description: String?
        var language: String?
        var domains: [String]?
        var sdgs: [String]?
        var stage: String?
        var visibility: String?
        var partners: String?
        var results: String?
        var references: String?
        var regions_served: String?
        var languages_served: String?
        var funder: String?
        var eligibility: String?
        var deadline: String?
        var amount: String?

        /// The draft and what is wrong with it, field by field, in the page's language.
        func draft(kind: MatchItemKind, context: PageContext) -> (MatchItemDraft, [String: String]) {
            var errors: [String: String] = [:]
            let stage = stage.flatMap { $0.isEmpty ? nil : $0 }.flatMap { text in
                let value = MatchStage(rawValue: text)
                if value == nil { errors["stage"] = context.t("match.error.unknown_choice") }
                return value
            }
            let visibility = MatchVisibility(rawValue: self.visibility ?? "") ?? .members
            if let text = self.visibility, MatchVisibility(rawValue: text) == nil { errors["visibility"] = context.t("match.error.unknown_choice") }
            let draft = MatchItemDraft(kind: kind, title: title ?? "", description: description ?? "", language: language ?? "",
                                       domains: domains ?? [], sdgs: sdgs ?? [], stage: stage, visibility: visibility,
                                       partners: partners ?? "", results: results ?? "", references: references ?? "",
                                       regionsServed: regions_served ?? "", languagesServed: languages_served ?? "",
                                       funder: funder ?? "", eligibility: eligibility ?? "", deadline: (deadline ?? "").trimmingCharacters(in: .whitespaces),
                                       amount: amount ?? "")
            for (field, problem) in draft.problems where errors[field] == nil {
                errors[field] = MatchingViews.problem(context, problem)
            }
            return (draft, errors)
        }
    }

    /// The kind asked for, if the user may post it; 403 otherwise (400 for a kind that does not exist).
    static func postable(_ text: String?, _ request: Request) async throws -> MatchItemKind {
        _ = try request.requireUser()
        guard let kind = MatchItemKind(rawValue: text ?? "") else {
            throw ExplainedError(status: .badRequest, reason: PageContext(request).t("match.error.unknown_kind"))
        }
        guard try await postableKinds(request).contains(kind) else {
            throw ExplainedError(status: .forbidden, reason: PageContext(request).t("match.error.cannot_post"))
        }
        return kind
    }

    @Sendable static func newItem(_ request: Request) async throws -> Response {
        let kind = try await postable(request.query[String.self, at: "kind"], request)
        let draft = MatchItemDraft(kind: kind, title: "", description: "", language: request.language.rawValue)
        return MatchingViews.form(PageContext(request), draft: draft, item: nil, errors: [:]).response(status: .ok)
    }

    @Sendable static func createItem(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ItemForm.self)
        let kind = try await postable(form.kind, request)
        let user = try request.requireUser()
        let context = PageContext(request)
        let (draft, errors) = form.draft(kind: kind, context: context)
        guard errors.isEmpty else { return MatchingViews.form(context, draft: draft, item: nil, errors: errors).response(status: .unprocessableEntity) }
        let owner = kind == .funding ? nil : user.memberID
        let item = try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
            // Built inside the body: a retried body starts again from a new model.
            let item = MatchItem()
            item.apply(draft)
            item.$member.id = owner
            item.createdBy = user.id
            try await item.create(on: db)
            return (item, AuditLog.Event(action: "match.item_create", target: "match_item:\(try item.requireID())", details: "kind=\(kind.rawValue)"))
        }
        try await published(item, request)
        return request.redirect(to: SiteURL.matchItem(id: try item.requireID()).path, redirectType: .normal)
    }

    /// The item, or 404 when it does not exist or the viewer may not see it (a secretariat-only
    /// challenge is not admitted to exist).
    static func find(_ request: Request) async throws -> MatchItem {
        guard let id = request.parameters.get("id", as: UUID.self),
              let item = try await MatchItem.query(on: request.db).filter(\.$id == id).with(\.$member).first(),
              MatchAccess.canSee(item, viewer: request.user) else { throw Abort(.notFound) }
        return item
    }

    static func findEditable(_ request: Request) async throws -> (MatchItem, SignedInUser) {
        let user = try request.requireUser()
        let item = try await find(request)
        guard MatchAccess.canEdit(item, user: user) else { throw Abort(.forbidden) }
        return (item, user)
    }

    @Sendable static func item(_ request: Request) async throws -> Response {
        let item = try await find(request)
        let suggestions = try await request.application.matchCatalog.suggestions(for: item, viewer: request.user, on: request.db)
        let ids = suggestions.map(\.id)
        let found = ids.isEmpty ? [] : try await MatchItem.query(on: request.db).filter(\.$id ~~ ids).with(\.$member).all()
        let byID = Dictionary(found.compactMap { item in item.id.map { ($0, item) } }, uniquingKeysWith: { first, _ in first })
        // The stored visibility decides, not the engine's copy of it (an edit may be racing).
        let viewer = request.user
        let rows = suggestions.compactMap { suggestion in byID[suggestion.id].flatMap { MatchAccess.canSee($0, viewer: viewer) ? (suggestion, $0) : nil } }
        let canRequest = try await MatchAccess.city(request.user, on: request.db) != nil
        return MatchingViews.item(PageContext(request), item: item, suggestions: rows, thesaurus: request.application.matchCatalog.thesaurus,
                                  canRequest: canRequest).response(status: .ok)
    }

    @Sendable static func editItem(_ request: Request) async throws -> Response {
        let (item, _) = try await findEditable(request)
        return MatchingViews.form(PageContext(request), draft: item.draft, item: item, errors: [:]).response(status: .ok)
    }

    @Sendable static func updateItem(_ request: Request) async throws -> Response {
        let (item, user) = try await findEditable(request)
        let form = try request.content.decode(ItemForm.self)
        let context = PageContext(request)
        // The kind is the item's: a challenge does not become a solution by editing.
        let (draft, errors) = form.draft(kind: item.kind, context: context)
        guard errors.isEmpty else { return MatchingViews.form(context, draft: draft, item: item, errors: errors).response(status: .unprocessableEntity) }
        let id = try item.requireID()
        let saved = try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
            // Read again inside the body, so a retry changes a fresh copy, not one already marked saved.
            guard let current = try await MatchItem.find(id, on: db) else { throw Abort(.notFound) }
            current.apply(draft)
            try await current.save(on: db)
            return (current, AuditLog.Event(action: "match.item_update", target: "match_item:\(id)", details: ""))
        }
        try await published(saved, request)
        return request.redirect(to: SiteURL.matchItem(id: id).path, redirectType: .normal)
    }

    /// After a save: the engine takes the item's new text, and anonymous visitors' cached pages
    /// (the list, the item) are dropped rather than lag by up to 30 seconds.
    static func published(_ item: MatchItem, _ request: Request) async throws {
        try await request.application.matchCatalog.saved(item, on: request.db)
        request.application.pageCache.invalidate()
    }

    @Sendable static func deleteItem(_ request: Request) async throws -> Response {
        let (item, user) = try await findEditable(request)
        let id = try item.requireID()
        try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
            try await MatchItem.query(on: db).filter(\.$id == id).delete()
            return ((), AuditLog.Event(action: "match.item_delete", target: "match_item:\(id)", details: "kind=\(item.kind.rawValue)"))
        }
        request.application.matchCatalog.removed(id)
        request.application.pageCache.invalidate()
        return request.redirect(to: SiteURL.matching.path, redirectType: .normal)
    }
}
