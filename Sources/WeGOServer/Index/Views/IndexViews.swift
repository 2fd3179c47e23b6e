import Foundation
import WeGOCore
import WeGOIndex

/// The index's public pages. Scores are the engine's figures for the stored inputs; an edition
/// known only by its published ranks shows ranks and nothing else.
enum IndexViews {
    static func score(_ context: PageContext, _ value: Double?) -> String {
        value.map { context.format.decimal($0, fractionDigits: 2) } ?? "—"
    }

    static func regionLabel(_ context: PageContext, _ region: String) -> String {
        ["AF", "AN", "AS", "EU", "NA", "OC", "SA"].contains(region) ? context.t("continent.\(region)") : region
    }

    static func draftNotice(_ context: PageContext, _ edition: EditionSummary) -> HTML {
        guard edition.status == .draft else { return .empty }
        return """
            <p class="notice" role="status"><span class="status pending">\(context.t("index.status.draft"))</span> \
            \(context.t("index.draft_notice"))</p>
            """
    }

    static func memberBadge(_ context: PageContext, _ member: EditionMemberLink?) -> HTML {
        guard let member else { return .empty }
        return
            """
            <a class=\"badge\" href=\"\(SiteURL.network(.member(.value(member.slug))).path)\">\(context.t("index.wego_member"))<span \
            class=\"visually-hidden\">: \(member.name)</span></a>
            """
    }

    // MARK: Overview

    static func overview(_ page: IndexOverviewPage, _ context: PageContext) -> HTML {
        let editions = page.editions, framework = page.framework
        let items: [HTML] = editions.map { edition in
            let kind = context.t(edition.kind == .published ? "index.kind.published" : "index.kind.computed")
            return """
                <li><a href="\(SiteURL.index(.edition(.value(edition.slug))).path)">\(edition.title)</a>\(draftBadge(context, edition))
                <span class="facts">\(String(edition.year)) · \(kind)</span></li>
                """
        }
        let top = framework.aggregates.filter { $0.parent == nil }
        func branch(_ node: IndexNode) -> HTML {
            let children = framework.aggregates.filter { $0.parent == node.code }
            return "<li>\(node.name)\(children.isEmpty ? HTML.empty : HTML("<ul>\(children.map(branch))</ul>"))</li>"
        }
        let body: HTML = """
            <h1>\(context.t("index.title"))</h1>
            <p>\(context.t("index.intro"))</p>
            <h2>\(context.t("index.editions"))</h2>
            \(editions.isEmpty ? HTML("<p>\(context.t("index.no_editions"))</p>")
                : HTML("<ul class=\"member-list\" id=\"editions\">\(items)</ul>"))
            <h2>\(context.t("index.framework"))</h2>
            <p>\(context.t("index.framework_intro"))</p>
            <ul id="framework">\(top.map(branch))</ul>
            <p class="muted">\(context.t("index.framework_note"))</p>
            """
        return Layout.page(context, title: context.t("index.title"), body: body)
    }

    static func draftBadge(_ context: PageContext, _ edition: EditionSummary) -> HTML {
        edition.status == .draft ? " <span class=\"status pending\">\(context.t("index.status.draft"))</span>" : .empty
    }

    // MARK: Rankings

    static func publishedRanking(_ page: PublishedRankingPage, _ context: PageContext) -> HTML {
        let edition = page.edition, missing = page.missingRanks
        let top = page.entries.map(\.rank).max() ?? 0
        var rows: [HTML] = []
        for rank in 1 ... max(1, top) {
            if missing.contains(rank) {
                rows.append(
                    "<tr><td class=\"num\">\(rank)</td><td colspan=\"3\" class=\"muted\">\(context.t("index.rank_unknown"))</td></tr>")
            }
            for entry in page.entries where entry.rank == rank {
                let member = entry.member
                rows.append(
                    """
                    <tr\(member != nil ? HTML(trusted: " class=\"wego-member\"") : .empty)><td class="num">\(rank)</td><th \
                    scope="row">\(entry.city)</th>\
                    <td>\(page.reference.countryName(entry.country, context.language))</td><td>\(memberBadge(context, member))</td></tr>
                    """)
            }
        }
        let body: HTML = """
            <p><a href="\(SiteURL.index(.editions).path)">\(context.t("index.title"))</a></p>
            <h1>\(edition.title)</h1>
            \(draftNotice(context, edition))
            <p>\(context.t("index.published_only", ["count": context.format.number(edition.rankedCount ?? page.entries.count),
                                        "shown": context.format.number(page.entries.count)]))</p>
            \(edition.source.map { HTML("<p class=\"muted\">\(context.t("index.source")): \($0)</p>") })
            <p><a href="\(SiteURL.index(.ranking(.value(edition.slug))).path)" download>\(context.t("index.download_csv"))</a></p>
            <div class="table-wrap"><table id="ranking"><caption>\(context.t("index.ranking_caption", ["title": edition.title]))</caption>
            <thead><tr><th scope="col" class="num">\(context.t("index.rank"))</th><th scope="col">\(context.t("index.city"))</th>\
            <th scope="col">\(context.t("member.country"))</th><th scope="col">\(context.t("index.wego_member"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <p class="muted">\(context.t("index.published_below", ["rank": String(top)]))</p>
            """
        return Layout.page(context, title: edition.title, body: body)
    }

