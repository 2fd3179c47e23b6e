import Fluent
import Foundation
import SQLKit
import Synchronization
import Testing
import Vapor
import WeGOCore

@testable import WeGOServer

/// The backup drill (issue 12): back up while applications (each with its audit entry and
/// e-mail) are being written, restore into a fresh database, and find every write acknowledged
/// before the backup, the engine's integrity check passed, the same rows and an intact audit chain.
extension ServerTests {
    @Suite struct Backups {
        final class Acknowledged: Sendable {
            let count = Mutex(0)
            var value: Int { count.withLock { $0 } }
        }

        @Test(arguments: TestDatabase.all)
        func aBackupMadeUnderWriteLoadRestoresExactly(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wego-backup-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                let backupPath = folder.appendingPathComponent("backup").path
                let target: Settings.Database
                var scratchDatabase: String?
                switch database {
                case .sqlite: target = .sqlite(path: folder.appendingPathComponent("restored.sqlite").path)
                case .postgres(let url):
                    let name = "wego_restore_\(UInt32.random(in: 0 ... .max))"
                    try await app.db.sql.raw("CREATE DATABASE \(ident: name)").run()
                    scratchDatabase = name
                    var components = try #require(URLComponents(string: url))
                    components.path = "/" + name
                    target = .postgres(url: try #require(components.string))
                }

                let acknowledged = Acknowledged()
                let service = WeGOServer.MembershipService(app)
                let (backup, acknowledgedBefore) = try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for index in 0 ..< 40 {
                            _ = try await service.submit(
                                MembershipService.cityDraft("Load City \(index)", email: "load\(index)@example.org"), language: .en)
                            acknowledged.count.withLock { $0 += 1 }
                        }
                    }
                    while acknowledged.value < 10 { try await Task.sleep(for: .milliseconds(5)) }
                    let before = acknowledged.value
                    let backup = try await DatabaseBackup.backup(app, to: backupPath)
                    try await group.waitForAll()
                    return (backup, before)
                }
                #expect(acknowledgedBefore >= 10 && acknowledged.value == 40)
                #expect((backup.counts["membership_applications"] ?? 0) >= acknowledgedBefore)
                #expect(backup.counts["members"] == (try await Member.query(on: app.db).count()))

                let restored = try await DatabaseBackup.restore(app, from: backupPath, to: target)
                #expect(restored == backup)
                #expect(restored.isSound && restored.audit == .intact(count: backup.counts["membership_applications"] ?? -1))
                await #expect(throws: DatabaseBackup.Failure.self) { _ = try await DatabaseBackup.backup(app, to: backupPath) }
                if case .sqlite = target {
                    await #expect(throws: DatabaseBackup.Failure.self) {
                        _ = try await DatabaseBackup.restore(app, from: backupPath, to: target)
                    }
                }
                if let scratchDatabase {
                    try await app.db.sql.raw("DROP DATABASE \(ident: scratchDatabase) WITH (FORCE)").run()
                }
            }
        }
    }
}
