import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WeGOCore

@testable import WeGOServer

/// The databases every server test runs on: SQLite always, PostgreSQL when
/// WEGO_TEST_DATABASE_URL is set (scripts/test always sets it), so a PostgreSQL-only failure
/// cannot hide behind a green SQLite run.
enum TestDatabase: CustomStringConvertible, Sendable {
    case sqlite
    case postgres(url: String)

    static var all: [TestDatabase] {
        var databases: [TestDatabase] = [.sqlite]
        if let url = ProcessInfo.processInfo.environment["WEGO_TEST_DATABASE_URL"], !url.isEmpty {
            databases.append(.postgres(url: url))
        }
        return databases
    }

    var description: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }
}

/// A fixed instant for tests that look at time (sessions, throttling, the audit log).
let pinnedNow = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

final class MutableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ start: Date) { value = start }
    var now: Date { lock.withLock { value } }
    func advance(by seconds: TimeInterval) { lock.withLock { value = value.addingTimeInterval(seconds) } }
}

/// Runs `body` against a freshly migrated (and, by default, seeded) application.
/// Each run gets an empty database: a new SQLite file, or PostgreSQL's public schema dropped
/// and recreated; tests are serialized so they never share data.
func withWeGOApp(
    _ database: TestDatabase, seed: Bool = true, clock: MutableClock = MutableClock(pinnedNow),
    _ body: (Application) async throws -> Void
) async throws {
    let app = try await Application.make(.testing)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wego-test-\(UUID().uuidString)")
    do {
        let dbSetting: Settings.Database
        switch database {
        case .sqlite:
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            dbSetting = .sqlite(path: directory.appendingPathComponent("test.sqlite").path)
        case .postgres(let url):
            dbSetting = .postgres(url: url)
        }
        let settings = Settings(
            database: dbSetting, secureCookies: false, maxBodySize: "1mb",
            sessionIdleTimeout: 7200, sessionLifetime: 43200, showErrorDetails: false)
        app.clock = { clock.now }
        try await configure(app, settings: settings)
        // In-process requests carry no Host header; every HTTP/1.1 client sends one.
        app.middleware.use(HostOfInProcessRequests(), at: .beginning)
        app.logger.logLevel = .warning
        if case .postgres = database {
            let sql = app.db.sql
            try await sql.raw("DROP SCHEMA public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
        }
        try await app.asyncBoot()
        try await app.autoMigrate()
        if seed { _ = try await Seeder.seed(try Seeder.loadCatalog(), on: app.db) }
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        try? FileManager.default.removeItem(at: directory)
        throw error
    }
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(at: directory)
}

extension TestingHTTPResponse {
    var text: String { body.getString(at: body.readerIndex, length: body.readableBytes) ?? "" }

    /// The value of the session cookie the response sets, if any.
    var sessionCookie: String? { cookie(SessionCookie.name) }

    /// The value a Set-Cookie header gives `name` ("" when it clears it).
    func cookie(_ name: String) -> String? {
        headers[.setCookie].compactMap { header -> String? in
            guard header.hasPrefix(name + "=") else { return nil }
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }.first
    }
}

/// Extracts `name="csrf_token" value="…"` from a page.
func csrfToken(in html: String) -> String? {
    guard let range = html.range(of: "name=\"csrf_token\" value=\"") else { return nil }
    return String(html[range.upperBound...].prefix { $0 != "\"" })
}

func formBody(_ fields: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let text = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    return ByteBuffer(string: text)
}

let formHeaders: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]

/// A browser-like client: keeps the session cookie between requests.
final class Browser: @unchecked Sendable {
    let app: Application
    var session: String?
    var language: String?
    /// The pending sign-in of an account with a second step (path /sign-in/code only, but the
    /// tests send it everywhere: the server must ignore it elsewhere).
    var signInCode: String?
    init(_ app: Application) { self.app = app }

    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: headers, body: nil)
    }

    func post(_ path: String, _ fields: [(String, String)]) async throws -> TestingHTTPResponse {
        try await send(.POST, path, headers: formHeaders, body: formBody(fields))
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> TestingHTTPResponse {
        var all = headers
        var cookies: [String] = []
        if let session { cookies.append("\(SessionCookie.name)=\(session)") }
        if let signInCode { cookies.append("\(SecondFactorController.cookieName)=\(signInCode)") }
        if let language { cookies.append("\(LanguageCookie.name)=\(language)") }
        if !cookies.isEmpty { all.add(name: .cookie, value: cookies.joined(separator: "; ")) }
        let response = try await app.testing().sendRequest(method, path, headers: all, body: body)
        if let cookie = response.sessionCookie { session = cookie.isEmpty ? nil : cookie }
        if let cookie = response.cookie(SecondFactorController.cookieName) { signInCode = cookie.isEmpty ? nil : cookie }
        return response
    }

    /// Loads the sign-in form and posts it, as a person would.
    @discardableResult
    func signIn(email: String, password: String) async throws -> TestingHTTPResponse {
        let form = try await get("/sign-in")
        let token = try #require(csrfToken(in: form.text))
        return try await post("/sign-in", [("csrf_token", token), ("email", email), ("password", password)])
    }
}

/// Creates a user directly (bcrypt at the test cost) and returns its password.
@discardableResult
func makeUser(
    _ app: Application, email: String, role: UserRole = .secretariatAdmin, region: Region? = nil,
    memberSlug: String? = nil, password: String = "correct horse battery staple"
) async throws -> String {
    let user = User()
    user.email = email
    user.displayName = email
    user.role = role
    user.region = region
    user.disabled = false
    if let memberSlug {
        user.$member.id = try await Member.query(on: app.db).filter(\.$slug == memberSlug).first()?.requireID()
    }
    user.passwordHash = try await app.password.async.hash(PasswordPolicy.bcryptInput(for: password))
    try await user.create(on: app.db)
    return password
}

/// Gives an in-process test request the Host header a real client always sends (and
/// `HostHeaderMiddleware` requires), unless the test set one itself.
struct HostOfInProcessRequests: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.headers[.host].isEmpty { request.headers.replaceOrAdd(name: .host, value: "127.0.0.1:8080") }
        return try await next.respond(to: request)
    }
}