    static func ranking(_ page: RankingPage, _ context: PageContext) -> HTML {
        let (edition, computed, places, query) = (page.edition, page.computed, page.places, page.query)
        let ranking = computed.ranking
        let columns = [computed.results.structure.node(ranking.indexCode)].compactMap { $0 } + ranking.dimensions + ranking.pillars
        let shown = IndexRanking.order(
            ranking.rows.filter { query.region == nil || places[$0.code]?.region == query.region },
            by: query.sort, descending: query.descending)
        func header(_ key: String, _ label: String, numeric: Bool) -> HTML {
            let active = query.sortName == key
            let nextDescending = active ? !query.descending : (key != "rank" && key != "name")
            let href = SiteURL.index(.edition(.value(edition.slug))).with(query: [
                ("sort", key), ("order", nextDescending ? "desc" : "asc"), ("region", query.region),
            ])
            let sort: HTML = active ? HTML(trusted: " aria-sort=\"\(query.descending ? "descending" : "ascending")\"") : .empty
            return
                """
                <th scope=\"col\"\(numeric ? HTML(trusted: " class=\"num\"") : .empty)\(sort)><a class=\"sort\" \
                href=\"\(href)\">\(label)\(active ? HTML(trusted: query.descending ? " ↓" : " ↑") : .empty)</a></th>
                """
        }
        let rows: [HTML] = shown.map { row in
            let place = places[row.code]
            let cells: [HTML] = columns.map { "<td class=\"num\">\(score(context, row.scores[$0.code]))</td>" }
            return """
                <tr\(place?.member != nil ? HTML(trusted: " class=\"wego-member\"") : .empty)><td \
                class="num">\(row.rank.map(String.init) ?? "—")</td>\
                <th scope="row"><a \
                href="\(SiteURL.index(.unit(.value(edition.slug), .value(row.code))).path)">\(row.name)</a>\(memberBadge(context,
                    place?.member))</th>\
                <td>\(place?.region.map { regionLabel(context, $0) } ?? context.t("member.unknown"))</td>\(cells)</tr>
                """
        }
        let regions = Set(places.values.compactMap(\.region)).sorted().map { (value: $0, label: regionLabel(context, $0)) }
        let members = ranking.rows.filter { places[$0.code]?.member != nil }.count
        let body: HTML = """
            <p><a href="\(SiteURL.index(.editions).path)">\(context.t("index.title"))</a></p>
            <h1>\(edition.title)</h1>
            \(draftNotice(context, edition))
            <p>\(context.t(members == 0 ? "index.computed_intro_none" : "index.computed_intro",
                ["units": context.format.number(ranking.rows.count), "members": context.format.number(members)]))</p>
            \(edition.source.map { HTML("<p class=\"muted\">\(context.t("index.source")): \($0)</p>") })
            <ul class="admin-links">
            <li><a href="\(SiteURL.index(.methodology(.value(edition.slug))).path)">\(context.t("index.methodology"))</a></li>
            <li><a href="\(SiteURL.index(.ranking(.value(edition.slug))).path)" download>\(context.t("index.download_csv"))</a></li>
            </ul>
            <form class="filters" method="get" action="\(SiteURL.index(.edition(.value(edition.slug))).path)">
            \(FormViews.select(context, name: "region", label: context.t("member.region"), options: regions, selected: query.region,
                errors: [:], includeEmpty: context.t("index.all_regions")))
            <input type="hidden" name="sort" value="\(query.sortName)"><input type="hidden" name="order" \
            value="\(query.descending ? "desc" : "asc")">
            <div class="actions"><button type="submit">\(context.t("index.filter"))</button></div>
            </form>
            <p \
            role="status">\(context.t("index.showing", ["shown": context.format.number(shown.count),
                "total": context.format.number(ranking.rows.count)]))</p>
            <div class="table-wrap"><table id="ranking"><caption>\(context.t("index.ranking_caption", ["title": edition.title]))</caption>
            <thead><tr>\(header("rank", context.t("index.rank"), numeric: true))\(header("name", context.t("index.unit"), numeric: false))\
            <th scope="col">\(context.t("member.region"))</th>\(columns.map { header($0.code, $0.name, numeric: true) })</tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <p class="muted">\(context.t("index.sort_hint"))</p>
            """
        return Layout.page(context, title: edition.title, body: body)
    }

