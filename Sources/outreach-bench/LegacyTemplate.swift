import OutreachCore
import OutreachFormats

// The hand-written Mustache subset OutreachCore used before swift-mustache (commit 4fff798), kept only to
// measure the library against it in `outreach-bench templates`.

/// A notice template in a small Mustache subset.
///
/// - `{{name}}`: the value, escaped for the output dialect (see ``Escaping``).
/// - `{{{name}}}` or `{{& name}}`: the value as is.
/// - `{{#name}}…{{/name}}`: a section, shown once for a true or non-empty value, once per item for a list
///   (with the item's fields in scope).
/// - `{{^name}}…{{/name}}`: shown when the value is false, empty or missing.
/// - `{{! comment }}`.
///
/// A line that holds only a section tag, a closing tag or a comment (and spaces) leaves no line
/// behind, as in Mustache. Unknown names render as empty text. Partials, lambdas and delimiter
/// changes are not supported.
///
/// ```swift
/// let template = try LegacyTemplate(parsing: "活动：{{title}}\n{{#staff}}人员：{{staff}}\n{{/staff}}")
/// template.render(["title": "反诈讲座", "staff": "张伟"], escaping: .plain)
/// ```
struct LegacyTemplate: Hashable, Sendable {
    /// Why a template does not parse; `offset` is the character offset of the tag in the source.
    struct SyntaxError: Error, Hashable, Sendable {
        enum Reason: Hashable, Sendable {
            case unclosedTag
            case emptyName
            case unclosedSection(String)
            case unexpectedClose(String)
            case mismatchedClose(expected: String, found: String)
        }

        var reason: Reason
        /// 1-based line and column of the tag within the template text.
        var line: Int
        var column: Int
    }

    /// How values inserted by `{{name}}` are escaped for the output.
    enum Escaping: Hashable, Sendable {
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
                var out = ""
                for character in text {
                    if "\\*_`[]<>#".contains(character) { out.append("\\") }
                    out.append(character)
                }
                return out
            case .slack:
                return text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
            case .html:
                return MarkupEscaping.html(text)
            }
        }
    }

    indirect enum Node: Hashable, Sendable {
        case text(String)
        case variable(String, escaped: Bool)
        case section(String, inverted: Bool, [Node])
    }

    /// The template text as written.
    let source: String
    let nodes: [Node]

    /// Parses a template.
    /// - Parameter source: The template text.
    /// - Throws: ``SyntaxError`` at the first unclosed tag or section.
    init(parsing source: String) throws(SyntaxError) {
        self.source = source
        var parser = LegacyTemplateParser(source)
        self.nodes = try parser.parse()
    }

    /// Renders the template.
    /// - Parameters:
    ///   - context: The values by name.
    ///   - escaping: How `{{name}}` values are escaped.
    /// - Returns: The text.
    func render(_ context: TemplateValue, escaping: Escaping) -> String {
        var out = ""
        LegacyTemplate.render(nodes, stack: [context], escaping: escaping, into: &out)
        return out
    }

    private static func render(_ nodes: [Node], stack: [TemplateValue], escaping: Escaping, into out: inout String) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .variable(let name, let escaped):
                let text = lookup(name, in: stack)?.legacyText ?? ""
                out += escaped ? escaping.apply(text) : text
            case .section(let name, let inverted, let children):
                let value = lookup(name, in: stack)
                if inverted {
                    if !(value?.legacyTruthy ?? false) { render(children, stack: stack, escaping: escaping, into: &out) }
                    continue
                }
                guard let value, value.legacyTruthy else { continue }
                if case .list(let items) = value {
                    for item in items { render(children, stack: stack + [item], escaping: escaping, into: &out) }
                } else {
                    render(children, stack: stack + [value], escaping: escaping, into: &out)
                }
            }
        }
    }

    private static func lookup(_ name: String, in stack: [TemplateValue]) -> TemplateValue? {
        if name == "." { return stack.last }
        for value in stack.reversed() {
            if case .object(let fields) = value, let found = fields[name] { return found }
        }
        return nil
    }
}

/// Turns template source into nodes, applying Mustache's standalone-line rule.
private struct LegacyTemplateParser {
    private let characters: [Character]
    private var index = 0

    init(_ source: String) { characters = Array(source) }

    private struct Tag {
        enum Kind { case variable(escaped: Bool), open(inverted: Bool), close, comment }
        var kind: Kind
        var name: String
        var start: Int
        var end: Int
    }

    private enum Token {
        case text(String)
        case tag(Tag)
    }

