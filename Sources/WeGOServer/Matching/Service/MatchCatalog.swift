import Fluent
import Synchronization
import Vapor
import WeGOCore
import WeGOMatching

/// Everything members have posted, in one engine, kept in memory and updated item by item as
/// they are saved: adding a challenge does not rebuild the index. It is loaded from the database
/// on first use, so a restart catches up by itself; other app servers on the same PostgreSQL
/// database learn of each save and delete from the change feed (`SharedChange.matchItem`).
///
/// Reads rank on an immutable snapshot taken under a lock, so any number of item pages rank at
/// once; only a save or a delete holds the lock while it changes the engine (copy-on-write: a
/// change made while a read still holds the old snapshot copies the index once).
final class MatchCatalog: Sendable {
    struct Entry: Sendable {
        var kind: MatchItemKind
        var memberID: UUID?
        var visibility: MatchVisibility
    }

    private struct Snapshot: Sendable {
        var engine: MatchEngine
        var entries: [UUID: Entry]
    }

    /// Read by the pages too, to name a shared concept in the reader's language.
    let thesaurus: Thesaurus
    private let state = Mutex<Snapshot?>(nil)

    init(thesaurus: Thesaurus) { self.thesaurus = thesaurus }

    private func loaded(_ db: any Database) async throws -> Snapshot {
        if let snapshot = state.withLock({ $0 }) { return snapshot }
        var fresh = Snapshot(engine: MatchEngine(thesaurus: thesaurus), entries: [:])
        for item in try await MatchItem.query(on: db).all() {
            let id = try item.requireID()
            fresh.engine.add(item.draft.document(id: id.uuidString))
            fresh.entries[id] = Entry(kind: item.kind, memberID: item.$member.id, visibility: item.visibility)
        }
        // Another call may have loaded while this one awaited the database; keep the first.
        return state.withLock { current in
            if let current { return current }
            current = fresh
            return fresh
        }
    }

    /// After a save: the item's old terms are replaced by its new ones.
    func saved(_ item: MatchItem, on db: any Database) async throws {
        _ = try await loaded(db)
        let id = try item.requireID()
        let document = item.draft.document(id: id.uuidString)
        let entry = Entry(kind: item.kind, memberID: item.$member.id, visibility: item.visibility)
        state.withLock { snapshot in
            snapshot?.engine.add(document)
            snapshot?.entries[id] = entry
        }
    }

    /// After another app server saved or deleted `id`: its row as the database has it now.
    func refresh(_ id: UUID, on db: any Database) async throws {
        if let item = try await MatchItem.find(id, on: db) {
            try await saved(item, on: db)
        } else {
            removed(id)
        }
    }

    /// Forgets everything; the next read loads the catalog from the database again.
    func reset() {
        state.withLock { $0 = nil }
    }

    func removed(_ id: UUID) {
        state.withLock { snapshot in
            snapshot?.engine.remove(id: id.uuidString)
            snapshot?.entries[id] = nil
        }
    }

    struct Suggestion: Sendable {
        var id: UUID
        var kind: MatchItemKind
        var score: Double
        var explanation: MatchExplanation
    }

    /// The items that answer `item`, best first: of the kinds it looks for, visible to `viewer`,
    /// never the member's own, at most `limit` of each kind.
    func suggestions(for item: MatchItem, viewer: SignedInUser?, limit: Int = 5, on db: any Database) async throws -> [Suggestion] {
        let snapshot = try await loaded(db)
        let ownID = try item.requireID()
        let wanted = Set(item.kind.counterparts)
        var perKind: [MatchItemKind: Int] = [:]
        var out: [Suggestion] = []
        // Ranked deeply enough that filtering by kind, owner and visibility still leaves `limit` of each.
        for suggestion in snapshot.engine.rank(item.draft.document(id: ownID.uuidString), k: 200, excluding: [ownID.uuidString]) {
            guard let id = UUID(uuidString: suggestion.id), let entry = snapshot.entries[id], wanted.contains(entry.kind),
                entry.memberID == nil || entry.memberID != item.$member.id,
                MatchAccess.canSee(visibility: entry.visibility, ownerID: entry.memberID, viewer: viewer),
                perKind[entry.kind, default: 0] < limit
            else { continue }
            perKind[entry.kind, default: 0] += 1
            out.append(Suggestion(id: id, kind: entry.kind, score: suggestion.score, explanation: suggestion.explanation))
        }
        return out
    }
}

extension Application {
    private struct MatchCatalogKey: StorageKey { typealias Value = MatchCatalog }
    var matchCatalog: MatchCatalog {
        get { storage[MatchCatalogKey.self]! }
        set { storage[MatchCatalogKey.self] = newValue }
    }
}
