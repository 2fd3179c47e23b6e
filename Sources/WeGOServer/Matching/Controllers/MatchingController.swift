import Fluent
import Vapor
import WeGOCore
import WeGOMatching

/// Solutions Meet Cities: what members post (challenges, projects, solutions, proposals) and the
/// Secretariat's funding programs, each with the suggestions the engine finds for it.
enum MatchingController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.matching(.hub), use: hub)
        routes.get(.matching(.new), use: newItem)
        routes.post(.matching(.new), use: createItem)
        routes.get(.matching(.item(.key)), use: item)
        routes.get(.matching(.itemEdit(.key)), use: editItem)
        routes.post(.matching(.itemEdit(.key)), use: updateItem)
        routes.post(.matching(.itemDelete(.key)), use: deleteItem)
    }

    struct HubQuery: Content {
        var kind: String?
        var domain: String?
    }

    @Sendable static func hub(_ request: Request) async throws -> Response {
        let query = try request.query.decode(HubQuery.self)
        let page = try await MatchHubPage.query(kind: query.kind, domain: query.domain, viewer: request.user, on: request.db)
        return MatchingViews.hub(PageContext(request), items: page.items, kind: page.kind, domain: page.domain, postable: page.postable)
            .response(status: .ok)
    }

    @Sendable static func newItem(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let kind = try await MatchItemService(request.application, db: request.db).postableKind(
            request.query[String.self, at: "kind"], user: user)
        let draft = MatchItemDraft(kind: kind, title: "", description: "", language: request.language.rawValue)
        return MatchingViews.form(PageContext(request), draft: draft, itemID: nil, errors: [:]).response(status: .ok)
    }

    @Sendable static func createItem(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let service = MatchItemService(request.application, db: request.db)
        let form = try request.content.decode(MatchItemForm.self)
        let kind = try await service.postableKind(form.kind, user: user)
        let context = PageContext(request)
        return try await FormSubmission(
            request, form: form, validate: { $0.validated(kind: kind) },
            render: { form, errors in
                MatchingViews.form(context, draft: form.draft(kind: kind), itemID: nil, errors: errors)
            }
        ).perform { draft in
            SiteURL.matching(.item(.value(try await service.create(draft, user: user))))
        }
    }

    @Sendable static func item(_ request: Request) async throws -> Response {
        let page = try await MatchItemPage.query(
            try request.parameter(.id, as: UUID.self), viewer: request.user,
            catalog: request.application.matchCatalog, on: request.db)
        return MatchingViews.item(PageContext(request), page: page, thesaurus: request.application.matchCatalog.thesaurus).response(
            status: .ok)
    }

    @Sendable static func editItem(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let item = try await MatchAccess.editableItem(try request.parameter(.id, as: UUID.self), user: user, on: request.db)
        return MatchingViews.form(PageContext(request), draft: item.draft, itemID: try item.requireID(), errors: [:]).response(status: .ok)
    }

    @Sendable static func updateItem(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let item = try await MatchAccess.editableItem(try request.parameter(.id, as: UUID.self), user: user, on: request.db)
        let (id, kind) = (try item.requireID(), item.kind)
        let service = MatchItemService(request.application, db: request.db)
        let context = PageContext(request)
        // The kind is the item's: a challenge does not become a solution by editing.
        return try await FormSubmission<MatchItemForm, MatchItemDraft>(
            request, validate: { $0.validated(kind: kind) },
            render: { form, errors in
                MatchingViews.form(context, draft: form.draft(kind: kind), itemID: id, errors: errors)
            }
        ).perform { draft in
            try await service.update(id, draft: draft, user: user)
            return .matching(.item(.value(id)))
        }
    }

    @Sendable static func deleteItem(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let id = try request.parameter(.id, as: UUID.self)
        try await MatchItemService(request.application, db: request.db).delete(id, user: user)
        return request.redirect(to: SiteURL.matching(.hub).path, redirectType: .normal)
    }
}
