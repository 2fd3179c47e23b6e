import Fluent
import Vapor
import WeGOCore
import WeGOIndex

/// The Secretariat's import form. Files may be uploaded or pasted; after a check the page comes
/// back with the files' text in the fields, so saving sends exactly what was checked.
struct EditionImportForm: Content {
    var title: String?
    var slug: String?
    var year: String?
    var data: String?
    var dataFile: File?
    var meta: String?
    var metaFile: File?
    var pipeline: String?
    var assumptions: String?
    var regionGroup: String?
    var action: String?

    enum CodingKeys: String, CodingKey {
        case title, slug, year, data, meta, pipeline, assumptions, action
        case dataFile = "data_file", metaFile = "meta_file", regionGroup = "region_group"
    }

    /// An uploaded file wins over the pasted text; either way the text is what is checked.
    mutating func takeUploads() {
        if let file = dataFile, file.data.readableBytes > 0 { data = String(buffer: file.data) }
        if let file = metaFile, file.data.readableBytes > 0 { meta = String(buffer: file.data) }
        dataFile = nil
        metaFile = nil
    }
}

/// Everything wrong with an import, all at once, and what would be published if nothing is.
struct EditionImportCheck: Sendable {
    var fieldErrors: [String: String] = [:]
    var report: IndexDataReport?
    /// Problems the data report does not cover: the pipeline, the assumptions, the engine's run,
    /// member slugs the platform does not know. Each names its file and, where it has one, its line.
    var problems: [String] = []
    var linked: [(unit: String, member: EditionMemberLink)] = []
    var unlinked: [String] = []
    /// The metadata with the framework's aggregates added, as it would be saved.
    var completedMeta: String?
    var units = 0
    var treated: [TreatmentRecord] = []

    var canSave: Bool { fieldErrors.isEmpty && problems.isEmpty && report?.canPublish == true }

    static let slugPattern = #"^[a-z0-9][a-z0-9-]{1,59}$"#

    static func run(_ form: EditionImportForm, context: PageContext, on db: any Database) async throws -> EditionImportCheck {
        var check = EditionImportCheck()
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 200 || TextFolding.containsControlCharacters(title) {
            check.fieldErrors["title"] = context.t("index.error.title")
        }
        let slug = form.slug ?? ""
        if slug.range(of: slugPattern, options: .regularExpression) == nil {
            check.fieldErrors["slug"] = context.t("index.error.slug")
        } else if try await IndexEdition.query(on: db).filter(\.$slug == slug).first() != nil {
            check.fieldErrors["slug"] = context.t("index.error.slug_taken")
        }
        if Int(form.year ?? "").map({ (2000 ... 2100).contains($0) }) != true { check.fieldErrors["year"] = context.t("index.error.year") }
        let data = form.data ?? "", meta = form.meta ?? "", pipeline = form.pipeline ?? ""
        if data.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { check.fieldErrors["data"] = context.t("index.error.data") }
        if meta.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { check.fieldErrors["meta"] = context.t("index.error.meta") }
        if pipeline.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            check.fieldErrors["pipeline"] = context.t("index.error.pipeline")
        }
        guard check.fieldErrors["data"] == nil, check.fieldErrors["meta"] == nil else { return check }

        let completed: String
        do {
            completed = try await IndexFrameworks.current(on: db).completing(meta: meta)
        } catch let error as IndexError {
            check.problems.append(error.description)
            return check
        }
        check.completedMeta = completed
        let report = IndexDataReport.check(data: data, meta: completed)
        check.report = report
        // The pipeline and assumptions are read whatever the data's state, so their mistakes are
        // reported in the same pass; running them needs clean data.
        let assumptions = (form.assumptions ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        do { if check.fieldErrors["pipeline"] == nil { _ = try Pipeline(json: Data(pipeline.utf8)) } } catch {
            check.problems.append(error.description)
        }
        do { if !assumptions.isEmpty { _ = try UncertaintySpec(json: Data(assumptions.utf8)) } } catch {
            check.problems.append(error.description)
        }
        guard report.canPublish, check.problems.isEmpty, check.fieldErrors["pipeline"] == nil else { return check }

        let inputs = EditionInputs(data: data, meta: completed, pipeline: pipeline, assumptions: assumptions.isEmpty ? nil : assumptions)
        let computed: ComputedEdition
        do { computed = try ComputedEdition.compute(inputs) } catch {
            check.problems.append(error.description)
            return check
        }
        check.units = computed.results.final.unitCodes.count
        check.treated = computed.results.treatment.filter { $0.action != .none }
        if let group = form.regionGroup, !group.isEmpty, !computed.input.structure.groups.contains(group) {
            check.fieldErrors["region_group"] = context.t(
                "index.error.region_group", ["groups": computed.input.structure.groups.joined(separator: ", ")])
        }
        let table = try? CSVTable(parsing: data)
        let memberColumn = table?.column("member")
        let named = memberColumn.map { column in table?.rows.map { $0[column] } ?? [] } ?? []
        let linker = try await MemberLinker.load(names: computed.input.unitNames, slugs: named, on: db)
        if let table, let column = memberColumn {
            for (index, row) in table.rows.enumerated() where !row[column].isEmpty && linker.bySlug[row[column]] == nil {
                check.problems.append("data, line \(index + 2), column \(column + 1): \"\(row[column])\" is not the slug of a WeGO member")
            }
        }
        for (index, code) in computed.input.unitCodes.enumerated() {
            let name = computed.input.unitNames[index]
            if let member = linker.link(name: name, country: computed.countries[code], slug: computed.memberSlugs[code]) {
                check.linked.append((name, member))
            } else {
                check.unlinked.append(name)
            }
        }
        return check
    }
}

/// The framework editions hang their indicators under: the POSITIVE model, as the Secretariat
/// last saved it.
enum IndexFrameworks {
    static let positiveSlug = "positive"

    static func record(on db: any Database) async throws -> IndexFrameworkRecord? {
        try await IndexFrameworkRecord.query(on: db).filter(\.$slug == positiveSlug).first()
    }

    static func current(on db: any Database) async throws -> IndexFramework {
        guard let record = try await record(on: db) else { throw Abort(.serviceUnavailable, reason: "the index framework is not seeded") }
        return try IndexFramework(csv: record.aggregatesCSV)
    }
}
