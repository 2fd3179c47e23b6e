import WeGOCore

struct MemberProfileView {
    let model: MemberProfilePage
    let context: PageContext
    private var profile: MemberDirectory.Profile { model.profile }
    private var reference: ReferenceData { model.reference }
    private var index: [IndexAppearance] { model.index }

    func render() -> HTML {
        let member = profile.member
        let unknown = context.t("member.unknown")
        let country = member.country.map { reference.countryName($0, context.language) } ?? context.t("member.country_unknown")
        let region = member.region.map { context.t("region.\($0.rawValue)") } ?? unknown
        let subtype = member.subtype.map { context.t("subtype.\($0.rawValue)") } ?? unknown
        let population = member.population.map { context.format.number($0) } ?? context.t("member.population_unknown")
        let location: String
        if let lat = member.latitude, let lon = member.longitude {
            location = "\(context.format.decimal(lat, fractionDigits: 2)), \(context.format.decimal(lon, fractionDigits: 2))"
        } else {
            location = context.t("member.location_unknown")
        }
        let roles: [HTML] = profile.roles.map { "<li>\(context.t("role.\($0.role.rawValue)")) (\($0.term))</li>" }
        let networks: [HTML] = profile.networks.map { "<li>\($0.name) (\($0.code))</li>" }
        let offices: [HTML] = profile.offices.map { "<li>\($0)</li>" }
        let rankings: [HTML] = index.map { entry in
            let rank =
                entry.rank.map { context.t("index.rank_of", ["rank": String($0), "total": context.format.number(entry.total)]) } ?? "—"
            return "<li><a href=\"\(entry.link.path)\">\(entry.title)</a>: \(context.t("index.rank")) \(rank)</li>"
        }
        let body: HTML = """
            <p class="breadcrumb"><a href="\(SiteURL.network(.members).path)">\(context.t("members.title"))</a></p>
            <h1>\(member.name)</h1>
            \(member.nameLocal.map { HTML("<p class=\"local-name\">\($0)</p>") })
            <dl class="facts">
            \(member.abbreviation.map { HTML("<dt>\(context.t("member.abbreviation"))</dt><dd>\($0)</dd>") })
            <dt>\(context.t("member.category"))</dt><dd>\(context.t("category.\(member.category.rawValue)"))</dd>
            <dt>\(context.t("member.subtype"))</dt><dd>\(subtype)</dd>
            <dt>\(context.t("member.region"))</dt><dd>\(region)</dd>
            <dt>\(context.t("member.country"))</dt><dd>\(country)</dd>
            <dt>\(context.t("member.population"))</dt><dd>\(population)</dd>
            \(member.metroPopulation.map { HTML("<dt>\(context.t("member.metro_population"))</dt><dd>\(context.format.number($0))</dd>") })
            <dt>\(context.t("member.location"))</dt><dd>\(location)</dd>
            <dt>\(context.t("member.founding"))</dt><dd>\(context.t(member.founding ? "common.yes" : "common.no"))</dd>
            </dl>
            \(roles.isEmpty ? .empty : HTML("<h2>\(context.t("member.roles"))</h2><ul>\(roles)</ul>"))
            \(offices.isEmpty ? .empty : HTML("<h2>\(context.t("member.offices"))</h2><ul>\(offices)</ul>"))
            \(networks.isEmpty ? .empty : HTML("<h2>\(context.t("member.networks"))</h2><ul>\(networks)</ul>"))
            \(rankings.isEmpty ? .empty : HTML("<h2>\(context.t("index.title"))</h2><ul id=\"index-rankings\">\(rankings)</ul>"))
            \(profile.note.map { HTML("<p class=\"muted\">\(context.t("member.source_note", ["note": $0]))</p>") })
            <p class="muted">\(context.t("member.data_sources"))</p>
            """
        return Layout.page(context, title: member.name, body: body)
    }
}
