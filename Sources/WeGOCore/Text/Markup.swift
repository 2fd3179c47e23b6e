/// Escaping for HTML and XML (the pages and the SVG map share it), so that no text from a
/// member, a form or a query ever reaches a page as markup.
public enum Markup {
    /// Escapes text for use in XML character data and in double- or single-quoted attributes.
    /// Characters that XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF) are
    /// dropped, because one stray control character in a member name would make a stand-alone
    /// `.svg` ill-formed and the browser would refuse to draw the whole map.
    /// Everything else, "Muğla", "São Paulo", "서울", passes through unchanged (the page is UTF-8).
    public static func escape(_ text: String) -> String {
        // Fast path: most labels contain nothing to escape.
        if !text.unicodeScalars.contains(where: needsWork) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if isForbidden(scalar) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsWork(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "&", "<", ">", "\"", "'": true
        default: isForbidden(s)
        }
    }

    private static func isForbidden(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x20 { return v != 0x09 && v != 0x0A && v != 0x0D }
        return v == 0xFFFE || v == 0xFFFF
    }
}