    // MARK: Profile

    static func profile(_ page: UnitProfilePage, _ context: PageContext) -> HTML {
        let (edition, computed, row, place, interval) = (page.edition, page.computed, page.row, page.place, page.interval)
        let reference = page.reference
        let ranking = computed.ranking, results = computed.results
        let plotted = ranking.pillars + ranking.dimensions
        let all = ranking.rows.flatMap { r in plotted.compactMap { r.scores[$0.code] } }
        let low = min(0, all.min() ?? 0), high = all.max() ?? 1
        func median(_ code: String) -> Double? {
            let values = ranking.rows.compactMap { $0.scores[code] }.sorted()
            guard !values.isEmpty else { return nil }
            return values.count % 2 == 1 ? values[values.count / 2] : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
        }
        let medianLabel = context.t("index.median_of_units")
        let pillarSummary = ranking.pillars.map { "\($0.name) \(score(context, row.scores[$0.code]))" }.joined(separator: "; ")
        let radar = IndexCharts.radar(
            id: "pillar-radar", title: context.t("index.radar_title", ["unit": row.name]),
            description: context.t("index.radar_desc", ["scores": pillarSummary]),
            axes: ranking.pillars.map(\.name),
            series: [
                .init(label: row.name, values: ranking.pillars.map { row.scores[$0.code] }),
                .init(label: medianLabel, values: ranking.pillars.map { median($0.code) }),
            ],
            low: low, high: high)
        let dimensionSummary = ranking.dimensions.map { "\($0.name) \(score(context, row.scores[$0.code]))" }.joined(separator: "; ")
        let bars =
            ranking.dimensions.isEmpty
            ? HTML.empty
            : IndexCharts.bars(
                id: "dimension-bars", title: context.t("index.bars_title", ["unit": row.name]),
                description: context.t("index.radar_desc", ["scores": dimensionSummary]),
                bars: ranking.dimensions.map {
                    (label: $0.name, value: row.scores[$0.code], comparison: median($0.code), text: score(context, row.scores[$0.code]))
                },
                low: low, high: high)
        let tableRows: [HTML] = plotted.map { node in
            """
            <tr><th scope="row">\(node.name)</th><td class="num">\(score(context, row.scores[node.code]))</td>\
            <td class="num">\(score(context, median(node.code)))</td><td \
            class="num">\(results.rank(of: row.code, on: node.code, dataset: results.names.last!).map(String.init) ?? "—")</td></tr>
            """
        }
        let total = context.format.number(ranking.rows.count)
        let strengths = results.strengths(of: row.code)
        func indicatorList(_ codes: [String], id: String) -> HTML {
            let items: [HTML] = codes.compactMap { code in
                guard let node = results.structure.node(code) else { return nil }
                let rank =
                    results.rank(of: row.code, on: code).map { context.t("index.rank_of", ["rank": String($0), "total": total]) } ?? ""
                return "<li>\(node.name) <span class=\"muted\">(\(rank))</span></li>"
            }
            return "<ol id=\"\(id)\">\(items)</ol>"
        }
        let intervalText: HTML =
            if let interval {
                """
                <p \
                id="rank-interval">\(context.t("index.interval", ["low": String(Int(interval.low.rounded())),
                    "high": String(Int(interval.high.rounded())),
                                                                   "median": context.format.decimal(interval.median,
                                                                       fractionDigits: 1)]))</p>
                <p class="muted">\(context.t("index.interval_note", ["runs": String(ComputedEdition.uncertaintyRuns)])) <a \
                href="\(SiteURL.index(.methodology(.value(edition.slug))).path)#uncertainty">\(context.t("index.methodology"))</a></p>
                """
            } else {
                "<p id=\"rank-interval\">\(context.t("index.no_interval"))</p>"
            }
        let memberLine: HTML =
            if let member = place?.member {
                """
                <p id=\"member-link\">\(context.t("index.is_member")) <a \
                href=\"\(SiteURL.network(.member(.value(member.slug))).path)\">\(member.name)</a></p>
                """
            } else {
                "<p id=\"member-link\" class=\"muted\">\(context.t("index.not_member"))</p>"
            }
        let body: HTML = """
            <p><a href="\(SiteURL.index(.edition(.value(edition.slug))).path)">\(edition.title)</a></p>
            <h1>\(row.name)</h1>
            \(draftNotice(context, edition))
            <dl class="facts">
            <dt>\(context.t("index.rank"))</dt><dd \
            id="unit-rank">\(row.rank.map { context.t("index.rank_of", ["rank": String($0), "total": total]) } ?? "—")</dd>
            <dt>\(results.structure.node(ranking.indexCode)?.name ?? ranking.indexCode)</dt>\
            <dd>\(score(context, row.scores[ranking.indexCode]))</dd>
            <dt>\(context.t("member.country"))</dt>\
            <dd>\(place?.country.map { reference.countryName($0, context.language) } ?? context.t("member.unknown"))</dd>
            <dt>\(context.t("member.region"))</dt><dd>\(place?.region.map { regionLabel(context, $0) } ?? context.t("member.unknown"))</dd>
            </dl>
            \(memberLine)
            <h2>\(context.t("index.uncertainty"))</h2>
            \(intervalText)
            <h2>\(context.t("index.profile_scores"))</h2>
            <ul class="chart-key"><li><span class="key-series"></span>\(row.name)</li><li><span class="key-comparison">\
            </span>\(medianLabel)</li></ul>
            <div class="figures">
            <figure>\(radar)<figcaption>\(context.t("index.radar_caption"))</figcaption></figure>
            \(ranking.dimensions.isEmpty ? HTML.empty
                : HTML("<figure>\(bars)<figcaption>\(context.t("index.bars_caption"))</figcaption></figure>"))
            </div>
            <div class="table-wrap"><table id="scores"><caption>\(context.t("index.scores_caption", ["unit": row.name]))</caption>
            <thead><tr><th scope="col">\(context.t("index.component"))</th><th scope="col" class="num">\(context.t("index.score"))</th>\
            <th scope="col" class="num">\(medianLabel)</th><th scope="col" class="num">\(context.t("index.rank"))</th></tr></thead>
            <tbody>\(tableRows)</tbody></table></div>
            <div class="figures">
            <section><h2>\(context.t("index.strengths"))</h2>\(indicatorList(strengths?.strongest ?? [], id: "strengths"))</section>
            <section><h2>\(context.t("index.weaknesses"))</h2>\(indicatorList(strengths?.weakest ?? [], id: "weaknesses"))</section>
            </div>
            <p class="muted">\(context.t("index.strengths_note"))</p>
            """
        return Layout.page(context, title: "\(row.name) · \(edition.title)", body: body)
    }

