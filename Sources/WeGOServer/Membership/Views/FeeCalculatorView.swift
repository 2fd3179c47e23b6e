import WeGOCore

struct FeeCalculatorView {
    enum Result { case none, quote(FeeCalculator.Explained), problems([String: String]), message(String) }

    let context: PageContext
    let query: [String: String]
    let result: Result
    let reference: ReferenceData

    func render() -> HTML {
        let schedule = FeeCalculator.schedule
        let matrix = schedule.localGovernments
        let f = context.format
        let group: (Int64) -> String = { f.number(Int($0)) }
        let errors: [String: String] = if case .problems(let p) = result { p } else { [:] }
        let categories = MemberCategory.allCases.map { (value: $0.rawValue, label: context.t("category.\($0.rawValue)")) }
        let countries = (reference.sortedCodes[context.language] ?? []).map {
            (value: $0, label: reference.countryName($0, context.language))
        }
        var marked: (row: Int, column: Int)?
        var outcome: HTML = .empty
        switch result {
        case .none: break
        case .problems: outcome = FormViews.errorSummary(context, errors: errors)
        case .message(let message): outcome = "<div class=\"alert\" role=\"alert\">\(message)</div>"
        case .quote(let explained):
            if case .matrix(_, _, let row, _, let column) = explained.quote.basis { marked = (row, column) }
            outcome = """
                <section class="quote" aria-live="polite">\
                <h2>\(context.t("fees.result", ["fee": f.number(Int(explained.quote.annualFee.cents / 100))]))</h2>
                <p>\(explained.explanation)</p></section>
                """
        }
        let header: [HTML] = matrix.populationLowerBounds.indices.map { "<th scope=\"col\">\(matrix.columnLabel($0, group: group))</th>" }
        let rows: [HTML] = matrix.fees.indices.map { row in
            let cells: [HTML] = matrix.fees[row].indices.map { column in
                let value = f.number(Int(matrix.fees[row][column].cents / 100))
                if let marked, marked.row == row, marked.column == column {
                    return
                        """
                        <td class=\"match\"><strong>\(value)</strong><span class=\"visually-hidden\"> \
                        (\(context.t("fees.your_fee")))</span></td>
                        """
                }
                return "<td>\(value)</td>"
            }
            return "<tr><th scope=\"row\">\(matrix.rowLabel(row, group: group))</th>\(cells)</tr>"
        }
        let body: HTML = """
            <h1>\(context.t("fees.title"))</h1>
            <p class="lead">\(context.t("fees.intro"))</p>
            \(outcome)
            <form id="fee-form" class="filters" method="get" action="\(SiteURL.membership(.fees).path)">
            \(FormViews.select(context, name: "category", label: context.t("members.category"), options: categories,
                selected: query["category"] ?? MemberCategory.localGovernment.rawValue, errors: errors))
            \(FormViews.select(context, name: "country", label: context.t("fees.country"), options: countries,
                selected: query["country"]?.uppercased(), errors: errors, includeEmpty: context.t("fees.choose")))
            \(FormViews.input(context, name: "population", label: context.t("fees.population"), value: query["population"], errors: errors,
                hint: context.t("fees.population_hint"), extra: " inputmode=\"numeric\""))
            \(FormViews.input(context, name: "employees", label: context.t("fees.employees"), value: query["employees"], errors: errors,
                hint: context.t("fees.employees_hint"), extra: " inputmode=\"numeric\""))
            <div class="actions"><button type="submit">\(context.t("fees.submit"))</button></div>
            </form>
            <h2 id="matrix-heading">\(context.t("fees.matrix_title"))</h2>
            <p>\(context.t("fees.matrix_intro"))</p>
            <div class="table-wrap"><table id="fee-matrix" aria-labelledby="matrix-heading">
            <thead><tr><th scope="col">\(context.t("fees.corner"))</th>\(header)</tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <h2>\(context.t("fees.organizations_title"))</h2>
            <p>\(context.t("fees.organizations", ["large": f.number(Int(schedule.largeOrganizationFee.cents / 100)),
                "small": f.number(Int(schedule.smallOrganizationFee.cents / 100)), "threshold": f.number(schedule.employeeThreshold)]))</p>
            <p class="muted">\(context.t("fees.source"))</p>
            """
        return Layout.page(context, title: context.t("fees.title"), body: body)
    }
}
