import Crypto
import Fluent
import Foundation
import Vapor
import WeGOCore

/// `wego audit verify [--head FILE]` and `wego audit anchor --out FILE`.
struct AuditCommand: AsyncCommandGroup {
    var help: String { "Checks the audit log and signs its newest entry." }
    var commands: [String: any AnyAsyncCommand] { ["verify": AuditVerifyCommand(), "anchor": AuditAnchorCommand()] }
    var defaultCommand: (any AnyAsyncCommand)? { nil }
}

struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "head", help: "An anchor written by `wego audit anchor`: the chain must still hold its entry.")
        var head: String?
    }

    var help: String { "Verifies the audit log's hash chain (and an anchor, with --head); exits 1 at the first problem." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch try await AuditLog.verify(on: app.db) {
        case .intact(let count):
            context.console.print("Audit log intact: \(count) entries verified.")
        case .broken(let sequence, let reason):
            context.console.error("Audit log broken at entry \(sequence): \(reason.rawValue).")
            throw ExitCode.failure
        }
        guard let path = signature.head else { return }
        do {
            let anchor = try AuditAnchors.read(path)
            switch try await AuditAnchors.verdict(anchor, app: app) {
            case .consistent:
                context.console.print("Anchor \(path) holds: entry \(anchor.sequence) is in the chain, unchanged.")
            case .forged:
                context.console.error("Anchor \(path) is not signed with this WEGO_AUDIT_KEY (or was edited).")
                throw ExitCode.failure
            case .truncated(let last):
                context.console.error(
                    "The audit log ends at entry \(last) but \(path) anchored entry \(anchor.sequence): newer entries were deleted.")
                throw ExitCode.failure
            case .rewritten:
                context.console.error("Entry \(anchor.sequence) is not the one \(path) anchored: the log was rewritten.")
                throw ExitCode.failure
            }
        } catch let problem as AuditAnchors.Problem {
            context.console.error(problem.description)
            throw ExitCode.failure
        }
    }
}

struct AuditAnchorCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "out", help: "Where to write the anchor (JSON); keep copies away from the database server.")
        var path: String?
    }

    var help: String { "Signs the audit log's newest entry with WEGO_AUDIT_KEY; run it periodically (cron) and keep the files." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.path, !path.isEmpty else {
            context.console.error("--out is required, e.g. wego audit anchor --out anchors/audit-2026-12-05.json")
            throw ExitCode.failure
        }
        do {
            let anchor = try await AuditAnchors.make(context.application)
            try AuditAnchors.write(anchor, to: path)
            context.console.print("Anchored entry \(anchor.sequence) in \(path).")
        } catch let problem as AuditAnchors.Problem {
            context.console.error(problem.description)
            throw ExitCode.failure
        }
    }
}

/// Making, storing and checking anchors against the database's chain.
enum AuditAnchors {
    enum Problem: Error, CustomStringConvertible {
        case noKey, emptyLog, unreadable(String)
        var description: String {
            switch self {
            case .noKey: "set WEGO_AUDIT_KEY (at least 32 characters, kept outside the database) to sign and check anchors"
            case .emptyLog: "the audit log is empty: there is nothing to anchor yet"
            case .unreadable(let reason): "cannot read the anchor: \(reason)"
            }
        }
    }

    static func key(_ app: Application) throws(Problem) -> SymmetricKey {
        guard let secret = app.settings.auditKey else { throw .noKey }
        return SymmetricKey(data: Data(secret.utf8))
    }

    static func make(_ app: Application) async throws -> AuditAnchor {
        let key = try key(app)
        guard let head = try await AuditRecord.query(on: app.db).sort(\.$sequence, .descending).first() else { throw Problem.emptyLog }
        return AuditAnchor(head: AuditLog.entry(head), key: key)
    }

    static func verdict(_ anchor: AuditAnchor, app: Application) async throws -> AuditAnchor.Verdict {
        let key = try key(app)
        let last = try await AuditRecord.query(on: app.db).sort(\.$sequence, .descending).first()?.sequence ?? 0
        let entry = try await AuditRecord.query(on: app.db).filter(\.$sequence == anchor.sequence).first().map(AuditLog.entry)
        return anchor.verdict(key: key, entryAtSequence: entry, lastSequence: last)
    }

    static func write(_ anchor: AuditAnchor, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(anchor).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
    }

    static func read(_ path: String) throws(Problem) -> AuditAnchor {
        do {
            return try JSONDecoder().decode(AuditAnchor.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadable("\(path): \(error.localizedDescription)")
        }
    }
}
