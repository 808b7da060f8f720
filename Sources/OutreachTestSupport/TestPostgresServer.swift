import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The PostgreSQL server tests run on: `OUTREACH_TEST_POSTGRES` (scripts/test.sh starts a throw-away one with
/// scripts/pg.sh and sets it). Without it, or when nothing answers there, the suites that need it are skipped and
/// say so.
package enum TestPostgresServer {
    /// The server's URL, or nil after printing why the tests that need it are skipped.
    /// - Parameters:
    ///   - target: The test target, as the printed reason names it.
    ///   - skipped: What is skipped, as the printed reason names it ("the PostgreSQL store's tests").
    package static func url(for target: String, skipping skipped: String) -> String? {
        let url = ProcessInfo.processInfo.environment["OUTREACH_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
        guard let url else {
            print("\(target): OUTREACH_TEST_POSTGRES is not set (scripts/test.sh starts a server with scripts/pg.sh); \(skipped) are skipped.")
            return nil
        }
        guard let components = URLComponents(string: url), let host = components.host,
            reachable(host: host, port: components.port ?? 5432)
        else {
            print("\(target): no PostgreSQL server answers at OUTREACH_TEST_POSTGRES (\(url.split(separator: "@").last ?? "")); \(skipped) are skipped.")
            return nil
        }
        return url
    }

    /// Whether a TCP connection to the server's port opens.
    private static func reachable(host: String, port: Int) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let address = found else { return false }
        defer { freeaddrinfo(found) }
        let socket = Glibc.socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        return connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0
    }
}
