import Fluent
import Foundation
import Vapor
import WeGOCore

/// The newest entries of the audit log and whether the whole chain is intact.
struct AuditPage: Sendable {
    struct Entry: Sendable {
        var sequence: Int64
        var occurredAt: Date
        var actor: String
        var action: String
        var target: String
        var details: String
        var hash: String
    }

    var entries: [Entry]
    var verification: AuditChain.VerificationResult

    static func query(on db: any Database, newest count: Int = 100) async throws -> AuditPage {
        let records = try await AuditRecord.query(on: db).sort(\.$sequence, .descending).limit(count).all()
        let entries = records.map { record in
            Entry(
                sequence: record.sequence, occurredAt: Date(timeIntervalSince1970: Double(record.occurredAtMilliseconds) / 1000),
                actor: record.actor, action: record.action, target: record.target, details: record.details, hash: record.hash)
        }
        return AuditPage(entries: entries, verification: try await AuditLog.verify(on: db))
    }
}

/// The audit log page, for those who may read it.
enum AuditPageController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.admin(.audit), use: audit)
    }

    @Sendable static func audit(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard Permissions.canViewAudit(user) else { throw Abort(.forbidden) }
        return AuditView.render(try await AuditPage.query(on: request.db), PageContext(request)).response(status: .ok)
    }
}
