import Foundation
import OutreachTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The PostgreSQL server the end-to-end tests run `outreach` processes on: `OUTREACH_TEST_POSTGRES` (scripts/test.sh
/// starts a throw-away one with scripts/pg.sh and sets it). Without it, or when nothing answers there, the suites
/// that need it are skipped, and say so.
enum PostgresTestDatabase {
    static let url: String? = {
        let url = ProcessInfo.processInfo.environment["OUTREACH_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
        guard let url else {
            print("OutreachCLITests: OUTREACH_TEST_POSTGRES is not set (scripts/test.sh starts a server with scripts/pg.sh); the tests of several `outreach` processes on one PostgreSQL database are skipped.")
            return nil
        }
        guard let components = URLComponents(string: url), let host = components.host,
            reachable(host: host, port: components.port ?? 5432)
        else {
            print("OutreachCLITests: no PostgreSQL server answers at OUTREACH_TEST_POSTGRES (\(url.split(separator: "@").last ?? "")); the tests of several `outreach` processes on one PostgreSQL database are skipped.")
            return nil
        }
        return url
    }()

    static var available: Bool { url != nil }

    /// A URL of the test server with a schema of its own (`outreach init` creates it), for one test.
    static func scratchURL() throws -> String {
        guard let url else { throw CommandRunner.RunnerError.executableNotFound }
        let name = "cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return url + (url.contains("?") ? "&" : "?") + "schema=" + name
    }

    /// Drops the schema of a URL made by `scratchURL()` with psql, when psql is there (the throw-away server is
    /// removed after the tests anyway).
    static func drop(_ scratch: String) {
        guard let base = url, let name = URLComponents(string: scratch)?.queryItems?.first(where: { $0.name == "schema" })?.value,
            name.hasPrefix("cli_"), let psql = ["/usr/bin/psql", "/usr/lib/postgresql/15/bin/psql"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql)
        process.arguments = ["-q", "-X", "-d", base, "-c", "DROP SCHEMA IF EXISTS \(name) CASCADE"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
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
