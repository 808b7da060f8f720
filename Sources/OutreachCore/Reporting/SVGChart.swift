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

    /// A horizontal bar chart: label, bar, value.
    static func bars(_ rows: [(label: String, value: Int)], colour: String) -> String {
        guard !rows.isEmpty else { return "" }
        let labelWidth = max(60, rows.map { textWidth($0.label) }.max() ?? 0) + 16
        let valueWidth = (rows.map { textWidth($0.value.groupedText) }.max() ?? 0) + 16
        let barWidth = 420, rowHeight = 26
        let width = labelWidth + barWidth + valueWidth, height = rows.count * rowHeight + 10
        let largest = max(rows.map(\.value).max() ?? 1, 1)
        var svg = "<div class=\"chart\">" + open(width: width, height: height)
        for (i, row) in rows.enumerated() {
            let y = i * rowHeight + 5
            let bar = max(1, Int(Double(max(row.value, 0)) / Double(largest) * Double(barWidth)))
            let label = HTML.escape(row.label), value = row.value.groupedText
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\">\(label)</text>"
            svg += "<rect class=\"\(colour)\" x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(bar)\" height=\"\(rowHeight - 8)\">"
            svg += "<title>\(label): \(value)</title></rect>"
            svg += "<text x=\"\(labelWidth + bar + 6)\" y=\"\(y + 16)\">\(value)</text>\n"
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
            let label = HTML.escape(point.label), value = point.value.groupedText
            svg += "<circle cx=\"\(x(i))\" cy=\"\(y(point.value))\" r=\"3\" fill=\"#2f6db5\"><title>\(label): \(value)</title></circle>"
            svg += "<text x=\"\(x(i))\" y=\"\(height - 10)\" text-anchor=\"middle\">\(label)</text>"
            svg += "<text x=\"\(x(i))\" y=\"\(y(point.value) - 8)\" text-anchor=\"middle\">\(value)</text>\n"
        }
        return svg + "</svg></div>\n"
    }
}
