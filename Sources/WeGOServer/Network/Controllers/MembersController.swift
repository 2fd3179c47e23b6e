import Vapor
import WeGOCore

/// The public directory and member profiles: decode, query, render.
enum MembersController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.network(.members), use: directory)
        routes.get(.network(.member(.key)), use: profile)
    }

    @Sendable static func directory(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let query = try request.queryParameters
        let filter: MemberFilter
        do {
            filter = try MemberFilter.parse(query, strict: false)
        } catch {
            let messages = error.fields.sorted { $0.key < $1.key }.map { context.t($0.value) }
            return Layout.errorPage(context, status: .badRequest, message: messages.joined(separator: " "))
                .response(status: .badRequest)
        }
        let app = request.application
        let page = try await DirectoryPage.query(
            filter, on: request.db, cache: app.directoryCache, now: app.clock(),
            reference: app.referenceData)
        return MemberDirectoryView(model: page, context: context).render().response(status: .ok)
    }

    @Sendable static func profile(_ request: Request) async throws -> Response {
        guard let slug = try? request.parameter(.slug), slug.count <= 200, !TextFolding.containsControlCharacters(slug),
            let page = try await MemberProfilePage.query(
                slug: slug, on: request.db, computations: request.application.indexComputations,
                reference: request.application.referenceData)
        else {
            throw Abort(.notFound)
        }
        return MemberProfileView(model: page, context: PageContext(request)).render().response(status: .ok)
    }
}
