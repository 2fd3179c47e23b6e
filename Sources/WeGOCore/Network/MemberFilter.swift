import Foundation

/// The directory's filters, parsed and checked before any query runs, so that a malformed URL
/// answers 400 with the field at fault rather than reaching the database.
public struct MemberFilter: Sendable, Equatable, Hashable {
    public var text: String?
    public var category: MemberCategory?
    public var region: Region?
    public var country: String?
    public var foundingOnly: Bool
    public var page: Int
    public var perPage: Int

    public static let defaultPerPage = 24
    public static let maxPerPage = 100
    /// Deep pages cost an OFFSET scan; nobody reads page 10,000 of a directory.
    public static let maxPage = 10_000

    public init(
        text: String? = nil, category: MemberCategory? = nil, region: Region? = nil, country: String? = nil,
        foundingOnly: Bool = false, page: Int = 1, perPage: Int = MemberFilter.defaultPerPage
    ) {
        self.text = text
        self.category = category
        self.region = region
        self.country = country
        self.foundingOnly = foundingOnly
        self.page = page
        self.perPage = perPage
    }

    /// Field name → problem key ("filter.invalid_category", …) for every parameter that is wrong.
    public struct Invalid: Error, Equatable, Sendable {
        public let fields: [String: String]
    }

    /// Parses query parameters. `perParameter` is "per" in the API; the HTML directory has a fixed size.
    public static func parse(_ query: [String: String], allowPerPage: Bool) throws(Invalid) -> MemberFilter {
        var filter = MemberFilter()
        var problems: [String: String] = [:]
        if let raw = query["q"]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty {
            if raw.count > 200 {
                problems["q"] = "filter.text_too_long"
            } else if TextFolding.containsControlCharacters(raw) {
                problems["q"] = "filter.text_invalid"
            } else {
                filter.text = raw
            }
        }
        if let raw = query["category"], !raw.isEmpty {
            if let value = MemberCategory(rawValue: raw) {
                filter.category = value
            } else {
                problems["category"] = "filter.invalid_category"
            }
        }
        if let raw = query["region"], !raw.isEmpty {
            if let value = Region(rawValue: raw) { filter.region = value } else { problems["region"] = "filter.invalid_region" }
        }
        if let raw = query["country"], !raw.isEmpty {
            let upper = raw.uppercased()
            if upper.count == 2, upper.allSatisfy({ $0.isASCII && $0.isLetter }) {
                filter.country = upper
            } else {
                problems["country"] = "filter.invalid_country"
            }
        }
        if let raw = query["founding"], !raw.isEmpty {
            switch raw.lowercased() {
            case "yes", "true", "1", "on": filter.foundingOnly = true
            case "no", "false", "0", "off": filter.foundingOnly = false
            default: problems["founding"] = "filter.invalid_founding"
            }
        }
        if let raw = query["page"], !raw.isEmpty {
            if let value = Int(raw), value >= 1, value <= maxPage { filter.page = value } else { problems["page"] = "filter.invalid_page" }
        }
        if allowPerPage, let raw = query["per"], !raw.isEmpty {
            if let value = Int(raw), value >= 1, value <= maxPerPage {
                filter.perPage = value
            } else {
                problems["per"] = "filter.invalid_per"
            }
        }
        if !problems.isEmpty { throw Invalid(fields: problems) }
        return filter
    }

    public var offset: Int { (page - 1) * perPage }

    /// The folded LIKE pattern for the text filter, with LIKE's wildcards escaped by backslash.
    public var searchPattern: String? {
        guard let text else { return nil }
        let folded = TextFolding.fold(text)
        var escaped = ""
        for character in folded {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}
