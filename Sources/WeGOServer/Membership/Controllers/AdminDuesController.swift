import Vapor
import WeGOCore

/// The Secretariat's money screens: dues by region (and as CSV), every invoice, the e-mail
/// outbox, and the GDP figures that override the shipped World Bank series.
enum AdminDuesController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.admin(.dues), use: dues)
        routes.get(.admin(.duesCSV), use: duesCSV)
        routes.get(.admin(.invoices), use: invoices)
        routes.get(.admin(.outbox), use: outbox)
        routes.get(.admin(.gdp), use: gdp)
        routes.post(.admin(.gdp), use: saveGDP)
        routes.post(.admin(.gdpDelete(.key)), use: deleteGDP)
    }

    static func today(_ request: Request) -> CalendarDate { CalendarDate(request.application.clock()) }

    /// `?year=`, defaulting to the current year; a year out of range is 400.
    static func year(_ request: Request) throws -> Int {
        try MembershipLookups.year(try? request.query.get(String.self, at: "year"), today: today(request))
    }

    @Sendable static func dues(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        let app = request.application
        let page = try await DuesPage.query(
            year: try year(request), today: today(request), policy: app.settings.membershipPolicy,
            on: request.db, reference: app.referenceData)
        return DuesViews.overview(page, PageContext(request)).response(status: .ok)
    }

    @Sendable static func duesCSV(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        let overview = try await DuesOverview.load(
            year: try year(request), today: today(request),
            policy: request.application.settings.membershipPolicy, on: request.db)
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"wego-dues-\(overview.year).csv\"",
            ], body: .init(string: overview.csv()))
    }

    @Sendable static func invoices(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        let page = try await InvoiceListPage.query(year: try year(request), on: request.db)
        return DuesViews.invoices(page, PageContext(request)).response(status: .ok)
    }

    @Sendable static func outbox(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        let page = try await OutboxPage.query(on: request.db, smtpConfigured: request.application.settings.smtp != nil)
        return DuesViews.outbox(page, PageContext(request)).response(status: .ok)
    }

    // MARK: GDP overrides

    static func gdpPage(_ request: Request) async throws -> GDPPage {
        try await GDPPage.query(on: request.db, shipped: request.application.gdpDataset, reference: request.application.referenceData)
    }

    @Sendable static func gdp(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        return DuesViews.gdp(try await gdpPage(request), PageContext(request), form: GDPForm(), errors: [:]).response(status: .ok)
    }

    @Sendable static func saveGDP(_ request: Request) async throws -> Response {
        let actor = AuditLog.actor(try request.requireMembershipManager())
        let (context, thisYear) = (PageContext(request), today(request).year)
        let countries = Set(request.application.referenceData.countries.keys)
        let service = MembershipService(request.application, db: request.db)
        let submission = try FormSubmission(
            request, decoding: GDPForm.self, validate: { $0.draft.validate(knownCountries: countries, thisYear: thisYear) },
            render: { form, errors in DuesViews.gdp(try await gdpPage(request), context, form: form, errors: errors) })
        return try await submission.perform { figure in
            try await service.overrideGDP(figure, actor: actor)
            return .admin(.gdp)
        }
    }

    @Sendable static func deleteGDP(_ request: Request) async throws -> Response {
        let actor = AuditLog.actor(try request.requireMembershipManager())
        try await MembershipService(request.application, db: request.db)
            .removeGDPOverride(country: try request.parameter(.country), actor: actor)
        return request.redirect(to: SiteURL.admin(.gdp).path, redirectType: .normal)
    }
}