    // MARK: Methodology

    static func stepDescription(_ context: PageContext, _ operation: Pipeline.Operation) -> String {
        let f = context.format
        switch operation {
        case .denominate: return context.t("index.step.denominate")
        case .impute(let method, let group):
            return context.t(
                "index.step.impute", ["method": context.t("index.impute.\(method.rawValue)") + (group.map { " (\($0))" } ?? "")])
        case .screen(let minimum):
            return context.t("index.step.screen", ["share": f.decimal(minimum * 100, fractionDigits: 0)])
        case .treat(let winmax, let skew, let kurtosis):
            return context.t(
                "index.step.treat",
                ["winmax": String(winmax), "skew": f.decimal(skew, fractionDigits: 1), "kurtosis": f.decimal(kurtosis, fractionDigits: 1)])
        case .normalise(let method):
            let detail: String =
                switch method {
                case .minMax(let low, let high):
                    context.t(
                        "index.normalise.minMax", ["low": f.decimal(low, fractionDigits: 0), "high": f.decimal(high, fractionDigits: 0)])
                case .zScore(let mean, let sd):
                    context.t(
                        "index.normalise.zScore", ["mean": f.decimal(mean, fractionDigits: 1), "sd": f.decimal(sd, fractionDigits: 1)])
                case .rank: context.t("index.normalise.rank")
                case .percentRank: context.t("index.normalise.percentRank")
                case .distToMax: context.t("index.normalise.distToMax")
                case .distToTarget: context.t("index.normalise.distToTarget")
                case .goalposts: context.t("index.normalise.goalposts")
                }
            return context.t("index.step.normalise", ["method": detail])
        case .aggregate(let method):
            let detail: String =
                switch method {
                case .arithmeticMean: context.t("index.aggregate.arithmeticMean")
                case .geometricMean: context.t("index.aggregate.geometricMean")
                case .harmonicMean: context.t("index.aggregate.harmonicMean")
                case .generalisedMean(let p): context.t("index.aggregate.generalisedMean", ["p": f.decimal(p, fractionDigits: 1)])
                }
            return context.t("index.step.aggregate", ["method": detail])
        }
    }

