/// The head and body of one request parsed from a connection's buffer.
struct ParsedRequest {
    var method: String
    var target: String
    var version: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var keepAlive: Bool
}

/// An HTTP/1.1 request parser over a byte buffer (Content-Length and chunked bodies).
enum RequestParser {
    enum Outcome {
        /// More bytes are needed. `expectsContinue` is set once the head is complete and the client
        /// waits for `100 Continue` before sending the body.
        case incomplete(expectsContinue: Bool)
        /// The bytes are not HTTP; answer 400 and close.
        case invalid
        /// A whole request, which used `consumed` bytes from the start of the buffer.
        case complete(ParsedRequest, consumed: Int)
    }

    static let maxHeadBytes = 64 * 1024
    static let maxBodyBytes = 64 * 1024 * 1024

    static func parse(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        // A method is an upper-case token; anything else (a TLS ClientHello, say) is rejected at once
        // instead of waiting for a head that never comes.
        if let first = bytes.first, !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) { return .invalid }
        guard let headEnd = endOfHead(in: bytes) else {
            return bytes.count > maxHeadBytes ? .invalid : .incomplete(expectsContinue: false)
        }
        var lines = bytes[..<headEnd].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0[...] }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first else { return .invalid }
        let parts = requestLine.split(separator: UInt8(ascii: " "))
        guard parts.count == 3 else { return .invalid }
        let method = String(decoding: parts[0], as: UTF8.self)
        let target = String(decoding: parts[1], as: UTF8.self)
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version.hasPrefix("HTTP/1.") else { return .invalid }

        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(lines.count - 1)
        var contentLength: Int?
        var chunked = false
        var connection = ""
        var expectsContinue = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return .invalid }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            let value = trimmed(line[(colon + 1)...])
            headers.append((name: name, value: value))
            switch name.lowercased() {
            case "content-length":
                guard let length = Int(value), length >= 0, length <= maxBodyBytes else { return .invalid }
                contentLength = length
            case "transfer-encoding":
                chunked = value.lowercased().contains("chunked")
            case "connection":
                connection = value.lowercased()
            case "expect":
                expectsContinue = value.lowercased() == "100-continue"
            default:
                break
            }
        }
        let keepAlive = version == "HTTP/1.0" ? connection.contains("keep-alive") : !connection.contains("close")
        let bodyStart = headEnd + 4

        var body: [UInt8]
        let consumed: Int
        if chunked {
            switch dechunk(bytes, from: bodyStart) {
            case .incomplete: return .incomplete(expectsContinue: expectsContinue)
            case .invalid: return .invalid
            case .complete(let decoded, let end):
                body = decoded
                consumed = end
            }
        } else {
            let length = contentLength ?? 0
            guard bytes.count - bodyStart >= length else { return .incomplete(expectsContinue: expectsContinue) }
            body = Array(bytes[bodyStart..<(bodyStart + length)])
            consumed = bodyStart + length
        }
        let request = ParsedRequest(
            method: method,
            target: target,
            version: version,
            headers: headers,
            body: body,
            keepAlive: keepAlive
        )
        return .complete(request, consumed: consumed)
    }

    /// The offset of the `\r\n\r\n` that ends the head.
    static func endOfHead(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = 0
        let last = bytes.count - 4
        while index <= last {
            if bytes[index + 3] != 10 {  // "\n"
                index += bytes[index + 3] == 13 ? 1 : 4
                continue
            }
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13 { return index }
            index += 1
        }
        return nil
    }

    private enum Dechunked {
        case incomplete
        case invalid
        case complete([UInt8], end: Int)
    }

    private static func dechunk(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Dechunked {
        var body: [UInt8] = []
        var position = start
        while true {
            guard let lineEnd = findCRLF(bytes, from: position) else { return .incomplete }
            let sizeField = bytes[position..<lineEnd].prefix { $0 != UInt8(ascii: ";") }
            guard let size = Int(trimmed(sizeField), radix: 16), size >= 0, body.count + size <= maxBodyBytes else {
                return .invalid
            }
            position = lineEnd + 2
            if size == 0 {
                // Trailer fields, then an empty line.
                while true {
                    guard let end = findCRLF(bytes, from: position) else { return .incomplete }
                    let isEmpty = end == position
                    position = end + 2
                    if isEmpty { return .complete(body, end: position) }
                }
            }
            guard bytes.count - position >= size + 2 else { return .incomplete }
            body.append(contentsOf: bytes[position..<(position + size)])
            position += size
            guard bytes[position] == 13, bytes[position + 1] == 10 else { return .invalid }
            position += 2
        }
    }

    private static func findCRLF(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }

    private static func trimmed(_ bytes: some BidirectionalCollection<UInt8>) -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 32 || $0 == 9 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
            let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}

/// Serialises one response.
enum ResponseWriter {
    static func bytes(
        status: Int,
        headers: [(name: String, value: String)],
        body: [UInt8],
        close: Bool
    ) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(reason(for: status))\r\n"
        var hasLength = false
        for header in headers {
            if header.name.lowercased() == "content-length" { hasLength = true }
            head += "\(header.name): \(header.value)\r\n"
        }
        if !hasLength { head += "Content-Length: \(body.count)\r\n" }
        if close { head += "Connection: close\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: body)
        return bytes
    }

    static func reason(for status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
