import WeGOCore

enum AboutViews {
    /// The programs the platform runs so far, linked from their cards on the home page.
    static let programPages: [String: String] = [
        "index": SiteURL.index(.editions).path, "c2c": SiteURL.matching(.cycles).path, "c2corp": SiteURL.matching(.hub).path,
        "implementer": SiteURL.matching(.hub).with(query: [("kind", "proposal")]),
    ]

    static func home(_ page: HomePage, _ context: PageContext) -> HTML {
        let figures = page.figures, namedMembers = page.namedMembers
        let f = context.format
        let total = figures.flatMap { figures in figures.total.map { (value: $0, asOf: figures.asOf) } }
        func category(_ key: String) -> String {
            figures?.value(scope: "category", key: key).map { f.number($0) } ?? "—"
        }
        let priorities: [HTML] = (1 ... 4).map { i in
            let key = "home.priority" + String(i)
            return "<li><h3>\(context.t(key + ".title"))</h3><p>\(context.t(key + ".text"))</p></li>"
        }
        let programs: [HTML] = ["ga", "prize", "champions", "index", "c2c", "c2corp", "implementer"].map { name in
            let key = "home.program." + name
            let title = context.t(key + ".title")
            let heading: HTML = programPages[name].map { "<a href=\"\($0)\">\(title)</a>" } ?? HTML("\(title)")
            return "<li><h3>\(heading)</h3><p>\(context.t(key + ".text"))</p></li>"
        }
        let visionItems: [HTML] = (1 ... 4).map { "<li>\(context.t("home.vision.item\($0)"))</li>" }
        let missionItems: [HTML] = (1 ... 3).map { "<li>\(context.t("home.mission.item\($0)"))</li>" }
        let body: HTML = """
            <section class="hero">
            <h1>\(context.t("home.title"))</h1>
            <p class="lead">\(context.t("home.overview"))</p>
            \(total.map { HTML("""
                <p class=\"figures\">\
                <strong>\(f.number($0.value))</strong> \(context.t("home.members_reported", ["as_of": f.yearMonth($0.asOf)])) \
                · \(context.t("category.local_government")) \(category("local_government")) \
                · \(context.t("category.institution")) \(category("institution")) \
                · \(context.t("category.corporation")) \(category("corporation"))</p>
                """) })
            <p><a class="button" href="\(SiteURL.network(.members).path)">\(context.t("home.browse", ["count": f.number(namedMembers)]))</a>
            <a class="button secondary" href="\(SiteURL.network(.map).path)">\(context.t("home.see_map"))</a></p>
            </section>
            <section><h2>\(context.t("home.vision.title"))</h2><p>\(context.t("home.vision.intro"))</p><ul>\(visionItems)</ul>\
            <p>\(context.t("home.vision.outro"))</p></section>
            <section><h2>\(context.t("home.mission.title"))</h2><ul>\(missionItems)</ul></section>
            <section><h2>\(context.t("home.priorities.title"))</h2><ul class="cards">\(priorities)</ul></section>
            <section><h2>\(context.t("home.programs.title"))</h2><ul class="cards">\(programs)</ul></section>
            <p class="muted">\(context.t("home.source"))</p>
            """
        return Layout.page(context, title: context.t("home.title"), body: body)
    }

