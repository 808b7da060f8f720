/// Writes one pretty-printed JSON object straight into a byte buffer, in the exact layout
/// `JSONValue.serialized(pretty: true)` produces, without building a `JSONValue` tree first.
/// Used for outputs of 100,000 rows, where the tree would cost more than the text.
package struct JSONObjectWriter {
    private let indent: Int
    private var fields = 0

    /// Starts an object nested `indent` levels deep (items of a top-level array are at level 1).
    package init(indent: Int, into out: inout [UInt8]) {
        self.indent = indent
        out.append(UInt8(ascii: "{"))
    }

    /// Keys are the program's own ASCII names: they are quoted, not escaped.
    private mutating func key(_ name: StaticString, _ out: inout [UInt8]) {
        if fields > 0 { out.append(UInt8(ascii: ",")) }
        fields += 1
        Self.newline(indent + 1, &out)
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
        out.append(UInt8(ascii: " "))
    }

    /// A line break and 31 levels of indentation, in static memory: appending a prefix of it copies bytes
    /// without touching a reference count.
    private static let lineBreak: StaticString = "\n                                                              "

    private static func newline(_ level: Int, _ out: inout [UInt8]) {
        let count = min(1 + level * 2, lineBreak.utf8CodeUnitCount)
        out.append(contentsOf: UnsafeBufferPointer(start: lineBreak.utf8Start, count: count))
    }

    package mutating func string(_ name: StaticString, _ value: String?, into out: inout [UInt8]) {
        key(name, &out)
        if let value { JSONValue.escape(value, into: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    /// A string value written by `write` as bytes that need no escaping (dates, times, ASCII ids).
    package mutating func ascii(_ name: StaticString, into out: inout [UInt8], _ write: (inout [UInt8]) -> Void) {
        key(name, &out)
        out.append(UInt8(ascii: "\""))
        write(&out)
        out.append(UInt8(ascii: "\""))
    }

    package mutating func int(_ name: StaticString, _ value: Int?, into out: inout [UInt8]) {
        key(name, &out)
        out.append(contentsOf: (value.map(String.init) ?? "null").utf8)
    }

    package mutating func bool(_ name: StaticString, _ value: Bool, into out: inout [UInt8]) {
        key(name, &out)
        out.append(contentsOf: (value ? "true" : "false").utf8)
    }

    package mutating func strings(_ name: StaticString, _ values: [String], into out: inout [UInt8]) {
        key(name, &out)
        guard !values.isEmpty else {
            out.append(contentsOf: "[]".utf8)
            return
        }
        out.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            Self.newline(indent + 2, &out)
            JSONValue.escape(value, into: &out)
        }
        Self.newline(indent + 1, &out)
        out.append(UInt8(ascii: "]"))
    }

    /// Closes the object.
    package func finish(into out: inout [UInt8]) {
        if fields > 0 { Self.newline(indent, &out) }
        out.append(UInt8(ascii: "}"))
    }
}
