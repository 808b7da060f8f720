internal import Mustache
import OutreachFormats

/// A notice template: Mustache, parsed and rendered by hummingbird-project/swift-mustache.
///
/// - `{{name}}`: the value, escaped for the output dialect (see ``Escaping``).
/// - `{{{name}}}` or `{{& name}}`: the value as is.
/// - `{{#name}}…{{/name}}`: a section, shown once for a true or non-empty value, once per item for a list
///   (with the item's fields in scope).
/// - `{{^name}}…{{/name}}`: shown when the value is false, empty or missing.
/// - `{{! comment }}`, `{{=<% %>=}}` (other delimiters), `{{a.b}}` (a field of a field).
///
/// A line that holds only a section tag, a closing tag or a comment (and spaces) leaves no line
/// behind, as in Mustache. Unknown names render as empty text; so does empty text in a section
/// (`{{#staff}}` with no staff shows nothing). There is no partial to include, so `{{> name}}` renders
/// nothing.
///
/// ```swift
/// let template = try Template(parsing: "活动：{{title}}\n{{#staff}}人员：{{staff}}\n{{/staff}}")
/// template.render(["title": "反诈讲座", "staff": "张伟"], escaping: .plain)
/// ```
public struct Template: Hashable, Sendable {
    /// How deep sections may nest: real notices need two (a list of events, a field inside one); the limit
    /// keeps a template mistake from multiplying a notice by every item at every level (a fuzz finding).
    public static let maximumSectionDepth = 4

    /// Why a template does not parse, at the 1-based line and column of the tag within the template text.
    public struct SyntaxError: Error, Hashable, Sendable {
        public enum Reason: Hashable, Sendable {
            /// A `{{` with no `}}` after it.
            case unclosedTag
            case emptyName
            case unclosedSection(String)
            case unexpectedClose(String)
            case mismatchedClose(expected: String, found: String)
            /// A name with a character Mustache does not take in one (letters, digits, `.`, `_`, `-`, `?`, `*`
            /// and a transform's brackets only), or a triple mustache closed with `}}`.
            case invalidName(String)
            /// A `{{=<% %>=}}` tag that does not give two delimiters.
            case invalidDelimiters
            /// A `{{% … }}` pragma other than `CONTENT_TYPE: TEXT` or `HTML`.
            case invalidPragma
            /// Inheritance (`{{<parent}}…{{/parent}}`) holding something other than `{{$block}}` overrides,
            /// or a transform on a block.
            case invalidInheritance
            /// Sections nested deeper than ``Template/maximumSectionDepth``: each level over a list repeats
            /// everything inside it for every item, so deep nesting multiplies a notice's size without bound.
            case nestedTooDeep(limit: Int)
        }

        public var reason: Reason
        /// 1-based line and column of the tag within the template text.
        public var line: Int
        public var column: Int
    }

    /// How values inserted by `{{name}}` are escaped for the output.
    public enum Escaping: Hashable, Sendable, CaseIterable {
        /// Plain text (JSON escaping happens when the body is serialised).
        case plain
        /// Markdown: `\`, `*`, `_`, `` ` ``, `[`, `]`, `<`, `>` and `#` are backslash-escaped.
        case markdown
        /// Slack mrkdwn: `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;`.
        case slack
        /// HTML: `&`, `<`, `>`, `"`, `'` become entities.
        case html

        func apply(_ text: String) -> String {
            switch self {
            case .plain: return text
            case .markdown:
                // Most values hold nothing to escape: look at the bytes (every escaped character is ASCII,
                // which never occurs inside a multi-byte character) before walking characters.
                guard text.utf8.contains(where: Self.isMarkdownSpecial) else { return text }
                var out = ""
                for character in text {
                    if "\\*_`[]<>#".contains(character) { out.append("\\") }
                    out.append(character)
                }
                return out
            case .slack:
                guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") })
                else { return text }
                return text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
            case .html:
                return MarkupEscaping.html(text)
            }
        }

        /// The bytes of `\*_`[]<>#`, which Markdown escaping puts a backslash before.
        private static func isMarkdownSpecial(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "["),
                UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "#"):
                true
            default: false
            }
        }
    }

    /// The template text as written.
    public let source: String
    /// The template parsed once per escaping (swift-mustache escapes by the content type a template is
    /// parsed with), in ``Escaping/allCases`` order.
    private let parsed: [MustacheTemplate]
    /// The output's shape for each shape of context met so far (shared by copies of the template).
    private let shapes = TemplateShapes()

    /// Parses a template.
    /// - Parameter source: The template text.
    /// - Throws: ``SyntaxError`` at the first tag that does not parse.
    public init(parsing source: String) throws(SyntaxError) {
        self.source = source
        if let error = TemplateDiagnosis.structuralError(in: source) { throw error }
        do {
            parsed = try Escaping.allCases.map { escaping in
                try MustacheTemplate(string: escaping.pragma + source)
            }
        } catch let error as MustacheTemplate.ParserError {
            // The first variant parsed is the plain one, so its pragma line is the prefix to take off.
            throw TemplateDiagnosis.syntaxError(error, in: source, prefix: Escaping.plain.pragma)
        } catch {
            // swift-mustache 2.1.1 throws nothing but ParserError from a parse.
            throw SyntaxError(reason: .invalidName(""), line: 1, column: 1)
        }
    }

    /// Renders the template.
    /// - Parameters:
    ///   - context: The values by name.
    ///   - escaping: How `{{name}}` values are escaped.
    /// - Returns: The text.
    public func render(_ context: TemplateValue, escaping: Escaping) -> String {
        if case .object(let fields) = context { return render(TemplateFields(fields), escaping: escaping) }
        return renderInFull(context, escaping: escaping)
    }

    /// Renders the template with fields in their notice's order (quicker than by name: see ``TemplateShapes``).
    /// - Parameters:
    ///   - fields: The values, in the order their kind lists them.
    ///   - escaping: How `{{name}}` values are escaped.
    /// - Returns: The text.
    public func render(_ fields: TemplateFields, escaping: Escaping) -> String {
        shapes.render(fields, escaping: escaping, learningFrom: { renderInFull(.object($0), escaping: escaping) })
            ?? renderInFull(.object(fields.dictionary), escaping: escaping)
    }

    /// How many shapes of context this template renders by pieces (tests).
    var shapesLearnt: Int { shapes.usable }

    /// swift-mustache's rendering, every time: what ``TemplateShapes`` learns from, and what its output is
    /// checked against.
    func renderInFull(_ context: TemplateValue, escaping: Escaping) -> String {
        parsed[escaping.index].render(MustacheValue(context))
    }

    public static func == (lhs: Template, rhs: Template) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// A value a template can show: text, a yes/no flag, a list of values, or named fields.
public enum TemplateValue: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByBooleanLiteral
{
    case text(String)
    case bool(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])

    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }

    var text: String {
        switch self {
        case .text(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .list(let items): items.map(\.text).joined(separator: "、")
        case .object: ""
        }
    }

    var isTruthy: Bool {
        switch self {
        case .text(let text): !text.isEmpty
        case .bool(let flag): flag
        case .list(let items): !items.isEmpty
        case .object: true
        }
    }
}

