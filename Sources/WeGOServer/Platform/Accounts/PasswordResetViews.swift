import WeGOCore

enum PasswordResetViews {
    /// The address form; after a request, the same answer for every address.
    static func request(_ context: PageContext, email: String, sent: Bool, alert: String?, errors: [String: String]) -> HTML {
        let body: HTML = """
            <h1>\(context.t("reset.title"))</h1>
            \(sent ? HTML("<p class=\"notice\" role=\"status\">\(context.t("reset.sent"))</p>") : .empty)
            \(alert.map { HTML("<div class=\"alert\" role=\"alert\">\($0)</div>") })
            <p>\(context.t("reset.intro"))</p>
            \(FormViews.errorSummary(context, errors: errors))
            <form id="reset-request-form" class="stacked" method="post" action="\(SiteURL.passwordForgot.path)" novalidate>
            \(context.csrfField)
            \(FormViews.input(context, name: "email", label: context.t("signin.email"), value: email, type: "email", errors: errors,
                autocomplete: "username", required: true))
            <button type="submit">\(context.t("reset.send"))</button>
            </form>
            <p><a href="\(SiteURL.signIn.path)">\(context.t("reset.back"))</a></p>
            """
        return Layout.page(context, title: context.t("reset.title"), body: body)
    }

    /// The new password, for the account the link belongs to.
    static func choose(_ context: PageContext, token: String, email: String, errors: [String: String]) -> HTML {
        let action = SiteURL.passwordReset.with(query: [("token", token)])
        let body: HTML = """
            <h1>\(context.t("reset.choose_title"))</h1>
            <p>\(context.t("reset.choose_intro", ["email": email]))</p>
            \(FormViews.errorSummary(context, errors: errors))
            <form id="reset-form" class="stacked" method="post" action="\(action)" novalidate>
            \(context.csrfField)
            \(AccountViews.newPasswordFields(context, errors: errors))
            </form>
            """
        return Layout.page(context, title: context.t("reset.choose_title"), body: body)
    }

    static func gone(_ context: PageContext) -> HTML {
        Layout.page(
            context, title: context.t("reset.gone_title"),
            body: """
                <h1>\(context.t("reset.gone_title"))</h1>
                <p>\(context.t("reset.gone"))</p>
                <p><a href="\(SiteURL.passwordForgot.path)">\(context.t("reset.again"))</a></p>
                """)
    }
}
