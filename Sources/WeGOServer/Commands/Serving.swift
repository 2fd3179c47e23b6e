import Fluent
import Vapor

/// Run before `serve`: migrations, the seed on an empty database, and a purge of old sessions.
public func prepareForServing(_ app: Application) async throws {
    try await app.asyncBoot()
    try await app.autoMigrate()
    try await Seeder.seedIfEmpty(on: app.db, logger: app.logger)
    try await app.sessionStore.purgeExpired(on: app.db)
}
