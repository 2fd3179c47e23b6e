import Fluent
import Vapor
import WeGOCore

/// The world map of members: an SVG drawn on the server, with a table of the same data for
/// screen readers and for anyone who prefers rows to dots.
enum MapController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.map, use: map)
    }

    @Sendable static func map(_ request: Request) async throws -> Response {
        let (members, unlocated) = try await MemberDirectory.located(on: request.db, cache: request.application.directoryCache,
                                                                   now: request.application.clock())
        let offices = try await Office.all(on: request.db)
        let view = MapView(context: PageContext(request), members: members, unlocated: unlocated, offices: offices,
                           worldMap: request.application.worldMap, reference: request.application.referenceData)
        return view.render().response(status: .ok)
    }
}
