import Foundation
import Synchronization
import Vapor
import WeGOCore

/// Totals and facet counts of the directory, by filter. Counting scans every matching row, so
/// with 100,000 members the counts, not the page of rows, would dominate each request; they
/// change only when a member is written. Writes in this process clear the cache at once; the
/// time limit bounds how stale another app server's counts can be when several share PostgreSQL.
final class DirectoryCountsCache: Sendable {
    struct Key: Hashable { let filter: MemberFilter }
    private struct Entry { let stored: Date; let total: Int?; let facets: MemberFacets? }
    /// `generation` grows at each invalidation; a count computed before one is not stored after it.
    private struct State { var entries: [Key: Entry] = [:]; var generation = 0 }
    private let state = Mutex(State())
    let timeToLive: TimeInterval
    let capacity: Int

    init(timeToLive: TimeInterval = 30, capacity: Int = 2000) {
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    /// The filter without its page: every page of one search shares its counts.
    static func key(_ filter: MemberFilter) -> Key {
        var normalized = filter
        normalized.page = 1
        normalized.perPage = 1
        return Key(filter: normalized)
    }

    func total(_ filter: MemberFilter, now: Date, compute: () async throws -> Int) async throws -> Int {
        let key = Self.key(filter)
        let (cached, generation) = state.withLock { (fresh($0.entries[key], now)?.total, $0.generation) }
        if let cached { return cached }
        let total = try await compute()
        store(key, now: now, generation: generation) { Entry(stored: now, total: total, facets: $0?.facets) }
        return total
    }

    func facets(_ filter: MemberFilter, now: Date, compute: () async throws -> MemberFacets) async throws -> MemberFacets {
        let key = Self.key(filter)
        let (cached, generation) = state.withLock { (fresh($0.entries[key], now)?.facets, $0.generation) }
        if let cached { return cached }
        let facets = try await compute()
        store(key, now: now, generation: generation) { Entry(stored: now, total: $0?.total, facets: facets) }
        return facets
    }

    func invalidate() {
        state.withLock { state in
            state.entries.removeAll()
            state.generation += 1
        }
    }

    private func fresh(_ entry: Entry?, _ now: Date) -> Entry? {
        guard let entry, now.timeIntervalSince(entry.stored) < timeToLive, now >= entry.stored else { return nil }
        return entry
    }

    private func store(_ key: Key, now: Date, generation: Int, _ make: (Entry?) -> Entry) {
        state.withLock { state in
            guard state.generation == generation else { return }
            // A crude bound: searches are open-ended text, so the key space is too.
            if state.entries.count >= capacity { state.entries.removeAll() }
            state.entries[key] = make(fresh(state.entries[key], now))
        }
    }
}
