import Foundation
import Synchronization
import Vapor
import WeGOCore

/// Keeps the rendered bytes of public pages and API answers for visitors without a session.
///
/// The directory, profiles, the map and the API change only when a member is written, and
/// nearly every request is an anonymous read of the same few pages, so rendering each one again
/// (SQLite reads, row decoding, HTML or JSON encoding: about 2 ms of CPU in a profile) is waste.
/// Writes clear it on every app server through the change feed (`Application.announce`); the time
/// limit is the backstop should a notice be lost. Pages for a session are never cached: they
/// carry its CSRF token and its user.
final class PublicPageCache: Sendable {
    struct Key: Hashable { let language: Language; let uri: String }
    fileprivate struct Entry: Sendable {
        let stored: Date; let status: HTTPStatus; let headers: HTTPHeaders; let body: ByteBuffer
        var response: Response { Response(status: status, headers: headers, body: .init(buffer: body)) }
    }
    /// A render in progress: requests for the same page while it runs wait for it instead of all
    /// rendering at once when an entry expires under load.
    fileprivate typealias Flight = Task<Entry?, Never>
    private struct State { var entries: [Key: Entry] = [:]; var flights: [Key: Flight] = [:]; var bytes = 0; var generation = 0 }
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
            state.flights.removeAll()
            state.bytes = 0
            state.generation += 1
        }
    }

    fileprivate enum Lookup { case hit(Entry), wait(Flight), lead(generation: Int) }

    fileprivate func lookup(_ key: Key, now: Date) -> Lookup {
        state.withLock { state in
            if let entry = state.entries[key], now.timeIntervalSince(entry.stored) < timeToLive, now >= entry.stored {
                return .hit(entry)
            }
            if let flight = state.flights[key] { return .wait(flight) }
            return .lead(generation: state.generation)
        }
    }

    fileprivate func begin(_ key: Key, _ flight: Flight) {
        state.withLock { $0.flights[key] = flight }
    }

    fileprivate func end(_ key: Key) {
        _ = state.withLock { $0.flights.removeValue(forKey: key) }
    }

    fileprivate func store(_ key: Key, _ entry: Entry, generation: Int) {
        let body = entry.body
        state.withLock { state in
            // A page rendered before a write must not be stored after it.
            guard state.generation == generation else { return }
            if state.bytes + body.readableBytes > maxBytes {
                state.entries.removeAll()
                state.bytes = 0
            }
            if let old = state.entries[key] { state.bytes -= old.body.readableBytes }
            state.entries[key] = entry
            state.bytes += body.readableBytes
        }
    }
}

struct PublicPageCacheMiddleware: AsyncMiddleware {
    let cache: PublicPageCache
    /// Routes whose answer depends only on the URL and the language.
    static let cacheablePrefixes = ["/members", "/map", "/governance", "/offices", "/contact", "/fees", "/api/v1/"]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard cache.enabled, request.method == .GET, request.session == nil,
            path == "/" || Self.cacheablePrefixes.contains(where: { path.hasPrefix($0) })
        else {
            return try await next.respond(to: request)
        }
        let language =
            path.hasPrefix("/api/")
            ? Language.negotiate(acceptLanguage: request.headers.first(name: .acceptLanguage))
            : request.language
        let key = PublicPageCache.Key(language: language, uri: request.url.string)
        let now = request.application.clock()
        switch cache.lookup(key, now: now) {
        case .hit(let entry):
            return entry.response
        case .wait(let flight):
            // The leader's page, or, if it could not be cached, a render of our own.
            if let entry = await flight.value { return entry.response }
            return try await next.respond(to: request)
        case .lead(let generation):
            let (stream, continuation) = AsyncStream.makeStream(of: PublicPageCache.Entry?.self)
            let flight = PublicPageCache.Flight { await stream.first { _ in true } ?? nil }
            cache.begin(key, flight)
            defer { cache.end(key) }
            do {
                let response = try await next.respond(to: request)
                var entry: PublicPageCache.Entry?
                if response.status == .ok, response.headers[.setCookie].isEmpty, let body = response.body.buffer {
                    entry = PublicPageCache.Entry(stored: now, status: response.status, headers: response.headers, body: body)
                    cache.store(key, entry!, generation: generation)
                }
                continuation.yield(entry)
                continuation.finish()
                return response
            } catch {
                continuation.yield(nil)
                continuation.finish()
                throw error
            }
        }
    }
}
