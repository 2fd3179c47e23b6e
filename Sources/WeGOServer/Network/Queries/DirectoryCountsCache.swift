import Foundation
import Synchronization
import Vapor
import WeGOCore

/// Totals and facet counts of the directory, by filter. Counting scans every matching row, so
/// with 100,000 members the counts, not the page of rows, would dominate each request; they
/// change only when a member is written. Member writes clear it on every app server through the
/// change feed (`Application.announce`); the time limit is the backstop should a notice be lost.
///
/// Each slot holds the computing task itself, so when an entry expires under load one request
/// counts and the others wait for its answer instead of all scanning the table at once.
final class DirectoryCountsCache: Sendable {
    struct Key: Hashable { let filter: MemberFilter }
    private struct Slot<Value: Sendable> { let stored: Date; let task: Task<Value, any Error> }
    private struct State {
        var totals: [Key: Slot<Int>] = [:]
        var facets: [Key: Slot<MemberFacets>] = [:]
    }
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

    func total(_ filter: MemberFilter, now: Date, compute: @escaping @Sendable () async throws -> Int) async throws -> Int {
        try await cached(Self.key(filter), now: now, slots: \.totals, compute: compute)
    }

    func facets(
        _ filter: MemberFilter, now: Date, compute: @escaping @Sendable () async throws -> MemberFacets
    ) async throws -> MemberFacets {
        try await cached(Self.key(filter), now: now, slots: \.facets, compute: compute)
    }

    func invalidate() {
        state.withLock { state in
            state.totals.removeAll()
            state.facets.removeAll()
        }
    }

    private func cached<Value: Sendable>(
        _ key: Key, now: Date, slots: WritableKeyPath<State, [Key: Slot<Value>]>,
        compute: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let task = state.withLock { state -> Task<Value, any Error> in
            if let slot = state[keyPath: slots][key], now.timeIntervalSince(slot.stored) < timeToLive, now >= slot.stored {
                return slot.task
            }
            // A crude bound: searches are open-ended text, so the key space is too.
            if state[keyPath: slots].count >= capacity { state[keyPath: slots].removeAll() }
            let task = Task { try await compute() }
            state[keyPath: slots][key] = Slot(stored: now, task: task)
            return task
        }
        do {
            return try await task.value
        } catch {
            // A failed count is not kept: the next request tries again.
            state.withLock { state in
                if let slot = state[keyPath: slots][key], slot.task == task { state[keyPath: slots][key] = nil }
            }
            throw error
        }
    }
}
