import Foundation
import WeGOCore

enum AdminViews {
    static func dashboard(_ context: PageContext, user: SignedInUser, memberCount: Int) -> HTML {
        var links: [HTML] = ["<li><a href=\"\(SiteURL.adminMembers.path)\">\(context.t("admin.members"))</a></li>"]
        if Permissions.canAdministerUsers(user) {
            links.append("<li><a href=\"\(SiteURL.adminUsers.path)\">\(context.t("admin.users"))</a></li>")
        }
        if Permissions.canManageMembership(user) {
            links.append("<li><a href=\"\(SiteURL.adminApplications.path)\">\(context.t("admin.applications"))</a></li>")
            links.append("<li><a href=\"\(SiteURL.adminDues.path)\">\(context.t("admin.dues"))</a></li>")
            links.append("<li><a href=\"\(SiteURL.adminInvoices.path)\">\(context.t("admin.invoices"))</a></li>")
            links.append("<li><a href=\"\(SiteURL.adminGDP.path)\">\(context.t("admin.gdp"))</a></li>")
            links.append("<li><a href=\"\(SiteURL.adminOutbox.path)\">\(context.t("admin.outbox"))</a></li>")
        }
        if Permissions.canManageIndex(user) {
            links.append("<li><a href=\"\(SiteURL.adminIndex.path)\">\(context.t("admin.index"))</a></li>")
        }
        if Permissions.canManageMatching(user) {
            links.append("<li><a href=\"\(SiteURL.adminMatching.path)\">\(context.t("match.admin.title"))</a></li>")
        }
        if user.role == .memberRepresentative {
            links.append("<li><a href=\"\(SiteURL.membership.path)\">\(context.t("membership.own"))</a></li>")
            links.append("<li><a href=\"\(SiteURL.matchMeetings.path)\">\(context.t("match.meetings.title"))</a></li>")
        }
        if Permissions.canViewAudit(user) {
            links.append("<li><a href=\"\(SiteURL.adminAudit.path)\">\(context.t("admin.audit"))</a></li>")
        }
        let body: HTML = """
        <h1>\(context.t("admin.title"))</h1>
        <p>\(context.t("admin.welcome", ["name": user.displayName, "role": context.t("userrole.\(user.role.rawValue)")]))</p>
        <p>\(context.t("admin.member_count", ["count": context.format.number(memberCount)]))</p>
        <ul class="admin-links">\(links)</ul>
        """
        return Layout.page(context, title: context.t("admin.title"), body: body)
    }

    static func memberList(_ context: PageContext, members: [Member], canCreate: Bool) -> HTML {
        let rows: [HTML] = members.map { m in
            "<tr><td><a href=\"\(SiteURL.member(slug: m.slug).path)\">\(m.name)</a></td><td>\(context.t("category.\(m.category.rawValue)"))</td><td>\(m.region.map { context.t("region.\($0.rawValue)") } ?? "—")</td><td><a href=\"\(SiteURL.adminMemberEdit(slug: m.slug).path)\">\(context.t("admin.edit"))<span class=\"visually-hidden\"> \(m.name)</span></a></td></tr>"
        }
        let body: HTML = """
        <h1>\(context.t("admin.members"))</h1>
        \(canCreate ? HTML("<p><a class=\"button\" href=\"\(SiteURL.adminMemberNew.path)\">\(context.t("admin.member_new"))</a></p>") : .empty)
        <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("admin.members"))</caption>
        <thead><tr><th scope="col">\(context.t("member.name"))</th><th scope="col">\(context.t("member.category"))</th><th scope="col">\(context.t("member.region"))</th><th scope="col">\(context.t("admin.actions"))</th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        """
        return Layout.page(context, title: context.t("admin.members"), body: body)
    }

