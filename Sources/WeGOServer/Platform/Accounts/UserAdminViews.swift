import Foundation
import WeGOCore

enum UserAdminViews {
    static func list(_ page: UserListPage, _ context: PageContext) -> HTML {
        let rows: [HTML] = page.rows.map { user in
            let scope = user.region.map { context.t("region.\($0.rawValue)") } ?? user.memberName ?? "—"
            let status = user.disabled ? context.t("admin.user_disabled") : context.t("admin.user_active")
            return """
                <tr><td>\(user.email)</td><td>\(user.displayName)</td><td>\(context.t("userrole.\(user.role.rawValue)"))</td>\
                <td>\(scope)</td><td>\(status)</td><td><a \
                href="\(SiteURL.admin(.userEdit(.value(user.id))).path)">\(context.t("admin.edit"))\
                <span class="visually-hidden"> \(user.email)</span></a></td></tr>
                """
        }
        let body: HTML = """
            <h1>\(context.t("admin.users"))</h1>
            <p><a class="button" href="\(SiteURL.admin(.userNew).path)">\(context.t("admin.user_new"))</a></p>
            <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("admin.users"))</caption>
            <thead><tr><th scope="col">\(context.t("signin.email"))</th><th scope="col">\(context.t("user.display_name"))</th>\
            <th scope="col">\(context.t("user.role"))</th><th scope="col">\(context.t("user.scope"))</th>\
            <th scope="col">\(context.t("user.status"))</th><th scope="col">\(context.t("admin.actions"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        return Layout.page(context, title: context.t("admin.users"), body: body)
    }

    static func form(_ page: UserFormPage, _ context: PageContext, errors: [String: String]) -> HTML {
        let form = page.form
        let roles = UserRole.allCases.map { (value: $0.rawValue, label: context.t("userrole.\($0.rawValue)")) }
        let regions = Region.allCases.map { (value: $0.rawValue, label: context.t("region.\($0.rawValue)")) }
        let action = page.editing.map { SiteURL.admin(.userEdit(.value($0.id))).path } ?? SiteURL.admin(.userNew).path
        let title = page.editing.map { context.t("admin.user_edit", ["email": $0.email]) } ?? context.t("admin.user_new")
        let passwordHint = context.t(page.editing == nil ? "user.password_hint_new" : "user.password_hint_edit")
        let disabled =
            page.editing == nil
            ? HTML.empty
            : FormViews.checkbox(context, name: "disabled", label: context.t("user.disabled"), checked: form.disabled == "yes")
        let body: HTML = """
            <h1>\(title)</h1>
            \(FormViews.errorSummary(context, errors: errors))
            <form id="user-form" class="stacked" method="post" action="\(action)" novalidate>
            \(context.csrfField)
            \(FormViews.input(context, name: "email", label: context.t("signin.email"), value: form.email, type: "email", errors: errors,
                          autocomplete: "off", required: true))
            \(FormViews.input(context, name: "display_name", label: context.t("user.display_name"), value: form.display_name,
                errors: errors,
                          required: true))
            \(FormViews.select(context, name: "role", label: context.t("user.role"), options: roles, selected: form.role, errors: errors))
            \(FormViews.select(context, name: "region", label: context.t("user.region"), options: regions, selected: form.region,
                errors: errors,
                           includeEmpty: context.t("user.region_none")))
            \(FormViews.input(context, name: "member", label: context.t("user.member"), value: form.member, errors: errors,
                          hint: context.t("user.member_hint")))
            \(FormViews.input(context, name: "password", label: context.t("user.password"), value: "", type: "password", errors: errors,
                          hint: passwordHint, autocomplete: "new-password"))
            \(disabled)
            <button type="submit">\(context.t("form.save"))</button>
            </form>
            """
        return Layout.page(context, title: title, body: body)
    }

    /// The generated password, shown this once: only its hash is stored.
    static func created(email: String, password: String, _ context: PageContext) -> HTML {
        let body: HTML = """
            <h1>\(context.t("admin.user_created"))</h1>
            <p>\(context.t("admin.user_created_text", ["email": email]))</p>
            <p class="secret"><code>\(password)</code></p>
            <p><a href="\(SiteURL.admin(.users).path)">\(context.t("admin.users"))</a></p>
            """
        return Layout.page(context, title: context.t("admin.user_created"), body: body)
    }
}
