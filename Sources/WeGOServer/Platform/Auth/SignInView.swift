import WeGOCore

struct SignInView {
    let context: PageContext
    let email: String
    let errors: [String: String]
    let alert: String?
    let returnPath: String?
    /// A confirmation from the step before, e.g. "your new password is set".
    var notice: String? = nil

    func render() -> HTML {
        let body: HTML = """
            <h1>\(context.t("signin.title"))</h1>
            \(notice.map { HTML("<p class=\"notice\" role=\"status\">\($0)</p>") })
            \(alert.map { HTML("<div class=\"alert\" role=\"alert\">\($0)</div>") })
            \(FormViews.errorSummary(context, errors: errors))
            <form id="sign-in-form" class="stacked" method="post" action="\(SiteURL.signIn.path)" novalidate>
            \(context.csrfField)
            \(returnPath.map { HTML("<input type=\"hidden\" name=\"return\" value=\"\($0)\">") })
            \(FormViews.input(context, name: "email", label: context.t("signin.email"), value: email, type: "email", errors: errors,
                autocomplete: "username", required: true))
            \(FormViews.input(context, name: "password", label: context.t("signin.password"), value: "", type: "password", errors: errors,
                autocomplete: "current-password", required: true))
            <button type="submit">\(context.t("signin.submit"))</button>
            </form>
            <p><a href="\(SiteURL.passwordForgot.path)">\(context.t("signin.forgot"))</a></p>
            <p class="muted">\(context.t("signin.help"))</p>
            """
        return Layout.page(context, title: context.t("signin.title"), body: body)
    }
}
