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

    /// A cell as shown (one line, cut to the maximum width) with its display width.
    public struct Cell: Sendable {
        public var text: String
        public var width: Int
    }

    /// Measures a cell: newlines become spaces and text wider than `maximumWidth` is cut with "…".
    public static func cell(_ text: String, maximumWidth: Int?) -> Cell {
        let flat = text.replacingNewlines()
        let width = displayWidth(flat)
        guard let maximumWidth, width > maximumWidth else { return Cell(text: flat, width: width) }
        var result = ""
        var cut = 0
        for character in flat {
            let w = displayWidth(String(character))
            if cut + w > maximumWidth - 1 { break }
            result.append(character)
            cut += w
        }
        return Cell(text: result + "…", width: cut + 1)
    }

    /// The table as lines joined by "\n", ending with a newline. `style` can colour a cell.
    public func render(style: ((_ row: Int, _ column: Int, _ text: String) -> String)? = nil) -> String {
        let columns = headers.count
        let limit = maximumCellWidth
        let measured = chunkedMap(rows) { slice -> [Cell] in
            var fitted: [Cell] = []
            fitted.reserveCapacity(slice.count * columns)
            for row in slice {
                for i in 0..<columns { fitted.append(TextTable.cell(i < row.count ? row[i] : "", maximumWidth: limit)) }
            }
            return fitted
        }
        return render(cells: measured, style: style)
    }

    /// Renders cells already measured (row-major, `headers.count` per row).
    public func render(cells measured: [Cell], style: ((_ row: Int, _ column: Int, _ text: String) -> String)? = nil)
        -> String
    {
        String(decoding: renderBytes(cells: measured, style: style), as: UTF8.self)
    }

    /// The table's UTF-8 bytes; large tables are laid out on all cores.
    public func renderBytes(
        cells measured: [Cell], style: ((_ row: Int, _ column: Int, _ text: String) -> String)? = nil
    ) -> [UInt8] {
        Array(renderParts(chunks: [measured], style: style).joined())
    }

    /// The table in parts, to be written one after another: the header, then the rows of each chunk of
    /// measured cells (rendered in parallel when there is no style). Cells stay in their chunks, so a
    /// large table is never copied into one array.
    public func renderParts(
        chunks: [[Cell]], style: ((_ row: Int, _ column: Int, _ text: String) -> String)? = nil
    ) -> [[UInt8]] {
        let columns = max(1, headers.count)
        var widths = headers.map(displayWidth)
        for chunk in chunks {
            chunk.withUnsafeBufferPointer { cells in
                for (index, cell) in cells.enumerated() {
                    let column = index % columns
                    if cell.width > widths[column] { widths[column] = cell.width }
                }
            }
        }
        var head: [UInt8] = []
        appendLine(headers.map { Cell(text: $0, width: displayWidth($0)) }[...], widths: widths, row: nil, style: nil, to: &head)
        head.append(contentsOf: widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ").utf8)
        head.append(0x0A)
        if let style {
            var out = head
            var row = 0
            for chunk in chunks {
                for r in 0..<(chunk.count / columns) {
                    appendLine(chunk[(r * columns)..<((r + 1) * columns)], widths: widths, row: row, style: style, to: &out)
                    row += 1
                }
            }
            return [out]
        }
        let finalWidths = widths
        let lineBytes = (widths.reduce(0, +) + 2 * columns) * 2
        let body = chunkedMap(Array(chunks.indices), minimumChunk: 1) { indices -> [[UInt8]] in
            let widths = finalWidths
            return indices.map { c in
                let chunk = chunks[c]
                var out: [UInt8] = []
                out.reserveCapacity(chunk.count / columns * lineBytes)
                for r in 0..<(chunk.count / columns) {
                    appendLine(chunk[(r * columns)..<((r + 1) * columns)], widths: widths, row: r, style: nil, to: &out)
                }
                return out
            }
        }
        return [head] + body
    }

    private func appendLine(
        _ cells: ArraySlice<Cell>, widths: [Int], row: Int?,
        style: ((_ row: Int, _ column: Int, _ text: String) -> String)?, to out: inout [UInt8]
    ) {
        let count = min(cells.count, widths.count)
        for i in 0..<count {
            let cell = cells[cells.startIndex + i]
            let value = cell.text, width = cell.width
            if i > 0 {
                out.append(0x20)
                out.append(0x20)
            }
            let padding = max(0, widths[i] - width)
            let shown = row.flatMap { r in style.map { $0(r, i, value) } } ?? value
            if alignments[i] == .right { out.append(contentsOf: repeatElement(0x20, count: padding)) }
            out.append(contentsOf: shown.utf8)
            if alignments[i] == .left, i < count - 1 { out.append(contentsOf: repeatElement(0x20, count: padding)) }
        }
        out.append(0x0A)
    }

}

extension String {
    package func replacingNewlines() -> String {
        let hasBreak = utf8.withContiguousStorageIfAvailable { $0.contains(where: { $0 == 0x0A || $0 == 0x0D }) }
            ?? utf8.contains(where: { $0 == 0x0A || $0 == 0x0D })
        guard hasBreak else { return self }
        return String(map { $0.isNewline ? " " : $0 })
    }
}

/// Terminal columns a string takes: East Asian wide and full-width characters take two, combining marks none.
public func displayWidth(_ text: String) -> Int {
    let ascii = text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 >= 0x20 && $0 < 0x80 } }
        ?? text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x80 }
    if ascii { return text.utf8.count }
    var width = 0
    for scalar in text.unicodeScalars {
        let v = scalar.value
        if v < 0x300 {
            width += v < 0x20 ? 0 : 1
        } else if isWide(v) {
            width += 2
        } else if v == 0x200B || v == 0xFE0F || scalar.properties.generalCategory == .nonspacingMark
            || scalar.properties.generalCategory == .enclosingMark
        {
            continue
        } else {
            width += 1
        }
    }
    return width
}

/// East Asian wide and full-width ranges (CJK ideographs, kana, Hangul, full-width forms, emoji).
private func isWide(_ v: UInt32) -> Bool {
    (0x4E00...0x9FFF).contains(v) || (0x3000...0x303E).contains(v) || (0xFF00...0xFF60).contains(v)
        || (0x1100...0x115F).contains(v) || (0x2E80...0x2FFF).contains(v) || (0x3041...0x33FF).contains(v)
        || (0x3400...0x4DBF).contains(v) || (0xA000...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
        || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFFE0...0xFFE6).contains(v)
        || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
}
