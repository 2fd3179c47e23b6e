import Fluent
import Vapor
import WeGOCore
import WeGOMatching

/// Posting, editing and deleting items: each in one audited transaction, after which the engine
/// takes the item's new text and anonymous visitors' cached pages are dropped (rather than lag
/// by up to 30 seconds).
struct MatchItemService {
    let app: Application
    let db: any Database

    init(_ app: Application, db: (any Database)? = nil) {
        self.app = app
        self.db = db ?? app.db
    }

    /// The kind asked for, if the user may post it.
    func postableKind(_ text: String?, user: SignedInUser) async throws -> MatchItemKind {
        guard let kind = MatchItemKind(rawValue: text ?? "") else { throw MatchingError.unknownKind }
        guard try await MatchAccess.postableKinds(user, on: db).contains(kind) else { throw MatchingError.cannotPost }
        return kind
    }

    /// Posts a new item for the user's member (a funding program belongs to no member).
    func create(_ draft: MatchItemDraft, user: SignedInUser) async throws -> UUID {
        let kind = try await postableKind(draft.kind.rawValue, user: user)
        let owner = kind == .funding ? nil : user.memberID
        let item = try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
            // Built inside the body: a retried body starts again from a new model.
            let item = MatchItem()
            item.apply(draft)
            item.$member.id = owner
            item.createdBy = user.id
            try await item.create(on: db)
            return (
                item,
                AuditLog.Event(action: "match.item_create", target: "match_item:\(try item.requireID())", details: "kind=\(kind.rawValue)")
            )
        }
        try await published(item)
        return try item.requireID()
    }

    /// Changes an item's text and terms; its kind stays (a challenge does not become a solution).
    func update(_ id: UUID, draft: MatchItemDraft, user: SignedInUser) async throws {
        _ = try await MatchAccess.editableItem(id, user: user, on: db)
        let saved = try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
            // Read again inside the body, so a retry changes a fresh copy, not one already marked saved.
            guard let current = try await MatchItem.find(id, on: db) else { throw Abort(.notFound) }
            var kept = draft
            kept.kind = current.kind
            current.apply(kept)
            try await current.save(on: db)
            return (current, AuditLog.Event(action: "match.item_update", target: "match_item:\(id)", details: ""))
        }
        try await published(saved)
    }

    func delete(_ id: UUID, user: SignedInUser) async throws {
        let item = try await MatchAccess.editableItem(id, user: user, on: db)
        try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
            try await MatchItem.query(on: db).filter(\.$id == id).delete()
            return ((), AuditLog.Event(action: "match.item_delete", target: "match_item:\(id)", details: "kind=\(item.kind.rawValue)"))
        }
        app.matchCatalog.removed(id)
        await app.announce(.matchItem(id))
    }

    private func published(_ item: MatchItem) async throws {
        try await app.matchCatalog.saved(item, on: db)
        await app.announce(.matchItem(try item.requireID()))
    }
}
