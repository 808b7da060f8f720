/// A plain-text table for terminals, aligned by display width (a Chinese character takes two columns).
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]]
    /// Cells wider than this are cut with "…"; nil keeps them whole.
    public var maximumCellWidth: Int?

    public init(headers: [String], alignments: [Alignment]? = nil, rows: [[String]] = [], maximumCellWidth: Int? = nil) {
        self.headers = headers
        self.alignments = alignments ?? Array(repeating: .left, count: headers.count)
        self.rows = rows
        self.maximumCellWidth = maximumCellWidth
    }

    /// The table as lines joined by "\n", ending with a newline. `style` can colour a cell.
    public func render(style: ((_ row: Int, _ column: Int, _ text: String) -> String)? = nil) -> String {
        let cells = rows.map { $0.map(fit) }
        var widths = headers.map(displayWidth)
        for row in cells {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], displayWidth(cell)) }
        }
        func line(_ values: [String], row: Int?) -> String {
            var parts: [String] = []
            for (i, value) in values.enumerated() where i < widths.count {
                let padding = String(repeating: " ", count: max(0, widths[i] - displayWidth(value)))
                let shown = row.flatMap { r in style.map { $0(r, i, value) } } ?? value
                let isLast = i == values.count - 1
                switch alignments[i] {
                case .left: parts.append(isLast ? shown : shown + padding)
                case .right: parts.append(padding + shown)
                }
            }
            return parts.joined(separator: "  ")
        }
        var output = line(headers, row: nil) + "\n"
        output += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for (r, row) in cells.enumerated() { output += line(row, row: r) + "\n" }
        return output
    }

    private func fit(_ text: String) -> String {
        let flat = text.replacingNewlines()
        guard let maximumCellWidth, displayWidth(flat) > maximumCellWidth else { return flat }
        var result = ""
        var width = 0
        for character in flat {
            let w = displayWidth(String(character))
            if width + w > maximumCellWidth - 1 { break }
            result.append(character)
            width += w
        }
        return result + "…"
    }
}

extension String {
    func replacingNewlines() -> String {
        guard contains(where: \.isNewline) else { return self }
        return String(map { $0.isNewline ? " " : $0 })
    }
}

/// Terminal columns a string takes: East Asian wide and full-width characters take two, combining marks none.
public func displayWidth(_ text: String) -> Int {
    var width = 0
    for scalar in text.unicodeScalars {
        let v = scalar.value
        if v < 0x300 {
            width += v < 0x20 ? 0 : 1
        } else if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark
            || v == 0x200B || v == 0xFE0F
        {
            continue
        } else if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
        {
            width += 2
        } else {
            width += 1
        }
    }
    return width
}
