import Foundation
import OutreachTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The PostgreSQL server the end-to-end tests run `outreach` processes on: `OUTREACH_TEST_POSTGRES` (scripts/test.sh
/// starts a throw-away one with scripts/pg.sh and sets it). Without it, or when nothing answers there, the suites
/// that need it are skipped, and say so.
enum PostgresTestDatabase {
    static let url = TestPostgresServer.url(
        for: "OutreachCLITests", skipping: "the tests of several `outreach` processes on one PostgreSQL database")

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
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: psql)
        process.arguments = ["-q", "-X", "-d", base, "-c", "DROP SCHEMA IF EXISTS \(name) CASCADE"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
    }
}
