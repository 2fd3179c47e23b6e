/// Small, allocation-light helpers to write SVG text.
///
/// Why hand-written: the map is rendered on many requests, so we avoid `String(format:)` (slow and
/// locale-sensitive: a comma decimal separator would corrupt the path data) and any XML library.
enum SVGText {
    /// Escapes text for use in XML character data and in double- or single-quoted attributes.
    /// Characters that XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF) are
    /// dropped, because one stray control character in a member name would make a stand-alone
    /// `.svg` ill-formed and the browser would refuse to draw the whole map.
    /// Everything else, "Muğla", "São Paulo", "서울", passes through unchanged (the page is UTF-8).
    static func escape(_ text: String) -> String {
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

    /// Rounds a viewBox coordinate to the 0.1 grid, expressed as an integer number of tenths.
    /// Working in integer tenths keeps relative path commands exact (no accumulated rounding drift).
    @inline(__always)
    static func tenths(_ value: Double) -> Int {
        Int((value * 10).rounded())
    }

    /// Appends `tenths / 10` in its shortest SVG form: `12`, `12.5`, `.5`, `-.5`, `0`.
    /// - Parameter separated: whether a preceding number needs a separator. A minus sign already
    ///   separates numbers in SVG path syntax, so a space is written only before non-negative values.
    static func append(tenths t: Int, to out: inout String, separated: Bool) {
        if t < 0 {
            out += "-"
        } else if separated {
            out += " "
        }
        let a = t.magnitude
        let whole = a / 10, fraction = a % 10
        if whole != 0 { out += String(whole) }
        if fraction != 0 {
            out += "."
            out.unicodeScalars.append(Unicode.Scalar(UInt8(48 + fraction)))
        } else if whole == 0 {
            out += "0"
        }
    }

    /// A coordinate for an attribute value (`cx`, `viewBox`…), at most one decimal.
    static func number(_ value: Double) -> String {
        var out = ""
        append(tenths: tenths(value), to: &out, separated: false)
        return out
    }
}
