import Foundation
import Synchronization
import Vapor
import WeGOCore

/// Keeps the rendered bytes of public pages and API answers for visitors without a session.
///
/// The directory, profiles, the map and the API change only when a member is written, and
/// nearly every request is an anonymous read of the same few pages, so rendering each one again
/// (SQLite reads, row decoding, HTML or JSON encoding: about 2 ms of CPU in a profile) is waste.
/// Member writes clear the cache through `invalidate()`; the time limit bounds how stale another
/// app server's copy can be when several share one PostgreSQL database. Pages for a session are
/// never cached: they carry its CSRF token and its user.
final class PublicPageCache: Sendable {
    struct Key: Hashable { let language: Language; let uri: String }
    private struct Entry { let stored: Date; let status: HTTPStatus; let headers: HTTPHeaders; let body: ByteBuffer }
    private struct State { var entries: [Key: Entry] = [:]; var bytes = 0; var generation = 0 }
    private let state = Mutex(State())
    let timeToLive: TimeInterval
    let maxBytes: Int
    let enabled: Bool

    init(enabled: Bool, timeToLive: TimeInterval = 30, maxBytes: Int = 64 << 20) {
        self.enabled = enabled
        self.timeToLive = timeToLive
        self.maxBytes = maxBytes
    }

    func invalidate() {
        state.withLock { state in
            state.entries.removeAll()
            state.bytes = 0
            state.generation += 1
        }
    }

    fileprivate func lookup(_ key: Key, now: Date) -> (Response?, generation: Int) {
        state.withLock { state in
            guard let entry = state.entries[key], now.timeIntervalSince(entry.stored) < timeToLive, now >= entry.stored else {
                return (nil, state.generation)
            }
            return (Response(status: entry.status, headers: entry.headers, body: .init(buffer: entry.body)), state.generation)
        }
    }

    fileprivate func store(_ key: Key, _ response: Response, body: ByteBuffer, now: Date, generation: Int) {
        state.withLock { state in
            // A page rendered before a write must not be stored after it.
            guard state.generation == generation else { return }
            if state.bytes + body.readableBytes > maxBytes {
                state.entries.removeAll()
                state.bytes = 0
            }
            if let old = state.entries[key] { state.bytes -= old.body.readableBytes }
            state.entries[key] = Entry(stored: now, status: response.status, headers: response.headers, body: body)
            state.bytes += body.readableBytes
        }
    }
}

struct PublicPageCacheMiddleware: AsyncMiddleware {
    let cache: PublicPageCache
    /// Routes whose answer depends only on the URL and the language.
    static let cacheablePrefixes = ["/members", "/map", "/governance", "/offices", "/contact", "/api/v1/"]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard cache.enabled, request.method == .GET, request.session == nil,
              path == "/" || Self.cacheablePrefixes.contains(where: { path.hasPrefix($0) }) else {
            return try await next.respond(to: request)
        }
        let language = path.hasPrefix("/api/") ? Language.negotiate(acceptLanguage: request.headers.first(name: .acceptLanguage))
                                                : request.language
        let key = PublicPageCache.Key(language: language, uri: request.url.string)
        let now = request.application.clock()
        let (hit, generation) = cache.lookup(key, now: now)
        if let hit { return hit }
        let response = try await next.respond(to: request)
        if response.status == .ok, response.headers[.setCookie].isEmpty, let body = response.body.buffer {
            cache.store(key, response, body: body, now: now, generation: generation)
        }
        return response
    }
}
