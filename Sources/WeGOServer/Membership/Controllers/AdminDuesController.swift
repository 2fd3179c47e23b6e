import Fluent
import Vapor
import WeGOCore

/// The Secretariat's money screens: dues by region (and as CSV), every invoice, the e-mail
/// outbox, and the GDP figures that override the shipped World Bank series.
enum AdminDuesController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.adminDues, use: dues)
        routes.get(.adminDuesCSV, use: duesCSV)
        routes.get(.adminInvoices, use: invoices)
        routes.get(.adminOutbox, use: outbox)
        routes.get(.adminGDP, use: gdp)
        routes.post(.adminGDP, use: saveGDP)
        routes.post(.adminGDPDelete(country: ""), use: deleteGDP)
    }

    /// `?year=2027`, defaulting to the current year; anything else is 400.
    static func year(_ request: Request) throws -> Int {
        let today = CalendarDate(request.application.clock())
        guard let raw = try? request.query.get(String.self, at: "year"), !raw.isEmpty else { return today.year }
        guard let year = Int(raw), (2000...2100).contains(year) else { throw ExplainedError(status: .badRequest, reason: PageContext(request).t("dues.error.year")) }
        return year
    }

    static func overview(_ request: Request) async throws -> DuesOverview {
        try await DuesOverview.load(year: try year(request), today: CalendarDate(request.application.clock()),
                                    policy: request.application.settings.membershipPolicy, on: request.db)
    }

    @Sendable static func dues(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        let overview = try await overview(request)
        let pending = try await MembershipApplication.query(on: request.db).filter(\.$status == .pending).count()
        return DuesViews.overview(PageContext(request), overview: overview, pendingApplications: pending,
                                  reference: request.application.referenceData).response(status: .ok)
    }

    @Sendable static func duesCSV(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        let overview = try await overview(request)
        return Response(status: .ok, headers: [
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": "attachment; filename=\"wego-dues-\(overview.year).csv\"",
        ], body: .init(string: overview.csv()))
    }

    @Sendable static func invoices(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        let year = try year(request)
        let invoices = try await Invoice.query(on: request.db).filter(\.$year == year).with(\.$payments)
            .sort(\.$series, .descending).sort(\.$sequence).all()
        return DuesViews.invoices(PageContext(request), year: year, invoices: invoices).response(status: .ok)
    }

    @Sendable static func outbox(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        let messages = try await OutboxMessage.query(on: request.db).sort(\.$createdAt, .descending).limit(200).all()
        return DuesViews.outbox(PageContext(request), messages: messages, smtpConfigured: request.application.settings.smtp != nil)
            .response(status: .ok)
    }

    // MARK: GDP overrides

    @Sendable static func gdp(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        return try await renderGDP(request, form: GDPForm(), errors: [:], status: .ok)
    }

    static func renderGDP(_ request: Request, form: GDPForm, errors: [String: String], status: HTTPStatus) async throws -> Response {
        let overrides = try await GDPOverride.query(on: request.db).sort(\.$country).all()
        return DuesViews.gdp(PageContext(request), overrides: overrides, shipped: request.application.gdpDataset, form: form, errors: errors,
                             reference: request.application.referenceData).response(status: status)
    }

    struct GDPForm: Content { var country: String?; var value: String?; var year: String?; var source: String? }

    @Sendable static func saveGDP(_ request: Request) async throws -> Response {
        let user = try request.requireMembershipManager()
        let form = try request.content.decode(GDPForm.self)
        let context = PageContext(request)
        var errors: [String: String] = [:]
        let country = (form.country ?? "").uppercased()
        if request.application.referenceData.countries[country] == nil { errors["country"] = context.t("application.error.country") }
        let value = USD(parsing: form.value ?? "")
        if value == nil || value!.cents <= 0 { errors["value"] = context.t("gdp.error.value") }
        let year = Int((form.year ?? "").trimmingCharacters(in: .whitespaces))
        let thisYear = CalendarDate(request.application.clock()).year
        if year == nil || !(1990...thisYear).contains(year!) { errors["year"] = context.t("gdp.error.year", ["max": String(thisYear)]) }
        let source = (form.source ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if source.isEmpty || source.count > 200 || TextFolding.containsControlCharacters(source) { errors["source"] = context.t("gdp.error.source") }
        guard errors.isEmpty, let value, let year else {
            return try await renderGDP(request, form: form, errors: errors, status: .unprocessableEntity)
        }
        let now = request.application.clock()
        try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
            let record = try await GDPOverride.query(on: db).filter(\.$country == country).first() ?? GDPOverride()
            record.country = country
            record.valueCents = value.cents
            record.year = year
            record.source = source
            record.recordedAt = now
            try await record.save(on: db)
            return ((), AuditLog.Event(action: "gdp.override", target: "country:\(country)", details: "value=\(value) year=\(year) source=\(source)"))
        }
        request.application.pageCache.invalidate() // the calculator's quotes change
        return request.redirect(to: SiteURL.adminGDP.path, redirectType: .normal)
    }

    @Sendable static func deleteGDP(_ request: Request) async throws -> Response {
        let user = try request.requireMembershipManager()
        guard let country = request.parameters.get("country"), country.count == 2,
              try await GDPOverride.query(on: request.db).filter(\.$country == country).first() != nil else { throw Abort(.notFound) }
        try await AuditLog.perform(on: request.db, actor: AuditLog.actor(user), at: request.application.clock) { db in
            try await GDPOverride.query(on: db).filter(\.$country == country).delete()
            return ((), AuditLog.Event(action: "gdp.override_remove", target: "country:\(country)", details: ""))
        }
        request.application.pageCache.invalidate()
        return request.redirect(to: SiteURL.adminGDP.path, redirectType: .normal)
    }
}
