import Foundation
import WeGOCore
import WeGOMatching

/// The pages of what members post: the list, the form, and an item with its suggestions.
enum MatchingViews {
    static func kindLabel(_ context: PageContext, _ kind: MatchItemKind) -> String { context.t("match.kind.\(kind.rawValue)") }

    static func tagLabel(_ context: PageContext, _ code: String) -> String {
        code.hasPrefix("sdg-") ? context.t("sdg.\(code)") : context.t("domain.\(code)")
    }

    /// A language's name in the reader's language ("Spanish", "스페인어").
    static func languageName(_ context: PageContext, _ code: String) -> String {
        Locale(identifier: context.language.rawValue).localizedString(forIdentifier: code) ?? code
    }

    static func owner(_ context: PageContext, _ item: MatchItemRow) -> HTML {
        guard let name = item.memberName, let slug = item.memberSlug else { return HTML("\(item.funder)") }
        return "<a href=\"\(SiteURL.network(.member(.value(slug))).path)\">\(name)</a>"
    }

    // MARK: Hub

    static func hub(_ context: PageContext, items: [MatchItemRow], kind: MatchItemKind?, domain: String?, postable: [MatchItemKind]) -> HTML
    {
        let kindOptions: [(value: String, label: String)] = MatchItemKind.allCases.map { ($0.rawValue, kindLabel(context, $0)) }
        let ownLinks: HTML = """
            <p><a href="\(SiteURL.matching(.meetings).path)">\(context.t("match.meetings.title"))</a> · \
            <a href="\(SiteURL.matching(.cycles).path)">\(context.t("match.cycles.title"))</a></p>
            """
        let domainOptions: [(value: String, label: String)] =
            Taxonomy.domains.map { ($0.code, tagLabel(context, $0.code)) }
            + Taxonomy.sdgs.map { ($0, tagLabel(context, $0)) }
        let rows: [HTML] = items.map { item in
            """
            <li><a href="\(SiteURL.matching(.item(.value(item.id))).path)" lang="\(item.language)">\(item.title)</a>
            <span class="facts">\(kindLabel(context, item.kind)) \
            · \(owner(context, item))\(item.visibility == .public ? HTML.empty
                : HTML(" · \(context.t("match.visibility.\(item.visibility.rawValue)"))"))</span></li>
            """
        }
        let post: [HTML] = postable.map {
            """
            <li><a class=\"button\" \
            href=\"\(SiteURL.matching(.new).with(query: [("kind", $0.rawValue)]))\">\(context.t("match.post.\($0.rawValue)"))</a></li>
            """
        }
        let body: HTML = """
            <h1>\(context.t("match.title"))</h1>
            <p>\(context.t("match.intro"))</p>
            \(post.isEmpty ? (context.user == nil ? HTML("<p>\(context.t("match.sign_in_to_post"))</p>") : .empty)
                : HTML("<ul class=\"actions\">\(post)</ul>"))
            \(context.user == nil ? HTML.empty : ownLinks)
            <form id="filter-form" method="get" action="\(SiteURL.matching(.hub).path)" class="filters">
            \(FormViews.select(context, name: "kind", label: context.t("match.field.kind"), options: kindOptions, selected: kind?.rawValue,
                errors: [:], includeEmpty: context.t("match.all_kinds")))
            \(FormViews.select(context, name: "domain", label: context.t("match.field.domain_filter"), options: domainOptions,
                selected: domain, errors: [:], includeEmpty: context.t("match.all_domains")))
            <button type="submit">\(context.t("match.filter"))</button>
            </form>
            <h2>\(context.t("match.items_heading", ["count": context.format.number(items.count)]))</h2>
            \(items.isEmpty ? HTML("<p>\(context.t("match.no_items"))</p>")
                : HTML("<ul class=\"member-list\" id=\"match-items\">\(rows)</ul>"))
            """
        return Layout.page(context, title: context.t("match.title"), body: body)
    }

