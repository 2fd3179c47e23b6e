import Foundation
import Testing

@testable import WeGOCore

/// A key the code asks for but no catalog holds shows on the page as the bare key. CatalogTests checks the
/// catalogs against each other; this checks them against the code. The sources are read as text, so the
/// server's views, which this target cannot import, are covered as well.
@Suite struct SourceCatalogKeysTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// Read once for all the tests below.
    static let scanned = Result { try SourceKeyScanner.uses(under: sources) }

    @Test(arguments: Language.allCases)
    func everyKeyNamedInTheSourcesIsInTheCatalog(_ language: Language) throws {
        let catalog = try CatalogTests.load(language)
        for use in try Self.scanned.get() {
            #expect(catalog.strings[use.key] != nil, "\(language.rawValue).json lacks \(use.key), used at \(use.location)")
        }
    }

    /// Without this, a scanner that finds nothing (a moved folder, a broken rule) would pass the test above.
    @Test func scannerFindsTheKeys() throws {
        let uses = try Self.scanned.get()
        #expect(Set(uses.map(\.key)).count > 500)
        // One key per way of naming one: a navigation table, an error enum's `key`, a field-problem
        // dictionary in the core, a view's alert, and a mail kind.
        for key in [
            "nav.home", "membership.error.no_contact", "form.member.name_required", "signin.email_required",
            "mail.invitation.subject",
        ] {
            #expect(uses.contains { $0.key == key }, "scanner did not find \(key)")
        }
        let nav = try #require(uses.first(where: { $0.key == "nav.home" }))
        #expect(nav.location.hasPrefix("Sources/") && nav.location.contains(".swift:"), "\(nav.location)")
    }

    @Test func ruleTellsKeysFromOtherDottedStrings() {
        let snippet = #"""
            let title = context.t("members.title", ["count": "\(n)"])
            // context.t("line.comment") is prose
            /* context.t("block.comment") */
            return ((), AuditLog.Event(action: "member.create", target: "member:\(slug)", details: ""))
            let action = editing ? "user.update" : "user.create"
            let data = try Resources.data("Matching/thesaurus.json")
            case members = "members.csv"
            errors["email"] = context.t("signin.email_required")
            case .noContact: "membership.error.no_contact"
            html += "<p>\(context.t("audit.intact"))</p>"
            let key = "home.priority" + String(i)
            let label = context.t("category.\(c.rawValue)")
            let link = context.t("dues.csv")
            case .minMax: context.t("index.normalise.minMax")
            try await Mail.enqueue("invitation", to: email)
            """#
        let uses = SourceKeyScanner.uses(in: snippet, file: "Snippet.swift")
        #expect(
            uses.map(\.key) == [
                "members.title", "signin.email_required", "membership.error.no_contact", "audit.intact",
                "dues.csv", "index.normalise.minMax", "mail.invitation.subject", "mail.invitation.body",
            ])
        #expect(uses.first { $0.key == "audit.intact" }?.location == "Snippet.swift:10")
    }

    /// Keys the core builds at run time, from its enums and its forms' field names. CatalogTests.dynamicKeysExist
    /// lists categories, subtypes, regions, roles, password problems and filter problems; these are the rest
    /// that the core's types decide. Keys built from server-side enums cannot be checked from here.
    @Test(arguments: Language.allCases)
    func keysBuiltFromCoreTypesExist(_ language: Language) throws {
        let catalog = try CatalogTests.load(language)
        var keys: [String] = []
        keys += MembershipStatus.allCases.flatMap { status in
            ["membership.status", "membership.status_help"].map { "\($0).\(status.rawValue)" }
        }
        keys += InvoiceState.allCases.map { "invoice.state.\($0.rawValue)" }
        keys += PaymentMethod.allCases.map { "payment.method.\($0.rawValue)" }
        // The server's MembershipError.applicationDecided builds "application.error.already_…" from the status.
        keys += ApplicationStatus.allCases.flatMap { status in
            ["application.status.\(status.rawValue)", "application.error.already_\(status.rawValue)"]
        }
        keys += MemberCategory.allCases.flatMap { category in
            ["apply.category_text", "apply.organization_name", "apply.subtype"].map { "\($0).\(category.rawValue)" }
        }
        keys += Self.throttleReasons.map(\.key)
        keys += Self.problemKeysBuiltFromFieldNames()
        for key in keys {
            #expect(catalog.strings[key] != nil, "\(language.rawValue).json lacks \(key)")
        }
    }

    /// ThrottleReason is not CaseIterable: a new reason stops this switch from compiling, which is the cue to
    /// add it to the list.
    static var throttleReasons: [ThrottleReason] {
        let all: [ThrottleReason] = [.account, .address]
        for reason in all {
            switch reason {
            case .account, .address: break
            }
        }
        return all
    }

    /// The validators write "application.error.\(field)_required" and the like, so the keys are whatever
    /// field names the code passes; refused input makes the validators themselves say which keys they use.
    static func problemKeysBuiltFromFieldNames() -> [String] {
        var keys: [String] = []
        for category in MemberCategory.allCases {
            for count in ["", "many"] {
                var draft = ApplicationDraft()
                draft.category = category.rawValue
                draft.population = count
                draft.employees = count
                if case .failure(let problems) = draft.validate(knownCountries: []) { keys += problems.fields.values }
                do {
                    _ = try FeeApplicant.parse([
                        "category": category.rawValue, "country": "KR", "population": count,
                        "employees": count,
                    ])
                } catch {
                    keys += error.fields.values
                }
            }
        }
        var member = MemberDraft()
        member.latitude = "91"
        member.longitude = "181"
        if case .failure(let problems) = member.validate(knownCountries: []) { keys += problems.fields.values }
        return keys
    }
}

/// Reads Swift source as text and picks out the catalog keys it names. A lexer, not a parser: it only has
/// to tell comments from code and string literals from the code around them, interpolations included.
///
/// The rule: a literal without interpolation whose text is a dotted name, `members.title` (parts after the
/// first may carry an enum's raw value, `index.normalise.minMax`), is a key, unless
/// - it is joined to other text with `+`: a piece of a key built at run time, not a key;
/// - it is not the first argument of `t(` or `catalog.text(` and
///   - ends in a file extension (`members.csv`, `openapi.json`): a resource, route or file name; or
///   - is an audit action (`AuditLog.Event(action: "member.create"`, `let action = … ? "user.create" : …`),
///     which names the action in the log and shares namespaces with the catalog.
/// `Mail.enqueue("invitation", …)` names `mail.invitation.subject` and `mail.invitation.body`.
enum SourceKeyScanner {
    struct Use: Equatable {
        var key: String
        /// "Sources/…/File.swift:12".
        var location: String
    }

    struct Literal {
        var line: Int
        /// The text around the interpolations; one part when there are none.
        var parts: [String]
        /// The code before the literal on its line, without the text of other literals.
        var context: String
        /// `+` right before or after it.
        var joined: Bool
    }

    static let fileExtensions: Set<String> = [
        "csv", "json", "jsonl", "txt", "ics", "html", "css", "js", "svg", "png", "md",
        "sql", "swift", "xml", "pdf", "geojson", "ico",
    ]

    static func uses(under directory: URL) throws -> [Use] {
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }.sorted()
        return try files.flatMap { file in
            let source = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            return uses(in: source, file: "\(directory.lastPathComponent)/\(file)")
        }
    }

    static func uses(in source: String, file: String) -> [Use] {
        var uses: [Use] = []
        for literal in literals(in: source) where literal.parts.count == 1 {
            let text = literal.parts[0]
            let location = "\(file):\(literal.line)"
            if literal.context.contains(#/\bMail\.enqueue\(\s*$/#), text.wholeMatch(of: #/[a-z][a-z0-9_]*/#) != nil {
                uses += ["subject", "body"].map { Use(key: "mail.\(text).\($0)", location: location) }
                continue
            }
            guard isKey(text), !literal.joined else { continue }
            if !literal.context.contains(#/(^|[^A-Za-z0-9_])t\(\s*$|\bcatalog\.text\(\s*$/#) {
                if fileExtensions.contains(String(text[text.index(after: text.lastIndex(of: ".")!)...])) { continue }
                if literal.context.contains(#/\baction\s*[:=][^,]*$/#) { continue }
            }
            uses.append(Use(key: text, location: location))
        }
        return uses
    }

    static func isKey(_ text: String) -> Bool {
        text.wholeMatch(of: #/[a-z][a-z0-9_]*(\.[A-Za-z0-9_-]+)+/#) != nil
    }

    static func literals(in source: String) -> [Literal] {
        var lexer = Lexer(bytes: Array(source.utf8))
        lexer.code(untilParenthesis: false)
        return lexer.literals
    }

    private struct Lexer {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var context: [UInt8] = []
        var literals: [Literal] = []

        static let newline = UInt8(ascii: "\n"), quote = UInt8(ascii: "\""), hash = UInt8(ascii: "#")
        static let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*"), backslash = UInt8(ascii: "\\")
        static let open = UInt8(ascii: "("), close = UInt8(ascii: ")")
        static let space = UInt8(ascii: " ")

        init(bytes: [UInt8]) { self.bytes = bytes }

        func byte(_ at: Int) -> UInt8? { at < bytes.count ? bytes[at] : nil }

        func matches(_ pattern: [UInt8], at start: Int) -> Bool {
            start + pattern.count <= bytes.count && bytes[start ..< start + pattern.count].elementsEqual(pattern)
        }

        /// Code up to the end, or, inside an interpolation, up to the parenthesis that closes it.
        mutating func code(untilParenthesis: Bool) {
            var depth = 0
            while index < bytes.count {
                let c = bytes[index]
                if c == Self.newline {
                    line += 1
                    // A call whose arguments start on the next line (as the formatter writes long
                    // ones) keeps its name in the context: `Mail.enqueue(` ⏎ `"invitation", …`.
                    if context.last(where: { $0 != Self.space }) == Self.open {
                        context.append(Self.space)
                    } else {
                        context.removeAll()
                    }
                    index += 1
                } else if c == Self.slash, byte(index + 1) == Self.slash {
                    while index < bytes.count, bytes[index] != Self.newline { index += 1 }
                } else if c == Self.slash, byte(index + 1) == Self.star {
                    skipBlockComment()
                } else if c == Self.quote || (c == Self.hash && startsRawString()) {
                    string()
                } else {
                    if untilParenthesis, c == Self.open { depth += 1 }
                    if untilParenthesis, c == Self.close {
                        if depth == 0 { return }
                        depth -= 1
                    }
                    context.append(c)
                    index += 1
                }
            }
        }

        func startsRawString() -> Bool {
            var at = index
            while byte(at) == Self.hash { at += 1 }
            return byte(at) == Self.quote
        }

        /// Block comments nest in Swift.
        mutating func skipBlockComment() {
            var depth = 0
            while index < bytes.count {
                if bytes[index] == Self.slash, byte(index + 1) == Self.star {
                    depth += 1
                    index += 2
                } else if bytes[index] == Self.star, byte(index + 1) == Self.slash {
                    depth -= 1
                    index += 2
                    if depth == 0 { return }
                } else {
                    if bytes[index] == Self.newline { line += 1 }
                    index += 1
                }
            }
        }

        mutating func string() {
            let startLine = line
            let before = String(decoding: context, as: UTF8.self)
            var hashes = 0
            while bytes[index] == Self.hash {
                hashes += 1
                index += 1
            }
            let triple = [Self.quote, Self.quote, Self.quote]
            let multiline = matches(triple, at: index)
            index += multiline ? 3 : 1
            let delimiter = (multiline ? triple : [Self.quote]) + Array(repeating: Self.hash, count: hashes)
            let escape = [Self.backslash] + Array(repeating: Self.hash, count: hashes)
            var parts: [[UInt8]] = [[]]
            context.append(Self.quote)
            while index < bytes.count {
                if matches(delimiter, at: index) {
                    index += delimiter.count
                    break
                }
                if matches(escape, at: index), let next = byte(index + escape.count) {
                    if next == Self.open {
                        index += escape.count + 1
                        code(untilParenthesis: true)
                        index += 1
                        parts.append([])
                        continue
                    }
                    if next == Self.newline {
                        line += 1
                        index += escape.count + 1
                        continue
                    }
                    parts[parts.count - 1] += bytes[index ... (index + escape.count)]
                    index += escape.count + 1
                    continue
                }
                if bytes[index] == Self.newline {
                    // An unclosed one-line literal is not Swift; leave the line break to the code around it.
                    if !multiline { break }
                    line += 1
                    context.removeAll()
                }
                parts[parts.count - 1].append(bytes[index])
                index += 1
            }
            context.append(Self.quote)
            var after = index
            while let b = byte(after), b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") { after += 1 }
            let plusAfter = byte(after) == UInt8(ascii: "+") && byte(after + 1) != UInt8(ascii: "=")
            let plusBefore = before.trimmingCharacters(in: .whitespaces).hasSuffix("+")
            literals.append(
                Literal(
                    line: startLine, parts: parts.map { String(decoding: $0, as: UTF8.self) },
                    context: before, joined: plusAfter || plusBefore))
        }
    }
}
