import Fluent
import Vapor
import WeGOCore

/// The secretariat's area: members and users, and the audit log. Every change is audited.
enum AdminController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.admin, use: dashboard)
        routes.get(.adminMembers, use: members)
        routes.get(.adminMemberNew, use: newMember)
        routes.post(.adminMemberNew, use: createMember)
        routes.get(.adminMemberEdit(slug: ""), use: editMember)
        routes.post(.adminMemberEdit(slug: ""), use: updateMember)
        routes.get(.adminUsers, use: users)
        routes.get(.adminUserNew, use: newUser)
        routes.post(.adminUserNew, use: createUser)
        routes.get(.adminUserEdit(id: UUID()), use: editUser)
        routes.post(.adminUserEdit(id: UUID()), use: updateUser)
        routes.get(.adminAudit, use: audit)
    }

    @Sendable static func dashboard(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let memberCount = try await Member.query(on: request.db).count()
        return AdminViews.dashboard(PageContext(request), user: user, memberCount: memberCount).response(status: .ok)
    }

    // MARK: Members

    @Sendable static func members(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        var query = Member.query(on: request.db).sort(\.$name)
        switch user.role {
        case .secretariatAdmin: break
        case .regionalStaff:
            guard let region = user.region else { throw Abort(.forbidden) }
            query = query.filter(\.$region == region)
        case .memberRepresentative:
            guard let memberID = user.memberID else { throw Abort(.forbidden) }
            query = query.filter(\.$id == memberID)
        case .judge, .youthParticipant: throw Abort(.forbidden)
        }
        let members = try await query.all()
        return AdminViews.memberList(PageContext(request), members: members, canCreate: Permissions.canCreateMembers(user))
            .response(status: .ok)
    }

    struct MemberForm: Content {
        var name: String?
        var name_local: String?
        var slug: String?
        var category: String?
        var subtype: String?
        var region: String?
        var country: String?
        var founding: String?
        var latitude: String?
        var longitude: String?
        var population: String?
        var note: String?

        var draft: MemberDraft {
            var d = MemberDraft()
            d.name = name ?? ""; d.nameLocal = name_local ?? ""; d.slug = slug ?? ""
            d.category = category ?? ""; d.subtype = subtype ?? ""; d.region = region ?? ""
            d.country = country ?? ""; d.founding = founding == "yes"
            d.latitude = latitude ?? ""; d.longitude = longitude ?? ""; d.population = population ?? ""
            d.note = note ?? ""
            return d
        }
    }

    static func draft(from member: Member) -> MemberDraft {
        var d = MemberDraft()
        d.name = member.name; d.nameLocal = member.nameLocal ?? ""; d.slug = member.slug
        d.category = member.category.rawValue; d.subtype = member.subtype?.rawValue ?? ""
        d.region = member.region?.rawValue ?? ""; d.country = member.country ?? ""; d.founding = member.founding
        d.latitude = member.latitude.map { String($0) } ?? ""; d.longitude = member.longitude.map { String($0) } ?? ""
        d.population = member.population.map(String.init) ?? ""; d.note = member.note ?? ""
        return d
    }

    @Sendable static func newMember(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard Permissions.canCreateMembers(user) else { throw Abort(.forbidden) }
        var draft = MemberDraft()
        draft.category = MemberCategory.localGovernment.rawValue
        if user.role == .regionalStaff { draft.region = user.region?.rawValue ?? "" }
        return AdminViews.memberForm(PageContext(request), draft: draft, errors: [:], existingSlug: nil, user: user,
                                     reference: request.application.referenceData).response(status: .ok)
    }

    @Sendable static func createMember(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard Permissions.canCreateMembers(user) else { throw Abort(.forbidden) }
        let draft = try request.content.decode(MemberForm.self).draft
        return try await save(draft, existing: nil, user: user, request: request)
    }

    @Sendable static func editMember(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let member = try await findMember(request)
        guard Permissions.canEdit(member: member, user: user) else { throw Abort(.forbidden) }
        return AdminViews.memberForm(PageContext(request), draft: draft(from: member), errors: [:], existingSlug: member.slug,
                                     user: user, reference: request.application.referenceData).response(status: .ok)
    }

    @Sendable static func updateMember(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let member = try await findMember(request)
        guard Permissions.canEdit(member: member, user: user) else { throw Abort(.forbidden) }
        var draft = try request.content.decode(MemberForm.self).draft
        draft.slug = member.slug // Profile URLs are stable: the slug never changes after creation.
        if user.role == .memberRepresentative {
            // A representative keeps the profile, not the classification, which the secretariat decides.
            let current = AdminController.draft(from: member)
            draft.category = current.category; draft.subtype = current.subtype
            draft.region = current.region; draft.country = current.country; draft.founding = current.founding
        }
        return try await save(draft, existing: member, user: user, request: request)
    }

    static func findMember(_ request: Request) async throws -> Member {
        guard let slug = request.parameters.get("slug"), !TextFolding.containsControlCharacters(slug),
              let member = try await Member.query(on: request.db).filter(\.$slug == slug).first() else { throw Abort(.notFound) }
        return member
    }

    /// Validates everything first; on any problem the form comes back with its errors and nothing is written.
    static func save(_ draft: MemberDraft, existing: Member?, user: SignedInUser, request: Request) async throws -> Response {
        let context = PageContext(request)
        let reference = request.application.referenceData
        func reshow(_ problems: [String: String]) -> Response {
            AdminViews.memberForm(context, draft: draft, errors: problems.mapValues { context.t($0) }, existingSlug: existing?.slug,
                                  user: user, reference: reference).response(status: .unprocessableEntity)
        }
        let valid: MemberDraft.Valid
        switch draft.validate(knownCountries: Set(reference.countries.keys)) {
        case .failure(let problems): return reshow(problems.fields)
        case .success(let v): valid = v
        }
        if user.role == .regionalStaff, valid.region != user.region {
            return reshow(["region": "form.member.region_outside_scope"])
        }
        if existing == nil, try await Member.query(on: request.db).filter(\.$slug == valid.slug).first() != nil {
            return reshow(["slug": "form.member.slug_taken"])
        }
        let action = existing == nil ? "member.create" : "member.update"
        let slug = valid.slug
        let existingID = existing?.id
        do {
            try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
                let member: Member
                if let existingID {
                    guard let current = try await Member.find(existingID, on: db) else { throw Abort(.notFound) }
                    member = current
                } else {
                    member = Member()
                }
                member.slug = valid.slug
                member.name = valid.name
                member.nameLocal = valid.nameLocal
                member.category = valid.category
                member.subtype = valid.subtype
                member.region = valid.region
                member.country = valid.country
                member.founding = valid.founding
                member.latitude = valid.latitude
                member.longitude = valid.longitude
                member.population = valid.population
                member.note = valid.note
                member.refreshSearchText()
                try await member.save(on: db)
                return ((), AuditLog.Event(action: action, target: "member:\(slug)", details: "name=\(valid.name)"))
            }
            request.application.directoryCache.invalidate()
            request.application.pageCache.invalidate()
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Two creations with one slug at the same instant: the second one is told, not failed.
            return reshow(["slug": "form.member.slug_taken"])
        }
        return request.redirect(to: SiteURL.member(slug: slug).path, redirectType: .normal)
    }

    // MARK: Users

    @Sendable static func users(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard Permissions.canAdministerUsers(user) else { throw Abort(.forbidden) }
        let users = try await User.query(on: request.db).with(\.$member).sort(\.$email).all()
        return AdminViews.userList(PageContext(request), users: users).response(status: .ok)
    }

    struct UserForm: Content {
        var email: String?
        var display_name: String?
        var role: String?
        var region: String?
        var member: String?
        var password: String?
        var disabled: String?
    }

    @Sendable static func newUser(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard Permissions.canAdministerUsers(user) else { throw Abort(.forbidden) }
        return AdminViews.userForm(PageContext(request), form: UserForm(), errors: [:], editing: nil).response(status: .ok)
    }

    @Sendable static func createUser(_ request: Request) async throws -> Response {
        try await saveUser(request, editing: nil)
    }

    @Sendable static func editUser(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard Permissions.canAdministerUsers(user) else { throw Abort(.forbidden) }
        let target = try await findUser(request)
        let form = UserForm(email: target.email, display_name: target.displayName, role: target.role.rawValue,
                            region: target.region?.rawValue, member: try await target.$member.get(on: request.db)?.slug,
                            password: nil, disabled: target.disabled ? "yes" : nil)
        return AdminViews.userForm(PageContext(request), form: form, errors: [:], editing: target).response(status: .ok)
    }

    @Sendable static func updateUser(_ request: Request) async throws -> Response {
        let actor = try request.requireUser()
        guard Permissions.canAdministerUsers(actor) else { throw Abort(.forbidden) }
        return try await saveUser(request, editing: try await findUser(request))
    }

    static func findUser(_ request: Request) async throws -> User {
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let user = try await User.find(id, on: request.db) else { throw Abort(.notFound) }
        return user
    }

    static func saveUser(_ request: Request, editing: User?) async throws -> Response {
        let actor = try request.requireUser()
        guard Permissions.canAdministerUsers(actor) else { throw Abort(.forbidden) }
        let form = try request.content.decode(UserForm.self)
        let context = PageContext(request)
        var errors: [String: String] = [:]
        let email = EmailAddress.normalized(form.email)
        if !EmailAddress.isPlausible(email) { errors["email"] = "form.user.email_invalid" }
        let displayName = (form.display_name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if displayName.isEmpty || displayName.count > 120 || TextFolding.containsControlCharacters(displayName) {
            errors["display_name"] = "form.user.name_required"
        }
        let role = form.role.flatMap(UserRole.init(rawValue:))
        if role == nil { errors["role"] = "form.user.role_invalid" }
        var region: Region?
        if role == .regionalStaff {
            region = form.region.flatMap(Region.init(rawValue:))
            if region == nil { errors["region"] = "form.user.region_required" }
        }
        var member: Member?
        if role == .memberRepresentative {
            if let slug = form.member?.trimmingCharacters(in: .whitespaces), !slug.isEmpty, !TextFolding.containsControlCharacters(slug) {
                member = try await Member.query(on: request.db).filter(\.$slug == slug).first()
            }
            if member == nil { errors["member"] = "form.user.member_required" }
        }
        let password = form.password ?? ""
        var oneTimePassword: String?
        if !password.isEmpty {
            if let problem = request.application.passwordPolicy.validate(password, email: email).first {
                errors["password"] = problem.key
            }
        } else if editing == nil {
            oneTimePassword = SecretGenerator.password(length: 20, satisfying: request.application.passwordPolicy)
        }
        if errors.isEmpty, try await User.query(on: request.db).filter(\.$email == email).filter(\.$id != editing?.id ?? UUID()).first() != nil {
            errors["email"] = "form.user.email_taken"
        }
        if editing?.id == actor.id, form.disabled == "yes" || role != .secretariatAdmin {
            errors["role"] = "form.user.cannot_demote_self"
        }
        guard errors.isEmpty, let role else {
            return AdminViews.userForm(context, form: form, errors: errors.mapValues { context.t($0) }, editing: editing)
                .response(status: .unprocessableEntity)
        }
        let secret = oneTimePassword ?? (password.isEmpty ? nil : password)
        let newHash: String? = if let secret { try await request.password.async.hash(PasswordPolicy.bcryptInput(for: secret)) } else { nil }
        let disabled = form.disabled == "yes"
        let memberID = try member?.requireID()
        let editingID = editing?.id
        let userRegion = region
        let action = editing == nil ? "user.create" : (password.isEmpty ? "user.update" : "user.password_reset")
        var details = "role=\(role.rawValue)"
        if let region { details += " region=\(region.rawValue)" }
        if let member { details += " member=\(member.slug)" }
        if disabled { details += " disabled" }
        let auditDetails = details
        do {
            try await AuditLog.perform(on: request.db, actor: AuditLog.actor(actor), at: request.application.clock) { db in
                let user: User
                if let editingID {
                    guard let current = try await User.find(editingID, on: db) else { throw Abort(.notFound) }
                    user = current
                } else {
                    user = User()
                }
                user.email = email
                user.displayName = displayName
                user.role = role
                user.region = userRegion
                user.$member.id = memberID
                user.disabled = disabled
                if let newHash { user.passwordHash = newHash }
                try await user.save(on: db)
                // A disabled account or a new password ends every open session of that user.
                if disabled || (editingID != nil && newHash != nil) {
                    try await UserSession.query(on: db).filter(\.$user.$id == user.requireID()).delete()
                }
                return ((), AuditLog.Event(action: action, target: "user:\(email)", details: auditDetails))
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            return AdminViews.userForm(context, form: form, errors: ["email": context.t("form.user.email_taken")], editing: editing)
                .response(status: .unprocessableEntity)
        }
        if let oneTimePassword {
            return AdminViews.userCreated(context, email: email, password: oneTimePassword).response(status: .created)
        }
        return request.redirect(to: SiteURL.adminUsers.path, redirectType: .normal)
    }

    // MARK: Audit

    @Sendable static func audit(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard Permissions.canViewAudit(user) else { throw Abort(.forbidden) }
        let entries = try await AuditRecord.query(on: request.db).sort(\.$sequence, .descending).limit(100).all()
        let verification = try await AuditLog.verify(on: request.db)
        return AdminViews.audit(PageContext(request), entries: entries, verification: verification).response(status: .ok)
    }
}
