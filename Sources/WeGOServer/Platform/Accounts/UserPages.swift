import Fluent
import Foundation
import WeGOCore

/// The accounts, as the list of users shows them.
struct UserListPage: Sendable {
    struct Row: Sendable {
        var id: UUID
        var email: String
        var displayName: String
        var role: UserRole
        var region: Region?
        var memberName: String?
        var disabled: Bool
    }

    var rows: [Row]

    static func query(on db: any Database) async throws -> UserListPage {
        let users = try await User.query(on: db).with(\.$member).sort(\.$email).all()
        return UserListPage(
            rows: try users.map { user in
                Row(
                    id: try user.requireID(), email: user.email, displayName: user.displayName, role: user.role, region: user.region,
                    memberName: user.member?.name, disabled: user.disabled)
            })
    }
}

/// The account form: a new account, or an existing one with its current values.
struct UserFormPage: Sendable {
    struct Editing: Sendable {
        var id: UUID
        var email: String

        /// nil when there is no account with this id.
        static func find(id: UUID, on db: any Database) async throws -> Editing? {
            try await User.find(id, on: db).map { Editing(id: id, email: $0.email) }
        }
    }

    /// nil for a new account.
    var editing: Editing?
    var form: UserForm

    /// The form of an existing account, or nil when there is none with this id.
    static func query(id: UUID, on db: any Database) async throws -> UserFormPage? {
        guard let user = try await User.query(on: db).filter(\.$id == id).with(\.$member).first() else { return nil }
        let form = UserForm(
            email: user.email, display_name: user.displayName, role: user.role.rawValue, region: user.region?.rawValue,
            member: user.member?.slug, password: nil, disabled: user.disabled ? "yes" : nil)
        return UserFormPage(editing: Editing(id: id, email: user.email), form: form)
    }
}
