/// Random Unicode text for round-trip property tests, and ways to write it in YAML.
///
/// The text never holds a character the YAML reader refuses (see docs/yaml-subset.md); everything
/// else is fair: CJK and CJK extension B, emoji and ZWJ sequences, combining marks, quotes,
/// backslashes, `#`, `: `, leading and trailing spaces, tabs and line breaks.
package struct RandomText: RandomNumberGenerator {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    /// SplitMix64, so that a failure reproduces from its seed.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static let pieces: [String] = [
        " ", "  ", "#", " #", ": ", ":", "\"", "'", "''", "\\", "\\\\", "\\0", "\\n", "- ", "[", "]", "{", "}", ",",
        "|", ">", "&", "*", "!", "%", "@", "`", "?", "~", "null", "yes", "2027-03-15", "0800", "1e3", "\t", "\n",
        "\r\n", "\r", "\u{85}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFD}", "\u{E000}", "\u{10FFFD}",
        "e\u{301}", "\u{301}", "a\u{308}\u{323}", "👍🏽", "👨‍👩‍👧", "🇨🇳", "😀", "标题", "金融知识", "（）", "：", "𠀀",
        "𪚥", "𡃁", "ｶ", "Ω",
    ]

    /// A string of 1 to `maximum` pieces: fixed pieces above, or random scalars from CJK, CJK
    /// extension B, emoji, combining marks and the rest of the BMP and astral planes.
    package mutating func string(maximum: Int = 12) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...maximum, using: &self) {
            switch Int.random(in: 0..<6, using: &self) {
            case 0, 1: text += Self.pieces.randomElement(using: &self)!
            case 2: text.unicodeScalars.append(scalar(in: 0x4E00...0x9FFF))
            case 3: text.unicodeScalars.append(scalar(in: 0x20000...0x2A6DF))
            case 4: text.unicodeScalars.append(scalar(in: 0x1F300...0x1FAFF))
            default: text.unicodeScalars.append(scalar(in: 0x20...0x10FFFF))
            }
        }
        return text
    }

    private mutating func scalar(in range: ClosedRange<UInt32>) -> Unicode.Scalar {
        while true {
            let value = UInt32.random(in: range, using: &self)
            if let scalar = Unicode.Scalar(value), !RandomText.isRefused(value) { return scalar }
        }
    }

    /// The characters the YAML reader refuses (docs/yaml-subset.md).
    package static func isRefused(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x85: false
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    /// `text` as a YAML scalar: double-quoted with a random mix of raw characters and escapes, or
    /// single-quoted when it has no line break.
    package mutating func yamlScalar(_ text: String) -> String {
        let hasBreak = text.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }
        if !hasBreak, Bool.random(using: &self) {
            // Double the quotes scalar by scalar: a quote followed by a combining mark is one Character.
            var out = "'"
            for scalar in text.unicodeScalars {
                if scalar == "'" { out.unicodeScalars.append(scalar) }
                out.unicodeScalars.append(scalar)
            }
            return out + "'"
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            let escape = Bool.random(using: &self)
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{FEFF}": out += "\\uFEFF"
            case "\t" where escape: out += "\\t"
            case " " where escape: out += "\\ "
            case "/" where escape: out += "\\/"
            case "\u{85}" where escape: out += "\\N"
            case "\u{A0}" where escape: out += "\\_"
            case "\u{2028}" where escape: out += "\\L"
            case "\u{2029}" where escape: out += "\\P"
            default:
                guard escape else {
                    out.unicodeScalars.append(scalar)
                    continue
                }
                let hex = String(scalar.value, radix: 16, uppercase: Bool.random(using: &self))
                if scalar.value < 0x100, Bool.random(using: &self) {
                    out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else if scalar.value < 0x10000 {
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
                }
            }
        }
        return out + "\""
    }
}
