/// Small, allocation-light helpers to write SVG text.
///
/// Why hand-written: the map is rendered on many requests, so we avoid `String(format:)` (slow and
/// locale-sensitive: a comma decimal separator would corrupt the path data) and any XML library.
enum SVGText {
    /// Escaping is shared with the HTML pages: see `Markup.escape`.
    static func escape(_ text: String) -> String { Markup.escape(text) }

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
