import Fluent
import Vapor
import WeGOCore

/// `wego users create-admin --email …`: the first secretariat account. There is no default
/// password: one is generated and printed once, or read from WEGO_ADMIN_PASSWORD.
struct UsersCommand: AsyncCommandGroup {
    var help: String { "Manages user accounts." }
    var commands: [String: any AnyAsyncCommand] { ["create-admin": CreateAdminCommand()] }
    var defaultCommand: (any AnyAsyncCommand)? { nil }
}

struct CreateAdminCommand: AsyncCommand {
    /// Read for WEGO_ADMIN_PASSWORD; tests pass their own.
    var environment: [String: String] = ProcessInfo.processInfo.environment

    struct Signature: CommandSignature {
        @Option(name: "email", help: "The administrator's e-mail address.")
        var email: String?
        @Option(name: "name", help: "Display name (default: Secretariat administrator).")
        var name: String?
    }

    var help: String { "Creates a secretariat administrator and prints a one-time password (or uses WEGO_ADMIN_PASSWORD)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let email = EmailAddress.normalized(signature.email)
        guard EmailAddress.isPlausible(email) else {
            context.console.error("--email is required, e.g. wego users create-admin --email admin@example.org")
            throw ExitCode.failure
        }
        try await app.autoMigrate()
        let policy = app.passwordPolicy
        let password: String
        let generated: Bool
        if let given = environment["WEGO_ADMIN_PASSWORD"], !given.isEmpty {
            let problems = policy.validate(given, email: email)
            guard problems.isEmpty else {
                let english = app.localization.catalog(.en)
                context.console.error(
                    "WEGO_ADMIN_PASSWORD is not acceptable: " + problems.map { english.text($0.key) }.joined(separator: "; "))
                throw ExitCode.failure
            }
            password = given
            generated = false
        } else {
            password = SecretGenerator.password(length: 20, satisfying: policy)
            generated = true
        }
        if try await User.query(on: app.db).filter(\.$email == email).first() != nil {
            context.console.error("An account with the e-mail \(email) already exists.")
            throw ExitCode.failure
        }
        let displayName = signature.name ?? "Secretariat administrator"
        let hash = try await app.password.async.hash(PasswordPolicy.bcryptInput(for: password))
        try await AuditLog.perform(on: app.db, actor: "cli", at: app.clock) { db in
            // Built inside: AuditLog.perform may run this body again after a lost race.
            let user = User()
            user.email = email
            user.displayName = displayName
            user.role = .secretariatAdmin
            user.disabled = false
            user.passwordHash = hash
            try await user.create(on: db)
            return (
                (),
                AuditLog.Event(
                    action: "user.create", target: "user:\(email)", details: "role=secretariat_admin via wego users create-admin")
            )
        }
        context.console.print("Created secretariat administrator \(email).")
        if generated {
            context.console.print("One-time password (shown once, store it now): \(password)")
        }
    }
}
