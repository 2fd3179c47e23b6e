import Vapor
import WeGOCore

/// What every page needs from the request: language, formatting, the signed-in user, a CSRF
/// token when the page has forms, and the current path for the language switcher.
struct PageContext: Sendable {
    let language: Language
    let catalog: Catalog
    let format: LocalFormat
    let user: SignedInUser?
    let csrfToken: String?
    let path: String
    let requestID: String

    init(_ request: Request) {
        language = request.language
        catalog = request.catalog
        format = LocalFormat(language: language)
        user = request.user
        csrfToken = request.session?.csrfToken
        path = request.url.string
        requestID = request.id
    }

    /// A page outside any request, for tests that render a view from a page model they built.
    init(catalog: Catalog, user: SignedInUser? = nil, csrfToken: String? = nil, path: String = "/", requestID: String = "test") {
        language = catalog.language
        self.catalog = catalog
        format = LocalFormat(language: catalog.language)
        self.user = user
        self.csrfToken = csrfToken
        self.path = path
        self.requestID = requestID
    }

    func t(_ key: String, _ arguments: [String: String] = [:]) -> String { catalog.text(key, arguments) }

    /// The hidden field every state-changing form carries.
    var csrfField: HTML {
        "<input type=\"hidden\" name=\"\(CSRFMiddleware.fieldName)\" value=\"\(csrfToken ?? "")\">"
    }
}

enum Layout {
    static let navigation: [(SiteURL, String)] = [
        (.home, "nav.home"), (.network(.members), "nav.members"), (.network(.map), "nav.map"),
        (.network(.governance), "nav.governance"), (.network(.offices), "nav.offices"), (.index(.editions), "nav.index"),
        (.matching(.hub), "nav.matching"), (.membership(.fees), "nav.fees"), (.membership(.apply), "nav.apply"),
        (.network(.contact), "nav.contact"),
    ]

    static func page(_ context: PageContext, title: String, body: HTML) -> HTML {
        let currentPath = context.path.split(separator: "?").first.map(String.init) ?? "/"
        let nav: [HTML] = navigation.map { url, key in
            let current = url.path == currentPath || (url != .home && currentPath.hasPrefix(url.path + "/"))
            return "<li><a href=\"\(url.path)\"\(current ? HTML(trusted: " aria-current=\"page\"") : .empty)>\(context.t(key))</a></li>"
        }
        let languages: [HTML] = Language.allCases.map { language in
            let href = SiteURL.language.with(query: [("lang", language.rawValue), ("return", context.path)])
            let selected = language == context.language
            return
                """
                <li><a href=\"\(href)\" hreflang=\"\(language.rawValue)\" \
                lang=\"\(language.rawValue)\"\(selected ? HTML(trusted: " aria-current=\"true\"") : .empty)>\(language.endonym)</a></li>
                """
        }
        let account: HTML
        if let user = context.user {
            account = """
                <a href="\(SiteURL.admin(.dashboard).path)">\(user.displayName)</a> <a \
                href="\(SiteURL.account.path)">\(context.t("nav.account"))</a>
                <form id="sign-out-form" method="post" action="\(SiteURL.signOut.path)">\(context.csrfField)<button \
                type="submit">\(context.t("nav.sign_out"))</button></form>
                """
        } else {
            account = "<a href=\"\(SiteURL.signIn.path)\">\(context.t("nav.sign_in"))</a>"
        }
        return """
            <!doctype html>
            <html lang="\(context.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · WeGO</title>
            <link rel="stylesheet" href="\(SiteURL.stylesheet.path)">
            <link rel="icon" href="\(SiteURL.favicon.path)" type="image/svg+xml">
            </head>
            <body>
            <a class="skip-link" href="#main">\(context.t("nav.skip"))</a>
            <header class="site-header">
            <a class="brand" href="/">WeGO<span class="brand-sub">\(context.t("site.name"))</span></a>
            <nav aria-label="\(context.t("nav.label"))"><ul class="nav">\(nav)</ul></nav>
            <div class="account">\(account)</div>
            <nav id="language-switcher" aria-label="\(context.t("nav.language"))"><ul>\(languages)</ul></nav>
            </header>
            <main id="main" tabindex="-1">
            \(body)
            </main>
            <footer class="site-footer">
            <p>\(context.t("footer.about"))</p>
            <p>\(context.t("footer.data"))</p>
            </footer>
            </body>
            </html>
            """
    }

    /// An error page; it names the request id so a report can be traced, and nothing internal.
    static func errorPage(_ context: PageContext, status: HTTPStatus, message: String) -> HTML {
        page(
            context, title: context.t("error.title", ["status": String(status.code)]),
            body: """
                <h1>\(context.t("error.title", ["status": String(status.code)]))</h1>
                <p>\(message)</p>
                <p class="muted">\(context.t("error.request_id", ["id": context.requestID]))</p>
                <p><a href="/">\(context.t("error.home"))</a></p>
                """)
    }
}
