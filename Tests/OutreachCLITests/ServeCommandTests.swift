import Foundation
import OutreachTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `outreach serve` on the built binary: it says how to add the first admin, listens on a free port, answers
/// `/healthz`, and stops cleanly on SIGTERM.
@Suite(.timeLimit(.minutes(2)))
struct ServeCommandTests {
    @Test func serveAnswersHealthOnAFreePortAndStopsOnSIGTERM() async throws {
        let runner = try CommandRunner(files: ["outreach.yaml": "server:\n  port: 0\n  session_lifetime: 8h\n"])
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        let out = Pipe(), err = Pipe()
        let server = SpawnedProcess()
        server.executableURL = runner.executable
        server.arguments = ["serve", "--host", "127.0.0.1", "--lang", "en"]
        server.currentDirectoryURL = runner.directory
        server.environment = ["PATH": "/usr/bin:/bin", "HOME": runner.directory.path, "LANG": "C.UTF-8", "NO_COLOR": "1"]
        server.standardOutput = out
        server.standardError = err
        server.standardInput = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }

        let printed = await Self.read(out, until: "/ (SIGTERM")
        #expect(printed.contains("There are no users yet. Add the first admin first (it prints a one-time password):\n  outreach user add NAME --role admin\n"))
        let port = try #require(Self.port(in: printed), "\(printed)")
        #expect(port > 0 && port != 8080)

        let health = try Self.get("/healthz", port: port)
        #expect(health.hasPrefix("HTTP/1.1 200"), "\(health)")
        #expect(health.hasSuffix("\r\n\r\nok\n"), "\(health)")
        let login = try Self.get("/login", port: port)
        #expect(login.contains("用户名"))