    static func governance(_ page: GovernancePage, _ context: PageContext) -> HTML {
        let reference = page.reference
        func members(_ role: GovernanceRole) -> [HTML] {
            page.seats.filter { $0.role == role }
                .sorted { TextFolding.fold($0.member.name) < TextFolding.fold($1.member.name) }
                .map { seat in
                    let country = seat.member.country.map { " (\(reference.countryName($0, context.language)))" } ?? ""
                    return
                        "<li><a href=\"\(SiteURL.network(.member(.value(seat.member.slug))).path)\">\(seat.member.name)</a>\(country)</li>"
                }
        }
        let term = page.seats.first?.term ?? ""
        let sections: [HTML] = GovernanceRole.allCases.map { role in
            "<section><h2>\(context.t("role.\(role.rawValue).plural"))</h2><ul>\(members(role))</ul></section>"
        }
        let bodies: [HTML] = ["ga", "excom", "president", "evp"].map { "<li>\(context.t("governance.how.\($0)"))</li>" }
        let founderItems: [HTML] = page.founders.map { founder in
            let country = founder.country.map { " (\(reference.countryName($0, context.language)))" } ?? ""
            if let slug = founder.memberSlug {
                return "<li><a href=\"\(SiteURL.network(.member(.value(slug))).path)\">\(founder.name)</a>\(country)</li>"
            }
            return "<li>\(founder.name)\(country) <span class=\"muted\">(\(context.t("governance.founding.former")))</span></li>"
        }
        let current = page.founders.filter { $0.memberSlug != nil }.count
        let body: HTML = """
            <h1>\(context.t("governance.title"))</h1>
            <p class="lead">\(context.t("governance.term", ["term": term]))</p>
            \(sections)
            <section><h2>\(context.t("governance.how.title"))</h2><ul>\(bodies)</ul></section>
            <section id="founding-members"><h2>\(context.t("governance.founding.title"))</h2>
            <p>\(context.t("governance.founding.intro", ["current": context.format.number(current)]))</p>
            <ul class="columns">\(founderItems)</ul></section>
            """
        return Layout.page(context, title: context.t("governance.title"), body: body)
    }

    static func offices(_ page: OfficesPage, _ context: PageContext) -> HTML {
        let officeItems: [HTML] = page.offices.map { office in
            let country = office.country.map { page.reference.countryName($0, context.language) }
            let city: HTML =
                office.host.map { "<a href=\"\(SiteURL.network(.member(.value($0.slug))).path)\">\(office.city)</a>" } ?? "\(office.city)"
            return """
                <li><h3>\(office.isSecretariat ? context.t("offices.secretariat") : office.name)</h3>
                <p>\(city)\(country.map { HTML(", \($0)") })</p>\(office.address.map { HTML("<p>\($0)</p>") })</li>
                """
        }
        let networkItems: [HTML] = page.networks.map { network in
            """
            <li><h3>\(network.name) (\(network.code))</h3>\(network.description.map { HTML("<p>\($0)</p>") })\
            <p class="muted">\(context.t("networks.rule.\(network.code.lowercased())"))</p></li>
            """
        }
        let partnerItems: [HTML] = page.partners.map { "<li>\($0.name)\($0.fullName.map { HTML(" — \($0)") })</li>" }
        let body: HTML = """
            <h1>\(context.t("offices.title"))</h1>
            <p class="lead">\(context.t("offices.intro"))</p>
            <ul class="cards">\(officeItems)</ul>
            <h2>\(context.t("networks.title"))</h2>
            <ul class="cards">\(networkItems)</ul>
            <h2>\(context.t("partners.title"))</h2>
            <ul class="columns">\(partnerItems)</ul>
            """
        return Layout.page(context, title: context.t("offices.title"), body: body)
    }

    static func contact(_ page: ContactPage, _ context: PageContext) -> HTML {
        let details: HTML
        if let office = page.secretariat {
            details = """
                <address>
                <p><strong>\(context.t("offices.secretariat"))</strong></p>
                \(office.address.map { HTML("<p>\($0)</p>") })
                \(office.phone.map { HTML("<p>\(context.t("contact.phone")): <a href=\"tel:+\($0.filter(\.isNumber))\">+\($0)</a></p>") })
                \(office.fax.map { HTML("<p>\(context.t("contact.fax")): +\($0)</p>") })
                \(office.email.map { HTML("<p>\(context.t("contact.email")): <a href=\"mailto:\($0)\">\($0)</a></p>") })
                </address>
                """
        } else {
            details = "<p>\(context.t("contact.missing"))</p>"
        }
        let body: HTML = """
            <h1>\(context.t("contact.title"))</h1>
            <p class="lead">\(context.t("contact.intro"))</p>
            \(details)
            """
        return Layout.page(context, title: context.t("contact.title"), body: body)
    }
}
