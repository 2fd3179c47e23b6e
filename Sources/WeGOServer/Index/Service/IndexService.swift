import Fluent
import Vapor
import WeGOCore
import WeGOIndex

/// Why the index refused a request or an action; nothing was written.
enum EditionError: ServiceError, Equatable {
    case unsortable(column: String)
    case unknownOrder
    case unknownRegion(String)
    /// A published edition is withdrawn to draft before it can be deleted.
    case deletePublished
    /// Stored inputs a newer engine refuses (inputs are checked before they are saved).
    case inputsRefused(reason: String)

    var key: String {
        switch self {
        case .unsortable: "index.error.sort"
        case .unknownOrder: "index.error.order"
        case .unknownRegion: "index.error.region"
        case .deletePublished: "index.error.delete_published"
        case .inputsRefused: "index.error.inputs"
        }
    }

    var arguments: [String: String] {
        switch self {
        case .unsortable(let column): ["value": column]
        case .unknownRegion(let region): ["value": region]
        case .inputsRefused(let reason): ["reason": reason]
        case .unknownOrder, .deletePublished: [:]
        }
    }

    var status: HTTPStatus {
        switch self {
        case .unsortable, .unknownOrder, .unknownRegion: .badRequest
        case .deletePublished, .inputsRefused: .conflict
        }
    }
}

/// The Secretariat's actions on the index: each runs in one audited transaction, and those the
/// public pages show clear the page cache.
struct IndexService {
    let app: Application
    let db: any Database

    init(_ app: Application, db: (any Database)? = nil) {
        self.app = app
        self.db = db ?? app.db
    }

    /// Stores an import that passed its check as a draft and returns its slug; nil when the check refuses it.
    func saveDraft(_ form: EditionImportForm, check: EditionImportCheck, actor: String) async throws -> String? {
        guard check.canSave, let meta = check.completedMeta, let slug = form.slug, let year = Int(form.year ?? "") else { return nil }
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
        try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
            try await edition.create(on: db)
            return (
                (),
                AuditLog.Event(
                    action: "index.edition_import", target: "index_edition:\(slug)",
                    details: "units=\(check.units) linked=\(check.linked.count)")
            )
        }
        return slug
    }

    /// Publishes a draft or withdraws a published edition; setting the status it has changes nothing.
    func setStatus(of edition: IndexEdition, to status: IndexEdition.Status, actor: String) async throws {
        guard edition.status != status else { return }
        let now = app.clock()
        try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
            edition.status = status
            if status == .published { edition.publishedAt = now }
            try await edition.save(on: db)
            let action = status == .published ? "index.edition_publish" : "index.edition_unpublish"
            return ((), AuditLog.Event(action: action, target: "index_edition:\(edition.slug)", details: ""))
        }
        await app.announce(.publicPages)
    }

    /// Only drafts are deleted: nothing the public has seen disappears by one click.
    func deleteDraft(_ edition: IndexEdition, actor: String) async throws {
        guard edition.status == .draft else { throw EditionError.deletePublished }
        try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
            try await edition.delete(on: db)
            return ((), AuditLog.Event(action: "index.edition_delete", target: "index_edition:\(edition.slug)", details: ""))
        }
    }

    /// Saves the framework new editions hang their indicators under; published editions keep
    /// the framework they were imported with.
    func saveFramework(_ framework: IndexFramework, actor: String) async throws {
        try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
            let record = try await IndexFrameworks.record(on: db) ?? IndexFrameworkRecord()
            record.slug = IndexFrameworks.positiveSlug
            record.name = "POSITIVE"
            record.aggregatesCSV = framework.csv
            try await record.save(on: db)
            return (
                (),
                AuditLog.Event(
                    action: "index.framework_update", target: "index_framework:\(IndexFrameworks.positiveSlug)",
                    details: "aggregates=\(framework.aggregates.count)")
            )
        }
        await app.announce(.publicPages)
    }
}
