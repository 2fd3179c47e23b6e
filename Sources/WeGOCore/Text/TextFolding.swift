import Foundation

/// Accent-, case- and width-insensitive forms of text, so that "Sao Paulo" finds "São Paulo".
public enum TextFolding {
    /// Lower-cased, diacritics removed, whitespace collapsed. Non-Latin scripts pass through
    /// (lower-cased where they have case), so Korean and Chinese names still match themselves.
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
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
