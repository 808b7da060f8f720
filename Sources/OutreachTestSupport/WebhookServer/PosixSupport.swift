import Glibc

/// A socket call failed while the fake server was starting.
package struct SocketError: Error, Sendable, CustomStringConvertible {
    /// The failed call, such as `"bind"`.
    package var operation: String
    /// The `errno` it left.
    package var code: Int32

    package var description: String {
        "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}

/// Starts a joinable POSIX thread running `body`.
func spawnThread(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
    final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(
        &thread,
        nil,
        { context in
            guard let context else { return nil }
            Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body()
            return nil
        },
        context
    )
    guard result == 0 else {
        Unmanaged<Box>.fromOpaque(context).release()
        return nil
    }
    return thread
}

/// Creates a TCP socket bound to 127.0.0.1:`port` (0 picks a free port) and returns it with the bound port.
func bindLoopback(port: UInt16, listen backlog: Int32?) throws(SocketError) -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw SocketError(operation: "socket", code: errno) }
    var yes: Int32 = 1
    _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard bound == 0 else {
        let code = errno
        close(fd)
        throw SocketError(operation: "bind", code: code)
    }
    if let backlog, listen(fd, backlog) != 0 {
        let code = errno
        close(fd)
        throw SocketError(operation: "listen", code: code)
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else {
        let code = errno
        close(fd)
        throw SocketError(operation: "getsockname", code: code)
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// Writes all of `bytes`; returns `false` when the peer is gone.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = send(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL))
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}

/// Waits for any of `fds` to become readable (or hung up); `nil` timeout waits forever.
/// Returns the indexes that are ready, empty on timeout.
func waitReadable(_ fds: [Int32], timeout: Duration?) -> [Int] {
    var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    let deadline = timeout.map { ContinuousClock.now + $0 }
    while true {
        var milliseconds: Int32 = -1
        if let deadline {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return [] }
            let (seconds, attoseconds) = remaining.components
            milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
        }
        let result = poll(&polls, nfds_t(polls.count), milliseconds)
        if result < 0 {
            if errno == EINTR { continue }
            return Array(polls.indices)
        }
        if result == 0 { continue }  // re-check the deadline
        return polls.indices.filter { polls[$0].revents != 0 }
    }
}
