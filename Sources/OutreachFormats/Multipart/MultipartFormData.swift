/// A `multipart/form-data` body (RFC 7578) split into its parts, within limits.
///
/// The body is read whole by the caller, which bounds it by `Limits.totalBytes` before parsing (an HTTP body
/// is collected up to that size and refused beyond it), so nothing larger than the limit is ever buffered. The
/// parser then refuses a missing or malformed boundary, a part header block over `headerBytes`, more than
/// `parts` parts, a part over `partBytes`, and a body that ends before its closing boundary. It knows
/// nothing of what the parts mean.
public struct MultipartFormData: Sendable {
    /// One part: its field name, the file name when it is a file, its declared type, and its bytes.
    public struct Part: Sendable, Equatable {
        public var name: String
        public var filename: String?
        public var contentType: String?
        public var body: [UInt8]

        /// The body as UTF-8 text (a plain form field).
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public struct Limits: Sendable, Equatable {
        /// The whole body, in bytes.
        public var totalBytes: Int
        /// How many parts at most.
        public var parts: Int
        /// One part's header block, in bytes.
        public var headerBytes: Int
        /// One part's body, in bytes.
        public var partBytes: Int

        public init(totalBytes: Int, parts: Int, headerBytes: Int, partBytes: Int) {
            self.totalBytes = totalBytes
            self.parts = parts
            self.headerBytes = headerBytes
            self.partBytes = partBytes
        }
    }

    /// Why a body was refused.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case missingBoundary
        case tooLarge
        case tooManyParts
        case headerTooLarge
        case partTooLarge(name: String)
        case malformed

        public var description: String {
            switch self {
            case .missingBoundary: "The content type names no multipart boundary."
            case .tooLarge: "The body is over the size limit."
            case .tooManyParts: "The body has more parts than allowed."
            case .headerTooLarge: "A part's headers are over the size limit."
            case .partTooLarge(let name): "The part '\(name)' is over the size limit."
            case .malformed: "The body is not well-formed multipart/form-data."
            }
        }
    }

    public var parts: [Part]

    /// The boundary of a `multipart/form-data; boundary=…` content type, or nil.
    public static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingSpaces }
        guard let first = pieces.first, first.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            // RFC 2046: 1 to 70 characters.
            guard (1...70).contains(value.utf8.count) else { return nil }
            return value
        }
        return nil
    }

    /// Splits a body into its parts.
    ///
    /// - Parameters:
    ///   - body: The whole body (the caller has bounded it by `limits.totalBytes`).
    ///   - boundary: The boundary from the content type.
    ///   - limits: What is refused.
    /// - Throws: `Failure`.
    public init(body: [UInt8], boundary: String, limits: Limits) throws(Failure) {
        guard !boundary.isEmpty else { throw .missingBoundary }
        guard body.count <= limits.totalBytes else { throw .tooLarge }
        let dashBoundary = Array("--\(boundary)".utf8)
        let delimiter = Array("\r\n--\(boundary)".utf8)
        // The body starts with the first boundary (a preamble before it is allowed and ignored).
        guard let first = Self.find(dashBoundary, in: body, from: 0) else { throw .malformed }
        var position = first + dashBoundary.count
        var parts: [Part] = []
        while true {
            // After a boundary: "--" ends the body, CRLF starts a part (transport padding of spaces allowed).
            if Self.starts(with: [0x2D, 0x2D], in: body, at: position) { break }
            while position < body.count, body[position] == 0x20 || body[position] == 0x09 { position += 1 }
            guard Self.starts(with: [0x0D, 0x0A], in: body, at: position) else { throw .malformed }
            position += 2
            guard parts.count < limits.parts else { throw .tooManyParts }
            // Headers end at an empty line, within the limit.
            let headerLimit = min(body.count, position + limits.headerBytes + 4)
            guard let headerEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: position, before: headerLimit) else {
                throw headerLimit - position >= limits.headerBytes + 4 ? Failure.headerTooLarge : Failure.malformed
            }
            guard headerEnd - position <= limits.headerBytes else { throw .headerTooLarge }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            position = headerEnd + 4
            guard let next = Self.find(delimiter, in: body, from: position) else { throw .malformed }
            var part = try Self.part(headers: headers)
            guard next - position <= limits.partBytes else { throw .partTooLarge(name: part.name) }
            part.body = Array(body[position..<next])
            parts.append(part)
            position = next + delimiter.count
        }
        self.parts = parts
    }

    /// The first text field of a name.
    public func field(_ name: String) -> String? { parts.first { $0.name == name && $0.filename == nil }?.text }

    /// Every file part of a name that is not empty (a form's file input sends an empty part when nothing is chosen).
    public func files(_ name: String) -> [Part] { parts.filter { $0.name == name && $0.filename != nil && !$0.body.isEmpty } }

    private static func part(headers: String) throws(Failure) -> Part {
        var name: String?
        var filename: String?
        var contentType: String?
        for line in headers.split(separator: "\r\n", omittingEmptySubsequences: true) {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { throw .malformed }
            let field = pair[0].lowercased().trimmingSpaces, value = String(pair[1]).trimmingSpaces
            if field == "content-disposition" {
                let pieces = Self.parameters(value)
                guard pieces.first?.key.lowercased() == "form-data" else { throw .malformed }
                for (key, value) in pieces.dropFirst() {
                    switch key.lowercased() {
                    case "name": name = value
                    case "filename": filename = value
                    default: break
                    }
                }
            } else if field == "content-type" {
                contentType = value
            }
        }
        guard let name else { throw .malformed }
        return Part(name: name, filename: filename, contentType: contentType, body: [])
    }

    /// `form-data; name="a"; filename="b;c.jpg"` as (key, value) pairs, quoted values unquoted.
    private static func parameters(_ text: String) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        var scalars = Substring(text)
        while !scalars.isEmpty {
            scalars = scalars.drop { $0 == " " || $0 == ";" }
            let key = scalars.prefix { $0 != "=" && $0 != ";" }
            scalars = scalars.dropFirst(key.count)
            var value = ""
            if scalars.first == "=" {
                scalars = scalars.dropFirst()
                if scalars.first == "\"" {
                    scalars = scalars.dropFirst()
                    var escaped = false
                    while let c = scalars.first {
                        scalars = scalars.dropFirst()
                        if escaped { value.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { break } else { value.append(c) }
                    }
                } else {
                    let raw = scalars.prefix { $0 != ";" }
                    value = String(raw).trimmingSpaces
                    scalars = scalars.dropFirst(raw.count)
                }
            }
            if !key.isEmpty { result.append((String(key).trimmingSpaces, value)) }
        }
        return result
    }

    private static func starts(with needle: [UInt8], in haystack: [UInt8], at position: Int) -> Bool {
        guard position + needle.count <= haystack.count else { return false }
        for i in needle.indices where haystack[position + i] != needle[i] { return false }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, before end: Int? = nil) -> Int? {
        let end = min(end ?? haystack.count, haystack.count)
        guard let first = needle.first, end - start >= needle.count else { return nil }
        var i = start
        let last = end - needle.count
        while i <= last {
            if haystack[i] == first, starts(with: needle, in: haystack, at: i) { return i }
            i += 1
        }
        return nil
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
