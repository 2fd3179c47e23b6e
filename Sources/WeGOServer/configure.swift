import Fluent
import Vapor
import WeGOCore
import WeGOMatching

/// Builds the application: database, reference data, middleware, routes and commands.
/// Used by the `wego` executable and by the tests, so both run the same wiring.
public func configure(_ app: Application, settings: Settings? = nil) async throws {
    let settings = try settings ?? Settings.fromEnvironment(app.environment)
    app.settings = settings
    app.http.server.configuration.hostname = settings.hostname
    app.http.server.configuration.port = settings.port
    app.routes.defaultMaxBodySize = settings.maxBodySize
    // bcrypt cost 12 in real use; tests lower it so a run is not dominated by hashing.
    app.passwords.use(.bcrypt(cost: app.environment == .testing ? 4 : 12))
    app.unknownAccountHash = try app.password.hash(SecretGenerator.token(bytes: 24))

    try DatabaseSetup.register(settings, on: app)
    app.migrations.add(Migrations.all)

    app.localization = try Localization.load()
    app.referenceData = try ReferenceData.load()
    app.worldMap = try WorldMap(geoJSON: try Resources.data("Map/countries-110m.geojson"))
    app.passwordPolicy = PasswordPolicy.fromCommonPasswordList(try Resources.text("Security/common-passwords.txt"))
    app.stylesheet = Stylesheet(text: try Resources.text("Public/site.css"))
    app.openAPIDocument = try Resources.data("OpenAPI/openapi.json")
    app.gdpDataset = try GDPDataset(
        csv: Resources.text("Fees/gdp_per_capita_ppp.csv"),
        source: "World Bank WDI (NY.GDP.PCAP.PP.CD)")
    app.metrics = HTTPMetrics()
    app.directoryCache = DirectoryCountsCache()
    app.indexComputations = IndexComputations()
    app.matchCatalog = MatchCatalog(thesaurus: try Thesaurus(json: Resources.data("Matching/thesaurus.json")))
    app.pageCache = PublicPageCache(enabled: settings.pageCache)
    app.changeFeed = ChangeFeed()
    let clock = app.clock
    app.sessionStore = SessionStore(settings: settings, now: clock)

    // Order matters: errors are rendered last so every other middleware's failure gets a page;
    // headers and metrics wrap everything, including error pages.
    app.middleware = Middlewares()
    app.middleware.use(MetricsMiddleware(metrics: app.metrics))
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(SecurityHeadersMiddleware(hsts: settings.secureCookies))
    app.middleware.use(ErrorPagesMiddleware(showDetails: settings.showErrorDetails))
    app.middleware.use(HostHeaderMiddleware())
    app.middleware.use(MethodNotAllowedMiddleware())
    app.middleware.use(SessionMiddleware())
    app.middleware.use(PasswordChangeRequiredMiddleware())
    app.middleware.use(PublicPageCacheMiddleware(cache: app.pageCache))

    routes(app)
    app.allowedMethods = AllowedMethods(app.routes.all)

    app.asyncCommands.use(SeedCommand(), as: "seed")
    app.asyncCommands.use(UsersCommand(), as: "users")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(MembershipCommand(), as: "membership")
    app.asyncCommands.use(OutboxCommand(), as: "outbox")
    app.asyncCommands.use(IndexCommand(), as: "index")
    app.asyncCommands.use(MatchCommand(), as: "match")
    app.asyncCommands.use(RouteTableCommand(), as: "routes")

    app.lifecycle.use(DatabaseCheck(settings: settings))
    app.lifecycle.use(ChangeFeedLifecycle(settings: settings))
}

/// Purges expired sessions every ten minutes while serving, so anonymous sessions (one per
/// visitor who opened the sign-in form) do not accumulate.
func scheduleSessionPurge(_ application: Application) {
    let store = application.sessionStore
    let db = application.db
    let logger = application.logger
    let eventLoop = application.eventLoopGroup.next()
    eventLoop.scheduleRepeatedAsyncTask(initialDelay: .minutes(10), delay: .minutes(10)) { _ in
        eventLoop.makeFutureWithTask {
            do { try await store.purgeExpired(on: db) } catch { logger.warning("session purge failed: \(error)") }
        }
    }
}

func routes(_ app: Application) {
    OperationsController.register(app)
    APIController.register(app)
    FeesAPIController.register(app)
    let site = app.grouped(CSRFMiddleware())
    AboutController.register(site)
    MembersController.register(site)
    MapController.register(site)
    FeesController.register(site)
    ApplicationController.register(site)
    AuthController.register(site)
    AccountController.register(site)
    PasswordResetController.register(site)
    SecondFactorController.register(site)
    AdminMembersController.register(site)
    UsersAdminController.register(site)
    AuditPageController.register(site)
    AdminApplicationsController.register(site)
    AdminDuesController.register(site)
    MembershipAccountsController.register(site)
    InvoicesController.register(site)
    InvitationsController.register(site)
    IndexController.register(site)
    AdminIndexController.register(site)
    MatchingController.register(site)
    MeetingsController.register(site)
    CyclesController.register(site)
    AdminMatchingController.register(site)
}

/// Confirms the database settings before the first request is served (and before any command
/// touches the data), then removes expired sessions.
struct DatabaseCheck: LifecycleHandler {
    let settings: Settings
    /// Commands that work on files alone: they must not create or open a database.
    static let commandsWithoutDatabase: Set<String> = ["index", "match", "routes"]

    func didBootAsync(_ application: Application) async throws {
        if let command = application.environment.arguments.dropFirst().first, Self.commandsWithoutDatabase.contains(command) { return }
        try await DatabaseSetup.prepare(settings, on: application)
    }
}
