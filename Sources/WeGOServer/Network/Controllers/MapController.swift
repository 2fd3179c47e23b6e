import Vapor
import WeGOCore

/// The world map of members: an SVG drawn on the server, with a table of the same data for
/// screen readers and for anyone who prefers rows to dots.
enum MapController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.network(.map), use: map)
    }

    @Sendable static func map(_ request: Request) async throws -> Response {
        let app = request.application
        let page = try await MapPage.query(
            on: request.db, cache: app.directoryCache, now: app.clock(), worldMap: app.worldMap,
            reference: app.referenceData)
        return MapView(model: page, context: PageContext(request)).render().response(status: .ok)
    }
}
