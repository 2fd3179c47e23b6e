import Vapor
import WeGOCore

/// Configuration read once from the environment. Every variable is documented in the README;
/// development defaults are safe, and production refuses to start with a setting missing.
public struct Settings: Sendable {
    public enum Database: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: Database
    /// Cookies carry `Secure` when the site is served over HTTPS (always in production).
    public var secureCookies: Bool
    /// Maximum request body for forms and API calls; larger bodies answer 413.
    public var maxBodySize: ByteCount
    /// Sessions end after this long without a request, and in any case after `sessionLifetime`.
    public var sessionIdleTimeout: TimeInterval
    public var sessionLifetime: TimeInterval
    /// Production error pages show a request id and nothing else.
    public var showErrorDetails: Bool
    public var hostname = "127.0.0.1"
    public var port = 8080
    /// Behind a reverse proxy, the client's address comes from X-Forwarded-For (for sign-in throttling).
    public var trustForwardedFor = false
    /// The key that signs audit anchors (`wego audit anchor`), kept outside the database
    /// (WEGO_AUDIT_KEY, at least 32 characters); anchoring is unavailable without it.
    public var auditKey: String? = nil
    /// When set, /metrics answers only requests with `Authorization: Bearer <token>`.
    public var metricsToken: String? = nil
    /// Anonymous public pages are kept rendered for up to 30 seconds (see PublicPageCache).
    public var pageCache = true
    /// Payment term, grace and reminder days for membership dues.
    public var membershipPolicy = MembershipPolicy.standard
    /// The site's address as members reach it (WEGO_PUBLIC_URL), for links in e-mails and
    /// calendar files; nil means the address the server listens on (`Application.publicURL`).
    public var configuredPublicURL: String? = nil
    /// When set, the outbox is delivered by SMTP; otherwise messages wait in the outbox, readable
    /// by the secretariat.
    public var smtp: SMTPSettings? = nil
    public var mailFrom = "WeGO Secretariat <secretariat@localhost>"

