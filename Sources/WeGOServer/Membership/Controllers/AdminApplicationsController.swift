import Fluent
import Vapor
import WeGOCore

/// The Secretariat's review queue: pending applications with their computed fee, and the
/// decision on each (approve or reject with a reason), recorded in the audit log.
enum AdminApplicationsController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.adminApplications, use: queue)
        routes.get(.adminApplication(id: UUID()), use: show)
        routes.post(.adminApplicationApprove(id: UUID()), use: approve)
        routes.post(.adminApplicationReject(id: UUID()), use: reject)
    }

    @Sendable static func queue(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        let status = (try? request.query.get(String.self, at: "status")).flatMap(ApplicationStatus.init(rawValue:)) ?? .pending
        let applications = try await MembershipApplication.query(on: request.db).filter(\.$status == status)
            .sort(\.$submittedAt, status == .pending ? .ascending : .descending).limit(500).all()
        let context = PageContext(request)
        let service = MembershipService(request.application, db: request.db)
        var fees: [UUID: String] = [:]
        let gdp = try await GDPFigures.current(request.application, on: request.db)
        for application in applications {
            let fee = try? await service.quote(application.feeApplicant, language: context.language, gdp: gdp)
            fees[try application.requireID()] = fee.map { context.format.usd($0.quote.annualFee) } ?? context.t("admin.applications.fee_unknown")
        }
        return AdminApplicationViews.queue(context, status: status, applications: applications, fees: fees,
                                           reference: request.application.referenceData).response(status: .ok)
    }

    static func find(_ request: Request) async throws -> MembershipApplication {
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let application = try await MembershipApplication.query(on: request.db).filter(\.$id == id).with(\.$member).first()
        else { throw Abort(.notFound) }
        return application
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        return try await render(request, application: try await find(request), errors: [:], alert: nil, status: .ok)
    }

    static func render(_ request: Request, application: MembershipApplication, errors: [String: String], alert: String?,
                       status: HTTPStatus) async throws -> Response {
        let context = PageContext(request)
        let quote: Result<FeeCalculator.Explained, MembershipError>
        do {
            quote = .success(try await MembershipService(request.application, db: request.db).quote(application.feeApplicant, language: context.language))
        } catch let error as MembershipError {
            quote = .failure(error)
        }
        return AdminApplicationViews.detail(context, application: application, quote: quote, errors: errors, alert: alert,
                                            reference: request.application.referenceData).response(status: status)
    }

    struct ApproveForm: Content { var region: String? }
    struct RejectForm: Content { var reason: String? }

    @Sendable static func approve(_ request: Request) async throws -> Response {
        let user = try request.requireMembershipManager()
        let application = try await find(request)
        let form = try request.content.decode(ApproveForm.self)
        let region: Region?
        switch form.region ?? "" {
        case "": region = nil
        case let raw:
            guard let parsed = Region(rawValue: raw) else {
                return try await render(request, application: application, errors: ["region": PageContext(request).t("form.member.region_invalid")],
                                        alert: nil, status: .unprocessableEntity)
            }
            region = parsed
        }
        do {
            let (member, _) = try await MembershipService(request.application, db: request.db)
                .approve(try application.requireID(), region: region, actor: AuditLog.actor(user))
            request.application.directoryCache.invalidate()
            request.application.pageCache.invalidate()
            return request.redirect(to: SiteURL.adminMembership(slug: member.slug).path, redirectType: .normal)
        } catch let error as MembershipError {
            return try await refused(error, request: request)
        }
    }

    @Sendable static func reject(_ request: Request) async throws -> Response {
        let user = try request.requireMembershipManager()
        let application = try await find(request)
        let reason = (try request.content.decode(RejectForm.self).reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let context = PageContext(request)
        if reason.isEmpty || reason.count > 2_000 || TextFolding.containsControlCharacters(reason.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")) {
            return try await render(request, application: application, errors: ["reason": context.t("admin.applications.reason_required")],
                                    alert: nil, status: .unprocessableEntity)
        }
        do {
            try await MembershipService(request.application, db: request.db).reject(try application.requireID(), reason: reason, actor: AuditLog.actor(user))
            return request.redirect(to: SiteURL.adminApplication(id: try application.requireID()).path, redirectType: .normal)
        } catch let error as MembershipError {
            return try await refused(error, request: request)
        }
    }

    /// The application page again, with the reason the action was refused; nothing was written.
    static func refused(_ error: MembershipError, request: Request) async throws -> Response {
        let context = PageContext(request)
        let message = if case .feeUnavailable(let reason) = error { context.t(error.key, ["reason": reason]) } else { context.t(error.key) }
        return try await render(request, application: try await find(request), errors: [:], alert: message, status: error.status)
    }
}
