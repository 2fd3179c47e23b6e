import WeGOCore

enum AccountViews {
    static func page(_ context: PageContext, page: AccountSettingsPage, chosen: String?, saved: Bool, errors: [String: String]) -> HTML {
        let options: [(value: String, label: String)] = Language.allCases.map { ($0.rawValue, $0.endonym) }
        // Without a choice of its own the form proposes the language the person is reading in.
        let selected = chosen ?? page.preferredLanguage?.rawValue ?? context.language.rawValue
        let body: HTML = """
            <h1>\(context.t("account.title"))</h1>
            \(saved ? HTML("<p class=\"notice\" role=\"status\">\(context.t("account.saved"))</p>") : .empty)
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
            """
        return Layout.page(context, title: context.t("account.title"), body: body)
    }
}
