import Foundation
import WeGOCore

enum SecondFactorViews {
    /// The second step of signing in.
    static func codePage(_ context: PageContext, alert: String?, errors: [String: String]) -> HTML {
        let body: HTML = """
            <h1>\(context.t("twofactor.code_title"))</h1>
            \(alert.map { HTML("<div class=\"alert\" role=\"alert\">\($0)</div>") })
            <p>\(context.t("twofactor.code_intro"))</p>
            \(FormViews.errorSummary(context, errors: errors))
            <form id="code-form" class="stacked" method="post" action="\(SiteURL.signInCode.path)" novalidate>
            \(context.csrfField)
            \(FormViews.input(context, name: "code", label: context.t("twofactor.code"), value: "", errors: errors,
                hint: context.t("twofactor.code_hint"), autocomplete: "one-time-code", required: true))
            <button type="submit">\(context.t("signin.submit"))</button>
            </form>
            """
        return Layout.page(context, title: context.t("twofactor.code_title"), body: body)
    }

    /// Off, waiting for the first code, or on.
    static func setupPage(_ context: PageContext, status: SecondFactorService.Status, errors: [String: String]) -> HTML {
        let action = SiteURL.accountTwoFactor.path
        let state: HTML
        if let enabledAt = status.enabledAt {
            state = """
                <p class="notice" role="status">\(context.t("twofactor.on", ["date": context.format.dateTime(enabledAt)]))</p>
                <p>\(context.t("twofactor.codes_left", ["count": context.format.number(status.recoveryCodesLeft)]))</p>
                <h2 id="off-heading">\(context.t("twofactor.off_title"))</h2>
                \(FormViews.errorSummary(context, errors: errors))
                <form id="two-factor-off-form" class="stacked" method="post" action="\(SiteURL.accountTwoFactorOff.path)" \
                aria-labelledby="off-heading" novalidate>\(context.csrfField)
                \(FormViews.input(context, name: "current_password", label: context.t("account.current_password"), value: "",
                    type: "password", errors: errors, autocomplete: "current-password", required: true))
                <button type="submit">\(context.t("twofactor.off"))</button>
                </form>
                """
        } else if let key = status.pendingKey, let link = status.pendingLink {
            // Groups of four, as apps show keys; spaces are ignored when typed in.
            let grouped = stride(from: 0, to: key.count, by: 4).map { start in
                String(key.dropFirst(start).prefix(4))
            }.joined(separator: " ")
            state = """
                <ol>
                <li>\(context.t("twofactor.step_app"))</li>
                <li>\(context.t("twofactor.step_key"))<br><code class="secret" translate="no">\(grouped)</code>
                <br><a href="\(link)">\(context.t("twofactor.open_in_app"))</a></li>
                <li>\(context.t("twofactor.step_code"))</li>
                </ol>
                \(FormViews.errorSummary(context, errors: errors))
                <form id="two-factor-confirm-form" class="stacked" method="post" action="\(action)" novalidate>\(context.csrfField)
                <input type="hidden" name="action" value="confirm">
                \(FormViews.input(context, name: "code", label: context.t("twofactor.code"), value: "", errors: errors,
                    autocomplete: "one-time-code", required: true))
                <button type="submit">\(context.t("twofactor.confirm"))</button>
                </form>
                """
        } else {
            state = """
                <p>\(context.t("twofactor.off_now"))</p>
                <form id="two-factor-start-form" method="post" action="\(action)">\(context.csrfField)
                <input type="hidden" name="action" value="start">
                <button type="submit">\(context.t("twofactor.start"))</button>
                </form>
                """
        }
        let body: HTML = """
            <h1>\(context.t("twofactor.title"))</h1>
            <p>\(context.t("twofactor.intro"))</p>
            \(state)
            <p><a href="\(SiteURL.account.path)">\(context.t("twofactor.back"))</a></p>
            """
        return Layout.page(context, title: context.t("twofactor.title"), body: body)
    }

    /// The recovery codes, once: they are stored as hashes and cannot be shown again.
    static func recoveryCodesPage(_ context: PageContext, codes: [String]) -> HTML {
        let items: [HTML] = codes.map { "<li><code translate=\"no\">\($0)</code></li>" }
        let body: HTML = """
            <h1>\(context.t("twofactor.title"))</h1>
            <p class="notice" role="status">\(context.t("twofactor.turned_on"))</p>
            <h2>\(context.t("twofactor.recovery_title"))</h2>
            <p>\(context.t("twofactor.recovery_intro"))</p>
            <ul class="recovery-codes">\(items)</ul>
            <p><a href="\(SiteURL.account.path)">\(context.t("twofactor.back"))</a></p>
            """
        return Layout.page(context, title: context.t("twofactor.title"), body: body)
    }
}
