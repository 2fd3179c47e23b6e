import Foundation
import WeGOCore

/// The shared vocabulary of Solutions Meet Cities: smart-city domains and the 17 Sustainable
/// Development Goals. Codes are stable and language-free; labels live in the translation
/// catalogs (`domain.<code>`, `sdg.<n>`).
///
/// The six sectors are those WeGO's brochures name; each is refined by the ISO 37120 themes
/// (Sustainable cities and communities — Indicators for city services and quality of life) that
/// belong under it, and themes that fit none stand on their own.
public enum Taxonomy {
    public struct Domain: Sendable, Equatable {
        public var code: String
        /// The brochure sector it refines; nil for a sector itself.
        public var sector: String?
    }

    public static let sectors = ["mobility", "safety", "welfare", "environment", "culture", "governance"]

    public static let domains: [Domain] =
        sectors.map { Domain(code: $0, sector: nil) }
        + [
            ("transportation", "mobility"), ("urban-planning", "mobility"), ("telecommunication", "mobility"),
            ("safety-services", "safety"), ("housing", "welfare"), ("health", "welfare"), ("education", "welfare"),
            ("population-social", "welfare"), ("energy", "environment"), ("water", "environment"),
            ("wastewater", "environment"), ("solid-waste", "environment"), ("climate", "environment"),
            ("agriculture-food", "environment"), ("sport-culture", "culture"), ("recreation", "culture"),
            ("finance", "governance"), ("economy", "governance"), ("digital-government", "governance"),
        ].map { Domain(code: $0.0, sector: $0.1) }

    public static let sdgs: [String] = (1 ... 17).map { "sdg-\($0)" }

    public static let all: Set<String> = Set(domains.map(\.code) + sdgs)

    /// Tags not in the taxonomy, in the order given: an unknown term is refused, not guessed.
    public static func unknown(_ tags: [String]) -> [String] {
        tags.filter { !all.contains($0) }
    }

    /// A tag with the sector above it, so "energy" also meets "environment".
    public static func expanded(_ tags: [String]) -> [String] {
        var out: [String] = []
        for tag in tags {
            if !out.contains(tag) { out.append(tag) }
            if let sector = domains.first(where: { $0.code == tag })?.sector, !out.contains(sector) { out.append(sector) }
        }
        return out
    }
}
