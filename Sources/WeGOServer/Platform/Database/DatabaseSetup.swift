import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

enum DatabaseSetup {
    /// Registers the configured database as the default one.
    static func register(_ settings: Settings, on app: Application) throws {
        switch settings.database {
        case .sqlite(let path):
            app.databases.use(.sqlite(.file(path)), as: .sqlite)
        case .postgres(let url):
            // TLS follows the URL's sslmode; without one the driver prefers TLS and falls back to
            // a plain connection only when the server offers none.
            let config = try SQLPostgresConfiguration(url: url)
            app.databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: 4), as: .psql)
        }
    }

    /// The SQLite settings the platform relies on, set on every pooled connection and then read
    /// back: a start-up that cannot confirm them fails instead of running without durability.
    /// SQLiteKit opens one connection per event loop and keeps it, so setting them once per loop
    /// covers the pool (pragma `synchronous` and `busy_timeout` are per connection; WAL is stored
    /// in the file).
    static let sqlitePragmas: [(name: String, set: String, expected: String)] = [
        ("journal_mode", "WAL", "wal"),
        ("synchronous", "FULL", "2"),
        ("foreign_keys", "ON", "1"),
        ("busy_timeout", "5000", "5000"),
    ]

    static func prepare(_ settings: Settings, on app: Application) async throws {
        guard case .sqlite(let path) = settings.database else {
            // PostgreSQL: reachable or fail now, with the driver's message.
            _ = try await app.db.sql.raw("SELECT 1").all()
            return
        }
        // Created here, not when the database is registered: commands that need no database
        // (`wego index build`) leave no trace in the working directory.
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        for eventLoop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(logger: app.logger, on: eventLoop)!.sql
            for pragma in sqlitePragmas {
                _ = try await db.raw(SQLQueryString("PRAGMA \(unsafeRaw: pragma.name) = \(unsafeRaw: pragma.set)")).all()
            }
            for pragma in sqlitePragmas {
                let row = try await db.raw(SQLQueryString("PRAGMA \(unsafeRaw: pragma.name)")).first()
                let value = try row.map { row -> String in
                    let column = row.allColumns.first ?? pragma.name
                    if let text = try? row.decode(column: column, as: String.self) { return text.lowercased() }
                    return String(try row.decode(column: column, as: Int.self))
                }
                guard value == pragma.expected else {
                    throw Abort(
                        .internalServerError, reason: "SQLite PRAGMA \(pragma.name) is \(value ?? "unset"), expected \(pragma.expected)")
                }
            }
        }
    }
}
