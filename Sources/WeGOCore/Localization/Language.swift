import Foundation

/// The interface languages. Adding one means adding a catalog; the catalog test lists what is missing.
public enum Language: String, CaseIterable, Sendable, Codable {
    case en
    case ko
    case es
    case zhHans = "zh-Hans"

    /// The language's own name, shown in the switcher so a reader finds it without knowing English.
    public var endonym: String {
        switch self {
        case .en: "English"
        case .ko: "한국어"
        case .es: "Español"
        case .zhHans: "简体中文"
        }
    }

    public var locale: Locale { Locale(identifier: self == .zhHans ? "zh_Hans" : rawValue) }

    /// Maps a BCP 47 tag to a supported language: "ko-KR" → ko, "zh-CN", "zh-SG", "zh" → zh-Hans.
    /// Traditional Chinese tags are also served Simplified until a zh-Hant catalog exists.
    public init?(tag: String) {
        let lowered = tag.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
        let primary = lowered.split(separator: "-").first.map(String.init) ?? lowered
        switch primary {
        case "en": self = .en
        case "ko": self = .ko
        case "es": self = .es
        case "zh": self = .zhHans
        default: return nil
        }
    }

    /// Picks the best language for an `Accept-Language` header (RFC 9110 §12.5.4): highest q first,
    /// then header order; q=0 means "not this one". English when nothing matches.
    public static func negotiate(acceptLanguage header: String?) -> Language {
        guard let header, !header.isEmpty else { return .en }
        var candidates: [(language: Language, q: Double, order: Int)] = []
        for (order, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, let language = Language(tag: tag) else { continue }
            var q = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                q = Double(parameter.dropFirst(2)) ?? 0
            }
            if q > 0 { candidates.append((language, q, order)) }
        }
        return candidates.sorted { ($0.q, -$0.order) > ($1.q, -$1.order) }.first?.language ?? .en
    }
}