    // MARK: Form

    /// Checkboxes for the taxonomy, grouped by sector so a long list stays scannable.
    static func taxonomyPicker(_ context: PageContext, draft: MatchItemDraft, errors: [String: String]) -> HTML {
        func box(_ name: String, _ code: String, checked: Bool) -> HTML {
            let id = "\(name)-\(code)"
            return
                """
                <input type=\"checkbox\" id=\"\(id)\" name=\"\(name)[]\" \
                value=\"\(code)\"\(checked ? HTML(trusted: " checked") : .empty)> <label \
                for=\"\(id)\">\(tagLabel(context, code))</label>
                """
        }
        let sectors: [HTML] = Taxonomy.sectors.map { sector in
            let children: [HTML] = Taxonomy.domains.filter { $0.sector == sector }.map {
                "<li>\(box("domains", $0.code, checked: draft.domains.contains($0.code)))</li>"
            }
            return "<li>\(box("domains", sector, checked: draft.domains.contains(sector)))<ul>\(children)</ul></li>"
        }
        let standalone: [HTML] = Taxonomy.domains.filter { $0.sector == nil && !Taxonomy.sectors.contains($0.code) }
            .map { "<li>\(box("domains", $0.code, checked: draft.domains.contains($0.code)))</li>" }
        let goals: [HTML] = Taxonomy.sdgs.map { "<li>\(box("sdgs", $0, checked: draft.sdgs.contains($0)))</li>" }
        func error(_ name: String) -> HTML {
            errors[name].map { HTML("<p class=\"field-error\" id=\"\(name)-error\">\($0)</p>") } ?? .empty
        }
        return """
            <fieldset id="domains" class="field\(errors["domains"] != nil ? " has-error" : "")">\
            <legend>\(context.t("match.field.domains"))</legend>
            \(error("domains"))<ul class="checklist">\(sectors)\(standalone)</ul></fieldset>
            <fieldset id="sdgs" class="field\(errors["sdgs"] != nil ? " has-error" : "")"><legend>\(context.t("match.field.sdgs"))</legend>
            \(error("sdgs"))<ul class="checklist columns">\(goals)</ul></fieldset>
            """
    }