        kill(server.processIdentifier, SIGTERM)
        await Self.waitForExit(server)
        #expect(server.terminationReason == .exit)
        #expect(server.terminationStatus == 0)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        // Structured lines with the request id; never a session token or a password.
        #expect(log.contains("hb.request.id="), "\(log)")
        #expect(log.contains("No 'notify:' configuration"), "\(log)")
    }

    @Test func theNoticeWorkerRunsBesideTheWebAppAndBothStopOnSIGTERM() async throws {
        let hooks = try FakeWebhookServer(recordRequests: false)
        defer { hooks.stop() }
        let runner = try CommandRunner(files: [
            "outreach.yaml": "server:\n  port: 0\nnotify:\n  targets:\n    - {name: receiver, kind: webhook, key_env: HOOK_URL}\n"
        ])
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        let out = Pipe(), err = Pipe()
        let server = SpawnedProcess()
        server.executableURL = runner.executable
        server.arguments = ["serve", "--lang", "en"]
        server.currentDirectoryURL = runner.directory
        server.environment = [
            "PATH": "/usr/bin:/bin", "HOME": runner.directory.path, "LANG": "C.UTF-8", "NO_COLOR": "1",
            "HOOK_URL": hooks.url("/hook"), "no_proxy": "127.0.0.1",
        ]
        server.standardOutput = out
        server.standardError = err
        server.standardInput = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let printed = await Self.read(out, until: "/ (SIGTERM")
        let port = try #require(Self.port(in: printed), "\(printed)")
        // The worker logs that it started once the group handles SIGTERM.
        let log = await Self.read(err, until: "Worker started.")
        #expect(log.contains("Worker started."), "\(log)")
        #expect(try Self.get("/healthz", port: port).hasPrefix("HTTP/1.1 200"))
        kill(server.processIdentifier, SIGTERM)
        await Self.waitForExit(server)
        #expect(server.terminationReason == .exit)
        #expect(server.terminationStatus == 0)
    }

    @Test func aBadServerSectionIsRefusedWithItsPlace() async throws {
        let runner = try CommandRunner(files: ["outreach.yaml": "server:\n  port: 99999\n"])
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        let result = try await runner.run(["serve", "--lang", "en"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("outreach.yaml:2:9: error: The value '99999' is invalid for 'port'."), "\(result.stderr)")
        #expect(result.stderr.contains("1 error in the 'server:' section of 'outreach.yaml'; the server was not started."))
    }

    @Test func aPortTakenByAnotherProgramIsSaidPlainly() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        // A port this test holds open, as another program would.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let result = try await runner.run(["serve", "--port", String(port), "--lang", "en"])
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("Error: Cannot listen on 127.0.0.1:\(port): Address already in use.\n"), "\(result.stderr)")
    }

    /// "… listening at http://127.0.0.1:PORT/ …" → PORT.
    static func port(in text: String) -> Int? {
        guard let range = text.range(of: "http://127.0.0.1:") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// Reads a pipe on a thread of its own until the text contains `marker` (or the pipe ends).
    static func read(_ pipe: Pipe, until marker: String) async -> String {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var seen = Data()
                while true {
                    let chunk = pipe.fileHandleForReading.availableData
                    seen.append(chunk)
                    let text = String(decoding: seen, as: UTF8.self)
                    if chunk.isEmpty || text.contains(marker) {
                        continuation.resume(returning: text)
                        return
                    }
                }
            }
        }
    }

    @Test func signingInAgainstTheRunningServerPutsNoSecretInTheLog() async throws {
        let runner = try CommandRunner(files: ["outreach.yaml": "server:\n  port: 0\n"])
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        let added = try await runner.run(["user", "add", "wang.fang", "--role", "admin", "--display-name", "王芳", "--lang", "en"])
        let password = try #require(added.stdout.split(separator: "\n").last.map(String.init))
        let out = Pipe(), err = Pipe()
        let server = SpawnedProcess()
        server.executableURL = runner.executable
        server.arguments = ["serve", "--lang", "en"]
        server.currentDirectoryURL = runner.directory
        server.environment = ["PATH": "/usr/bin:/bin", "HOME": runner.directory.path, "LANG": "C.UTF-8", "NO_COLOR": "1"]
        server.standardOutput = out
        server.standardError = err
        server.standardInput = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let printed = await Self.read(out, until: "/ (SIGTERM")
        #expect(!printed.contains("There are no users yet"))
        let port = try #require(Self.port(in: printed), "\(printed)")

        let form = try Self.get("/login", port: port)
        let csrf = try #require(Self.cookie("outreach_csrf", in: form))
        #expect(form.contains("name=\"csrf\" value=\"\(csrf)\""))
        let body = "csrf=\(csrf)&name=wang.fang&password=\(password)"
        let signedIn = try Self.request(
            "POST", "/login", port: port,
            headers: ["Cookie: outreach_csrf=\(csrf)", "Content-Type: application/x-www-form-urlencoded"], body: body)
        #expect(signedIn.hasPrefix("HTTP/1.1 303"), "\(signedIn)")
        let token = try #require(Self.cookie("outreach_session", in: signedIn))
        let home = try Self.request("GET", "/?lang=en", port: port, headers: ["Cookie: outreach_session=\(token)"])
        #expect(home.hasPrefix("HTTP/1.1 200"), "\(home)")
        #expect(home.contains("王芳 (admin)"))

        kill(server.processIdentifier, SIGTERM)
        await Self.waitForExit(server)
        #expect(server.terminationStatus == 0)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("user.name=wang.fang"), "\(log)")
        for secret in [password, token, csrf] {
            #expect(!log.contains(secret), "a secret is in the log: \(log)")
            #expect(!printed.contains(secret))
        }
    }

    /// The value a `Set-Cookie` header of the response gives a cookie.
    static func cookie(_ name: String, in response: String) -> String? {
        for line in response.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("set-cookie: \(name.lowercased())=") {
            let value = line.dropFirst("set-cookie: \(name)=".count).prefix { $0 != ";" }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    static func get(_ path: String, port: Int) throws -> String { try request("GET", path, port: port) }

    /// One HTTP/1.1 request over a plain socket, the whole response as text.
    static func request(_ method: String, _ path: String, port: Int, headers: [String] = [], body: String = "") throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for header in headers { head += header + "\r\n" }
        if method == "POST" { head += "Content-Length: \(body.utf8.count)\r\n" }
        let request = Array((head + "\r\n" + body).utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            response += buffer[0..<count]
        }
        return String(decoding: response, as: UTF8.self)
    }

    static func waitForExit(_ process: SpawnedProcess) async {
        let exited = AsyncStream<Void> { continuation in
            process.terminationHandler = { _ in continuation.finish() }
            if !process.isRunning { continuation.finish() }
        }
        for await _ in exited {}
        process.waitUntilExit()
    }
}
