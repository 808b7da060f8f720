/// How a scalar was written in the source.
///
/// The parser never converts scalars to numbers, dates or Booleans; the style lets the caller
/// decide, for example, that a quoted `"yes"` is deliberately text.
public enum YAMLScalarStyle: Sendable, Hashable {
    /// Unquoted text, such as `2027-03-15` or `confirmed`.
    case plain
    /// Text in single quotes, where `''` stands for one quote.
    case singleQuoted
    /// Text in double quotes, with backslash escapes.
    case doubleQuoted
    /// A `|` block scalar, whose line breaks are kept.
    case literal
    /// A `>` block scalar, whose line breaks are folded into spaces.
    case folded
}