    static func memberForm(_ context: PageContext, draft: MemberDraft, errors: [String: String], existingSlug: String?,
                           user: SignedInUser, reference: ReferenceData) -> HTML {
        let classificationLocked = user.role == .memberRepresentative
        let categories = MemberCategory.allCases.map { (value: $0.rawValue, label: context.t("category.\($0.rawValue)")) }
        let subtypes = MemberSubtype.allCases.map { (value: $0.rawValue, label: context.t("category.\($0.category.rawValue)") + ": " + context.t("subtype.\($0.rawValue)")) }
        let regions = Permissions.allowedRegions(user).map { (value: $0.rawValue, label: context.t("region.\($0.rawValue)")) }
        let countries = (reference.sortedCodes[context.language] ?? [])
            .map { (value: $0, label: reference.countryName($0, context.language)) }
        let action = existingSlug.map { SiteURL.adminMemberEdit(slug: $0).path } ?? SiteURL.adminMemberNew.path
        let title = existingSlug == nil ? context.t("admin.member_new") : context.t("admin.member_edit", ["name": draft.name])
        let classification: HTML = classificationLocked ? "<p class=\"hint\">\(context.t("admin.classification_locked"))</p>" : """
        \(FormViews.select(context, name: "category", label: context.t("member.category"), options: categories, selected: draft.category, errors: errors))
        \(FormViews.select(context, name: "subtype", label: context.t("member.subtype"), options: subtypes, selected: draft.subtype, errors: errors, includeEmpty: context.t("member.unknown")))
        \(FormViews.select(context, name: "region", label: context.t("member.region"), options: regions, selected: draft.region, errors: errors, includeEmpty: context.t("member.unknown")))
        \(FormViews.select(context, name: "country", label: context.t("member.country"), options: countries, selected: draft.country, errors: errors, includeEmpty: context.t("member.country_unknown")))
        \(FormViews.checkbox(context, name: "founding", label: context.t("member.founding"), checked: draft.founding))
        """
        let body: HTML = """
        <h1>\(title)</h1>
        \(FormViews.errorSummary(context, errors: errors))
        <form id="member-form" class="stacked" method="post" action="\(action)" novalidate>
        \(context.csrfField)
        \(FormViews.input(context, name: "name", label: context.t("member.name"), value: draft.name, errors: errors, required: true))
        \(FormViews.input(context, name: "name_local", label: context.t("member.name_local"), value: draft.nameLocal, errors: errors))
        \(existingSlug == nil ? FormViews.input(context, name: "slug", label: context.t("member.slug"), value: draft.slug, errors: errors, hint: context.t("member.slug_hint")) : .empty)
        \(classification)
        \(FormViews.input(context, name: "latitude", label: context.t("member.latitude"), value: draft.latitude, errors: errors, extra: " inputmode=\"decimal\""))
        \(FormViews.input(context, name: "longitude", label: context.t("member.longitude"), value: draft.longitude, errors: errors, extra: " inputmode=\"decimal\""))
        \(FormViews.input(context, name: "population", label: context.t("member.population"), value: draft.population, errors: errors, hint: context.t("member.population_hint"), extra: " inputmode=\"numeric\""))
        \(FormViews.input(context, name: "note", label: context.t("member.note"), value: draft.note, errors: errors))
        <button type="submit">\(context.t("form.save"))</button>
        </form>
        """
        return Layout.page(context, title: title, body: body)
    }

    static func userList(_ context: PageContext, users: [User]) -> HTML {
        let rows: [HTML] = users.map { u in
            let scope = u.region.map { context.t("region.\($0.rawValue)") } ?? u.member?.name ?? "—"
            return "<tr><td>\(u.email)</td><td>\(u.displayName)</td><td>\(context.t("userrole.\(u.role.rawValue)"))</td><td>\(scope)</td><td>\(u.disabled ? context.t("admin.user_disabled") : context.t("admin.user_active"))</td><td><a href=\"\(SiteURL.adminUserEdit(id: u.id!).path)\">\(context.t("admin.edit"))<span class=\"visually-hidden\"> \(u.email)</span></a></td></tr>"
        }
        let body: HTML = """
        <h1>\(context.t("admin.users"))</h1>
        <p><a class="button" href="\(SiteURL.adminUserNew.path)">\(context.t("admin.user_new"))</a></p>
        <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("admin.users"))</caption>
        <thead><tr><th scope="col">\(context.t("signin.email"))</th><th scope="col">\(context.t("user.display_name"))</th><th scope="col">\(context.t("user.role"))</th><th scope="col">\(context.t("user.scope"))</th><th scope="col">\(context.t("user.status"))</th><th scope="col">\(context.t("admin.actions"))</th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        """
        return Layout.page(context, title: context.t("admin.users"), body: body)
    }

