/// Estimates column widths, in Excel character units, from cell content.
enum XLSXColumnWidth {
    /// The narrowest computed width.
    static let minimum = 6.0
    /// The widest computed width.
    static let maximum = 60.0
    /// Extra room added to the widest content so text does not touch the cell border
    /// (and bold headers still fit).
    static let padding = 2.0

    /// The computed widths for the given rows: one per column up to the widest row.
    static func widths(for rows: [[XLSXCell]]) -> [Double] {
        var widest: [Int] = []
        for row in rows {
            if row.count > widest.count {
                widest.append(contentsOf: repeatElement(0, count: row.count - widest.count))
            }
            for (column, cell) in row.enumerated() {
                let width = displayWidth(of: cell)
                if width > widest[column] {
                    widest[column] = width
                }
            }
        }
        return widest.map { min(max(Double($0) + padding, minimum), maximum) }
    }

    /// The number of character units the cell needs as displayed with its number format.
    static func displayWidth(of cell: XLSXCell) -> Int {
        switch cell {
        case let .text(text):
            return displayWidth(of: text)
        case let .integer(value):
            let sign = value < 0 ? 1 : 0
            return sign + groupedLength(digitCount(value.magnitude))
        case let .number(value):
            guard value.isFinite else {
                return 0
            }
            let sign = value < 0 ? 1 : 0
            guard let whole = wholePart(value.magnitude) else {
                return value.description.count
            }
            return sign + groupedLength(digitCount(whole)) + 3
        case let .percent(value):
            guard value.isFinite else {
                return 0
            }
            let sign = value < 0 ? 1 : 0
            guard let whole = wholePart((value * 100).magnitude) else {
                return value.description.count + 1
            }
            return sign + digitCount(whole) + 3
        case .empty:
            return 0
        }
    }

    /// The display width of text: East Asian wide characters count 2, combining marks and
    /// control characters 0,
    /// everything else 1. For multi-line text the longest line counts.
    static func displayWidth(of text: String) -> Int {
        var longest = 0
        var current = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" {
                longest = max(longest, current)
                current = 0
            } else if isEastAsianWide(scalar) {
                current += 2
            } else if scalar.properties.generalCategory == .nonspacingMark
                || scalar.properties.generalCategory == .enclosingMark
                || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .control {
                continue
            } else {
                current += 1
            }
        }
        return max(longest, current)
    }

    /// Whether the scalar is East Asian wide or fullwidth (CJK ideographs, kana, Hangul,
    /// CJK punctuation, fullwidth forms).
    static func isEastAsianWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F,  // Hangul Jamo initials
            0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
            0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility, Kanbun, CJK compatibility
            0x3400...0x4DBF,  // CJK extension A
            0x4E00...0x9FFF,  // CJK unified ideographs
            0xA000...0xA4CF,  // Yi
            0xA960...0xA97F,  // Hangul Jamo extended A
            0xAC00...0xD7A3,  // Hangul syllables
            0xF900...0xFAFF,  // CJK compatibility ideographs
            0xFE10...0xFE19,  // vertical forms
            0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
            0xFF00...0xFF60,  // fullwidth forms
            0xFFE0...0xFFE6,  // fullwidth signs
            0x1F300...0x1F64F,  // pictographs and emoticons
            0x1F900...0x1F9FF,  // supplemental symbols and pictographs
            0x20000...0x2FFFD,  // CJK extensions B–F, compatibility supplement
            0x30000...0x3FFFD:  // CJK extensions G–H
            return true
        default:
            return false
        }
    }

    /// The integer part of a non-negative value after rounding as shown, when it fits in `UInt64`.
    private static func wholePart(_ magnitude: Double) -> UInt64? {
        guard magnitude < 1e15 else {
            return nil
        }
        return UInt64(magnitude.rounded(.down))
    }

    private static func digitCount(_ value: some BinaryInteger) -> Int {
        var remaining = value
        var count = 1
        while remaining >= 10 {
            remaining /= 10
            count += 1
        }
        return count
    }

    /// The length of a number with `digits` digits written with thousands separators.
    private static func groupedLength(_ digits: Int) -> Int {
        digits + (digits - 1) / 3
    }
}
