import Fluent
import SQLKit
import Vapor

/// Run before `serve`: migrations, the seed on an empty database, and a purge of old sessions.
/// Several app servers may start at once against one PostgreSQL database: a session-level
/// advisory lock lets one migrate and seed while the others wait, then find nothing to do.
public func prepareForServing(_ app: Application) async throws {
    try await app.asyncBoot()
    try await app.db.withSessionLock(number: startUpLockKey) { try await migrateAndSeed(app) }
    try await app.sessionStore.purgeExpired(on: app.db)
    scheduleSessionPurge(app)
}

private let startUpLockKey = 0x5745_474F_5354_4152

private func migrateAndSeed(_ app: Application) async throws {
    try await app.autoMigrate()
    try await Seeder.seedIfEmpty(on: app.db, logger: app.logger)
}
