import Foundation
import Vapor
import WeGOCore

/// Everything `configure` builds once and requests share, in one place. Each value is set
/// before the first request and never replaced while serving.
extension Application {
    private struct ClockKey: StorageKey { typealias Value = @Sendable () -> Date }
    /// The current time; tests pin it.
    var clock: @Sendable () -> Date {
        get { storage[ClockKey.self] ?? { Date() } }
        set { storage[ClockKey.self] = newValue }
    }

    private struct SettingsKey: StorageKey { typealias Value = Settings }
    var settings: Settings {
        get { storage[SettingsKey.self]! }
        set { storage[SettingsKey.self] = newValue }
    }

    /// The site's address for links that leave it (e-mails, calendar files): WEGO_PUBLIC_URL
    /// when set, otherwise the address the server really listens on, `serve --port` included,
    /// which the settings read at start-up cannot know (issue 12: links named port 8080).
    var publicURL: String {
        if let configured = settings.configuredPublicURL { return configured }
        if let address = http.server.shared.localAddress, let port = address.port {
            let listening = address.ipAddress.flatMap { ["0.0.0.0", "::"].contains($0) ? nil : $0 } ?? "127.0.0.1"
            return "http://\(listening.contains(":") ? "[\(listening)]" : listening):\(port)"
        }
        return "http://\(settings.hostname):\(settings.port)"
    }

    private struct PasswordPolicyKey: StorageKey { typealias Value = PasswordPolicy }
    var passwordPolicy: PasswordPolicy {
        get { storage[PasswordPolicyKey.self]! }
        set { storage[PasswordPolicyKey.self] = newValue }
    }

    private struct WorldMapKey: StorageKey { typealias Value = WorldMap }
    var worldMap: WorldMap {
        get { storage[WorldMapKey.self]! }
        set { storage[WorldMapKey.self] = newValue }
    }

    private struct MetricsKey: StorageKey { typealias Value = HTTPMetrics }
    var metrics: HTTPMetrics {
        get { storage[MetricsKey.self]! }
        set { storage[MetricsKey.self] = newValue }
    }

    private struct StylesheetKey: StorageKey { typealias Value = Stylesheet }
    var stylesheet: Stylesheet {
        get { storage[StylesheetKey.self]! }
        set { storage[StylesheetKey.self] = newValue }
    }

    private struct OpenAPIDocumentKey: StorageKey { typealias Value = Data }
    var openAPIDocument: Data {
        get { storage[OpenAPIDocumentKey.self]! }
        set { storage[OpenAPIDocumentKey.self] = newValue }
    }

    private struct GDPDatasetKey: StorageKey { typealias Value = GDPDataset }
    var gdpDataset: GDPDataset {
        get { storage[GDPDatasetKey.self]! }
        set { storage[GDPDatasetKey.self] = newValue }
    }

    private struct PageCacheKey: StorageKey { typealias Value = PublicPageCache }
    var pageCache: PublicPageCache {
        get { storage[PageCacheKey.self]! }
        set { storage[PageCacheKey.self] = newValue }
    }

    private struct DirectoryCacheKey: StorageKey { typealias Value = DirectoryCountsCache }
    var directoryCache: DirectoryCountsCache {
        get { storage[DirectoryCacheKey.self]! }
        set { storage[DirectoryCacheKey.self] = newValue }
    }

    private struct ReferenceDataKey: StorageKey { typealias Value = ReferenceData }
    var referenceData: ReferenceData {
        get { storage[ReferenceDataKey.self]! }
        set { storage[ReferenceDataKey.self] = newValue }
    }

    private struct LocalizationKey: StorageKey { typealias Value = Localization }
    var localization: Localization {
        get { storage[LocalizationKey.self]! }
        set { storage[LocalizationKey.self] = newValue }
    }

    private struct SessionStoreKey: StorageKey { typealias Value = SessionStore }
    var sessionStore: SessionStore {
        get { storage[SessionStoreKey.self]! }
        set { storage[SessionStoreKey.self] = newValue }
    }

    private struct UnknownAccountHashKey: StorageKey { typealias Value = String }
    /// bcrypt of a random secret, checked when an e-mail has no account so that the answer takes
    /// as long as for a real account. Computed in `configure`, not on the first such request.
    var unknownAccountHash: String {
        get { storage[UnknownAccountHashKey.self]! }
        set { storage[UnknownAccountHashKey.self] = newValue }
    }
}

extension Request {
    /// The client's address: the connection's peer, or, behind a proxy the operator trusts, the
    /// last address that proxy appended to X-Forwarded-For.
    var clientAddress: String {
        if application.settings.trustForwardedFor,
            let forwarded = headers.first(name: .xForwardedFor)?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
            !forwarded.isEmpty, forwarded.count <= 45
        {
            return forwarded
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}
