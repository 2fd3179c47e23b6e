import Vapor
import WeGOCore

/// The network's JSON API under /api/v1. Errors are RFC 9457 problem+json (see ErrorPagesMiddleware).
enum APIController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.api(.openAPI)) { request in
            Response(
                status: .ok, headers: ["Content-Type": "application/json", "Cache-Control": "public, max-age=300"],
                body: .init(data: request.application.openAPIDocument))
        }
        routes.get(.api(.members), use: members)
        routes.get(.api(.member(.key)), use: member)
        routes.get(.api(.regions), use: regions)
        routes.get(.api(.countries), use: countries)
        routes.get(.api(.offices), use: offices)
    }

    @Sendable static func members(_ request: Request) async throws -> Response {
        let query = try request.queryParameters
        let filter: MemberFilter
        do {
            filter = try MemberFilter.parse(query, strict: true)
        } catch {
            return APIResponse.invalidParameters(FieldProblems(fields: error.fields), request: request)
        }
        let page = try await MemberDirectory.list(
            filter, on: request.db, cache: request.application.directoryCache,
            now: request.application.clock())
        return try APIResponse.json(
            PageDTO(
                items: page.members.map(MemberDTO.init), page: filter.page, per: filter.perPage,
                total: page.total, totalPages: page.pageCount))
    }

    @Sendable static func member(_ request: Request) async throws -> Response {
        guard let slug = try? request.parameter(.slug), slug.count <= 200, !TextFolding.containsControlCharacters(slug),
            let profile = try await MemberDirectory.profile(slug: slug, on: request.db)
        else {
            throw Abort(.notFound, reason: "No member has this slug.")
        }
        return try APIResponse.json(
            MemberDetailDTO(
                member: MemberDTO(profile.member),
                roles: profile.roles.map { .init(role: $0.role.rawValue, term: $0.term) },
                networks: profile.networks.map { .init(code: $0.code, name: $0.name) },
                note: profile.note))
    }

    @Sendable static func regions(_ request: Request) async throws -> Response {
        let catalog = request.application.localization.catalog(APIResponse.language(request))
        let counts = try await MemberDirectory.facets(
            MemberFilter(), on: request.db, cache: request.application.directoryCache,
            now: request.application.clock()
        ).regions
        let reported = try await ReportedFigures.latest(on: request.db)
        return try APIResponse.json(
            Region.allCases.map { region in
                RegionDTO(
                    code: region.rawValue, name: catalog.text("region.\(region.rawValue)"), memberCount: counts[region] ?? 0,
                    reportedLocalGovernments: reported?.value(scope: "region", key: region.rawValue))
            })
    }

    @Sendable static func countries(_ request: Request) async throws -> Response {
        let language = APIResponse.language(request)
        let reference = request.application.referenceData
        let counts = try await MemberDirectory.facets(
            MemberFilter(), on: request.db, cache: request.application.directoryCache,
            now: request.application.clock()
        ).countries
        let items = reference.countries.values
            .map {
                CountryDTO(code: $0.iso2, iso3: $0.iso3, name: reference.countryName($0.iso2, language), memberCount: counts[$0.iso2] ?? 0)
            }
            .sorted { $0.code < $1.code }
        return try APIResponse.json(items)
    }

    @Sendable static func offices(_ request: Request) async throws -> Response {
        try APIResponse.json(try await OfficeSummary.all(on: request.db).map(OfficeDTO.init))
    }
}
