import Foundation

/// The first syntax error found in a YAML document, with its exact position.
///
/// `description` is one English sentence about the problem only; callers add the
/// `file:line:column` prefix from `position`.
public struct YAMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// What is wrong.
    public enum Reason: Sendable, Equatable {
        /// A tab is used for indentation; the position is the tab.
        case tabIndentation
        /// A line's indentation matches no open block. Both numbers are 1-based columns of the
        /// line's first character: the innermost open block's column, and the line's.
        case badIndentation(expected: Int, found: Int)
        /// A line indented between an open block (`outer`) and a deeper block just above it (`inner`)
        /// whose content it looks like; all three are 1-based columns.
        case indentationBetween(outer: Int, inner: Int, found: Int)
        /// A quoted scalar is never closed; the position is the opening quote.
        case unterminatedQuote
        /// A `[` or `{` is never closed; the position is the opener.
        case unterminatedFlow(Character)
        /// A character that cannot appear here; `context` says where, as a phrase such as
        /// "after a quoted scalar".
        case unexpectedCharacter(Character, context: String)
        /// An unknown escape in a double-quoted scalar, as written (for example `\q`).
        case invalidEscape(String)
        /// A key that is already in the same mapping; the position is the second one.
        case duplicateKey(String, firstPosition: YAMLPosition)
        /// A line inside a block mapping that is not `key: value`; the position is the line's text.
        case missingColon
        /// A YAML feature outside the supported subset, named in English and in the plural
        /// (for example "anchors").
        case unsupported(String)
        /// Mapping entries and sequence items mixed at the same indentation.
        case mixedBlockContent
        /// A character YAML 1.2 does not allow in a file (a control character other than tab and line
        /// breaks, or U+FFFE/U+FFFF; see `YAMLDocumentParser.isRefused`), as its scalar value.
        case refusedCharacter(UInt32)
        /// A double-quoted escape, as written (`\0`), that gives a refused character.
        case refusedEscape(String, UInt32)
    }

    /// What is wrong.
    public var reason: Reason
    /// Where the problem is.
    public var position: YAMLPosition

    /// Creates an error.
    /// - Parameters:
    ///   - reason: What is wrong.
    ///   - position: Where the problem is.
    public init(reason: Reason, position: YAMLPosition) {
        self.reason = reason
        self.position = position
    }

    /// One English sentence describing the problem, without a position prefix.
    public var description: String {
        switch reason {
        case .tabIndentation:
            return "Tabs are not allowed for indentation; use spaces."
        case .badIndentation(let expected, let found):
            return "This line starts at column \(found), which matches no open block; expected column \(expected)."
        case .indentationBetween(let outer, let inner, let found):
            return "This line starts at column \(found), between the blocks at columns \(outer) and \(inner); expected column \(inner) or \(outer)."
        case .unterminatedQuote:
            return "This quoted scalar is never closed."
        case .unterminatedFlow(let opener):
            let closer: Character = opener == "{" ? "}" : "]"
            return "This '\(opener)' is never closed with '\(closer)'."
        case .unexpectedCharacter(let character, let context):
            return "Unexpected character '\(Self.visible(character))' \(context)."
        case .invalidEscape(let escape):
            return "The escape '\(escape)' is not valid in a double-quoted scalar."
        case .duplicateKey(let key, let first):
            return "The key '\(key)' is already defined at line \(first.line), column \(first.column)."
        case .missingColon:
            return "Expected 'key: value' here, but there is no ':' after the key."
        case .unsupported(let feature):
            return "\(feature.prefix(1).uppercased())\(feature.dropFirst()) are not supported."
        case .mixedBlockContent:
            return "Mapping entries and sequence items cannot be mixed at the same indentation."
        case .refusedCharacter(let value):
            return "The character \(Self.codePoint(value)) is not allowed in a YAML file."
        case .refusedEscape(let escape, let value):
            return "The escape '\(escape)' gives \(Self.codePoint(value)), which is not allowed in text."
        }
    }

    /// The same text as `description`, for Foundation and ArgumentParser error paths.
    public var errorDescription: String? {
        description
    }

    /// `U+0000`: a scalar value as written in Unicode charts, with at least four hex digits.
    public static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Spells control characters so that they show in a message.
    private static func visible(_ character: Character) -> String {
        switch character {
        case "\t":
            return "\\t"
        case "\0":
            return "\\0"
        default:
            return String(character)
        }
    }
}
