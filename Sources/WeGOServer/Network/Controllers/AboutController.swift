import Fluent
import Vapor
import WeGOCore

/// Home, governance, offices and contact: the organisation's public pages.
enum AboutController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.home, use: home)
        routes.get(.governance, use: governance)
        routes.get(.offices, use: offices)
        routes.get(.contact, use: contact)
    }

    @Sendable static func home(_ request: Request) async throws -> Response {
        let figures = try await ReportedFigures.latest(on: request.db)
        let named = try await Member.query(on: request.db).count()
        return AboutViews.home(PageContext(request), figures: figures, namedMembers: named).response(status: .ok)
    }

    @Sendable static func governance(_ request: Request) async throws -> Response {
        let assignments = try await GovernanceAssignment.query(on: request.db).with(\.$member).all()
        let founders = try await FoundingMember.query(on: request.db).with(\.$member).sort(\.$name).all()
        return AboutViews.governance(PageContext(request), assignments: assignments, founders: founders,
                                     reference: request.application.referenceData).response(status: .ok)
    }

    @Sendable static func offices(_ request: Request) async throws -> Response {
        let offices = try await Office.all(on: request.db)
        let networks = try await RegionalNetwork.query(on: request.db).sort(\.$code).all()
        let partners = try await Partner.query(on: request.db).sort(\.$name).all()
        return AboutViews.offices(PageContext(request), offices: offices, networks: networks, partners: partners,
                                  reference: request.application.referenceData).response(status: .ok)
    }

    @Sendable static func contact(_ request: Request) async throws -> Response {
        let secretariat = try await Office.query(on: request.db).filter(\.$kind == "secretariat").first()
        return AboutViews.contact(PageContext(request), secretariat: secretariat,
                                  reference: request.application.referenceData).response(status: .ok)
    }
}
