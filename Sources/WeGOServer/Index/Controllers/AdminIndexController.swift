import Vapor
import WeGOCore
import WeGOIndex

/// The Secretariat's side of the index: import an edition (checked as a whole before anything
/// is saved), publish or withdraw it, delete a draft, and edit the framework.
enum AdminIndexController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.admin(.index), use: list)
        routes.get(.admin(.indexNew), use: newEdition)
        routes.post(.admin(.indexNew), use: importEdition)
        routes.get(.admin(.indexEdition(.key)), use: edition)
        routes.post(.admin(.indexPublish(.key)), use: publish)
        routes.post(.admin(.indexUnpublish(.key)), use: unpublish)
        routes.post(.admin(.indexDelete(.key)), use: delete)
        routes.get(.admin(.indexFramework), use: framework)
        routes.post(.admin(.indexFramework), use: saveFramework)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        _ = try request.requireIndexManager()
        return AdminIndexViews.list(try await AdminEditionListPage.query(on: request.db), PageContext(request)).response(status: .ok)
    }

    /// What a new edition starts from: COINr's usual steps without its example's group-based
    /// imputation, which needs a group column a city edition may not have.
    static let defaultPipeline = """
        {"steps": [
          {"op": "denominate"},
          {"op": "impute", "method": "mean"},
          {"op": "treat", "winmax": 5, "skewThreshold": 2, "kurtosisThreshold": 3.5},
          {"op": "normalise", "method": "minMax", "range": [0, 100]},
          {"op": "aggregate", "method": "arithmeticMean"}
        ]}
        """

    @Sendable static func newEdition(_ request: Request) async throws -> Response {
        _ = try request.requireIndexManager()
        var form = EditionImportForm()
        form.year = String(CalendarDate(request.application.clock()).year)
        form.pipeline = defaultPipeline
        return AdminIndexViews.importForm(PageContext(request), form: form, check: nil).response(status: .ok)
    }

    /// Not a FormSubmission: "check" answers 200 with the report, and only "save" writes.
    @Sendable static func importEdition(_ request: Request) async throws -> Response {
        let user = try request.requireIndexManager()
        var form = try request.content.decode(EditionImportForm.self)
        form.takeUploads()
        let context = PageContext(request)
        let check = try await EditionImportCheck.run(form, context: context, on: request.db)
        let service = IndexService(request.application, db: request.db)
        guard form.action == "save", let slug = try await service.saveDraft(form, check: check, actor: AuditLog.actor(user)) else {
            // A check, or a save that the check refuses: the page comes back with the report and
            // everything that was sent, and nothing is stored.
            let status: HTTPStatus = form.action == "save" || !check.fieldErrors.isEmpty ? .unprocessableEntity : .ok
            return AdminIndexViews.importForm(context, form: form, check: check).response(status: status)
        }
        return request.redirect(to: SiteURL.admin(.indexEdition(.value(slug))).path, redirectType: .normal)
    }

    static func edition(_ request: Request, manager: SignedInUser) async throws -> IndexEdition {
        try await IndexEditions.find(slug: try request.parameter(.slug), viewer: manager, on: request.db)
    }

    @Sendable static func edition(_ request: Request) async throws -> Response {
        let page = try await AdminEditionPage.query(
            try await edition(request, manager: try request.requireIndexManager()),
            computations: request.application.indexComputations)
        return AdminIndexViews.edition(page, PageContext(request)).response(status: .ok)
    }

    static func changeStatus(_ request: Request, to status: IndexEdition.Status) async throws -> Response {
        let user = try request.requireIndexManager()
        let edition = try await edition(request, manager: user)
        try await IndexService(request.application, db: request.db).setStatus(of: edition, to: status, actor: AuditLog.actor(user))
        return request.redirect(to: SiteURL.admin(.indexEdition(.value(edition.slug))).path, redirectType: .normal)
    }

    @Sendable static func publish(_ request: Request) async throws -> Response { try await changeStatus(request, to: .published) }
    @Sendable static func unpublish(_ request: Request) async throws -> Response { try await changeStatus(request, to: .draft) }

    @Sendable static func delete(_ request: Request) async throws -> Response {
        let user = try request.requireIndexManager()
        let edition = try await edition(request, manager: user)
        try await IndexService(request.application, db: request.db).deleteDraft(edition, actor: AuditLog.actor(user))
        return request.redirect(to: SiteURL.admin(.index).path, redirectType: .normal)
    }

    // MARK: Framework

    struct FrameworkForm: Content { var aggregates: String? }

    @Sendable static func framework(_ request: Request) async throws -> Response {
        _ = try request.requireIndexManager()
        let page = try await FrameworkPage.query(on: request.db)
        return AdminIndexViews.framework(page, PageContext(request), error: nil).response(status: .ok)
    }

    /// Not a FormSubmission: the engine's reason for refusing a framework is its own sentence,
    /// naming the row, not a catalog key.
    @Sendable static func saveFramework(_ request: Request) async throws -> Response {
        let user = try request.requireIndexManager()
        let text = try request.content.decode(FrameworkForm.self).aggregates ?? ""
        let framework: IndexFramework
        do { framework = try IndexFramework(csv: text) } catch {
            return AdminIndexViews.framework(FrameworkPage(text: text), PageContext(request), error: error.description)
                .response(status: .unprocessableEntity)
        }
        try await IndexService(request.application, db: request.db).saveFramework(framework, actor: AuditLog.actor(user))
        return request.redirect(to: SiteURL.admin(.indexFramework).path, redirectType: .normal)
    }
}