    static func userForm(_ context: PageContext, form: AdminController.UserForm, errors: [String: String], editing: User?) -> HTML {
        let roles = UserRole.allCases.map { (value: $0.rawValue, label: context.t("userrole.\($0.rawValue)")) }
        let regions = Region.allCases.map { (value: $0.rawValue, label: context.t("region.\($0.rawValue)")) }
        let action = editing.map { SiteURL.adminUserEdit(id: $0.id!).path } ?? SiteURL.adminUserNew.path
        let title = editing == nil ? context.t("admin.user_new") : context.t("admin.user_edit", ["email": editing!.email])
        let body: HTML = """
        <h1>\(title)</h1>
        \(FormViews.errorSummary(context, errors: errors))
        <form id="user-form" class="stacked" method="post" action="\(action)" novalidate>
        \(context.csrfField)
        \(FormViews.input(context, name: "email", label: context.t("signin.email"), value: form.email, type: "email", errors: errors, autocomplete: "off", required: true))
        \(FormViews.input(context, name: "display_name", label: context.t("user.display_name"), value: form.display_name, errors: errors, required: true))
        \(FormViews.select(context, name: "role", label: context.t("user.role"), options: roles, selected: form.role, errors: errors))
        \(FormViews.select(context, name: "region", label: context.t("user.region"), options: regions, selected: form.region, errors: errors, includeEmpty: context.t("user.region_none")))
        \(FormViews.input(context, name: "member", label: context.t("user.member"), value: form.member, errors: errors, hint: context.t("user.member_hint")))
        \(FormViews.input(context, name: "password", label: context.t("user.password"), value: "", type: "password", errors: errors, hint: context.t(editing == nil ? "user.password_hint_new" : "user.password_hint_edit"), autocomplete: "new-password"))
        \(editing == nil ? .empty : FormViews.checkbox(context, name: "disabled", label: context.t("user.disabled"), checked: form.disabled == "yes"))
        <button type="submit">\(context.t("form.save"))</button>
        </form>
        """
        return Layout.page(context, title: title, body: body)
    }

    static func userCreated(_ context: PageContext, email: String, password: String) -> HTML {
        let body: HTML = """
        <h1>\(context.t("admin.user_created"))</h1>
        <p>\(context.t("admin.user_created_text", ["email": email]))</p>
        <p class="secret"><code>\(password)</code></p>
        <p><a href="\(SiteURL.adminUsers.path)">\(context.t("admin.users"))</a></p>
        """
        return Layout.page(context, title: context.t("admin.user_created"), body: body)
    }

    static func audit(_ context: PageContext, entries: [AuditRecord], verification: AuditChain.VerificationResult) -> HTML {
        let status: HTML
        switch verification {
        case .intact(let count): status = "<p class=\"ok\" role=\"status\">\(context.t("audit.intact", ["count": context.format.number(count)]))</p>"
        case .broken(let sequence, let reason): status = "<p class=\"alert\" role=\"alert\">\(context.t("audit.broken", ["sequence": String(sequence), "reason": reason.rawValue]))</p>"
        }
        let rows: [HTML] = entries.map { e in
            "<tr><td>\(String(e.sequence))</td><td>\(context.format.dateTime(Date(timeIntervalSince1970: Double(e.occurredAtMilliseconds) / 1000)))</td><td>\(e.actor)</td><td>\(e.action)</td><td>\(e.target)</td><td>\(e.details)</td><td><code>\(String(e.hash.prefix(12)))</code></td></tr>"
        }
        let body: HTML = """
        <h1>\(context.t("admin.audit"))</h1>
        \(status)
        <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("admin.audit"))</caption>
        <thead><tr><th scope="col">#</th><th scope="col">\(context.t("audit.when"))</th><th scope="col">\(context.t("audit.actor"))</th><th scope="col">\(context.t("audit.action"))</th><th scope="col">\(context.t("audit.target"))</th><th scope="col">\(context.t("audit.details"))</th><th scope="col">\(context.t("audit.hash"))</th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        """
        return Layout.page(context, title: context.t("admin.audit"), body: body)
    }
}