    static func methodology(_ page: MethodologyPage, _ context: PageContext) -> HTML {
        let (edition, computed, assumptions) = (page.edition, page.computed, page.assumptions)
        let structure = computed.results.structure
        let f = context.format
        func branch(_ node: IndexNode) -> HTML {
            let children = structure.children(of: node.code)
            if node.kind == .indicator {
                let direction = context.t(node.direction > 0 ? "index.direction.up" : "index.direction.down")
                let facts = [
                    node.unit.isEmpty ? nil : node.unit, direction,
                    context.t("index.weight", ["weight": f.decimal(node.weight, fractionDigits: 2)]),
                    node.denominator.map { context.t("index.per", ["denominator": $0]) },
                ].compactMap { $0 }.joined(separator: " · ")
                return "<li>\(node.name) <code>\(node.code)</code> <span class=\"muted\">\(facts)</span></li>"
            }
            return
                """
                <li><strong>\(node.name)</strong> <span \
                class=\"muted\">\(context.t("index.weight", ["weight": f.decimal(node.weight, fractionDigits: 2)]))</span>\
                <ul>\(children.map(branch))</ul></li>
                """
        }
        let steps: [HTML] = computed.pipeline.steps.map { "<li>\(stepDescription(context, $0.operation))</li>" }
        let treated = computed.results.treatment.filter { $0.action != .none }
        let treatedRows: [HTML] = treated.map { record in
            let action: String =
                switch record.action {
                case .none: ""
                case .winsorised(_, let count): context.t("index.treat.winsorised", ["count": String(count)])
                case .logTransformed: context.t("index.treat.logged")
                case .skipped: context.t("index.treat.skipped")
                }
            return """
                <tr><th scope="row">\(structure.node(record.indicator)?.name ?? record.indicator)</th>\
                <td class="num">\(f.decimal(record.skewness, fractionDigits: 2))</td><td \
                class="num">\(f.decimal(record.kurtosis, fractionDigits: 2))</td><td>\(action)</td></tr>
                """
        }
        let excluded = computed.results.screening.filter { !$0.included }.map(\.unit)
        let assumptionItems: [HTML] = (assumptions?.assumptions ?? []).map { "<li>\($0.name)</li>" }
        let body: HTML = """
            <p><a href="\(SiteURL.index(.edition(.value(edition.slug))).path)">\(edition.title)</a></p>
            <h1>\(context.t("index.methodology_title", ["title": edition.title]))</h1>
            <p>\(context.t("index.methodology_intro"))</p>
            <h2>\(context.t("index.steps"))</h2>
            <ol id="steps">\(steps)</ol>
            \(excluded.isEmpty ? HTML.empty
                : HTML("<p>\(context.t("index.screened_out", ["units": excluded.joined(separator: ", ")]))</p>"))
            <h2>\(context.t("index.treated"))</h2>
            \(treated.isEmpty ? HTML("<p>\(context.t("index.treated_none"))</p>") : """
            <div class="table-wrap"><table id="treated"><caption class="visually-hidden">\(context.t("index.treated"))</caption>
            <thead><tr><th scope="col">\(context.t("index.indicator"))</th><th scope="col" class="num">\(context.t("index.skewness"))</th>\
            <th scope="col" class="num">\(context.t("index.kurtosis"))</th><th scope="col">\(context.t("index.treatment"))</th></tr></thead>
            <tbody>\(treatedRows)</tbody></table></div>
            """)
            <h2>\(context.t("index.structure"))</h2>
            <ul id="structure">\(structure.nodes(atLevel: structure.levels).map(branch))</ul>
            <h2 id="uncertainty">\(context.t("index.uncertainty"))</h2>
            \(assumptions == nil ? HTML("<p>\(context.t("index.no_interval"))</p>") : """
            <p>\(context.t("index.uncertainty_intro", ["runs": String(ComputedEdition.uncertaintyRuns),
                "seed": String(ComputedEdition.uncertaintySeed)]))</p>
            <ul>\(assumptionItems)</ul>
            """)
            """
        return Layout.page(context, title: context.t("index.methodology_title", ["title": edition.title]), body: body)
    }
}
