import Foundation
import WeGOCore

enum ApplicationViews {
    static func start(_ context: PageContext) -> HTML {
        let cards: [HTML] = MemberCategory.allCases.map { category in
            """
            <li><h2><a \
            href="\(SiteURL.membership(.applyCategory(.value(category.rawValue))).path)">\(context.t("category.\(category.rawValue)"))</a>\
            </h2>
            <p>\(context.t("apply.category_text.\(category.rawValue)"))</p></li>
            """
        }
        let body: HTML = """
            <h1>\(context.t("apply.title"))</h1>
            <p class="lead">\(context.t("apply.intro"))</p>
            <ul class="cards">\(cards)</ul>
            <p><a href="\(SiteURL.membership(.fees).path)">\(context.t("apply.fee_link"))</a></p>
            """
        return Layout.page(context, title: context.t("apply.title"), body: body)
    }

    static func form(
        _ context: PageContext, category: MemberCategory, draft: ApplicationDraft, errors: [String: String],
        reference: ReferenceData
    ) -> HTML {
        let subtypes = MemberSubtype.allCases.filter { $0.category == category }
            .map { (value: $0.rawValue, label: context.t("subtype.\($0.rawValue)")) }
        let countries = (reference.sortedCodes[context.language] ?? []).map {
            (value: $0, label: reference.countryName($0, context.language))
        }
        let title = context.t("apply.form_title", ["category": context.t("category.\(category.rawValue)")])
        let size: HTML =
            category == .localGovernment
            ? FormViews.input(
                context, name: "population", label: context.t("apply.population"), value: draft.population, errors: errors,
                hint: context.t("apply.population_hint"), required: true, extra: " inputmode=\"numeric\"")
            : FormViews.input(
                context, name: "employees", label: context.t("apply.employees"), value: draft.employees, errors: errors,
                hint: context.t("apply.employees_hint"), required: true, extra: " inputmode=\"numeric\"")
        let body: HTML = """
            <h1>\(title)</h1>
            <p class="lead">\(context.t("apply.form_intro"))</p>
            \(FormViews.errorSummary(context, errors: errors))
            <form id="application-form" class="stacked" method="post" \
            action="\(SiteURL.membership(.applyCategory(.value(category.rawValue))).path)" novalidate>
            \(context.csrfField)
            <fieldset><legend>\(context.t("apply.organization"))</legend>
            \(FormViews.input(context, name: "organization_name", label: context.t("apply.organization_name.\(category.rawValue)"),
                value: draft.organizationName, errors: errors, autocomplete: "organization", required: true))
            \(FormViews.select(context, name: "subtype", label: context.t("apply.subtype.\(category.rawValue)"), options: subtypes,
                selected: draft.subtype, errors: errors, includeEmpty: context.t("form.choose")))
            \(FormViews.select(context, name: "country", label: context.t("member.country"), options: countries,
                selected: draft.country.uppercased(), errors: errors, includeEmpty: context.t("fees.choose")))
            \(size)
            </fieldset>
            <fieldset><legend>\(context.t("apply.contact"))</legend>
            \(FormViews.input(context, name: "contact_name", label: context.t("apply.contact_name"), value: draft.contactName,
                errors: errors, autocomplete: "name", required: true))
            \(FormViews.input(context, name: "contact_email", label: context.t("apply.contact_email"), value: draft.contactEmail,
                type: "email", errors: errors, autocomplete: "email", required: true))
            \(FormViews.input(context, name: "contact_phone", label: context.t("apply.contact_phone"), value: draft.contactPhone,
                type: "tel", errors: errors, hint: context.t("apply.contact_phone_hint"), autocomplete: "tel"))
            </fieldset>
            \(FormViews.textarea(context, name: "motivation", label: context.t("apply.motivation"), value: draft.motivation,
                errors: errors, hint: context.t("apply.motivation_hint"), maxLength: ApplicationDraft.maximumMotivationLength))
            <div class="field\(errors["consent"] != nil ? " has-error" : "")">
            \(errors["consent"].map { HTML("<p class=\"field-error\" id=\"consent-error\">\($0)</p>") })
            <div class="field checkbox"><input id="consent" name="consent" type="checkbox" \
            value="yes"\(draft.consent ? HTML(trusted: " checked") : .empty)\(errors["consent"] != nil
                ? HTML(trusted: " aria-invalid=\"true\" aria-describedby=\"consent-error\"") : .empty)>
            <label for="consent">\(context.t("apply.consent"))</label></div>
            </div>
            <button type="submit">\(context.t("apply.submit"))</button>
            </form>
            """
        return Layout.page(context, title: title, body: body)
    }

    static func received(_ receipt: ApplicationReceipt, _ context: PageContext) -> HTML {
        let arguments = ["organization": receipt.organizationName, "reference": receipt.reference, "email": receipt.email]
        let body: HTML = """
            <h1>\(context.t("apply.received_title"))</h1>
            <p class="ok" \
            role="status">\(context.t(receipt.alreadyReceived ? "apply.already_received_text" : "apply.received_text", arguments))</p>
            <h2>\(context.t("apply.received_fee"))</h2>
            <p>\(receipt.feeExplanation ?? context.t("apply.received_fee_pending"))</p>
            <p>\(context.t("apply.received_next"))</p>
            """
        return Layout.page(context, title: context.t("apply.received_title"), body: body)
    }
}
