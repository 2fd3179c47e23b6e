import FluentPostgresDriver
import Foundation
import Synchronization
import Vapor

/// A change that other app servers keep a copy of in memory: the public page cache, the
/// directory's counts, the matching catalog. The database itself is shared; these copies are not.
enum SharedChange: Codable, Sendable, Equatable {
    /// A member was written: the directory's counts and every public page.
    case members
    /// Something public pages show changed (an index edition, a fee override).
    case publicPages
    /// A posted matching item was saved or deleted.
    case matchItem(UUID)
    /// Anything at all: after this server was not listening, notices may have been missed.
    case everything
}

extension Application {
    /// Applies `change` to this server's memory and tells the other servers on the same
    /// PostgreSQL database (NOTIFY, after the change committed). SQLite is one server's file:
    /// there is nobody to tell.
    func announce(_ change: SharedChange) async {
        await apply(change, elsewhere: false)
        guard case .postgres = settings.database else { return }
        do {
            let notice = String(decoding: try JSONEncoder().encode(ChangeNotice(origin: changeFeed.origin, change: change)), as: UTF8.self)
            try await db.sql.raw("SELECT pg_notify(\(bind: ChangeFeed.channel), \(bind: notice))").run()
        } catch {
            // The others' page caches still expire by their time limit; the catalog catches up at the
            // next notice that says `everything` (their feed reconnecting) or their restart.
            logger.warning("could not announce \(change) to the other app servers: \(String(reflecting: error))")
        }
    }

    /// What a change means for this server's copies. A matching item changed elsewhere is read
    /// again from the database; one changed here was already put into the catalog by its save.
    func apply(_ change: SharedChange, elsewhere: Bool) async {
        switch change {
        case .members:
            directoryCache.invalidate()
            pageCache.invalidate()
        case .publicPages:
            pageCache.invalidate()
        case .matchItem(let id):
            if elsewhere {
                do { try await matchCatalog.refresh(id, on: db) } catch {
                    logger.warning("matching catalog: reload of \(id) failed, reloading everything: \(String(reflecting: error))")
                    matchCatalog.reset()
                }
            }
            pageCache.invalidate()
        case .everything:
            directoryCache.invalidate()
            pageCache.invalidate()
            matchCatalog.reset()
        }
    }

    private struct ChangeFeedKey: StorageKey { typealias Value = ChangeFeed }
    var changeFeed: ChangeFeed {
        get { storage[ChangeFeedKey.self]! }
        set { storage[ChangeFeedKey.self] = newValue }
    }
}

/// One announcement on the wire: which server made the change (it has applied it already).
struct ChangeNotice: Codable, Sendable {
    let origin: UUID
    let change: SharedChange
}

/// Listens for the other app servers' announcements on a connection of its own (LISTEN holds a
/// connection; the pool's are for requests). When the connection drops it reconnects after a
/// second and treats the gap as `everything`, so a missed notice costs a cache refill, never a
/// stale page. Started by `wego serve` on PostgreSQL only.
final class ChangeFeed: Sendable {
    static let channel = "wego_changes"
    let origin = UUID()
    private let listener = Mutex<Task<Void, Never>?>(nil)
    /// How many notices from other servers were applied; read by the tests.
    private let received = Atomic<Int>(0)
    var receivedCount: Int { received.load(ordering: .relaxed) }

    func start(_ app: Application, url: String) throws {
        let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        let logger = app.logger
        let task = Task { [origin] in
            var connectionID = 0
            while !Task.isCancelled {
                connectionID += 1
                do {
                    let connection = try await PostgresConnection.connect(
                        on: app.eventLoopGroup.any(), configuration: configuration, id: connectionID, logger: logger
                    ).get()
                    do {
                        try await connection.listen(on: Self.channel) { notices in
                            await app.apply(.everything, elsewhere: true)
                            for try await notice in notices {
                                guard let decoded = try? JSONDecoder().decode(ChangeNotice.self, from: Data(notice.payload.utf8)) else {
                                    logger.warning("ignored a notice that is not a change: \(notice.payload.prefix(200))")
                                    continue
                                }
                                guard decoded.origin != origin else { continue }
                                await app.apply(decoded.change, elsewhere: true)
                                self.received.add(1, ordering: .relaxed)
                            }
                        }
                    } catch {
                        if !Task.isCancelled { logger.warning("change feed interrupted: \(String(reflecting: error))") }
                    }
                    try? await connection.close()
                } catch {
                    logger.warning("change feed could not connect: \(String(reflecting: error))")
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        listener.withLock { $0 = task }
    }

    func stop() async {
        let task = listener.withLock { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }
}

/// Starts the change feed when the server starts serving on PostgreSQL, and stops it on shutdown.
struct ChangeFeedLifecycle: LifecycleHandler {
    let settings: Settings

    func didBootAsync(_ application: Application) async throws {
        let command = application.environment.arguments.dropFirst().first
        guard command == nil || command == "serve", case .postgres(let url) = settings.database else { return }
        try application.changeFeed.start(application, url: url)
    }

    func shutdownAsync(_ application: Application) async {
        await application.changeFeed.stop()
    }
}
