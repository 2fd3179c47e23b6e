import Vapor
import WeGOCore

/// Home, governance, offices and contact: the organisation's public pages.
enum AboutController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.home, use: home)
        routes.get(.network(.governance), use: governance)
        routes.get(.network(.offices), use: offices)
        routes.get(.network(.contact), use: contact)
    }

    @Sendable static func home(_ request: Request) async throws -> Response {
        AboutViews.home(try await HomePage.query(on: request.db), PageContext(request)).response(status: .ok)
    }

    @Sendable static func governance(_ request: Request) async throws -> Response {
        let page = try await GovernancePage.query(on: request.db, reference: request.application.referenceData)
        return AboutViews.governance(page, PageContext(request)).response(status: .ok)
    }

    @Sendable static func offices(_ request: Request) async throws -> Response {
        let page = try await OfficesPage.query(on: request.db, reference: request.application.referenceData)
        return AboutViews.offices(page, PageContext(request)).response(status: .ok)
    }

    @Sendable static func contact(_ request: Request) async throws -> Response {
        let page = try await ContactPage.query(on: request.db, reference: request.application.referenceData)
        return AboutViews.contact(page, PageContext(request)).response(status: .ok)
    }
}
