import Foundation
import WeGOCore

enum AdminViews {
    static func dashboard(_ page: AdminDashboardPage, _ context: PageContext) -> HTML {
        let user = page.user
        var links: [HTML] = ["<li><a href=\"\(SiteURL.admin(.members).path)\">\(context.t("admin.members"))</a></li>"]
        if Permissions.canAdministerUsers(user) {
            links.append("<li><a href=\"\(SiteURL.admin(.users).path)\">\(context.t("admin.users"))</a></li>")
        }
        if Permissions.canManageMembership(user) {
            links.append("<li><a href=\"\(SiteURL.admin(.applications).path)\">\(context.t("admin.applications"))</a></li>")
            links.append("<li><a href=\"\(SiteURL.admin(.dues).path)\">\(context.t("admin.dues"))</a></li>")
            links.append("<li><a href=\"\(SiteURL.admin(.invoices).path)\">\(context.t("admin.invoices"))</a></li>")
            links.append("<li><a href=\"\(SiteURL.admin(.gdp).path)\">\(context.t("admin.gdp"))</a></li>")
            links.append("<li><a href=\"\(SiteURL.admin(.outbox).path)\">\(context.t("admin.outbox"))</a></li>")
        }
        if Permissions.canManageIndex(user) {
            links.append("<li><a href=\"\(SiteURL.admin(.index).path)\">\(context.t("admin.index"))</a></li>")
        }
        if Permissions.canManageMatching(user) {
            links.append("<li><a href=\"\(SiteURL.admin(.matching).path)\">\(context.t("match.admin.title"))</a></li>")
        }
        if user.role == .memberRepresentative {
            links.append("<li><a href=\"\(SiteURL.membership(.account).path)\">\(context.t("membership.own"))</a></li>")
            links.append("<li><a href=\"\(SiteURL.matching(.meetings).path)\">\(context.t("match.meetings.title"))</a></li>")
        }
        if Permissions.canViewAudit(user) {
            links.append("<li><a href=\"\(SiteURL.admin(.audit).path)\">\(context.t("admin.audit"))</a></li>")
        }
        let body: HTML = """
            <h1>\(context.t("admin.title"))</h1>
            <p>\(context.t("admin.welcome", ["name": user.displayName, "role": context.t("userrole.\(user.role.rawValue)")]))</p>
            <p>\(context.t("admin.member_count", ["count": context.format.number(page.memberCount)]))</p>
            <ul class="admin-links">\(links)</ul>
            """
        return Layout.page(context, title: context.t("admin.title"), body: body)
    }

    static func memberList(_ page: AdminMemberListPage, _ context: PageContext) -> HTML {
        let results = page.results, text = results.filter.text
        let rows: [HTML] = results.members.map { m in
            """
            <tr><td><a href="\(SiteURL.network(.member(.value(m.slug))).path)">\(m.name)</a></td>\
            <td>\(context.t("category.\(m.category.rawValue)"))</td>\
            <td>\(m.region.map { context.t("region.\($0.rawValue)") } ?? "—")</td><td><a \
            href="\(SiteURL.admin(.memberEdit(.value(m.slug))).path)">\
            \(context.t("admin.edit"))<span class="visually-hidden"> \(m.name)</span></a></td></tr>
            """
        }
        let newMember: HTML =
            page.canCreate
            ? "<p><a class=\"button\" href=\"\(SiteURL.admin(.memberNew).path)\">\(context.t("admin.member_new"))</a></p>" : .empty
        let body: HTML = """
            <h1>\(context.t("admin.members"))</h1>
            \(newMember)
            <form id="member-search" class="filters" method="get" action="\(SiteURL.admin(.members).path)">
            <div class="field"><label for="q">\(context.t("members.search"))</label>
            <input id="q" name="q" type="search" value="\(text ?? "")" maxlength="200"></div>
            <div class="actions"><button type="submit">\(context.t("members.apply"))</button></div></form>
            <p id="result-count" role="status">\(context.t("members.result_count", ["count": context.format.number(results.total)]))</p>
            <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("admin.members"))</caption>
            <thead><tr><th scope="col">\(context.t("member.name"))</th><th scope="col">\(context.t("member.category"))</th>\
            <th scope="col">\(context.t("member.region"))</th><th scope="col">\(context.t("admin.actions"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            \(Pagination.nav(page: results.filter.page, of: results.pageCount, context) { number in
                SiteURL.admin(.members).with(query: [("q", text), ("page", number > 1 ? String(number) : nil)])
            })
            """
        return Layout.page(context, title: context.t("admin.members"), body: body)
    }

