import Vapor
import WeGOCore

/// The Secretariat's list of accounts and the account form. Every change is audited.
enum UsersAdminController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.admin(.users), use: list)
        routes.get(.admin(.userNew), use: newAccount)
        routes.post(.admin(.userNew), use: create)
        routes.get(.admin(.userEdit(.key)), use: edit)
        routes.post(.admin(.userEdit(.key)), use: update)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        _ = try request.requireUserAdministrator()
        return UserAdminViews.list(try await UserListPage.query(on: request.db), PageContext(request)).response(status: .ok)
    }

    @Sendable static func newAccount(_ request: Request) async throws -> Response {
        _ = try request.requireUserAdministrator()
        return UserAdminViews.form(UserFormPage(editing: nil, form: UserForm()), PageContext(request), errors: [:]).response(status: .ok)
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        try await save(request, editing: nil)
    }

    @Sendable static func edit(_ request: Request) async throws -> Response {
        _ = try request.requireUserAdministrator()
        return UserAdminViews.form(try await editedAccount(request), PageContext(request), errors: [:]).response(status: .ok)
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        _ = try request.requireUserAdministrator()
        guard let editing = try await UserFormPage.Editing.find(id: try accountID(request), on: request.db) else { throw Abort(.notFound) }
        return try await save(request, editing: editing)
    }

    static func accountID(_ request: Request) throws -> UUID {
        let id = try request.parameter(.id, as: UUID.self)
        return id
    }

    static func editedAccount(_ request: Request) async throws -> UserFormPage {
        guard let page = try await UserFormPage.query(id: try accountID(request), on: request.db) else { throw Abort(.notFound) }
        return page
    }

    /// A new account answers with its generated password (201) unless one was typed; any other
    /// save returns to the list.
    static func save(_ request: Request, editing: UserFormPage.Editing?) async throws -> Response {
        let actor = try request.requireUserAdministrator()
        let context = PageContext(request)
        let accounts = UserAccounts(request.application, db: request.db)
        let submission = try FormSubmission(
            request, decoding: UserForm.self,
            validate: { try await accounts.check($0, editing: editing?.id, by: actor) },
            render: { form, errors in UserAdminViews.form(UserFormPage(editing: editing, form: form), context, errors: errors) })
        return try await submission.respond { change in
            if let password = try await accounts.save(change, editing: editing?.id, by: actor) {
                return UserAdminViews.created(email: change.email, password: password, context).response(status: .created)
            }
            return request.redirect(to: SiteURL.admin(.users).path, redirectType: .normal)
        }
    }
}
