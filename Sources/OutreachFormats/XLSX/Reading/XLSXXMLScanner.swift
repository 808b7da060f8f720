/// A small pull scanner for the XML of workbook parts: start and end tags (names without their namespace
/// prefix), text with entities decoded, comments and processing instructions skipped. Refuses what a
/// workbook never needs and a hostile file could abuse: a DTD (entity expansion), unknown entities,
/// nesting deeper than the limit, tags that do not match.
struct XLSXXMLScanner {
    enum Token {
        /// A start tag: the local name's range, the attributes' range (to read with `attribute`), and
        /// whether it closes itself (`<c/>`).
        case start(name: Range<Int>, attributes: Range<Int>, selfClosing: Bool)
        case end(name: Range<Int>)
        /// Text between tags: raw bytes to decode with `text(_:)`; CDATA is already verbatim.
        case text(Range<Int>, cdata: Bool)
    }

    let bytes: [UInt8]
    let part: String
    let maximumDepth: Int
    private var position = 0
    private var open: [Range<Int>] = []

    init(bytes: [UInt8], part: String, maximumDepth: Int) {
        self.bytes = bytes
        self.part = part
        self.maximumDepth = maximumDepth
        // A UTF-8 byte-order mark may start the part.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    var depth: Int { open.count }

    private func fail(_ problem: XLSXReadError.XMLProblem) -> XLSXReadError { .badXML(part: part, problem: problem) }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        var i = start
        let last = bytes.count - pattern.count
        while i <= last {
            if bytes[i] == first {
                var j = 1
                while j < pattern.count, bytes[i + j] == pattern[j] { j += 1 }
                if j == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }

    @inline(__always) private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// The next token; nil at the end (an error if a tag is still open).
    mutating func next() throws(XLSXReadError) -> Token? {
        let count = bytes.count
        while position < count {
            if bytes[position] != UInt8(ascii: "<") {
                let start = position
                while position < count, bytes[position] != UInt8(ascii: "<") { position += 1 }
                // Whitespace outside the root or between elements is still text; the caller ignores what it does not need.
                return .text(start..<position, cdata: false)
            }
            guard position + 1 < count else { throw fail(.cutShort) }
            let b = bytes[position + 1]
            if b == UInt8(ascii: "?") {
                guard let end = find(Array("?>".utf8), from: position + 2) else { throw fail(.cutShort) }
                position = end + 2
                continue
            }
            if b == UInt8(ascii: "!") {
                if bytes[position...].starts(with: Array("<!--".utf8)) {
                    guard let end = find(Array("-->".utf8), from: position + 4) else { throw fail(.cutShort) }
                    position = end + 3
                    continue
                }
                if bytes[position...].starts(with: Array("<![CDATA[".utf8)) {
                    guard !open.isEmpty else { throw fail(.malformed) }
                    let start = position + 9
                    guard let end = find(Array("]]>".utf8), from: start) else { throw fail(.cutShort) }
                    position = end + 3
                    return .text(start..<end, cdata: true)
                }
                throw fail(.doctype)
            }
            if b == UInt8(ascii: "/") {
                let nameStart = position + 2
                var i = nameStart
                while i < count, bytes[i] != UInt8(ascii: ">"), !Self.isSpace(bytes[i]) { i += 1 }
                let name = nameStart..<i
                while i < count, Self.isSpace(bytes[i]) { i += 1 }
                guard i < count, bytes[i] == UInt8(ascii: ">") else { throw fail(.cutShort) }
                guard let opened = open.popLast(), bytes[opened] == bytes[name] else {
                    throw fail(.mismatchedTag(String(decoding: bytes[name], as: UTF8.self)))
                }
                position = i + 1
                return .end(name: Self.localName(name, in: bytes))
            }
            // A start tag: name, attributes (quoted values may hold '>'), then '>' or '/>'.
            let nameStart = position + 1
            var i = nameStart
            while i < count, bytes[i] != UInt8(ascii: ">"), bytes[i] != UInt8(ascii: "/"), !Self.isSpace(bytes[i]) { i += 1 }
            let name = nameStart..<i
            guard !name.isEmpty else { throw fail(.malformed) }
            let attributesStart = i
            var quote: UInt8 = 0
            while i < count {
                let c = bytes[i]
                if quote != 0 {
                    if c == quote { quote = 0 }
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    quote = c
                } else if c == UInt8(ascii: ">") {
                    break
                } else if c == UInt8(ascii: "<") {
                    throw fail(.malformed)
                }
                i += 1
            }
            guard i < count else { throw fail(.cutShort) }
            let selfClosing = i > attributesStart && bytes[i - 1] == UInt8(ascii: "/")
            let attributes = attributesStart..<(selfClosing ? i - 1 : i)
            position = i + 1
            if !selfClosing {
                guard open.count < maximumDepth else { throw fail(.tooDeep(limit: maximumDepth)) }
                open.append(name)
            }
            return .start(name: Self.localName(name, in: bytes), attributes: attributes, selfClosing: selfClosing)
        }
        guard open.isEmpty else { throw fail(.cutShort) }
        return nil
    }

    /// The name without its namespace prefix (`x:c` → `c`).
    private static func localName(_ name: Range<Int>, in bytes: [UInt8]) -> Range<Int> {
        var i = name.upperBound - 1
        while i >= name.lowerBound {
            if bytes[i] == UInt8(ascii: ":") { return (i + 1)..<name.upperBound }
            i -= 1
        }
        return name
    }

    /// Whether a name (a local name's range) is the given ASCII name.
    @inline(__always) func `is`(_ name: Range<Int>, _ expected: StaticString) -> Bool {
        guard name.count == expected.utf8CodeUnitCount else { return false }
        let pointer = expected.utf8Start
        var j = 0
        for i in name {
            if bytes[i] != pointer[j] { return false }
            j += 1
        }
        return true
    }

    /// The value of an attribute by local name (`r:id` is found as `id`), entities decoded; nil when absent.
    func attribute(_ wanted: StaticString, in range: Range<Int>) throws(XLSXReadError) -> String? {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            while i < end, Self.isSpace(bytes[i]) { i += 1 }
            guard i < end else { break }
            let nameStart = i
            while i < end, bytes[i] != UInt8(ascii: "="), !Self.isSpace(bytes[i]) { i += 1 }
            let name = Self.localName(nameStart..<i, in: bytes)
            while i < end, Self.isSpace(bytes[i]) { i += 1 }
            guard i < end, bytes[i] == UInt8(ascii: "=") else { throw fail(.malformed) }
            i += 1
            while i < end, Self.isSpace(bytes[i]) { i += 1 }
            guard i < end, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else { throw fail(.malformed) }
            let quote = bytes[i]
            i += 1
            let valueStart = i
            while i < end, bytes[i] != quote { i += 1 }
            guard i < end else { throw fail(.cutShort) }
            let value = valueStart..<i
            i += 1
            if self.is(name, wanted) { return try decode(value, cdata: false) }
        }
        return nil
    }

    /// Text with the five XML entities and character references decoded (`&amp;`, `&#x4E2D;`).
    func decode(_ range: Range<Int>, cdata: Bool) throws(XLSXReadError) -> String {
        if cdata || !bytes[range].contains(UInt8(ascii: "&")) {
            return String(decoding: bytes[range], as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            guard b == UInt8(ascii: "&") else {
                out.append(b)
                i += 1
                continue
            }
            var j = i + 1
            while j < range.upperBound, bytes[j] != UInt8(ascii: ";"), j - i < 12 { j += 1 }
            guard j < range.upperBound, bytes[j] == UInt8(ascii: ";") else { throw fail(.malformed) }
            let entity = Array(bytes[(i + 1)..<j])
            switch entity {
            case Array("amp".utf8): out.append(UInt8(ascii: "&"))
            case Array("lt".utf8): out.append(UInt8(ascii: "<"))
            case Array("gt".utf8): out.append(UInt8(ascii: ">"))
            case Array("quot".utf8): out.append(UInt8(ascii: "\""))
            case Array("apos".utf8): out.append(UInt8(ascii: "'"))
            default:
                guard entity.first == UInt8(ascii: "#"), entity.count > 1 else {
                    throw fail(.unknownEntity("&" + String(decoding: entity, as: UTF8.self) + ";"))
                }
                let hex = entity[1] == UInt8(ascii: "x")
                let digits = entity.dropFirst(hex ? 2 : 1)
                guard !digits.isEmpty, let value = UInt32(String(decoding: digits, as: UTF8.self), radix: hex ? 16 : 10),
                    let scalar = Unicode.Scalar(value), value != 0
                else {
                    throw fail(.unknownEntity("&" + String(decoding: entity, as: UTF8.self) + ";"))
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            i = j + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
