/// What the seed data covers: which members could be placed on the map, and how the named
/// lists compare with the totals the documents report. Used by tests and the operator CLI so
/// gaps in the data are listed, not discovered later on a blank map.
public struct SeedReport: Sendable {
    public struct Matched: Sendable, Equatable {
        public let slug: String
        public let name: String
        public let match: PlaceMatch
    }

    public struct Unmatched: Sendable, Equatable {
        public enum Reason: String, Sendable {
            case noCountry = "no country"
            case noPlace = "no Natural Earth place in that country"
        }
        public let slug: String
        public let name: String
        public let country: String?
        public let reason: Reason
    }

    /// Named members against a reported figure, e.g. 13 named MENA local governments of 28 reported.
    public struct Count: Sendable, Equatable {
        public let scope: SeedReportedTotal.Scope
        public let key: String
        public let named: Int
        public let reported: Int?
    }

    public let matched: [Matched]
    public let unmatched: [Unmatched]

    /// Matches the members of the given categories (local governments by default: institutions
    /// and corporations are organisations, not places).
    public init(
        members: [SeedMember], matcher: PlaceMatcher,
        categories: Set<MemberCategory> = [.localGovernment]
    ) {
        var matched: [Matched] = [], unmatched: [Unmatched] = []
        for member in members where categories.contains(member.category) {
            guard let country = member.country else {
                unmatched.append(Unmatched(slug: member.slug, name: member.name, country: nil, reason: .noCountry))
                continue
            }
            if let match = matcher.match(name: member.name, country: country, subtype: member.subtype) {
                matched.append(Matched(slug: member.slug, name: member.name, match: match))
            } else {
                unmatched.append(Unmatched(slug: member.slug, name: member.name, country: country, reason: .noPlace))
            }
        }
        self.matched = matched
        self.unmatched = unmatched
    }

    /// Named members per category and per region (local governments only, as in the brochure),
    /// beside the totals reported as of `asOf` ("YYYY-MM").
    public static func counts(members: [SeedMember], totals: [SeedReportedTotal], asOf: String) -> [Count] {
        func reported(_ scope: SeedReportedTotal.Scope, _ key: String) -> Int? {
            totals.first { $0.scope == scope && $0.key == key && $0.asOf == asOf }?.value
        }
        var out = [Count(scope: .total, key: "all", named: members.count, reported: reported(.total, "all"))]
        for category in MemberCategory.allCases {
            out.append(
                Count(
                    scope: .category, key: category.rawValue,
                    named: members.filter { $0.category == category }.count,
                    reported: reported(.category, category.rawValue)))
        }
        for region in Region.allCases {
            out.append(
                Count(
                    scope: .region, key: region.rawValue,
                    named: members.filter { $0.category == .localGovernment && $0.region == region }.count,
                    reported: reported(.region, region.rawValue)))
        }
        return out
    }

    /// Plain-text summary for logs and the command line.
    public var summary: String {
        var lines = ["matched \(matched.count), unmatched \(unmatched.count)"]
        for m in matched {
            let pop = m.match.population.map { " pop \($0)" } ?? ""
            let partial = m.match.isPartial ? " (partial)" : ""
            lines.append("  + \(m.name) → \(m.match.placeName) [\(m.match.rule.rawValue)]\(partial)\(pop)")
        }
        for u in unmatched {
            lines.append("  - \(u.name) (\(u.country ?? "?")): \(u.reason.rawValue)")
        }
        return lines.joined(separator: "\n")
    }
}
