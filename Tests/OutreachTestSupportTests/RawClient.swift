import Glibc

/// A blocking HTTP/1.1 client on one TCP connection, with a 5-second receive timeout so that a
/// broken server fails the test instead of hanging it.
final class RawClient {
    private let fd: Int32
    private var buffer: [UInt8] = []

    init?(port: Int) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            return nil
        }
    }

    deinit { close(fd) }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        }
    }

    /// Reads one response (head plus Content-Length body); `nil` when the connection closes first.
    func readResponse() -> (status: Int, head: String, body: String)? {
        while true {
            if let headEnd = find([13, 10, 13, 10]) {
                let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
                let lines = head.split(separator: "\r\n")
                let status = lines.first.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
                let length =
                    lines.dropFirst()
                    .first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingPrefix(" ")) } ?? 0
                if buffer.count >= headEnd + 4 + length {
                    let body = String(decoding: buffer[(headEnd + 4)..<(headEnd + 4 + length)], as: UTF8.self)
                    buffer.removeFirst(headEnd + 4 + length)
                    return (status, head, body)
                }
            }
            guard readMore() else { return nil }
        }
    }

    /// Whether the server closed the connection (reads until EOF or error, within the timeout).
    func isClosedByServer() -> Bool {
        while readMore() {}
        return true
    }

    private func readMore() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for index in 0...(buffer.count - pattern.count)
        where buffer[index..<(index + pattern.count)].elementsEqual(pattern) {
            return index
        }
        return nil
    }
}
