import Fluent
import Vapor
import WeGOCore

/// Builds the application: database, reference data, middleware, routes and commands.
/// Used by the `wego` executable and by the tests, so both run the same wiring.
public func configure(_ app: Application, settings: Settings? = nil) async throws {
    let settings = try settings ?? Settings.fromEnvironment(app.environment)
    app.http.server.configuration.hostname = ProcessInfo.processInfo.environment["WEGO_HOST"] ?? "127.0.0.1"
    app.http.server.configuration.port = ProcessInfo.processInfo.environment["WEGO_PORT"].flatMap(Int.init) ?? 8080
    app.routes.defaultMaxBodySize = settings.maxBodySize
    // bcrypt cost 12 in real use; tests lower it so a run is not dominated by hashing.
    app.passwords.use(.bcrypt(cost: app.environment == .testing ? 4 : 12))

    try DatabaseSetup.register(settings, on: app)
    app.migrations.add(Migrations.all)

    app.localization = try Localization.load()
    app.referenceData = try ReferenceData.load()
    app.worldMap = try WorldMap(geoJSON: try Resources.data("Map/countries-110m.geojson"))
    app.passwordPolicy = PasswordPolicy.fromCommonPasswordList(try Resources.text("Security/common-passwords.txt"))
    app.stylesheet = Stylesheet(text: try Resources.text("Public/site.css"))
    app.openAPIDocument = try Resources.data("OpenAPI/openapi.json")
    app.metrics = MetricsRegistry()
    app.directoryCache = DirectoryCountsCache()
    let clock = app.clock
    app.sessionStore = SessionStore(settings: settings, now: clock)

    // Order matters: errors are rendered last so every other middleware's failure gets a page;
    // headers and metrics wrap everything, including error pages.
    app.middleware = Middlewares()
    app.middleware.use(MetricsMiddleware(registry: app.metrics))
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(SecurityHeadersMiddleware(hsts: settings.secureCookies))
    app.middleware.use(ErrorPagesMiddleware(showDetails: settings.showErrorDetails))
    app.middleware.use(SessionMiddleware())

    routes(app)

    app.asyncCommands.use(SeedCommand(), as: "seed")
    app.asyncCommands.use(UsersCommand(), as: "users")
    app.asyncCommands.use(AuditCommand(), as: "audit")

    app.lifecycle.use(DatabaseCheck(settings: settings))
}

func routes(_ app: Application) {
    OperationsController.register(app)
    APIController.register(app)
    let site = app.grouped(CSRFMiddleware())
    AboutController.register(site)
    MembersController.register(site)
    MapController.register(site)
    AuthController.register(site)
    AdminController.register(site)
}

/// Confirms the database settings before the first request is served (and before any command
/// touches the data), then removes expired sessions.
struct DatabaseCheck: LifecycleHandler {
    let settings: Settings
    func didBootAsync(_ application: Application) async throws {
        try await DatabaseSetup.prepare(settings, on: application)
    }
}
