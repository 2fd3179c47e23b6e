/// Form fields with their labels and errors tied together for screen readers
/// (`aria-describedby`, `aria-invalid`), shared by every form.
enum FormViews {
    static func errorSummary(_ context: PageContext, errors: [String: String]) -> HTML {
        guard !errors.isEmpty else { return .empty }
        let items: [HTML] = errors.sorted { $0.key < $1.key }.map { "<li><a href=\"#\($0.key)\">\($0.value)</a></li>" }
        return
            "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>\(context.t("form.errors_title"))</h2><ul>\(items)</ul></div>"
    }

    /// `id` distinguishes fields of the same name in several forms on one page (one per row);
    /// errors are looked up by it.
    static func input(
        _ context: PageContext, name: String, id: String? = nil, label: String, value: String?, type: String = "text",
        errors: [String: String], hint: String? = nil, autocomplete: String? = nil, required: Bool = false,
        extra: HTML = .empty
    ) -> HTML {
        let id = id ?? name
        let error = errors[id]
        var describedBy: [String] = []
        if hint != nil { describedBy.append("\(id)-hint") }
        if error != nil { describedBy.append("\(id)-error") }
        return """
            <div class="field\(error != nil ? " has-error" : "")">
            <label \
            for="\(id)">\(label)\(required ? HTML(" <span class=\"required\">(\(context.t("form.required")))</span>") : .empty)</label>
            \(hint.map { HTML("<p class=\"hint\" id=\"\(id)-hint\">\($0)</p>") })
            \(error.map { HTML("<p class=\"field-error\" id=\"\(id)-error\">\($0)</p>") })
            <input id="\(id)" name="\(name)" type="\(type)" value="\(value ?? "")"\(autocomplete.map { HTML(" autocomplete=\"\($0)\"") })\
            \(describedBy.isEmpty ? .empty : HTML(" aria-describedby=\"\(describedBy.joined(separator: " "))\""))\
            \(error != nil ? HTML(trusted: " aria-invalid=\"true\"") : .empty)\(required ? HTML(trusted: " required") : .empty)\(extra)>
            </div>
            """
    }

    static func select(
        _ context: PageContext, name: String, label: String, options: [(value: String, label: String)],
        selected: String?, errors: [String: String], includeEmpty: String? = nil
    ) -> HTML {
        let error = errors[name]
        let items: [HTML] = options.map {
            "<option value=\"\($0.value)\"\($0.value == selected ? HTML(trusted: " selected") : .empty)>\($0.label)</option>"
        }
        return """
            <div class="field\(error != nil ? " has-error" : "")">
            <label for="\(name)">\(label)</label>
            \(error.map { HTML("<p class=\"field-error\" id=\"\(name)-error\">\($0)</p>") })
            <select id="\(name)" \
            name="\(name)"\(error != nil ? HTML(" aria-invalid=\"true\" aria-describedby=\"\(name)-error\"") : .empty)>\
            \(includeEmpty.map { HTML("<option value=\"\">\($0)</option>") })\(items)</select>
            </div>
            """
    }

    static func checkbox(_ context: PageContext, name: String, label: String, checked: Bool) -> HTML {
        """
        <div class="field checkbox"><input id="\(name)" name="\(name)" type="checkbox" \
        value="yes"\(checked ? HTML(trusted: " checked") : .empty)>
        <label for="\(name)">\(label)</label></div>
        """
    }

    static func textarea(
        _ context: PageContext, name: String, label: String, value: String?, errors: [String: String],
        hint: String? = nil, maxLength: Int? = nil
    ) -> HTML {
        let error = errors[name]
        var describedBy: [String] = []
        if hint != nil { describedBy.append("\(name)-hint") }
        if error != nil { describedBy.append("\(name)-error") }
        return """
            <div class="field\(error != nil ? " has-error" : "")">
            <label for="\(name)">\(label)</label>
            \(hint.map { HTML("<p class=\"hint\" id=\"\(name)-hint\">\($0)</p>") })
            \(error.map { HTML("<p class=\"field-error\" id=\"\(name)-error\">\($0)</p>") })
            <textarea id="\(name)" name="\(name)" rows="5"\(maxLength.map { HTML(" maxlength=\"\($0)\"") })\
            \(describedBy.isEmpty ? .empty : HTML(" aria-describedby=\"\(describedBy.joined(separator: " "))\""))\
            \(error != nil ? HTML(trusted: " aria-invalid=\"true\"") : .empty)>\(value ?? "")</textarea>
            </div>
            """
    }
}
