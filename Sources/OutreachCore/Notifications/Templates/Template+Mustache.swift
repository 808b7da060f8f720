internal import Mustache

// How `Template` meets swift-mustache: the escapings as content types, and `TemplateValue` as a context.

extension Template.Escaping {
    /// Position in `allCases`, which is the order `Template` keeps its parsed variants in.
    var index: Int {
        switch self {
        case .plain: 0
        case .markdown: 1
        case .slack: 2
        case .html: 3
        }
    }

    /// The content-type pragma put before a template's text, on a line of its own (so it leaves no line
    /// behind and the template's own first line keeps Mustache's standalone rule); errors are moved up
    /// one line to match.
    var pragma: String {
        _ = Template.Escaping.registered
        return "{{%CONTENT_TYPE:\(contentTypeName)}}\n"
    }

    private var contentTypeName: String {
        switch self {
        case .plain: "OUTREACH_PLAIN"
        case .markdown: "OUTREACH_MARKDOWN"
        case .slack: "OUTREACH_SLACK"
        case .html: "OUTREACH_HTML"
        }
    }

    /// Registers each escaping with swift-mustache once per process, before the first template is parsed.
    private static let registered: Bool = {
        for escaping in allCases {
            MustacheContentTypes.register(EscapingContentType(escaping: escaping), named: escaping.contentTypeName)
        }
        return true
    }()
}

private struct EscapingContentType: MustacheContentType {
    let escaping: Template.Escaping
    func escapeText(_ text: String) -> String { escaping.apply(text) }
}

/// A `TemplateValue` as swift-mustache sees it. Fields are looked up directly (no reflection); empty text
/// and empty lists count as missing, so a section on them shows nothing (as the shipped templates expect of
/// `{{#staff}}`); a list shown as `{{name}}` reads as its items joined with `、`.
///
/// A field is handed over already in the form swift-mustache renders (`represented`), so a lookup costs
/// one protocol cast per level rather than three; only the root and a list's items pass through
/// `MustacheValue`, whose `representation` swift-mustache asks for.
struct MustacheValue: MustacheParent, MustacheCustomRenderable, MustacheCustomRepresentation {
    let value: TemplateValue

    init(_ value: TemplateValue) { self.value = value }

    func child(named name: String) -> Any? {
        guard case .object(let fields) = value, let found = fields[name] else { return nil }
        return Self.represented(found)
    }

    var renderText: String { value.text }
    var isNull: Bool { false }

    var representation: Any? { Self.represented(value) }

    /// What swift-mustache renders for a value: nil for empty text and empty lists (missing), a `Bool`,
    /// a list to repeat, or an object or text that answers lookups with nothing.
    static func represented(_ value: TemplateValue) -> Any? {
        switch value {
        case .text(let text): text.isEmpty ? nil : MustacheText(text: text)
        case .bool(let flag): flag
        case .list(let items): items.isEmpty ? nil : MustacheList(items: items)
        case .object(let fields): MustacheObject(fields: fields)
        }
    }
}

/// Non-empty text: rendered as itself, with no fields.
struct MustacheText: MustacheParent, MustacheCustomRenderable {
    let text: String

    func child(named name: String) -> Any? { nil }
    var renderText: String { text }
    var isNull: Bool { false }
}

/// An object: its fields, rendered as nothing when shown as a value.
struct MustacheObject: MustacheParent, MustacheCustomRenderable {
    let fields: [String: TemplateValue]

    func child(named name: String) -> Any? { fields[name].flatMap(MustacheValue.represented) }
    var renderText: String { "" }
    var isNull: Bool { false }
}

/// A non-empty list: repeated by a section, joined when shown as a value.
struct MustacheList: MustacheSequence, MustacheCustomRenderable {
    let items: [TemplateValue]

    func makeIterator() -> some IteratorProtocol<MustacheValue> { items.lazy.map(MustacheValue.init).makeIterator() }

    var renderText: String { TemplateValue.list(items).text }
    var isNull: Bool { false }
}
