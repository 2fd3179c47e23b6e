import WeGOCore

struct MemberDirectoryView {
    let model: DirectoryPage
    let context: PageContext
    private var page: MemberPage { model.results }
    private var facets: MemberFacets { model.facets }
    private var reportedTotal: (value: Int, asOf: String)? { model.reportedTotal }
    private var reference: ReferenceData { model.reference }

    func render() -> HTML {
        let filter = page.filter
        let f = context.format
        let categoryOptions: [HTML] = MemberCategory.allCases.map { category in
            option(
                category.rawValue, label: context.t("category.\(category.rawValue)"),
                count: facets.categories[category] ?? 0, selected: filter.category == category)
        }
        let regionOptions: [HTML] = Region.allCases.map { region in
            option(
                region.rawValue, label: context.t("region.\(region.rawValue)"),
                count: facets.regions[region] ?? 0, selected: filter.region == region)
        }
        let countryOptions: [HTML] = reference.sorted(facets.countries.keys, context.language).map { code in
            option(
                code, label: reference.countryName(code, context.language), count: facets.countries[code] ?? 0,
                selected: filter.country == code)
        }
        let items: [HTML] = page.members.map { member in
            var facts = [context.t("category.\(member.category.rawValue)")]
            if let country = member.country {
                facts.append(reference.countryName(country, context.language))
            } else {
                facts.append(context.t("member.country_unknown"))
            }
            if let region = member.region { facts.append(context.t("region.\(region.rawValue)")) }
            return """
                <li class="member-card cat-\(member.category.rawValue)"><a \
                href="\(SiteURL.network(.member(.value(member.slug))).path)">\(member.name)</a>\
                \(member.abbreviation.map { HTML(" <span class=\"abbreviation\">(\($0))</span>") })\
                \(member.founding ? HTML("<span class=\"badge\">\(context.t("member.founding_badge"))</span>") : .empty)\
                <span class="facts">\(facts.joined(separator: " · "))</span></li>
                """
        }
        let reportedLine: HTML =
            reportedTotal.map { total in
                """
                <p \
                class=\"muted\">\(context.t("members.named_of_reported", ["named": f.number(page.total),
                        "reported": f.number(total.value), "as_of": f.yearMonth(total.asOf)]))</p>
                """
            } ?? .empty
        let body: HTML = """
            <h1>\(context.t("members.title"))</h1>
            \(filter == MemberFilter() ? reportedLine : .empty)
            <form id="member-filters" class="filters" method="get" action="\(SiteURL.network(.members).path)">
            <div class="field"><label for="q">\(context.t("members.search"))</label>
            <input id="q" name="q" type="search" value="\(filter.text ?? "")" maxlength="200"></div>
            <div class="field"><label for="category">\(context.t("members.category"))</label>
            <select id="category" name="category"><option value="">\(context.t("members.all"))</option>\(categoryOptions)</select></div>
            <div class="field"><label for="region">\(context.t("members.region"))</label>
            <select id="region" name="region"><option value="">\(context.t("members.all"))</option>\(regionOptions)</select></div>
            <div class="field"><label for="country">\(context.t("members.country"))</label>
            <select id="country" name="country"><option value="">\(context.t("members.all"))</option>\(countryOptions)</select></div>
            <div class="field checkbox"><input id="founding" name="founding" type="checkbox" \
            value="yes"\(filter.foundingOnly ? HTML(trusted: " checked") : .empty)>
            <label for="founding">\(context.t("members.founding_only", ["count": f.number(facets.founding)]))</label></div>
            <div class="actions"><button type="submit">\(context.t("members.apply"))</button>
            <a href="\(SiteURL.network(.members).path)">\(context.t("members.clear"))</a></div>
            </form>
            <p id="result-count" role="status">\(context.t("members.result_count", ["count": f.number(page.total)]))</p>
            \(page.members.isEmpty ? HTML("<p>\(context.t("members.none"))</p>") : .empty)
            <ol id="member-results" class="member-list" start="\(filter.offset + 1)">\(items)</ol>
            \(pagination())
            """
        return Layout.page(context, title: context.t("members.title"), body: body)
    }

    private func option(_ value: String, label: String, count: Int, selected: Bool) -> HTML {
        "<option value=\"\(value)\"\(selected ? HTML(trusted: " selected") : .empty)>\(label) (\(context.format.number(count)))</option>"
    }

    private func link(_ page: Int) -> String {
        let filter = self.page.filter
        return SiteURL.network(.members).with(query: [
            ("q", filter.text), ("category", filter.category?.rawValue), ("region", filter.region?.rawValue),
            ("country", filter.country), ("founding", filter.foundingOnly ? "yes" : nil), ("page", page > 1 ? String(page) : nil),
        ])
    }

    private func pagination() -> HTML {
        Pagination.nav(page: page.filter.page, of: page.pageCount, context, link: link)
    }
}
