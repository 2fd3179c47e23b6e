import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor
import WeGOCore

/// Backups that restore (issue 12): a consistent copy of a live database, and a restore into a
/// fresh one, each checked by opening the result and reading it back: the engine's integrity
/// check, a row count per table and the audit chain. A backup and its restore print the same
/// summary; the drill in the tests compares them under write load.
enum DatabaseBackup {
    struct Summary: Sendable, Equatable, CustomStringConvertible {
        var counts: [String: Int]
        var audit: AuditChain.VerificationResult
        var integrity: String

        var description: String {
            let tables = counts.keys.sorted().map { "  \($0): \(counts[$0]!)" }.joined(separator: "\n")
            let chain =
                switch audit {
                case .intact(let count): "intact, \(count) entries"
                case .broken(let sequence, let reason): "BROKEN at entry \(sequence) (\(reason.rawValue))"
                }
            return "integrity: \(integrity)\naudit log: \(chain)\nrows per table:\n\(tables)"
        }

        var isSound: Bool {
            guard integrity == "ok" else { return false }
            if case .intact = audit { return true }
            return false
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case exists(String)
        case missing(String)
        case tool(String, status: Int32, output: String)
        case unsound(Summary)

        var description: String {
            switch self {
            case .exists(let path): "\(path) exists already: a backup or a restore never overwrites a file"
            case .missing(let path): "\(path) does not exist"
            case .tool(let name, let status, let output): "\(name) failed (exit \(status)): \(output)"
            case .unsound(let summary): "the copy does not read back soundly:\n\(summary)"
            }
        }
    }

    /// Row counts of every table, the audit chain and the engine's integrity check.
    static func summary(of db: any Database) async throws -> Summary {
        let sql = db.sql
        let tables: [String]
        let integrity: String
        if db.isPostgreSQL {
            tables = try await sql.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename").all()
                .map { try $0.decode(column: "tablename", as: String.self) }
            // PostgreSQL checks pages as it reads them: a full read of every table (the counts
            // below) fails on a damaged one.
            integrity = "ok"
        } else {
            tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                .all().map { try $0.decode(column: "name", as: String.self) }
            let rows = try await sql.raw("PRAGMA integrity_check").all()
            integrity = try rows.map { row in try row.decode(column: row.allColumns.first ?? "integrity_check", as: String.self) }
                .joined(separator: "; ")
        }
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table] =
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return Summary(counts: counts, audit: try await AuditLog.verify(on: db), integrity: integrity)
    }

    /// Copies the live database to `path` and reads the copy back.
    static func backup(_ app: Application, to path: String) async throws -> Summary {
        guard !FileManager.default.fileExists(atPath: path) else { throw Failure.exists(path) }
        switch app.settings.database {
        case .sqlite:
            // VACUUM INTO writes a consistent snapshot from one read transaction: writers go on.
            try await app.db.sql.raw("VACUUM INTO \(bind: path)").run()
            return try await checked(app, .sqlite(path: path))
        case .postgres(let url):
            // pg_dump reads the snapshot this transaction exports, so the summary printed is of
            // exactly the rows the dump holds, however many writers go on meanwhile.
            return try await app.db.transaction { tx in
                try await tx.sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
                let snapshot =
                    try await tx.sql.raw("SELECT pg_export_snapshot() AS id").first()?.decode(column: "id", as: String.self) ?? ""
                let summary = try await summary(of: tx)
                try await app.threadPool.runIfActive {
                    try run("pg_dump", ["--format=custom", "--no-owner", "--snapshot=\(snapshot)", "--file=\(path)", "--dbname=\(url)"])
                }
                return summary
            }
        }
    }

    /// Restores `path` into a new database (`to`: a SQLite file that must not exist, or an
    /// empty PostgreSQL database) and reads it back.
    static func restore(_ app: Application, from path: String, to target: Settings.Database) async throws -> Summary {
        guard FileManager.default.fileExists(atPath: path) else { throw Failure.missing(path) }
        switch target {
        case .sqlite(let targetPath):
            guard !FileManager.default.fileExists(atPath: targetPath) else { throw Failure.exists(targetPath) }
            try FileManager.default.copyItem(atPath: path, toPath: targetPath)
        case .postgres(let url):
            try run("pg_restore", ["--no-owner", "--exit-on-error", "--dbname=\(url)", path])
        }
        return try await checked(app, target)
    }

    /// Opens `target` beside the application's database, summarises it and closes it again.
    private static func checked(_ app: Application, _ target: Settings.Database) async throws -> Summary {
        let id = DatabaseID(string: "backup-check-\(UUID().uuidString)")
        switch target {
        case .sqlite(let path): app.databases.use(.sqlite(.file(path)), as: id, isDefault: false)
        case .postgres(let url):
            app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: id, isDefault: false)
        }
        defer { app.databases.reinitialize(id) }
        guard let db = app.databases.database(id, logger: app.logger, on: app.eventLoopGroup.any()) else {
            throw Failure.missing("\(target)")
        }
        let summary = try await summary(of: db)
        guard summary.isSound else { throw Failure.unsound(summary) }
        return summary
    }

    /// Runs a PostgreSQL client tool found on PATH or in Debian's versioned folders.
    private static func run(_ tool: String, _ arguments: [String]) throws {
        let candidates =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(tool)" }
            + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted(by: >)
            .map { "/usr/lib/postgresql/\($0)/bin/\(tool)" }
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure.tool(tool, status: 127, output: "not found; install PostgreSQL's client tools")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.tool(tool, status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
        }
    }
}
