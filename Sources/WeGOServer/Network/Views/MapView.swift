import WeGOCore

struct MapView {
    let model: MapPage
    let context: PageContext
    private var members: [MemberSummary] { model.members }
    private var unlocated: Int { model.unlocated }
    private var offices: [OfficeSummary] { model.offices }
    private var reference: ReferenceData { model.reference }

    func render() -> HTML {
        let located = members
        // Markers carry no links: an SVG with role="img" is one picture to a screen reader, and
        // links inside it would be unreachable (axe nested-interactive). The table below links each member.
        var markers = located.map { m in
            MapMarker(
                id: "m-\(m.slug)", label: m.name, latitude: m.latitude!, longitude: m.longitude!,
                kind: m.category.rawValue, isOffice: false, href: nil)
        }
        for office in offices {
            guard let host = office.host, let lat = host.latitude, let lon = host.longitude else { continue }
            let label = office.isSecretariat ? context.t("offices.secretariat") : office.name
            markers.append(
                MapMarker(
                    id: "o-\(TextFolding.slug(office.name))", label: "\(label) (\(office.city))",
                    latitude: lat, longitude: lon, kind: "office", isOffice: true, href: nil))
        }
        let names = reference.names[context.language] ?? [:]
        let description = context.t(
            "map.description",
            [
                "located": context.format.number(located.count), "total": context.format.number(located.count + unlocated),
                "offices": context.format.number(offices.count),
            ])
        let svg = model.worldMap.render(
            markers,
            options: .init(
                id: "world-map", title: context.t("map.title"), description: description,
                memberCountries: Set(members.compactMap(\.country)), countryNames: names))
        let legend: [HTML] =
            MemberCategory.allCases.map {
                "<li><span class=\"swatch \($0.rawValue)\" aria-hidden=\"true\"></span>\(context.t("category.\($0.rawValue)"))</li>"
            } + ["<li><span class=\"swatch office\" aria-hidden=\"true\"></span>\(context.t("map.office"))</li>"]
        let rows: [HTML] = members.map { m in
            let country = m.country.map { reference.countryName($0, context.language) } ?? context.t("member.country_unknown")
            let latitude = context.format.decimal(m.latitude ?? 0, fractionDigits: 2)
            let longitude = context.format.decimal(m.longitude ?? 0, fractionDigits: 2)
            let position = "\(latitude), \(longitude)"
            return
                """
                <tr><th scope=\"row\"><a href=\"\(SiteURL.network(.member(.value(m.slug))).path)\">\(m.name)</a></th>\
                <td>\(context.t("category.\(m.category.rawValue)"))</td><td>\(country)</td><td>\(position)</td></tr>
                """
        }
        let unlocatedNote: HTML =
            unlocated > 0
            ? """
            <p class="muted">\(context.t("map.unlocated", ["count": context.format.number(unlocated)])) \
            <a href="\(SiteURL.network(.members).path)">\(context.t("map.see_directory"))</a></p>
            """ : .empty
        let body: HTML = """
            <h1>\(context.t("map.title"))</h1>
            <p class="lead">\(description)</p>
            <figure class="map-figure">\(HTML(trusted: svg))
            <figcaption><ul class="legend">\(legend)</ul></figcaption></figure>
            \(unlocatedNote)
            <h2 id="map-table-heading">\(context.t("map.table_title"))</h2>
            <div class="table-wrap"><table id="map-table" aria-labelledby="map-table-heading">
            <thead><tr><th scope="col">\(context.t("member.name"))</th><th scope="col">\(context.t("member.category"))</th><th \
            scope="col">\(context.t("member.country"))</th><th scope="col">\(context.t("member.location"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <p class="muted">\(context.t("map.sources"))</p>
            """
        return Layout.page(context, title: context.t("map.title"), body: body)
    }
}