    /// The form for a new item (`itemID` nil) or for editing one.
    static func form(_ context: PageContext, draft: MatchItemDraft, itemID: UUID?, errors: [String: String]) -> HTML {
        let kind = draft.kind
        let action = itemID.map { SiteURL.matching(.itemEdit(.value($0))).path } ?? SiteURL.matching(.new).path
        let interface = Language.allCases.map(\.rawValue)
        let languages: [(value: String, label: String)] = (interface + MatchDocument.languages.subtracting(interface).sorted())
            .map { ($0, languageName(context, $0)) }
        let stages: [(value: String, label: String)] = MatchStage.allCases.map { ($0.rawValue, context.t("match.stage.\($0.rawValue)")) }
        let visibilities: [(value: String, label: String)] = MatchVisibility.allCases.map {
            ($0.rawValue, context.t("match.visibility.\($0.rawValue)"))
        }
        func area(_ name: String, _ value: String, hint: Bool = false) -> HTML {
            FormViews.textarea(
                context, name: name, label: context.t("match.field.\(name)"), value: value, errors: errors,
                hint: hint ? context.t("match.hint.\(name)") : nil)
        }
        var specific: [HTML] = []
        switch kind {
        case .project: specific = [area("partners", draft.partners), area("results", draft.results)]
        case .solution:
            specific = [
                area("references", draft.references, hint: true), area("regions_served", draft.regionsServed),
                area("languages_served", draft.languagesServed),
            ]
        case .funding:
            specific = [
                FormViews.input(
                    context, name: "funder", label: context.t("match.field.funder"), value: draft.funder, errors: errors, required: true),
                area("eligibility", draft.eligibility),
                FormViews.input(
                    context, name: "deadline", label: context.t("match.field.deadline"), value: draft.deadline, type: "date",
                    errors: errors,
                    hint: context.t("match.hint.deadline")),
                FormViews.input(context, name: "amount", label: context.t("match.field.amount"), value: draft.amount, errors: errors),
            ]
        case .proposal: specific = [area("partners", draft.partners)]
        case .challenge: specific = []
        }
        let title = itemID == nil ? context.t("match.post.\(kind.rawValue)") : context.t("match.edit_title", ["title": draft.title])
        let body: HTML = """
            <h1>\(title)</h1>
            \(FormViews.errorSummary(context, errors: errors))
            <form id="item-form" method="post" action="\(action)" novalidate>
            \(context.csrfField)
            <input type="hidden" name="kind" value="\(kind.rawValue)">
            \(FormViews.input(context, name: "title", label: context.t("match.field.title"), value: draft.title, errors: errors,
                required: true,
                          extra: HTML(" maxlength=\"\(MatchItemDraft.maximumTitleLength)\"")))
            \(FormViews.textarea(context, name: "description", label: context.t("match.field.description.\(kind.rawValue)"),
                value: draft.description,
                             errors: errors, hint: context.t("match.hint.description"), maxLength: MatchItemDraft.maximumFieldLength))
            \(FormViews.select(context, name: "language", label: context.t("match.field.language"), options: languages,
                selected: draft.language, errors: errors))
            \(kind.hasStage ? FormViews.select(context, name: "stage", label: context.t("match.field.stage"), options: stages,
                selected: draft.stage?.rawValue,
                                           errors: errors, includeEmpty: context.t("match.choose")) : .empty)
            \(specific)
            \(taxonomyPicker(context, draft: draft, errors: errors))
            \(FormViews.select(context, name: "visibility", label: context.t("match.field.visibility"), options: visibilities,
                selected: draft.visibility.rawValue, errors: errors))
            <p class="hint">\(context.t("match.hint.visibility"))</p>
            <button type="submit">\(context.t(itemID == nil ? "match.publish" : "match.save"))</button>
            </form>
            """
        return Layout.page(context, title: title, body: body)
    }

    // MARK: Item

    /// "Shared concepts: electric mobility; words: bus, charging; domains: Mobility": why the engine suggested it.
    static func explanation(_ context: PageContext, _ explanation: MatchExplanation, thesaurus: Thesaurus) -> HTML {
        var parts: [HTML] = []
        if !explanation.concepts.isEmpty {
            let names = explanation.concepts.map { conceptName(context, $0, thesaurus: thesaurus) }
            parts.append("<li>\(context.t("match.why.concepts")): \(names.joined(separator: ", "))</li>")
        }
        if !explanation.terms.isEmpty {
            parts.append("<li>\(context.t("match.why.terms")): \(explanation.terms.prefix(8).joined(separator: ", "))</li>")
        }
        if !explanation.tags.isEmpty {
            parts.append(
                "<li>\(context.t("match.why.tags")): \(explanation.tags.map { tagLabel(context, $0) }.joined(separator: ", "))</li>")
        }
        return parts.isEmpty ? .empty : "<ul class=\"why\">\(parts)</ul>"
    }

    /// A concept by the first term naming it in the reader's language, else in English.
    static func conceptName(_ context: PageContext, _ id: String, thesaurus: Thesaurus) -> String {
        guard let concept = thesaurus.concepts.first(where: { $0.id == id }) else { return id }
        return concept.terms[context.language.rawValue]?.first ?? concept.terms["en"]?.first ?? id
    }

