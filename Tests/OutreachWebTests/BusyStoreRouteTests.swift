import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Another process holds the database's write lock past the busy timeout (a long `outreach reach import` beside
/// the server): a request that must write gets 503 with `Retry-After` and the store's message — a page, or a
/// problem under `/api/` — instead of a server error, and nothing is written.
@Suite(.timeLimit(.minutes(2)))
struct BusyStoreRouteTests {
    /// `python3` holding `BEGIN IMMEDIATE` on the database until killed; returns once the lock is taken.
    static func holdWriteLock(on path: String) throws -> SpawnedProcess {
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sqlite3, sys, time\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('BEGIN IMMEDIATE')\n"
                + "print('locked', flush=True)\ntime.sleep(120)",
            path,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        _ = output.fileHandleForReading.readData(ofLength: 7)  // "locked\n"
        return process
    }

    @Test func writesWhileAnotherProcessHoldsTheLockGet503() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        let token = try await APITokens(store: setup.store).create(user: "wang.fang", name: "busy", at: WebSetup.now).secret
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            let login = try await browser.request("/login?lang=en")
            let locker = try Self.holdWriteLock(on: setup.folder + "/outreach.sqlite")
            defer {
                kill(locker.processIdentifier, SIGKILL)
                locker.waitUntilExit()
            }
            // A first use of the token records its time: a write.
            let api = try await APIClient(client: client, token: token).send("/api/v1/campaigns?lang=en")
            #expect(api.status == .serviceUnavailable)
            #expect(api.headers[.retryAfter] == "5")
            #expect(api.headers[.contentType] == "application/problem+json; charset=utf-8")
            #expect(api["type"]?.string == "urn:outreach:problem:database-busy")
            #expect(
                api["detail"]?.string
                    == "Timed out waiting for the database: another process kept it busy for more than 10 seconds, so nothing was changed. Try again.")
            // Signing in makes a session: a write.
            let page = try await browser.request(
                "/login", method: .post, form: [("csrf", login.hiddenCSRF ?? ""), ("name", "wang.fang"), ("password", WebSetup.password)])
            #expect(page.status == .serviceUnavailable)
            #expect(page.headers[.retryAfter] == "5")
            #expect(page.text.contains("Timed out waiting for the database: another process kept it busy for more than 10 seconds"))
            #expect(page.text.contains("<html lang=\"en\">"))
        }
        // Nothing was written: no session, the token never used.
        #expect(try await setup.store.apiTokens().first?.lastUsedAt == nil)
    }
}
