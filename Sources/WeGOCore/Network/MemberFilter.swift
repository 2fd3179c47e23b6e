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

    /// Parses query parameters. `strict` is the API's reading: `per` is read (the HTML directory
    /// has a fixed size), and what its document does not declare is refused: an empty value
    /// (`country=`) and a spelling a form sends but the document does not list (`founding=on`).
    /// The HTML forms send every field, empty or not, so there an empty value means "any".
    public static func parse(_ query: [String: String], strict: Bool) throws(Invalid) -> MemberFilter {
        var filter = MemberFilter()
        var problems: [String: String] = [:]
        let invalid = [
            "q": "filter.text_invalid", "category": "filter.invalid_category", "region": "filter.invalid_region",
            "country": "filter.invalid_country", "founding": "filter.invalid_founding", "page": "filter.invalid_page",
            "per": "filter.invalid_per",
        ]
        if strict {
            for (name, key) in invalid where query[name]?.isEmpty == true { problems[name] = key }
        }
        if let raw = query["q"]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty {
            // UTF-16 units, as the form's maxlength counts them: a character count would let
            // one letter with thousands of combining marks through.
            if raw.utf16.count > 200 {
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
            // Checked before upper-casing: "ß" upper-cases to "SS", two ASCII letters.
            if raw.utf8.count == 2, raw.utf8.allSatisfy({ (0x41 ... 0x5A).contains($0) || (0x61 ... 0x7A).contains($0) }) {
                filter.country = raw.uppercased()
            } else {
                problems["country"] = "filter.invalid_country"
            }
        }
        if let raw = query["founding"], !raw.isEmpty {
            switch strict ? raw : raw.lowercased() {
            case "yes", "true", "1": filter.foundingOnly = true
            case "no", "false", "0": filter.foundingOnly = false
            case "on" where !strict: filter.foundingOnly = true
            case "off" where !strict: filter.foundingOnly = false
            default: problems["founding"] = "filter.invalid_founding"
            }
        }
        if let raw = query["page"], !raw.isEmpty {
            if let value = Int(raw), value >= 1, value <= maxPage { filter.page = value } else { problems["page"] = "filter.invalid_page" }
        }
        if strict, let raw = query["per"], !raw.isEmpty {
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
