import WeGOCore

enum AccountViews {
    enum Notice { case languageSaved, passwordChanged, passwordRequired }

    static func page(_ context: PageContext, page: AccountSettingsPage, chosen: String?, notice: Notice?, errors: [String: String]) -> HTML
    {
        let options: [(value: String, label: String)] = Language.allCases.map { ($0.rawValue, $0.endonym) }
        // Without a choice of its own the form proposes the language the person is reading in.
        let selected = chosen ?? page.preferredLanguage?.rawValue ?? context.language.rawValue
        let body: HTML = """
            <h1>\(context.t("account.title"))</h1>
            \(notice.map { notice -> HTML in
                switch notice {
                case .languageSaved: "<p class=\"notice\" role=\"status\">\(context.t("account.saved"))</p>"
                case .passwordChanged: "<p class=\"notice\" role=\"status\">\(context.t("account.password_changed"))</p>"
                case .passwordRequired: "<p class=\"notice\" role=\"alert\">\(context.t("account.password_required"))</p>"
                }
            })
            <dl class="facts">
            <dt>\(context.t("account.email"))</dt><dd>\(page.email)</dd>
            <dt>\(context.t("account.role"))</dt><dd>\(context.t("userrole.\(page.role.rawValue)"))</dd>
            \(page.memberName.map { HTML("<dt>\(context.t("account.member"))</dt><dd>\($0)</dd>") })
            </dl>
            \(FormViews.errorSummary(context, errors: errors))
            <form id="account-form" method="post" action="\(SiteURL.account.path)" novalidate>\(context.csrfField)
            \(FormViews.select(context, name: "language", label: context.t("account.language"), options: options, selected: selected,
                errors: errors))
            <p class="hint">\(context.t("account.language_hint"))</p>
            <button type="submit">\(context.t("account.save"))</button>
            </form>
            <h2>\(context.t("twofactor.title"))</h2>
            <p><a href="\(SiteURL.accountTwoFactor.path)">\(context.t("twofactor.manage"))</a></p>
            <h2 id="password-heading">\(context.t("account.password_title"))</h2>
            <form id="password-form" method="post" action="\(SiteURL.accountPassword.path)" aria-labelledby="password-heading" \
            novalidate>\(context.csrfField)
            \(FormViews.input(context, name: "current_password", label: context.t("account.current_password"), value: "", type: "password",
                errors: errors, autocomplete: "current-password", required: true))
            \(newPasswordFields(context, errors: errors))
            </form>
            """
        return Layout.page(context, title: context.t("account.title"), body: body)
    }

    /// The new password twice and the button that saves it: the account page's form and the
    /// reset link's. Passwords are never sent back into a form.
    static func newPasswordFields(_ context: PageContext, errors: [String: String]) -> HTML {
        """
        \(FormViews.input(context, name: "new_password", label: context.t("account.new_password"), value: "", type: "password",
            errors: errors, hint: context.t("account.password_hint"), autocomplete: "new-password", required: true))
        \(FormViews.input(context, name: "confirm_password", label: context.t("account.confirm_password"), value: "", type: "password",
            errors: errors, autocomplete: "new-password", required: true))
        <button type="submit">\(context.t("account.password_save"))</button>
        """
    }
}