    public static func fromEnvironment(_ environment: Environment) throws -> Settings {
        let env = ProcessInfo.processInfo.environment
        let database: Database
        if let url = env["DATABASE_URL"], !url.isEmpty {
            database = .postgres(url: url)
        } else {
            database = .sqlite(path: env["WEGO_DATABASE_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "var/wego.sqlite")
        }
        let production = environment == .production
        var problems: [String] = []
        func seconds(_ key: String, default value: TimeInterval) -> TimeInterval {
            guard let raw = env[key], !raw.isEmpty else { return value }
            guard let parsed = TimeInterval(raw), parsed > 0 else {
                problems.append("\(key) must be a positive number of seconds, not \"\(raw)\"")
                return value
            }
            return parsed
        }
        let idle = seconds("WEGO_SESSION_IDLE_SECONDS", default: 2 * 3600)
        let lifetime = seconds("WEGO_SESSION_LIFETIME_SECONDS", default: 12 * 3600)
        let secure: Bool
        switch env["WEGO_SECURE_COOKIES"] {
        case nil, "": secure = production
        case "1", "true", "yes": secure = true
        case "0", "false", "no": secure = false
        case let other?:
            problems.append("WEGO_SECURE_COOKIES must be true or false, not \"\(other ?? "")\"")
            secure = production
        }
        if production, case .sqlite = database, env["WEGO_DATABASE_PATH"] == nil {
            problems.append("set DATABASE_URL (PostgreSQL) or WEGO_DATABASE_PATH (SQLite file) in production")
        }
        var port = 8080
        if let raw = env["WEGO_PORT"], !raw.isEmpty {
            if let value = Int(raw), (1 ... 65535).contains(value) {
                port = value
            } else {
                problems.append("WEGO_PORT must be a port number from 1 to 65535, not \"\(raw)\"")
            }
        }
        let trust: Bool
        switch env["WEGO_TRUST_X_FORWARDED_FOR"] {
        case nil, "", "0", "false", "no": trust = false
        case "1", "true", "yes": trust = true
        case let other?:
            problems.append("WEGO_TRUST_X_FORWARDED_FOR must be true or false, not \"\(other ?? "")\"")
            trust = false
        }
        func days(_ key: String, default value: Int) -> Int {
            guard let raw = env[key], !raw.isEmpty else { return value }
            guard let parsed = Int(raw), (0 ... 3650).contains(parsed) else {
                problems.append("\(key) must be a number of days from 0 to 3650, not \"\(raw)\"")
                return value
            }
            return parsed
        }
        var policy = MembershipPolicy.standard
        policy.paymentTermDays = days("WEGO_PAYMENT_TERM_DAYS", default: policy.paymentTermDays)
        policy.graceDays = days("WEGO_GRACE_DAYS", default: policy.graceDays)
        if let raw = env["WEGO_REMINDER_OFFSETS"], !raw.isEmpty {
            let offsets = raw.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            if offsets.isEmpty || offsets.contains(nil) || Set(offsets).count != offsets.count {
                problems.append(
                    "WEGO_REMINDER_OFFSETS must be distinct whole days relative to the due date, such as -14,7,30, not \"\(raw)\"")
            } else {
                policy = MembershipPolicy(
                    paymentTermDays: policy.paymentTermDays, graceDays: policy.graceDays,
                    reminderOffsets: offsets.compactMap { $0 })
            }
        }
        var smtp: SMTPSettings?
        if let host = env["WEGO_SMTP_HOST"], !host.isEmpty {
            var smtpPort = 587
            if let raw = env["WEGO_SMTP_PORT"], !raw.isEmpty {
                if let value = Int(raw), (1 ... 65535).contains(value) {
                    smtpPort = value
                } else {
                    problems.append("WEGO_SMTP_PORT must be a port number, not \"\(raw)\"")
                }
            }
            let security: SMTPSettings.Security
            switch env["WEGO_SMTP_SECURITY"]?.lowercased() {
            case nil, "", "starttls": security = .startTLS
            case "tls": security = .tls
            case "none": security = .none
            case let other?:
                problems.append("WEGO_SMTP_SECURITY must be starttls, tls or none, not \"\(other ?? "")\"")
                security = .startTLS
            }
            smtp = SMTPSettings(
                host: host, port: smtpPort, security: security,
                username: env["WEGO_SMTP_USERNAME"].flatMap { $0.isEmpty ? nil : $0 },
                password: env["WEGO_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 })
        }
        let auditKey = env["WEGO_AUDIT_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if let auditKey, auditKey.count < 32 {
            problems.append("WEGO_AUDIT_KEY must be at least 32 characters (e.g. openssl rand -hex 32)")
        }
        if !problems.isEmpty {
            throw SettingsError(problems: problems)
        }
        var settings = Settings(
            database: database, secureCookies: secure, maxBodySize: "1mb",
            sessionIdleTimeout: idle, sessionLifetime: lifetime,
            showErrorDetails: !production)
        settings.hostname = env["WEGO_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        settings.port = port
        settings.trustForwardedFor = trust
        settings.metricsToken = env["WEGO_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        settings.auditKey = auditKey
        settings.membershipPolicy = policy
        settings.smtp = smtp
        if let from = env["WEGO_MAIL_FROM"], !from.isEmpty { settings.mailFrom = from }
        if let url = env["WEGO_PUBLIC_URL"], !url.isEmpty {
            settings.configuredPublicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        settings.pageCache = !["0", "false", "no", "off"].contains(env["WEGO_PAGE_CACHE"]?.lowercased() ?? "")
        return settings
    }
}

public struct SettingsError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String {
        "Configuration is incomplete:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable {
        /// Plain connection upgraded with STARTTLS (port 587); refused if the server does not offer it.
        case startTLS
        /// TLS from the first byte (port 465).
        case tls
        /// No encryption: only for a relay on the same machine or in tests.
        case none
    }
    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
}