    static func memberForm(_ page: MemberFormPage, _ context: PageContext, errors: [String: String]) -> HTML {
        let draft = page.draft, reference = page.reference, existingSlug = page.existing?.slug
        let classificationLocked = page.user.role == .memberRepresentative
        let categories = MemberCategory.allCases.map { (value: $0.rawValue, label: context.t("category.\($0.rawValue)")) }
        let subtypes = MemberSubtype.allCases.map { subtype in
            (
                value: subtype.rawValue,
                label: context.t("category.\(subtype.category.rawValue)") + ": " + context.t("subtype.\(subtype.rawValue)")
            )
        }
        let regions = Permissions.allowedRegions(page.user).map { (value: $0.rawValue, label: context.t("region.\($0.rawValue)")) }
        let countries = (reference.sortedCodes[context.language] ?? [])
            .map { (value: $0, label: reference.countryName($0, context.language)) }
        let action = existingSlug.map { SiteURL.admin(.memberEdit(.value($0))).path } ?? SiteURL.admin(.memberNew).path
        let title = existingSlug == nil ? context.t("admin.member_new") : context.t("admin.member_edit", ["name": draft.name])
        let unknown = context.t("member.unknown")
        let classification: HTML =
            classificationLocked
            ? "<p class=\"hint\">\(context.t("admin.classification_locked"))</p>"
            : """
            \(FormViews.select(context, name: "category", label: context.t("member.category"), options: categories,
                selected: draft.category,
                           errors: errors))
            \(FormViews.select(context, name: "subtype", label: context.t("member.subtype"), options: subtypes, selected: draft.subtype,
                           errors: errors, includeEmpty: unknown))
            \(FormViews.select(context, name: "region", label: context.t("member.region"), options: regions, selected: draft.region,
                           errors: errors, includeEmpty: unknown))
            \(FormViews.select(context, name: "country", label: context.t("member.country"), options: countries, selected: draft.country,
                           errors: errors, includeEmpty: context.t("member.country_unknown")))
            \(FormViews.checkbox(context, name: "founding", label: context.t("member.founding"), checked: draft.founding))
            """
        let slugField =
            existingSlug != nil
            ? HTML.empty
            : FormViews.input(
                context, name: "slug", label: context.t("member.slug"), value: draft.slug, errors: errors,
                hint: context.t("member.slug_hint"))
        let body: HTML = """
            <h1>\(title)</h1>
            \(FormViews.errorSummary(context, errors: errors))
            <form id="member-form" class="stacked" method="post" action="\(action)" novalidate>
            \(context.csrfField)
            \(FormViews.input(context, name: "name", label: context.t("member.name"), value: draft.name, errors: errors, required: true))
            \(FormViews.input(context, name: "name_local", label: context.t("member.name_local"), value: draft.nameLocal, errors: errors))
            \(slugField)
            \(classification)
            \(FormViews.input(context, name: "latitude", label: context.t("member.latitude"), value: draft.latitude, errors: errors,
                          extra: " inputmode=\"decimal\""))
            \(FormViews.input(context, name: "longitude", label: context.t("member.longitude"), value: draft.longitude, errors: errors,
                          extra: " inputmode=\"decimal\""))
            \(FormViews.input(context, name: "population", label: context.t("member.population"), value: draft.population, errors: errors,
                          hint: context.t("member.population_hint"), extra: " inputmode=\"numeric\""))
            \(FormViews.input(context, name: "note", label: context.t("member.note"), value: draft.note, errors: errors))
            <button type="submit">\(context.t("form.save"))</button>
            </form>
            """
        return Layout.page(context, title: title, body: body)
    }
}
