/// A place in a YAML source text.
///
/// Both numbers are 1-based. `column` counts Unicode scalars, so a Chinese character or an
/// emoji is one column and a tab is one column. A CRLF pair counts as a single line end.
public struct YAMLPosition: Hashable, Sendable, Comparable {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars.
    public var column: Int

    /// Creates a position from a 1-based line and column.
    /// - Parameters:
    ///   - line: The 1-based line number.
    ///   - column: The 1-based column, counted in Unicode scalars.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Orders positions by line, then by column.
    public static func < (lhs: YAMLPosition, rhs: YAMLPosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
