import Fluent
import Vapor
import WeGOCore
import WeGOIndex

/// The Secretariat's side of the index: import an edition (checked as a whole before anything
/// is saved), publish or withdraw it, delete a draft, and edit the framework.
enum AdminIndexController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.adminIndex, use: list)
        routes.get(.adminIndexNew, use: newEdition)
        routes.post(.adminIndexNew, use: importEdition)
        routes.get(.adminIndexEdition(slug: ""), use: edition)
        routes.post(.adminIndexPublish(slug: ""), use: publish)
        routes.post(.adminIndexUnpublish(slug: ""), use: unpublish)
        routes.post(.adminIndexDelete(slug: ""), use: delete)
        routes.get(.adminIndexFramework, use: framework)
        routes.post(.adminIndexFramework, use: saveFramework)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        _ = try request.requireIndexManager()
        let editions = try await IndexEdition.query(on: request.db).sort(\.$year, .descending).sort(\.$title).all()
        return AdminIndexViews.list(PageContext(request), editions: editions).response(status: .ok)
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

    @Sendable static func importEdition(_ request: Request) async throws -> Response {
        let user = try request.requireIndexManager()
        var form = try request.content.decode(EditionImportForm.self)
        form.takeUploads()
        let context = PageContext(request)
        let check = try await EditionImportCheck.run(form, context: context, on: request.db)
        guard form.action == "save", check.canSave, let meta = check.completedMeta, let slug = form.slug, let year = Int(form.year ?? "") else {
            // A check, or a save that the check refuses: the page comes back with the report and
            // everything that was sent, and nothing is stored.
            let status: HTTPStatus = form.action == "save" || !check.fieldErrors.isEmpty ? .unprocessableEntity : .ok
            return AdminIndexViews.importForm(context, form: form, check: check).response(status: status)
        }
        let edition = IndexEdition()
        edition.slug = slug
        edition.title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        edition.year = year
        edition.kind = .computed
        edition.status = .draft
        edition.dataCSV = form.data
        edition.metaCSV = meta
        edition.pipelineJSON = form.pipeline
        let assumptions = (form.assumptions ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        edition.assumptionsJSON = assumptions.isEmpty ? nil : assumptions
        edition.regionGroup = (form.regionGroup ?? "").isEmpty ? nil : form.regionGroup
        try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
            try await edition.create(on: db)
            return ((), AuditLog.Event(action: "index.edition_import", target: "index_edition:\(slug)",
                                       details: "units=\(check.units) linked=\(check.linked.count)"))
        }
        return request.redirect(to: SiteURL.adminIndexEdition(slug: slug).path, redirectType: .normal)
    }

    @Sendable static func edition(_ request: Request) async throws -> Response {
        _ = try request.requireIndexManager()
        let edition = try await IndexEditions.find(request)
        var computed: ComputedEdition?
        if edition.kind == .computed { computed = try await IndexEditions.computed(edition, request) }
        return AdminIndexViews.edition(PageContext(request), edition: edition, computed: computed).response(status: .ok)
    }

    static func changeStatus(_ request: Request, to status: IndexEdition.Status) async throws -> Response {
        let user = try request.requireIndexManager()
        let edition = try await IndexEditions.find(request)
        guard edition.status != status else { return request.redirect(to: SiteURL.adminIndexEdition(slug: edition.slug).path, redirectType: .normal) }
        let now = request.application.clock()
        try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
            edition.status = status
            if status == .published { edition.publishedAt = now }
            try await edition.save(on: db)
            return ((), AuditLog.Event(action: status == .published ? "index.edition_publish" : "index.edition_unpublish",
                                       target: "index_edition:\(edition.slug)", details: ""))
        }
        request.application.pageCache.invalidate()
        return request.redirect(to: SiteURL.adminIndexEdition(slug: edition.slug).path, redirectType: .normal)
    }

    @Sendable static func publish(_ request: Request) async throws -> Response { try await changeStatus(request, to: .published) }
    @Sendable static func unpublish(_ request: Request) async throws -> Response { try await changeStatus(request, to: .draft) }

    /// Only drafts are deleted: a published edition is withdrawn first, so nothing the public
    /// has seen disappears by one click.
    @Sendable static func delete(_ request: Request) async throws -> Response {
        let user = try request.requireIndexManager()
        let edition = try await IndexEditions.find(request)
        guard edition.status == .draft else { throw ExplainedError(status: .conflict, reason: PageContext(request).t("index.error.delete_published")) }
        try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
            try await edition.delete(on: db)
            return ((), AuditLog.Event(action: "index.edition_delete", target: "index_edition:\(edition.slug)", details: ""))
        }
        return request.redirect(to: SiteURL.adminIndex.path, redirectType: .normal)
    }

    // MARK: Framework

    struct FrameworkForm: Content { var aggregates: String? }

    @Sendable static func framework(_ request: Request) async throws -> Response {
        _ = try request.requireIndexManager()
        let record = try await IndexFrameworks.record(on: request.db)
        return AdminIndexViews.framework(PageContext(request), text: record?.aggregatesCSV ?? "", framework: try? IndexFramework(csv: record?.aggregatesCSV ?? ""),
                                         error: nil).response(status: .ok)
    }

    @Sendable static func saveFramework(_ request: Request) async throws -> Response {
        let user = try request.requireIndexManager()
        let text = try request.content.decode(FrameworkForm.self).aggregates ?? ""
        let context = PageContext(request)
        let framework: IndexFramework
        do { framework = try IndexFramework(csv: text) } catch {
            return AdminIndexViews.framework(context, text: text, framework: nil, error: error.description).response(status: .unprocessableEntity)
        }
        try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
            let record = try await IndexFrameworks.record(on: db) ?? IndexFrameworkRecord()
            record.slug = IndexFrameworks.positiveSlug
            record.name = "POSITIVE"
            record.aggregatesCSV = framework.csv
            try await record.save(on: db)
            return ((), AuditLog.Event(action: "index.framework_update", target: "index_framework:\(IndexFrameworks.positiveSlug)",
                                       details: "aggregates=\(framework.aggregates.count)"))
        }
        request.application.pageCache.invalidate()
        return request.redirect(to: SiteURL.adminIndexFramework.path, redirectType: .normal)
    }
}
