import Foundation
import WeGOCore

/// Splits text into index terms.
///
/// - `reference`: what the Python package bm25s does by default (lower-case, then every maximal
///   run of two or more word characters, no stemming, no stop words), so scores can be checked
///   against it term for term.
/// - `multilingual`: for matching across WeGO's languages. Latin-script words are folded (case,
///   accents: "Eléctrica" → "electrica") and lightly stemmed; Korean, Chinese and Japanese runs,
///   which have no reliable spaces between words, become overlapping character bigrams; Arabic
///   is normalised (diacritics and tatweel dropped, alef, teh marbuta and alef maksura unified).
public struct Tokenizer: Sendable {
    public enum Mode: String, Sendable { case reference, multilingual }

    public var mode: Mode

    public init(mode: Mode = .multilingual) { self.mode = mode }

    public func tokens(_ text: String) -> [String] {
        switch mode {
        case .reference: Self.referenceTokens(text)
        case .multilingual: Self.multilingualTokens(text)
        }
    }

    // MARK: Reference (bm25s)

    /// Python's `\w`: letters, digits (any script) and the underscore.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 95
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    static func referenceTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        var length = 0
        func flush() {
            if length >= 2 { tokens.append(String(current)) }
            current = String.UnicodeScalarView()
            length = 0
        }
        for scalar in text.lowercased().unicodeScalars {
            if isWordCharacter(scalar) {
                current.append(scalar)
                length += 1
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    // MARK: Multilingual

    enum Script { case latinOrOther, cjk, arabic }

    static func script(of scalar: Unicode.Scalar) -> Script {
        switch scalar.value {
        case 0x1100 ... 0x11FF, 0x3040 ... 0x30FF, 0x3130 ... 0x318F, 0x3400 ... 0x4DBF, 0x4E00 ... 0x9FFF,
            0xAC00 ... 0xD7AF, 0xF900 ... 0xFAFF, 0x20000 ... 0x2FA1F:
            .cjk
        case 0x0600 ... 0x06FF, 0x0750 ... 0x077F, 0xFB50 ... 0xFDFF, 0xFE70 ... 0xFEFF:
            .arabic
        default:
            .latinOrOther
        }
    }

    static func multilingualTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = String.UnicodeScalarView()
        var script = Script.latinOrOther
        func flush() {
            guard !word.isEmpty else { return }
            switch script {
            case .cjk:
                let characters = Array(word)
                if characters.count == 1 {
                    tokens.append(String(characters[0]))
                } else {
                    for index in 0 ..< (characters.count - 1) {
                        var bigram = String.UnicodeScalarView()
                        bigram.append(characters[index]); bigram.append(characters[index + 1])
                        tokens.append(String(bigram))
                    }
                }
            case .arabic:
                let normalised = normaliseArabic(String(word))
                if normalised.unicodeScalars.count >= 2 { tokens.append(normalised) }
            case .latinOrOther:
                let raw = String(word)
                let folded = raw.unicodeScalars.allSatisfy(\.isASCII) ? raw : TextFolding.fold(raw)
                if folded.unicodeScalars.count >= 2 { tokens.append(stem(folded)) }
            }
            word = String.UnicodeScalarView()
        }
        // Most texts are plain ASCII: they need neither compatibility mapping nor property lookups.
        let ascii = text.utf8.allSatisfy { $0 < 128 }
        for scalar in (ascii ? text.lowercased() : text.precomposedStringWithCompatibilityMapping.lowercased()).unicodeScalars {
            let kind = Self.script(of: scalar)
            let isPart =
                isWordCharacter(scalar)
                || (!scalar.isASCII
                    && (isArabicMark(scalar)
                        || (scalar.properties.generalCategory == .nonspacingMark && !word.isEmpty)))
            guard isPart else { flush(); continue }
            if kind != script && (scalar.isASCII || (!isArabicMark(scalar) && scalar.properties.generalCategory != .nonspacingMark)) {
                flush()
                script = kind
            }
            word.append(scalar)
        }
        flush()
        return tokens
    }

    static func isArabicMark(_ scalar: Unicode.Scalar) -> Bool {
        (0x064B ... 0x065F).contains(scalar.value) || scalar.value == 0x0670 || scalar.value == 0x0640
    }

    /// Drops harakat, superscript alef and tatweel; unifies alef forms, teh marbuta → heh and
    /// alef maksura → yeh, the usual normalisation for Arabic search.
    static func normaliseArabic(_ word: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            if isArabicMark(scalar) { continue }
            switch scalar.value {
            case 0x0622, 0x0623, 0x0625, 0x0671: out.append(Unicode.Scalar(0x0627)!)
            case 0x0629: out.append(Unicode.Scalar(0x0647)!)
            case 0x0649: out.append(Unicode.Scalar(0x064A)!)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// A light stemmer for English and the Romance languages: enough that "cities" meets "city",
    /// "services" meets "service", "eléctrica" meets "electric" and "monitoring" meets "monitor",
    /// without a dictionary. It only shortens words of five letters or more, and only by endings.
    static func stem(_ word: String) -> String {
        var w = Array(word.unicodeScalars)
        guard w.count >= 4, w.allSatisfy({ $0.isASCII ? ($0.value >= 97 && $0.value <= 122) : $0.properties.isAlphabetic }) else {
            return word
        }
        func ends(_ suffix: String) -> Bool {
            let s = suffix.unicodeScalars
            guard w.count > s.count else { return false }
            var index = w.count - s.count
            for scalar in s {
                if w[index] != scalar { return false }
                index += 1
            }
            return true
        }
        if ends("ies") && w.count > 4 {
            w.removeLast(2)
        } else if ends("s") && !ends("ss") && !ends("us") && !ends("is") {
            w.removeLast()
        }
        if let last = w.last, last == "y" { w[w.count - 1] = "i" }
        if w.count > 7 && ends("ing") {
            w.removeLast(3)
        } else if w.count > 5 && ends("ed") {
            w.removeLast(2)
        }
        if w.count > 4, let last = w.last, "aeioy".unicodeScalars.contains(last) {
            w.removeLast()
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: w)
        return String(out)
    }
}
