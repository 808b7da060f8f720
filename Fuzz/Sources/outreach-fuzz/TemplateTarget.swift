import OutreachCore

/// Notice templates, which users edit. Invariants: a syntax error is placed inside the template; a value
/// inserted with `{{name}}` cannot add markup: under HTML escaping, a `<` in the output was in the template
/// (unless the template asks for a value unescaped, with `{{{name}}}` or `{{&name}}`).
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
        let opened = source.filter { $0 == "<" }.count
        let unescaped = source.contains("{{{") || source.contains("{{&")
        require(unescaped || html.filter { $0 == "<" }.count <= opened, "HTML rendering let a value's '<' through: \(html)")
        for escaping in [Template.Escaping.plain, .markdown, .slack] {
            _ = template.render(context, escaping: escaping)
        }
    }
}
