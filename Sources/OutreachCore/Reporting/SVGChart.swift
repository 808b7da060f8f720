import OutreachFormats

/// The inline SVG charts of the bulletin and of `report --format html`, sized from their labels so that no
/// label is clipped in either language, and scaled down (never cut) on a narrow page or in print.
enum SVGChart {
    /// The font size of chart text, in pixels (`svg text` in the page style).
    static let fontSize = 12

    /// The width a label takes at ``fontSize``, erring on the wide side: CJK and full-width characters are a
    /// full em, others about two thirds of one.
    static func textWidth(_ text: String) -> Int {
        var tenths = 0
        for scalar in text.unicodeScalars {
            tenths += scalar.value >= 0x2E80 ? fontSize * 10 : fontSize * 10 * 2 / 3
        }
        return (tenths + 9) / 10
    }

    private static func open(width: Int, height: Int) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" preserveAspectRatio=\"xMinYMin meet\">\n"
    }

    /// The widest a bar label's line may be before it is wrapped, in pixels.
    static let labelLineWidth = 220

    /// A label in lines no wider than `width` (where it can be broken: at spaces, or between CJK characters),
    /// at most two; a word longer than a line gets a line of its own.
    static func wrapped(_ label: String, width: Int = labelLineWidth) -> [String] {
        guard textWidth(label) > width else { return [label] }
        var lines: [String] = []
        var line = ""
        // Pieces: words with the space after them, and single CJK characters.
        var pieces: [String] = []
        var word = ""
        for character in label {
            word.append(character)
            if character == " " || character.unicodeScalars.first.map({ $0.value >= 0x2E80 }) == true {
                pieces.append(word)
                word = ""
            }
        }
        if !word.isEmpty { pieces.append(word) }
        for piece in pieces {
            if !line.isEmpty, textWidth(line + piece.trimmingTrailingSpace) > width, lines.isEmpty {
                lines.append(line.trimmingTrailingSpace)
                line = ""
            }
            line += piece
        }
        lines.append(line.trimmingTrailingSpace)
        return lines
    }

    /// A horizontal bar chart: label (wrapped onto two lines when long), bar, value.
    static func bars(_ rows: [(label: String, value: Int)], colour: String) -> String {
        guard !rows.isEmpty else { return "" }
        let labels = rows.map { wrapped($0.label) }
        let labelWidth = max(60, labels.flatMap { $0.map(textWidth) }.max() ?? 0) + 16
        let valueWidth = (rows.map { textWidth($0.value.groupedText) }.max() ?? 0) + 16
        let barWidth = 420, lineHeight = 14
        let heights = labels.map { max(26, $0.count * lineHeight + 12) }
        let width = labelWidth + barWidth + valueWidth, height = heights.reduce(0, +) + 10
        let largest = max(rows.map(\.value).max() ?? 1, 1)
        var svg = "<div class=\"chart\">" + open(width: width, height: height)
        var top = 5
        for (i, row) in rows.enumerated() {
            let rowHeight = heights[i], middle = top + (rowHeight - 8) / 2
            let bar = max(1, Int(Double(max(row.value, 0)) / Double(largest) * Double(barWidth)))
            let label = MarkupEscaping.html(row.label), value = row.value.groupedText
            let first = middle + 4 - (labels[i].count - 1) * lineHeight / 2
            for (n, text) in labels[i].enumerated() {
                svg += "<text x=\"\(labelWidth - 8)\" y=\"\(first + n * lineHeight)\" text-anchor=\"end\">\(MarkupEscaping.html(text))</text>"
            }
            svg += "<rect class=\"\(colour)\" x=\"\(labelWidth)\" y=\"\(middle - 9)\" width=\"\(bar)\" height=\"18\">"
            svg += "<title>\(label): \(value)</title></rect>"
            svg += "<text x=\"\(labelWidth + bar + 6)\" y=\"\(middle + 4)\">\(value)</text>\n"
            top += rowHeight
        }
        return svg + "</svg></div>\n"
    }

    /// A line chart of values over labelled points (months), values written above the points.
    static func line(_ points: [(label: String, value: Int)]) -> String {
        guard points.count > 1, let first = points.first, let last = points.last else { return "" }
        func half(_ point: (label: String, value: Int)) -> Int {
            max(textWidth(point.label), textWidth(point.value.groupedText)) / 2 + 8
        }
        let left = max(40, half(first)), right = max(20, half(last))
        let plot = 560, height = 220, bottom = 30, top = 28
        let width = left + plot + right
        let largest = max(points.map(\.value).max() ?? 1, 1)
        let step = Double(plot) / Double(points.count - 1)
        func x(_ i: Int) -> Int { left + Int(Double(i) * step) }
        func y(_ v: Int) -> Int { height - bottom - Int(Double(max(v, 0)) / Double(largest) * Double(height - bottom - top)) }
        var svg = "<div class=\"chart\">" + open(width: width, height: height)
        svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(left + plot)\" y2=\"\(height - bottom)\"/>\n"
        let path = points.enumerated().map { "\(x($0.offset)),\(y($0.element.value))" }.joined(separator: " ")
        svg += "<polyline fill=\"none\" stroke=\"#2f6db5\" stroke-width=\"2\" points=\"\(path)\"/>\n"
        for (i, point) in points.enumerated() {
            let label = MarkupEscaping.html(point.label), value = point.value.groupedText
            svg += "<circle cx=\"\(x(i))\" cy=\"\(y(point.value))\" r=\"3\" fill=\"#2f6db5\"><title>\(label): \(value)</title></circle>"
            svg += "<text x=\"\(x(i))\" y=\"\(height - 10)\" text-anchor=\"middle\">\(label)</text>"
            svg += "<text x=\"\(x(i))\" y=\"\(y(point.value) - 8)\" text-anchor=\"middle\">\(value)</text>\n"
        }
        return svg + "</svg></div>\n"
    }
}

extension String {
    fileprivate var trimmingTrailingSpace: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
