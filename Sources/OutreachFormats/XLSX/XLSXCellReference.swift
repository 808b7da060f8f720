/// A1-style cell references (`A1`, `Z1`, `AA1`, `XFD1048576`).
///
/// Rows and columns are zero-based in the API and one-based in the text.
enum XLSXCellReference {
    /// The column letters for a zero-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`, 16383 → `XFD`.
    static func columnName(_ column: Int) -> String {
        String(decoding: columnNameBytes(column), as: UTF8.self)
    }

    /// The column letters as ASCII bytes; negative indices are treated as 0.
    static func columnNameBytes(_ column: Int) -> [UInt8] {
        var remaining = max(column, 0) + 1
        var letters: [UInt8] = []
        while remaining > 0 {
            remaining -= 1
            letters.append(UInt8(truncatingIfNeeded: 65 + remaining % 26))
            remaining /= 26
        }
        return letters.reversed()
    }

    /// The reference of one cell, for zero-based row and column: (0, 0) → `A1`.
    static func reference(row: Int, column: Int) -> String {
        columnName(column) + String(max(row, 0) + 1)
    }

    /// The reference of a range; a single cell is written without a colon, as Excel does.
    static func range(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) -> String {
        let first = reference(row: firstRow, column: firstColumn)
        if firstRow == lastRow && firstColumn == lastColumn {
            return first
        }
        return first + ":" + reference(row: lastRow, column: lastColumn)
    }
}
