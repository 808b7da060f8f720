import Synchronization

/// What a template renders for contexts of one shape, learnt from swift-mustache itself: the text around the
/// places where field values go.
///
/// A notice's context is flat: texts and flags. What Mustache makes of it depends on the values only through
/// which texts are empty and which flags are set (sections and inverted sections); the texts themselves are
/// copied into the output, escaped or not. So the first time a template meets a shape, swift-mustache renders
/// it with each non-empty text replaced by a marker (U+E000, its number, `<`, U+E001), and the output is cut
/// at the markers. A marker that comes out escaped (`\<`, `&lt;`) marks a `{{name}}`, one that comes out as
/// it went in a `{{{name}}}` or `{{& name}}`. After that, a notice of the same shape is rendered by putting its
/// texts in those places: a lookup and the copying of the texts, where a full render looks up every name (the
/// worker's CPU per delivery fell by 8 %, BENCHMARKS.md, "Template shapes").
///
/// Contexts with lists or nested objects (the daily digest), and texts holding a character of the marker's
/// block (U+E000–U+EFFF), always go to swift-mustache; so does a shape whose output cannot be cut cleanly.
/// Each template keeps at most ``limit`` shapes.
final class TemplateShapes: Sendable {
    /// A run of the output: text as it is, or the value of the field at an index of the context.
    enum Piece: Hashable, Sendable {
        case text(String)
        case value(Int, escaped: Bool)
    }

    /// One escaping's shape of a context: its names in order and, for each field, 0 empty text, 1 other text,
    /// 2 false, 3 true; with what renders it (nil: in full).
    private struct Shape {
        var escaping: Int
        var states: [UInt8]
        var names: [String]
        var pieces: [Piece]?
    }

    /// How many shapes a template keeps (real notices of one kind have a handful).
    static let limit = 64

    /// The shapes met so far, looked through in order: a notice's kind has few, and comparing a few small arrays
    /// costs less than hashing every name.
    private let shapes = Mutex<[Shape]>([])

    /// How many shapes were learnt that render by pieces (tests: the quick path is taken at all).
    var usable: Int { shapes.withLock { $0.count { $0.pieces != nil } } }

    /// Renders `fields` with the pieces of their shape, learning the shape first from `render` (swift-mustache
    /// rendering a context); nil when the context or its shape must be rendered in full.
    func render(
        _ fields: TemplateFields, escaping: Template.Escaping, learningFrom render: ([String: TemplateValue]) -> String
    ) -> String? {
        var states: [UInt8] = []
        states.reserveCapacity(fields.count)
        var length = 0
        for value in fields.values {
            switch value {
            case .text(let text):
                // 0xEE leads every character from U+E000 to U+EFFF, the markers' among them.
                if text.utf8.contains(0xEE) { return nil }
                states.append(text.isEmpty ? 0 : 1)
                length += text.utf8.count
            case .bool(let flag): states.append(flag ? 3 : 2)
            case .list, .object: return nil
            }
        }
        let index = escaping.index
        let known: [Piece]?? = shapes.withLock { shapes in
            shapes.first { $0.escaping == index && $0.states == states && $0.names == fields.names }.map(\.pieces)
        }
        let pieces: [Piece]?
        if let known {
            pieces = known
        } else {
            pieces = Self.learn(fields, escaping: escaping, render: render)
            shapes.withLock { shapes in
                if shapes.count < Self.limit {
                    shapes.append(Shape(escaping: index, states: states, names: fields.names, pieces: pieces))
                }
            }
        }
        guard let pieces else { return nil }
        var output = ""
        output.reserveCapacity(length + 256)
        for piece in pieces {
            switch piece {
            case .text(let text): output += text
            case .value(let field, let escaped):
                guard case .text(let text) = fields.values[field] else { continue }
                output += escaped ? escaping.apply(text) : text
            }
        }
        return output
    }

    /// Renders the context's shape with a marker for each non-empty text and cuts the output at the markers.
    static func learn(
        _ fields: TemplateFields, escaping: Template.Escaping, render: ([String: TemplateValue]) -> String
    ) -> [Piece]? {
        // A name listed twice takes its later value, as in a dictionary: its marker is the later field's.
        var marked: [String: TemplateValue] = [:]
        var fieldOfMark: [Int] = []
        for (field, (name, value)) in zip(fields.names, fields.values).enumerated() {
            guard case .text(let text) = value, !text.isEmpty else {
                marked[name] = value
                continue
            }
            marked[name] = .text("\u{E000}\(fieldOfMark.count)<\u{E001}")
            fieldOfMark.append(field)
        }
        return cut(render(marked), fields: fieldOfMark, escapedMark: escaping.apply("<"))
    }

    /// Cuts rendered text at its markers (marker `n` stands for the field at `fields[n]`); nil when a marker is
    /// not whole.
    static func cut(_ output: String, fields: [Int], escapedMark: String) -> [Piece]? {
        var pieces: [Piece] = []
        var rest = output[...]
        while let start = rest.firstIndex(of: "\u{E000}") {
            if start > rest.startIndex { pieces.append(.text(String(rest[..<start]))) }
            rest = rest[rest.index(after: start)...]
            let digits = rest.prefix(while: \.isASCII).prefix(while: \.isNumber)
            guard let number = Int(digits), fields.indices.contains(number) else { return nil }
            rest = rest[digits.endIndex...]
            if rest.hasPrefix("<\u{E001}") {
                pieces.append(.value(fields[number], escaped: escapedMark == "<"))
                rest = rest.dropFirst(2)
            } else if rest.hasPrefix(escapedMark + "\u{E001}") {
                pieces.append(.value(fields[number], escaped: true))
                rest = rest.dropFirst(escapedMark.count + 1)
            } else {
                return nil
            }
        }
        if rest.contains("\u{E001}") { return nil }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }
}