    static func item(_ context: PageContext, page: MatchItemPage, thesaurus: Thesaurus) -> HTML {
        let (item, suggestions, canRequest) = (page.item, page.suggestions, page.canRequest)
        let id = item.id
        func fact(_ key: String, _ value: String) -> HTML {
            value.isEmpty ? .empty : "<dt>\(context.t("match.field.\(key)"))</dt><dd>\(value)</dd>"
        }
        let tags = (item.domains + item.sdgs).map { tagLabel(context, $0) }.joined(separator: ", ")
        let editable = page.canEdit
        let isOwn = item.memberID != nil && context.user?.memberID == item.memberID
        let requestLink: HTML =
            item.kind == .solution && canRequest && !isOwn
            ? """
            <p><a class=\"button\" href=\"\(SiteURL.matching(.itemRequest(.value(id))).path)\">\(context.t("match.request.button"))</a>\
            </p>
            """
            : .empty
        let groups: [HTML] = item.kind.counterparts.compactMap { kind in
            let rows = suggestions.filter { $0.suggestion.kind == kind }
            guard !rows.isEmpty else { return nil }
            let best = rows.map(\.suggestion.score).max() ?? 1
            let items: [HTML] = rows.map { row in
                let (suggestion, other) = (row.suggestion, row.item)
                let strength = Int((suggestion.score / best * 100).rounded())
                let request: HTML =
                    other.kind == .solution && canRequest && other.memberID != context.user?.memberID
                    ? " <a href=\"\(SiteURL.matching(.itemRequest(.value(other.id))).path)\">\(context.t("match.request.button"))</a>"
                    : .empty
                return """
                    <li><a href="\(SiteURL.matching(.item(.value(other.id))).path)" lang="\(other.language)">\(other.title)</a> <span \
                    class="facts">\(owner(context, other)) · \(languageName(context, other.language)) \
                    · \(context.t("match.strength", ["percent": String(strength)]))</span>\(request)
                    \(explanation(context, suggestion.explanation, thesaurus: thesaurus))</li>
                    """
            }
            return "<h3>\(context.t("match.suggestions.\(kind.rawValue)"))</h3><ol class=\"suggestions\">\(items)</ol>"
        }
        let paragraphs: [HTML] = item.description.components(separatedBy: "\n\n").map { "<p>\($0)</p>" }
        let body: HTML = """
            <p \
            class="muted">\(kindLabel(context, item.kind))\(item.visibility == .public ? HTML.empty
                : HTML(" · \(context.t("match.visibility.\(item.visibility.rawValue)"))"))</p>
            <h1 lang="\(item.language)">\(item.title)</h1>
            <div lang="\(item.language)">\(paragraphs)</div>
            <dl class="facts">
            <dt>\(context.t(item.kind == .funding ? "match.field.funder" : "match.field.member"))</dt><dd>\(owner(context, item))</dd>
            \(fact("language", languageName(context, item.language)))
            \(fact("stage", item.stage.map { context.t("match.stage.\($0.rawValue)") } ?? ""))
            \(fact("tags", tags))
            \(fact("partners", item.partners))\(fact("results", item.results))\(fact("references", item.references))
            \(fact("regions_served", item.regionsServed))\(fact("languages_served", item.languagesServed))
            \(fact("eligibility", item.eligibility))\(fact("deadline", CalendarDate(iso: item.deadline).map { context.format.day($0) }
                ?? ""))\(fact("amount", item.amount))
            </dl>
            \(requestLink)
            \(editable ? HTML("""
            <p><a href="\(SiteURL.matching(.itemEdit(.value(id))).path)">\(context.t("match.edit"))</a></p>
            <form id="delete-form" method="post" action="\(SiteURL.matching(.itemDelete(.value(id))).path)">\(context.csrfField)<button \
            type="submit" class="secondary">\(context.t("match.delete"))</button></form>
            """) : .empty)
            <section aria-labelledby="suggestions-heading" id="suggestions">
            <h2 id="suggestions-heading">\(context.t("match.suggestions.title"))</h2>
            <p class="hint">\(context.t("match.suggestions.intro"))</p>
            \(groups.isEmpty ? HTML("<p>\(context.t("match.suggestions.none"))</p>") : HTML("\(groups)"))
            </section>
            """
        return Layout.page(context, title: item.title, body: body)
    }
}
