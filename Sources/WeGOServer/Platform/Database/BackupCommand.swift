import Vapor
import WeGOCore

/// `wego backup --to FILE`: a consistent copy of the live database (SQLite's VACUUM INTO, or
/// pg_dump's custom format), read back and summarised.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "The backup file to write; it must not exist.")
        var path: String?
    }

    var help: String { "Backs up the live database to a new file and checks the copy." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.path, !path.isEmpty else {
            context.console.error("--to is required, e.g. wego backup --to backups/wego-2026-12-05.sqlite")
            throw ExitCode.failure
        }
        do {
            let summary = try await DatabaseBackup.backup(context.application, to: path)
            context.console.print("Backed up to \(path).\n\(summary)")
        } catch let failure as DatabaseBackup.Failure {
            context.console.error(failure.description)
            throw ExitCode.failure
        }
    }
}

/// `wego restore --from FILE --to PATH|URL`: restores a backup into a new SQLite file or an empty
/// PostgreSQL database, never over the one in use, and checks it.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "The backup file.")
        var source: String?
        @Option(name: "to", help: "A new SQLite file, or an empty PostgreSQL database's postgres:// URL.")
        var target: String?
    }

    var help: String { "Restores a backup into a new database and checks it; point WEGO_DATABASE_PATH or DATABASE_URL at it after." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let source = signature.source, !source.isEmpty, let target = signature.target, !target.isEmpty else {
            context.console.error("--from and --to are required, e.g. wego restore --from backup.sqlite --to wego-restored.sqlite")
            throw ExitCode.failure
        }
        let database: Settings.Database =
            target.hasPrefix("postgres://") || target.hasPrefix("postgresql://") ? .postgres(url: target) : .sqlite(path: target)
        do {
            let summary = try await DatabaseBackup.restore(context.application, from: source, to: database)
            context.console.print("Restored \(source) into \(target).\n\(summary)")
        } catch let failure as DatabaseBackup.Failure {
            context.console.error(failure.description)
            throw ExitCode.failure
        }
    }
}
