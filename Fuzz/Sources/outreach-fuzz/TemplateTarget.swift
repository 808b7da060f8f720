import OutreachCore

/// Notice templates, which users edit. Invariants: a syntax error is placed inside the template; a value
/// inserted with `{{name}}` cannot add markup: under HTML escaping, the output has as many `<` as with values
/// that hold none (unless the template asks for a value unescaped, with `{{{name}}}` or `{{&name}}`).
enum TemplateTarget {
    static let context: TemplateValue = [
        "title": "<b>三·一五</b> & \"消费者\"", "event": ["name": "讲座<script>", "venue": "社区 #1 *"],
        "items": .list(["一<", "二>", ["name": "三&"]]), "urgent": true, "empty": "", "none": .list([]),
    ]

    static func run(_ bytes: [UInt8]) {
        let source = String(decoding: bytes, as: UTF8.self)
        let template: Template
        do {
            template = try Template(parsing: source)
        } catch {
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false).count
            require(error.line >= 1 && error.line <= lines && error.column >= 1, "an error at \(error.line):\(error.column)")
            return
        }
        let html = template.render(context, escaping: .html)
        let unescaped = source.contains("{{{") || source.contains("{{&")
        let withoutMarkup = template.render(withoutAngles(context), escaping: .html)
        require(
            unescaped || html.filter { $0 == "<" }.count == withoutMarkup.filter { $0 == "<" }.count,
            "HTML rendering let a value's '<' through: \(html)")
        for escaping in [Template.Escaping.plain, .markdown, .slack] {
            _ = template.render(context, escaping: escaping)
        }
    }

    /// The same values with every `<` taken out (no value is only `<`, so none turns empty).
    static func withoutAngles(_ value: TemplateValue) -> TemplateValue {
        switch value {
        case .text(let text): .text(text.replacing("<", with: ""))
        case .bool: value
        case .list(let items): .list(items.map(withoutAngles))
        case .object(let fields): .object(fields.mapValues(withoutAngles))
        }
    }
}
