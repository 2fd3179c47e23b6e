import Vapor
import WeGOCore

/// `wego audit verify`: walks the hash chain and names the first tampered entry.
struct AuditCommand: AsyncCommandGroup {
    var help: String { "Checks the audit log." }
    var commands: [String: any AnyAsyncCommand] { ["verify": AuditVerifyCommand()] }
    var defaultCommand: (any AnyAsyncCommand)? { nil }
}

struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Verifies the audit log's hash chain; exits 1 at the first tampered entry." }

    func run(using context: CommandContext, signature: Signature) async throws {
        switch try await AuditLog.verify(on: context.application.db) {
        case .intact(let count):
            context.console.print("Audit log intact: \(count) entries verified.")
        case .broken(let sequence, let reason):
            context.console.error("Audit log broken at entry \(sequence): \(reason.rawValue).")
            throw ExitCode.failure
        }
    }
}
