import Foundation
import WeGOCore
import WeGOIndex

enum AdminIndexViews {
    static func list(_ page: AdminEditionListPage, _ context: PageContext) -> HTML {
        let rows: [HTML] = page.editions.map { edition in
            """
            <tr><th scope="row"><a href="\(SiteURL.admin(.indexEdition(.value(edition.slug))).path)">\(edition.title)</a></th>\
            <td>\(String(edition.year))</td>\
            <td>\(context.t(edition.kind == .published ? "index.kind.published" : "index.kind.computed"))</td>\
            <td><span \
            class="status \(edition.status == .published ? "approved"
                : "pending")">\(context.t("index.status.\(edition.status.rawValue)"))</span></td></tr>
            """
        }
        let body: HTML = """
            <h1>\(context.t("admin.index"))</h1>
            <ul class="admin-links">
            <li><a href="\(SiteURL.admin(.indexNew).path)">\(context.t("index.import"))</a></li>
            <li><a href="\(SiteURL.admin(.indexFramework).path)">\(context.t("index.framework"))</a></li>
            <li><a href="\(SiteURL.index(.editions).path)">\(context.t("index.public_pages"))</a></li>
            </ul>
            <div class="table-wrap"><table id="editions"><caption class="visually-hidden">\(context.t("index.editions"))</caption>
            <thead><tr><th scope="col">\(context.t("index.edition_title"))</th><th scope="col">\(context.t("index.year"))</th>\
            <th scope="col">\(context.t("index.kind"))</th><th scope="col">\(context.t("index.status"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        return Layout.page(context, title: context.t("admin.index"), body: body)
    }

    static func percent(_ context: PageContext, _ share: Double) -> String {
        context.format.decimal(share * 100, fractionDigits: 0) + "%"
    }

    /// The validation report: every problem first, then what the data looks like.
    static func report(_ context: PageContext, _ check: EditionImportCheck) -> HTML {
        var parts: [HTML] = []
        let errors =
            (check.report?.errors ?? []).map { cell -> HTML in
                let place = context.t("index.report.cell", ["line": String(cell.line), "column": String(cell.column)])
                return cell.line > 0 ? "<li>\(place): \(cell.message)</li>" : "<li>\(cell.message)</li>"
            } + check.problems.map { HTML("<li>\($0)</li>") }
        if !errors.isEmpty {
            parts.append(
                """
                <div class="error-summary" role="alert" tabindex="-1" id="report-errors">\
                <h3>\(context.t("index.report.errors", ["count": String(errors.count)]))</h3>
                <ul>\(errors)</ul></div>
                """)
        } else if check.report != nil {
            parts.append(
                "<p role=\"status\" id=\"report-ok\">\(context.t("index.report.ok", ["units": context.format.number(check.units)]))</p>")
        }
        if let report = check.report, !report.indicatorAvailability.isEmpty {
            let low = report.indicatorAvailability.filter { $0.share < 1 }
            let indicatorRows: [HTML] = low.map {
                "<tr><th scope=\"row\">\($0.code)</th><td class=\"num\">\(percent(context, $0.share))</td></tr>"
            }
            let unitRows: [HTML] = report.unitAvailability.filter { $0.share < 1 }.sorted { $0.share < $1.share }
                .map { "<tr><th scope=\"row\">\($0.code)</th><td class=\"num\">\(percent(context, $0.share))</td></tr>" }
            let outlierRows: [HTML] = report.outliers.map {
                """
                <tr><th scope=\"row\">\($0.indicator)</th><td \
                class=\"num\">\(context.format.decimal($0.skewness, fractionDigits: 2))</td><td \
                class=\"num\">\(context.format.decimal($0.kurtosis, fractionDigits: 2))</td></tr>
                """
            }
            parts.append(
                """
                <h3>\(context.t("index.report.indicator_availability"))</h3>
                \(low.isEmpty ? HTML("<p>\(context.t("index.report.complete"))</p>") : HTML("""
                <div class="table-wrap"><table id="indicator-availability"><caption \
                class="visually-hidden">\(context.t("index.report.indicator_availability"))</caption>
                <thead><tr><th scope="col">\(context.t("index.indicator"))</th><th scope="col" \
                class="num">\(context.t("index.report.available"))</th></tr></thead><tbody>\(indicatorRows)</tbody></table></div>
                """))
                <h3>\(context.t("index.report.unit_availability"))</h3>
                \(unitRows.isEmpty ? HTML("<p>\(context.t("index.report.complete"))</p>") : HTML("""
                <div class="table-wrap"><table id="unit-availability"><caption \
                class="visually-hidden">\(context.t("index.report.unit_availability"))</caption>
                <thead><tr><th scope="col">\(context.t("index.unit"))</th><th scope="col" \
                class="num">\(context.t("index.report.available"))</th></tr></thead><tbody>\(unitRows)</tbody></table></div>
                """))
                <h3>\(context.t("index.report.outliers"))</h3>
                \(outlierRows.isEmpty ? HTML("<p>\(context.t("index.report.no_outliers"))</p>") : HTML("""
                <div class="table-wrap"><table id="outliers"><caption \
                class="visually-hidden">\(context.t("index.report.outliers"))</caption>
                <thead><tr><th scope="col">\(context.t("index.indicator"))</th><th scope="col" \
                class="num">\(context.t("index.skewness"))</th><th scope="col" class="num">\(context.t("index.kurtosis"))</th></tr></thead>\
                <tbody>\(outlierRows)</tbody></table></div>
                """))
                """)
        }
        if check.report?.canPublish == true && check.problems.isEmpty {
            let linked: [HTML] = check.linked.map {
                "<li>\($0.unit) → <a href=\"\(SiteURL.network(.member(.value($0.member.slug))).path)\">\($0.member.name)</a></li>"
            }
            parts.append(
                """
                <h3>\(context.t("index.report.members", ["count": String(check.linked.count)]))</h3>
                \(linked.isEmpty ? HTML("<p>\(context.t("index.report.no_members"))</p>")
                    : HTML("<ul id=\"linked-members\">\(linked)</ul>"))
                <p>\(context.t("index.report.unlinked", ["count": String(check.unlinked.count)]))</p>
                """)
        }
        return
            """
            <section id=\"report\" aria-labelledby=\"report-title\"><h2 \
            id=\"report-title\">\(context.t("index.report.title"))</h2>\(parts)</section>
            """
    }

    static func importForm(_ context: PageContext, form: EditionImportForm, check: EditionImportCheck?) -> HTML {
        let errors = check?.fieldErrors ?? [:]
        let body: HTML = """
            <p><a href="\(SiteURL.admin(.index).path)">\(context.t("admin.index"))</a></p>
            <h1>\(context.t("index.import"))</h1>
            <p>\(context.t("index.import_intro"))</p>
            \(FormViews.errorSummary(context, errors: errors))
            \(check.map { report(context, $0) })
            <form id="import-form" class="stacked" method="post" action="\(SiteURL.admin(.indexNew).path)" enctype="multipart/form-data" \
            novalidate>
            \(context.csrfField)
            \(FormViews.input(context, name: "title", label: context.t("index.edition_title"), value: form.title, errors: errors,
                required: true))
            \(FormViews.input(context, name: "slug", label: context.t("index.slug"), value: form.slug, errors: errors,
                hint: context.t("index.slug_hint"), required: true))
            \(FormViews.input(context, name: "year", label: context.t("index.year"), value: form.year, errors: errors, required: true,
                extra: " inputmode=\"numeric\""))
            <fieldset><legend>\(context.t("index.data_file"))</legend>
            <div class="field"><label for="data_file">\(context.t("index.upload"))</label><input id="data_file" name="data_file" \
            type="file" accept=".csv,text/csv"></div>
            \(FormViews.textarea(context, name: "data", label: context.t("index.or_paste"), value: form.data, errors: errors,
                hint: context.t("index.data_hint")))
            </fieldset>
            <fieldset><legend>\(context.t("index.meta_file"))</legend>
            <div class="field"><label for="meta_file">\(context.t("index.upload"))</label><input id="meta_file" name="meta_file" \
            type="file" accept=".csv,text/csv"></div>
            \(FormViews.textarea(context, name: "meta", label: context.t("index.or_paste"), value: form.meta, errors: errors,
                hint: context.t("index.meta_hint")))
            </fieldset>
            \(FormViews.textarea(context, name: "pipeline", label: context.t("index.pipeline"), value: form.pipeline, errors: errors,
                hint: context.t("index.pipeline_hint")))
            \(FormViews.textarea(context, name: "assumptions", label: context.t("index.assumptions"), value: form.assumptions,
                errors: errors, hint: context.t("index.assumptions_hint")))
            \(FormViews.input(context, name: "region_group", label: context.t("index.region_group"), value: form.regionGroup,
                errors: errors, hint: context.t("index.region_group_hint")))
            <div class="actions">
            <button type="submit" name="action" value="check">\(context.t("index.check"))</button>
            <button type="submit" name="action" value="save" class="secondary">\(context.t("index.save_draft"))</button>
            </div>
            </form>
            """
        return Layout.page(context, title: context.t("index.import"), body: body)
    }

    static func edition(_ page: AdminEditionPage, _ context: PageContext) -> HTML {
        let edition = page.edition
        let action: HTML =
            if edition.status == .draft {
                """
                <form class="inline-form" method="post" \
                action="\(SiteURL.admin(.indexPublish(.value(edition.slug))).path)">\(context.csrfField)<button \
                type="submit">\(context.t("index.publish"))</button></form>
                <form class="inline-form" method="post" \
                action="\(SiteURL.admin(.indexDelete(.value(edition.slug))).path)">\(context.csrfField)<button type="submit" \
                class="secondary">\(context.t("index.delete_draft"))</button></form>
                """
            } else {
                """
                <form class=\"inline-form\" method=\"post\" \
                action=\"\(SiteURL.admin(.indexUnpublish(.value(edition.slug))).path)\">\(context.csrfField)<button type=\"submit\" \
                class=\"secondary\">\(context.t("index.unpublish"))</button></form>
                """
            }
        let summary: HTML =
            page.computed.map { computed in
                let treated = computed.results.treatment.filter { $0.action != .none }.count
                return """
                    <dt>\(context.t("index.units"))</dt><dd>\(context.format.number(computed.ranking.rows.count))</dd>
                    <dt>\(context.t("index.indicators"))</dt><dd>\(context.format.number(computed.results.structure.indicators.count))</dd>
                    <dt>\(context.t("index.treated"))</dt><dd>\(context.format.number(treated))</dd>
                    """
            } ?? .empty
        let methodologyLink: HTML =
            edition.kind == .computed
            ? """
            <li><a href="\(SiteURL.index(.methodology(.value(edition.slug))).path)">\(context.t("index.methodology"))</a></li>
            """ : .empty
        let body: HTML = """
            <p><a href="\(SiteURL.admin(.index).path)">\(context.t("admin.index"))</a></p>
            <h1>\(edition.title)</h1>
            <dl class="facts">
            <dt>\(context.t("index.status"))</dt><dd><span \
            class="status \(edition.status == .published ? "approved"
                : "pending")">\(context.t("index.status.\(edition.status.rawValue)"))</span></dd>
            <dt>\(context.t("index.year"))</dt><dd>\(String(edition.year))</dd>
            <dt>\(context.t("index.kind"))</dt>\
            <dd>\(context.t(edition.kind == .published ? "index.kind.published" : "index.kind.computed"))</dd>
            \(summary)
            </dl>
            <ul class="admin-links">
            <li><a href="\(SiteURL.index(.edition(.value(edition.slug))).path)">\(context.t("index.view_ranking"))</a></li>
            \(methodologyLink)
            </ul>
            <div class="actions">\(action)</div>
            """
        return Layout.page(context, title: edition.title, body: body)
    }

    /// `error` is the engine's reason for refusing the typed framework.
    static func framework(_ page: FrameworkPage, _ context: PageContext, error: String?) -> HTML {
        let text = page.text, framework = page.framework
        let errors = error.map { ["aggregates": $0] } ?? [:]
        let pillars: [HTML] = (framework?.pillars ?? []).map { pillar in
            let parent = framework?.aggregates.first { $0.code == pillar.parent }
            return
                """
                <tr><th scope=\"row\">\(pillar.name) <code>\(pillar.code)</code></th><td>\(parent?.name ?? "—")</td><td \
                class=\"num\">\(context.format.decimal(pillar.weight, fractionDigits: 2))</td></tr>
                """
        }
        let body: HTML = """
            <p><a href="\(SiteURL.admin(.index).path)">\(context.t("admin.index"))</a></p>
            <h1>\(context.t("index.framework"))</h1>
            <p>\(context.t("index.framework_admin_intro"))</p>
            <p class="muted">\(context.t("index.framework_note"))</p>
            \(pillars.isEmpty ? HTML.empty : HTML("""
            <div class="table-wrap"><table id="pillars"><caption class="visually-hidden">\(context.t("index.framework"))</caption>
            <thead><tr><th scope="col">\(context.t("index.pillar"))</th><th scope="col">\(context.t("index.dimension"))</th><th \
            scope="col" class="num">\(context.t("index.weight_label"))</th></tr></thead>
            <tbody>\(pillars)</tbody></table></div>
            """))
            \(FormViews.errorSummary(context, errors: errors))
            <form id="framework-form" class="stacked" method="post" action="\(SiteURL.admin(.indexFramework).path)" novalidate>
            \(context.csrfField)
            \(FormViews.textarea(context, name: "aggregates", label: context.t("index.framework_csv"), value: text, errors: errors,
                hint: context.t("index.framework_hint")))
            <button type="submit">\(context.t("form.save"))</button>
            </form>
            """
        return Layout.page(context, title: context.t("index.framework"), body: body)
    }
}
