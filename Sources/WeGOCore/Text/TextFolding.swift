import Foundation

/// Accent-, case- and width-insensitive forms of text, so that "Sao Paulo" finds "São Paulo".
public enum TextFolding {
    /// Lower-cased, diacritics removed, whitespace collapsed. Non-Latin scripts pass through
    /// (lower-cased where they have case), so Korean and Chinese names still match themselves.
    public static func fold(_ text: String) -> String {
        // Most names and searches are ASCII: folding them needs no Foundation call, which was 7%
        // of a member page's time (the index links fold every ranked city's name).
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return foldASCII(text) }
        return foldUnicode(text)
    }

    /// `foldUnicode` for ASCII text: lower case, the backtick as an apostrophe, runs of white
    /// space as one space, none at either end. A test holds the two to the same answers.
    static func foldASCII(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || (0x09 ... 0x0D).contains(byte) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            switch byte {
            case UInt8(ascii: "A") ... UInt8(ascii: "Z"): out.append(byte + 0x20)
            case UInt8(ascii: "`"): out.append(UInt8(ascii: "'"))
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func foldUnicode(_ text: String) -> String {
        let folded = text.folding(
            options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
            locale: Locale(identifier: "en_US_POSIX"))
        // Letters that folding keeps but people type without: ı (dotless i), ø, æ, ß, đ, ł.
        var out = ""
        out.reserveCapacity(folded.utf8.count)
        for scalar in folded.unicodeScalars {
            switch scalar {
            case "ı": out += "i"
            case "ø": out += "o"
            case "æ": out += "ae"
            case "œ": out += "oe"
            case "ß": out += "ss"
            case "đ", "ð": out += "d"
            case "ł": out += "l"
            case "þ": out += "th"
            case "’", "‘", "`": out += "'"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A stable URL slug: folded, ASCII letters and digits, words joined by "-".
    /// Text without any Latin letter or digit yields "" and the caller must choose another key.
    public static func slug(_ text: String) -> String {
        var words: [String] = []
        var current = ""
        for scalar in fold(text).unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.joined(separator: "-")
    }
}

extension TextFolding {
    /// True when the text holds a C0 or C1 control character (tab, CR, LF, NUL…). Single-line
    /// input with one of these is refused: PostgreSQL cannot store NUL, and a tab or newline in a
    /// URL path can turn "/\t/evil.example" into "//evil.example" in a browser.
    public static func containsControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F ... 0x9F).contains($0.value) }
    }
}

/// E-mail addresses as accounts use them: trimmed and lower-cased, since no mail system the
/// platform meets treats local parts case-sensitively and people type them both ways.
public enum EmailAddress {
    public static func normalized(_ raw: String?) -> String {
        (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// One "@" with text on both sides, a dot in the domain, at most 254 characters, no spaces or
    /// control characters. Deliverability is the mail server's to judge; this catches typing slips.
    public static func isPlausible(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return email.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && !email.contains(" ") && !TextFolding.containsControlCharacters(email)
    }
}
