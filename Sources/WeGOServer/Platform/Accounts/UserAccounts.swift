import Fluent
import Vapor
import WeGOCore

/// The account form as typed: every field a string, checked by `UserAccounts.check`.
struct UserForm: Content, Sendable {
    var email: String?
    var display_name: String?
    var role: String?
    var region: String?
    var member: String?
    var password: String?
    var disabled: String?
}

/// Why an account change was refused; nothing was written.
enum AccountError: ServiceError, Equatable {
    case emailTaken
    case wrongPassword

    var key: String {
        switch self {
        case .emailTaken: "form.user.email_taken"
        case .wrongPassword: "account.error.wrong_password"
        }
    }
    var status: HTTPStatus { .unprocessableEntity }
    var fieldProblems: FieldProblems? {
        switch self {
        case .emailTaken: FieldProblems(fields: ["email": key])
        case .wrongPassword: FieldProblems(fields: ["current_password": key])
        }
    }
}

/// The Secretariat's administration of accounts: each change is checked as a whole, then saved
/// in one audited transaction.
struct UserAccounts {
    let app: Application
    let db: any Database

    init(_ app: Application, db: (any Database)? = nil) {
        self.app = app
        self.db = db ?? app.db
    }

    /// A checked change to an account, ready to save.
    struct Change: Sendable {
        var email: String
        var displayName: String
        var role: UserRole
        var region: Region?
        var member: (id: UUID, slug: String)?
        var disabled: Bool
        /// The typed password, or for a new account without one a generated password shown once;
        /// nil keeps the current password.
        var password: String?
        var passwordGenerated: Bool
    }

    /// Every problem of the form at once, as catalog keys by field. `editing` is the account
    /// being changed, nil for a new one.
    func check(_ form: UserForm, editing: UUID?, by actor: SignedInUser) async throws -> Result<Change, FieldProblems> {
        var problems = FieldProblems()
        let role = form.role.flatMap(UserRole.init(rawValue:))
        let disabled = form.disabled == "yes"
        // Checked before the role itself: an administrator locking themselves out hears why.
        if editing == actor.id, disabled || role != .secretariatAdmin { problems.add("role", "form.user.cannot_demote_self") }
        let email = EmailAddress.normalized(form.email)
        if !EmailAddress.isPlausible(email) { problems.add("email", "form.user.email_invalid") }
        let displayName = Self.displayName(form.display_name, problems: &problems)
        if role == nil { problems.add("role", "form.user.role_invalid") }
        var region: Region?
        if role == .regionalStaff {
            region = form.region.flatMap(Region.init(rawValue:))
            if region == nil { problems.add("region", "form.user.region_required") }
        }
        var member: (id: UUID, slug: String)?
        if role == .memberRepresentative {
            if let slug = form.member?.trimmingCharacters(in: .whitespaces), !slug.isEmpty, !TextFolding.containsControlCharacters(slug),
                let found = try await Member.query(on: db).filter(\.$slug == slug).first()
            {
                member = (try found.requireID(), found.slug)
            }
            if member == nil { problems.add("member", "form.user.member_required") }
        }
        var password = form.password ?? ""
        let generated = password.isEmpty && editing == nil
        if generated {
            password = SecretGenerator.password(length: 20, satisfying: app.passwordPolicy)
        } else if !password.isEmpty, let problem = app.passwordPolicy.validate(password, email: email).first {
            problems.add("password", problem.key)
        }
        guard problems.isEmpty, let displayName, let role else { return .failure(problems) }
        return .success(
            Change(
                email: email, displayName: displayName, role: role, region: region, member: member, disabled: disabled,
                password: password.isEmpty ? nil : password, passwordGenerated: generated))
    }

    /// The name an account shows, whoever creates the account.
    static func displayName(_ raw: String?, problems: inout FieldProblems) -> String? {
        FieldRules.text(raw, field: "display_name", required: true, maxLength: 120, message: "form.user.name_required", problems: &problems)
    }

    /// Saves a checked change; a disabled account or a new password ends every open session of
    /// that account. Returns the generated password, which is shown once and stored only hashed.
    func save(_ change: Change, editing: UUID?, by actor: SignedInUser) async throws -> String? {
        let others = User.query(on: db).filter(\.$email == change.email)
        if let editing { others.filter(\.$id != editing) }
        guard try await others.first() == nil else { throw AccountError.emailTaken }
        let newHash: String? =
            if let password = change.password {
                try await app.password.async.hash(PasswordPolicy.bcryptInput(for: password))
            } else { nil }
        let action = editing == nil ? "user.create" : (change.password == nil ? "user.update" : "user.password_reset")
        var details = "role=\(change.role.rawValue)"
        if let region = change.region { details += " region=\(region.rawValue)" }
        if let member = change.member { details += " member=\(member.slug)" }
        if change.disabled { details += " disabled" }
        let auditDetails = details
        do {
            try await AuditLog.perform(on: db, actor: AuditLog.actor(actor), at: app.clock) { db in
                let user: User
                if let editing {
                    guard let current = try await User.find(editing, on: db) else { throw Abort(.notFound) }
                    user = current
                } else {
                    user = User()
                }
                user.email = change.email
                user.displayName = change.displayName
                user.role = change.role
                user.region = change.region
                user.$member.id = change.member?.id
                user.disabled = change.disabled
                if let newHash {
                    user.passwordHash = newHash
                    // Issued by someone else: its owner chooses their own at the next sign-in.
                    user.mustChangePassword = editing != actor.id
                }
                try await user.save(on: db)
                if change.disabled || (editing != nil && newHash != nil) {
                    try await UserSession.query(on: db).filter(\.$user.$id == user.requireID()).delete()
                }
                return ((), AuditLog.Event(action: action, target: "user:\(change.email)", details: auditDetails))
            }
        } catch  where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Another account took the address between the check and the write.
            throw AccountError.emailTaken
        }
        return change.passwordGenerated ? change.password : nil
    }
}

extension Request {
    /// The signed-in user who administers accounts, or 403 for anyone else signed in.
    func requireUserAdministrator() throws -> SignedInUser {
        let user = try requireUser()
        guard Permissions.canAdministerUsers(user) else { throw Abort(.forbidden) }
        return user
    }
}
