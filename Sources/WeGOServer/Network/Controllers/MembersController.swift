import Fluent
import Vapor
import WeGOCore

/// The public directory and member profiles: decode, query, render.
enum MembersController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.members, use: directory)
        routes.get(.member(slug: ""), use: profile)
    }

    /// Query parameters as a flat dictionary; repeated keys keep the last value.
    static func queryDictionary(_ request: Request) -> [String: String] {
        guard let query = request.url.query, !query.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
            result[key] = value
        }
        return result
    }

    @Sendable static func directory(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let filter: MemberFilter
        do {
            filter = try MemberFilter.parse(queryDictionary(request), allowPerPage: false)
        } catch {
            let messages = error.fields.sorted { $0.key < $1.key }.map { context.t($0.value) }
            return Layout.errorPage(context, status: .badRequest, message: messages.joined(separator: " "))
                .response(status: .badRequest)
        }
        let cache = request.application.directoryCache, now = request.application.clock()
        let page = try await MemberDirectory.list(filter, on: request.db, cache: cache, now: now)
        let facets = try await MemberDirectory.facets(filter, on: request.db, cache: cache, now: now)
        let reported = try await ReportedFigures.latest(on: request.db)
        let view = MemberDirectoryView(context: context, page: page, facets: facets,
                                       reportedTotal: reported.flatMap { figures in figures.total.map { ($0, figures.asOf) } },
                                       reference: request.application.referenceData)
        return view.render().response(status: .ok)
    }

    @Sendable static func profile(_ request: Request) async throws -> Response {
        guard let slug = request.parameters.get("slug"), slug.count <= 200, !TextFolding.containsControlCharacters(slug),
              let profile = try await MemberDirectory.profile(slug: slug, on: request.db) else {
            throw Abort(.notFound)
        }
        let view = MemberProfileView(context: PageContext(request), profile: profile, reference: request.application.referenceData,
                                     index: try await IndexEditions.appearances(of: slug, request))
        return view.render().response(status: .ok)
    }
}
