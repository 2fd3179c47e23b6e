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
    private let entries = Mutex<[Key: Entry]>([:])
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
        if let total = entries.withLock({ fresh($0[key], now)?.total }) { return total }
        let total = try await compute()
        store(key, now: now) { Entry(stored: now, total: total, facets: $0?.facets) }
        return total
    }

    func facets(_ filter: MemberFilter, now: Date, compute: () async throws -> MemberFacets) async throws -> MemberFacets {
        let key = Self.key(filter)
        if let facets = entries.withLock({ fresh($0[key], now)?.facets }) { return facets }
        let facets = try await compute()
        store(key, now: now) { Entry(stored: now, total: $0?.total, facets: facets) }
        return facets
    }

    func invalidate() { entries.withLock { $0.removeAll() } }

    private func fresh(_ entry: Entry?, _ now: Date) -> Entry? {
        guard let entry, now.timeIntervalSince(entry.stored) < timeToLive, now >= entry.stored else { return nil }
        return entry
    }

    private func store(_ key: Key, now: Date, _ make: (Entry?) -> Entry) {
        entries.withLock { entries in
            // A crude bound: searches are open-ended text, so the key space is too.
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = make(fresh(entries[key], now))
        }
    }
}

extension Application {
    private struct DirectoryCacheKey: StorageKey { typealias Value = DirectoryCountsCache }
    var directoryCache: DirectoryCountsCache {
        get { storage[DirectoryCacheKey.self]! }
        set { storage[DirectoryCacheKey.self] = newValue }
    }
}
