/// Random text for round-trip property tests: CJK (extension B included), emoji with joiners and
/// modifiers, combining marks, quotes, commas, tabs and line breaks, right-to-left text and spaces at
/// either end; never a character stored text refuses (C0 controls other than tab and line breaks,
/// U+007F, U+FFFE, U+FFFF).
package enum RandomNoteText {
    static let pools: [[Unicode.Scalar]] = [
        Array("abcXYZ019 -_./@#".unicodeScalars),
        Array("签到表宣讲老年人社区咸宁赤壁".unicodeScalars),
        (0x20000...0x20010).compactMap(Unicode.Scalar.init),  // CJK extension B
        (0x1F600...0x1F64F).compactMap(Unicode.Scalar.init) + ["\u{200D}", "\u{1F3FD}", "\u{FE0F}"],  // emoji, ZWJ, skin tone, VS16
        (0x0300...0x036F).compactMap(Unicode.Scalar.init),  // combining marks
        ["\"", ",", "'", "\\", "\t", "\n", "\r\n", ";", "，", "“", "”"].flatMap(\.unicodeScalars),
        ["\u{05D0}", "\u{0627}", "\u{200F}", "\u{00A0}", "\u{3000}", "\u{FEFF}", "\u{FFFD}", "\u{10FFFD}", "\u{80}", "\u{9F}"],
    ]

    /// A string of 1 to `maximumLength` scalars.
    package static func string(maximumLength: Int = 40, using generator: inout some RandomNumberGenerator) -> String {
        var scalars = String.UnicodeScalarView()
        let length = Int.random(in: 1...maximumLength, using: &generator)
        for _ in 0..<length {
            let pool = pools[Int.random(in: 0..<pools.count, using: &generator)]
            scalars.append(pool[Int.random(in: 0..<pool.count, using: &generator)])
        }
        // Spaces at either end now and then: quoted text keeps them.
        if Bool.random(using: &generator) { scalars.insert(" ", at: scalars.startIndex) }
        if Bool.random(using: &generator) { scalars.append(" ") }
        return String(scalars)
    }

    /// A CSV field holding `text` exactly: quoted, inner quotes doubled (by scalar: a quote followed by a
    /// combining mark is one Character, which a Character-wise replacement would miss).
    package static func quoted(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append("\"")
        for scalar in text.unicodeScalars {
            if scalar == "\"" { scalars.append("\"") }
            scalars.append(scalar)
        }
        scalars.append("\"")
        return String(scalars)
    }
}
