// Temporary stand-in with the agreed API, replaced by the real parser.
public struct YAMLPosition: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public static func < (l: Self, r: Self) -> Bool { (l.line, l.column) < (r.line, r.column) }
}
public enum YAMLScalarStyle: Sendable, Hashable { case plain, singleQuoted, doubleQuoted, literal, folded }
public struct YAMLNode: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case scalar(String, YAMLScalarStyle)
        case sequence([YAMLNode])
        case mapping([YAMLMappingEntry])
    }
    public var content: Content
    public var position: YAMLPosition
    public var endPosition: YAMLPosition
}
public struct YAMLMappingEntry: Sendable, Hashable { public var key: YAMLNode; public var value: YAMLNode }
public struct YAMLSyntaxError: Error, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case tabIndentation
        case badIndentation(expected: Int, found: Int)
        case unterminatedQuote
        case unterminatedFlow(Character)
        case unexpectedCharacter(Character, context: String)
        case invalidEscape(String)
        case duplicateKey(String, firstPosition: YAMLPosition)
        case missingColon
        case unsupported(String)
        case mixedBlockContent
    }
    public var reason: Reason
    public var position: YAMLPosition
}
public enum YAMLParser {
    public static func parse(_ text: String) throws(YAMLSyntaxError) -> YAMLNode? { nil }
}