    mutating func parse() throws(LegacyTemplate.SyntaxError) -> [LegacyTemplate.Node] {
        let tokens = try standalone(tokenize())
        var stack: [(name: String, inverted: Bool, nodes: [LegacyTemplate.Node], start: Int)] = [("", false, [], 0)]
        for token in tokens {
            switch token {
            case .text(let text):
                stack[stack.count - 1].nodes.append(.text(text))
            case .tag(let tag):
                switch tag.kind {
                case .comment: break
                case .variable(let escaped):
                    stack[stack.count - 1].nodes.append(.variable(tag.name, escaped: escaped))
                case .open(let inverted):
                    stack.append((tag.name, inverted, [], tag.start))
                case .close:
                    guard stack.count > 1 else { throw error(.unexpectedClose(tag.name), at: tag.start) }
                    let open = stack.removeLast()
                    guard open.name == tag.name else {
                        throw error(.mismatchedClose(expected: open.name, found: tag.name), at: tag.start)
                    }
                    stack[stack.count - 1].nodes.append(.section(open.name, inverted: open.inverted, open.nodes))
                }
            }
        }
        if stack.count > 1, let open = stack.last { throw error(.unclosedSection(open.name), at: open.start) }
        return stack[0].nodes
    }

    private mutating func tokenize() throws(LegacyTemplate.SyntaxError) -> [Token] {
        var tokens: [Token] = []
        var text = ""
        while index < characters.count {
            if characters[index] == "{", index + 1 < characters.count, characters[index + 1] == "{" {
                if !text.isEmpty { tokens.append(.text(text)) }
                text = ""
                tokens.append(.tag(try readTag()))
            } else {
                text.append(characters[index])
                index += 1
            }
        }
        if !text.isEmpty { tokens.append(.text(text)) }
        return tokens
    }

    private mutating func readTag() throws(LegacyTemplate.SyntaxError) -> Tag {
        let start = index
        let triple = index + 2 < characters.count && characters[index + 2] == "{"
        index += triple ? 3 : 2
        let closer: [Character] = triple ? ["}", "}", "}"] : ["}", "}"]
        var body = ""
        while index < characters.count {
            if Array(characters[index..<min(characters.count, index + closer.count)]) == closer {
                index += closer.count
                return try makeTag(body, triple: triple, start: start)
            }
            body.append(characters[index])
            index += 1
        }
        throw error(.unclosedTag, at: start)
    }

    private func makeTag(_ body: String, triple: Bool, start: Int) throws(LegacyTemplate.SyntaxError) -> Tag {
        var kind: Tag.Kind = .variable(escaped: !triple)
        var name = Substring(body)
        if !triple, let sigil = name.first, "#^/&!".contains(sigil) {
            name = name.dropFirst()
            switch sigil {
            case "#": kind = .open(inverted: false)
            case "^": kind = .open(inverted: true)
            case "/": kind = .close
            case "&": kind = .variable(escaped: false)
            default: kind = .comment
            }
        }
        let trimmed = String(name.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        if case .comment = kind {} else if trimmed.isEmpty { throw error(.emptyName, at: start) }
        return Tag(kind: kind, name: trimmed, start: start, end: index)
    }

    /// Drops the indentation and line end around a section, closing or comment tag that stands
    /// alone on its line. Decided on the original tokens, then applied.
    private func standalone(_ tokens: [Token]) -> [Token] {
        var trims: [(index: Int, trailing: Int, leading: Int)] = []
        for (i, token) in tokens.enumerated() {
            guard case .tag(let tag) = token else { continue }
            if case .variable = tag.kind { continue }
            // Before the tag: the start of the template, or text whose last line is blank.
            var trailing = 0
            if i > 0 {
                guard case .text(let before) = tokens[i - 1] else { continue }
                let lineStart: Substring
                if let newline = before.lastIndex(of: "\n") {
                    lineStart = before[before.index(after: newline)...]
                } else {
                    guard i == 1 else { continue }
                    lineStart = Substring(before)
                }
                guard lineStart.allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
                trailing = lineStart.count
            }
            // After the tag: the end of the template, or text whose first line is blank.
            var leading = 0
            if i + 1 < tokens.count {
                guard case .text(let after) = tokens[i + 1] else { continue }
                let lineRest = after.prefix { $0 != "\n" }
                guard lineRest.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { continue }
                if lineRest.count < after.count {
                    leading = lineRest.count + 1
                } else {
                    guard i + 2 == tokens.count else { continue }
                    leading = lineRest.count
                }
            }
            trims.append((i, trailing, leading))
        }
        var result = tokens
        for trim in trims {
            if trim.trailing > 0, case .text(let text) = result[trim.index - 1] {
                result[trim.index - 1] = .text(String(text.dropLast(trim.trailing)))
            }
            if trim.leading > 0, case .text(let text) = result[trim.index + 1] {
                result[trim.index + 1] = .text(String(text.dropFirst(trim.leading)))
            }
        }
        return result
    }

    private func error(_ reason: LegacyTemplate.SyntaxError.Reason, at offset: Int) -> LegacyTemplate.SyntaxError {
        var line = 1
        var column = 1
        for character in characters[..<offset] {
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return LegacyTemplate.SyntaxError(reason: reason, line: line, column: column)
    }
}

extension TemplateValue {
    var legacyText: String {
        switch self {
        case .text(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .list(let items): items.map(\.legacyText).joined(separator: "、")
        case .object: ""
        }
    }

    var legacyTruthy: Bool {
        switch self {
        case .text(let text): !text.isEmpty
        case .bool(let flag): flag
        case .list(let items): !items.isEmpty
        case .object: true
        }
    }
}
