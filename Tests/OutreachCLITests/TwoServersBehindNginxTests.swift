import Foundation
import OutreachTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The nginx binary, when installed.
enum Nginx {
    static let path: String? = {
        let found = ["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if found == nil { print("OutreachCLITests: nginx is not installed (apt-get install nginx-light); the test of two servers behind nginx is skipped.") }
        return found
    }()
}

/// Two `outreach serve` processes (the built binary) on one PostgreSQL database behind nginx, round-robin (issue 13,
/// item 6): a user signs in through nginx and goes on through pages, API calls and forms, each request answered by
/// whichever server nginx picks. Everything a request needs (the sign-in form's token, the session and its form
/// token, the pages kept between changes) is in the database or the request, so either server serves any of them;
/// signing out on one ends the session on both.
@Suite(
    .enabled(if: PostgresTestDatabase.available, "OUTREACH_TEST_POSTGRES is not set or no server answers there: no PostgreSQL server to test on"),
    .enabled(if: Nginx.path != nil, "nginx is not installed (apt-get install nginx-light): the two-server test is skipped"),
    .timeLimit(.minutes(3)))
struct TwoServersBehindNginxTests {
    /// One request through nginx: its status line, the server that answered, the whole response.
    struct Answer {
        var text: String
        var servedBy: Int?
        var status: Int { Int(text.dropFirst("HTTP/1.1 ".count).prefix(3)) ?? 0 }
        var head: String { text.components(separatedBy: "\r\n\r\n").first ?? "" }
        /// The body, its chunks joined when nginx sent it chunked.
        var body: String {
            let raw = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
            guard head.lowercased().contains("\r\ntransfer-encoding: chunked") else { return raw }
            var rest = Substring(raw)
            var joined = ""
            while let end = rest.range(of: "\r\n"), let size = Int(rest[..<end.lowerBound], radix: 16), size > 0 {
                let bytes = Array(rest[end.upperBound...].utf8)
                joined += String(decoding: bytes.prefix(size), as: UTF8.self)
                rest = Substring(String(decoding: bytes.dropFirst(size + 2), as: UTF8.self))
            }
            return joined
        }
        /// A header's value (the first of that name).
        func header(_ name: String) -> String? {
            for line in head.components(separatedBy: "\r\n").dropFirst() where line.lowercased().hasPrefix(name.lowercased() + ":") {
                return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
            }
            return nil
        }
    }

    @Test func aSignedInUserIsServedByBothServersThroughNginx() async throws {
        let nginxPath = try #require(Nginx.path)
        let database = try PostgresTestDatabase.scratchURL()
        defer { PostgresTestDatabase.drop(database) }
        let runner = try CommandRunner(files: ["outreach.yaml": "server:\n  port: 0\n"])
        try runner.copyFromRepository("seeds")
        try runner.copyFromRepository("campaigns")
        let environment = ["OUTREACH_DATABASE": database]
        let initialised = try await runner.run(["init"], environment: environment)
        try #require(initialised.status == 0, "\(initialised.stderr)")
        #expect(try await runner.run(["import", "campaigns"], environment: environment).status == 0)
        let added = try await runner.run(
            ["user", "add", "wang.fang", "--role", "admin", "--display-name", "王芳", "--lang", "en"], environment: environment)
        let password = try #require(added.stdout.split(separator: "\n").last.map(String.init), "\(added.stderr)")

        // Two servers on the same database, each on a free port of its own.
        var servers: [SpawnedProcess] = []
        defer { for server in servers where server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        var ports: [Int] = []
        for index in 0..<2 {
            let out = Pipe()
            let server = SpawnedProcess()
            server.executableURL = runner.executable
            server.arguments = ["serve", "--lang", "en"]
            server.currentDirectoryURL = runner.directory
            server.environment = [
                "PATH": "/usr/bin:/bin", "HOME": runner.directory.path, "LANG": "C.UTF-8", "NO_COLOR": "1",
                "OUTREACH_DATABASE": database, "OUTREACH_NOW": "2026-11-29T09:00:00+08:00",
            ]
            server.standardOutput = out
            let log = runner.directory.appendingPathComponent("serve-\(index).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            server.standardError = try FileHandle(forWritingTo: log)
            server.standardInput = FileHandle.nullDevice
            try server.run()
            servers.append(server)
            let printed = await ServeCommandTests.read(out, until: "/ (SIGTERM")
            ports.append(try #require(ServeCommandTests.port(in: printed), "server \(index): \(printed)"))
        }

        // nginx in front, round-robin over the two, naming the server that answered in a response header.
        let prefix = runner.directory.appendingPathComponent("nginx")
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        let front = try Self.freePort()
        let configuration = """
            worker_processes 1;
            pid \(prefix.path)/nginx.pid;
            error_log \(prefix.path)/error.log;
            daemon off;
            events { worker_connections 64; }
            http {
                log_format upstream '$request_method $uri $status $upstream_addr';
                access_log \(prefix.path)/access.log upstream;
                client_body_temp_path \(prefix.path)/tmp; proxy_temp_path \(prefix.path)/tmp; fastcgi_temp_path \(prefix.path)/tmp;
                uwsgi_temp_path \(prefix.path)/tmp; scgi_temp_path \(prefix.path)/tmp;
                upstream outreach { server 127.0.0.1:\(ports[0]); server 127.0.0.1:\(ports[1]); }
                server {
                    listen 127.0.0.1:\(front);
                    location / {
                        proxy_pass http://outreach;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_next_upstream off;
                        proxy_max_temp_file_size 0;
                        add_header X-Outreach-Upstream $upstream_addr always;
                    }
                }
            }

            """
        try configuration.write(to: prefix.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        let proxy = SpawnedProcess()
        proxy.executableURL = URL(fileURLWithPath: nginxPath)
        proxy.arguments = ["-c", prefix.appendingPathComponent("nginx.conf").path, "-p", prefix.path]
        proxy.standardOutput = FileHandle.nullDevice
        proxy.standardError = FileHandle.nullDevice
        proxy.standardInput = FileHandle.nullDevice
        try proxy.run()
        defer {
            if proxy.isRunning {
                kill(proxy.processIdentifier, SIGTERM)
                proxy.waitUntilExit()
            }
        }
        var listening = false
        for _ in 0..<100 where !listening {
            listening = (try? ServeCommandTests.get("/healthz", port: front))?.hasPrefix("HTTP/1.1 200") == true
            if !listening { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(listening, "nginx did not start: \((try? String(contentsOf: prefix.appendingPathComponent("error.log"), encoding: .utf8)) ?? "")")

        var servedBy: [String: Set<Int>] = [:]
        func request(_ kind: String, _ method: String, _ path: String, headers: [String] = [], body: String = "") throws -> Answer {
            let text = try ServeCommandTests.request(method, path, port: front, headers: headers, body: body)
            var answer = Answer(text: text, servedBy: nil)
            let port = answer.header("X-Outreach-Upstream")?.split(separator: ":").last.flatMap { Int($0) }
            answer.servedBy = port.flatMap { ports.firstIndex(of: $0) }
            if let server = answer.servedBy { servedBy[kind, default: []].insert(server) }
            return answer
        }

        // Signing in: the form from one server, the post to the other (the form's token is a cookie, no server's).
        let form = try request("sign-in", "GET", "/login?lang=en")
        #expect(form.status == 200, "\(form.text)")
        let csrf = try #require(ServeCommandTests.cookie("outreach_csrf", in: form.text), "\(form.text)")
        let signedIn = try request(
            "sign-in", "POST", "/login", headers: ["Cookie: outreach_csrf=\(csrf)", "Content-Type: application/x-www-form-urlencoded"],
            body: "csrf=\(csrf)&name=wang.fang&password=\(password)")
        #expect(signedIn.status == 303, "\(signedIn.text)")
        #expect(form.servedBy != nil && signedIn.servedBy != nil && form.servedBy != signedIn.servedBy, "the sign-in went to one server only")
        let session = try #require(ServeCommandTests.cookie("outreach_session", in: signedIn.text), "\(signedIn.text)")
        let cookie = "Cookie: outreach_session=\(session); outreach_csrf=\(csrf)"

        // Each event's page seen on both servers first (two requests in a row go to both), so each keeps it.
        let events = [
            "hh-chibi-yanhe-talk-20261210", "hh-yinquan-talk-20270109", "hh-jiayu-binhu-talk-20270410", "hh-tongshan-chengdong-talk-20270515",
        ]
        for event in events {
            for _ in 0..<2 {
                let page = try request("event page", "GET", "/events/\(event)?lang=en", headers: [cookie])
                #expect(page.status == 200, "\(page.text)")
                #expect(page.body.contains("<span class=\"status\">planned</span>"), "server \(page.servedBy ?? -1): \(page.body)")
            }
        }
        // Rounds of five requests: the agenda, the calendar, a form post, the event's page and an API call.
        // Round-robin alternates the servers and a round is odd, so each kind of request meets both. The event's page
        // right after the post comes from the other server, which kept the page from before the change: it shows
        // the change at once (kept pages follow the database's data version, not the process).
        for event in events {
            let home = try request("agenda", "GET", "/?lang=en", headers: [cookie])
            #expect(home.status == 200, "\(home.text)")
            #expect(home.body.contains("王芳 (admin)"), "not signed in on server \(home.servedBy ?? -1): \(home.text)")
            let calendar = try request("calendar", "GET", "/calendar?lang=en", headers: [cookie])
            #expect(calendar.status == 200, "\(calendar.text)")
            #expect(calendar.body.contains("王芳 (admin)"), "not signed in on server \(calendar.servedBy ?? -1): \(calendar.text)")
            // The session's form token, in the sign-out form of every page.
            let token = try #require(Self.formToken(in: calendar.body), "\(calendar.body)")
            let confirmed = try request(
                "form", "POST", "/events/\(event)/status?lang=en", headers: [cookie, "Content-Type: application/x-www-form-urlencoded"],
                body: "csrf=\(token)&action=confirm")
            #expect(confirmed.status == 303, "server \(confirmed.servedBy ?? -1): \(confirmed.text)")
            #expect(confirmed.header("Location") == "/events/\(event)", "\(confirmed.text)")
            let page = try request("event page", "GET", "/events/\(event)?lang=en", headers: [cookie])
            #expect(page.servedBy != confirmed.servedBy, "nginx did not alternate")
            #expect(
                page.body.contains("<span class=\"status\">confirmed</span>"),
                "server \(page.servedBy ?? -1) does not show the confirmation made on the other: \(page.body)")
            let api = try request("api", "GET", "/api/v1/events/\(event)", headers: [cookie, "X-CSRF-Token: \(token)"])
            #expect(api.status == 200, "server \(api.servedBy ?? -1): \(api.text)")
            let json = try JSONSerialization.jsonObject(with: Data(api.body.utf8)) as? [String: Any]
            #expect(json?["status"] as? String == "confirmed", "server \(api.servedBy ?? -1): \(api.body)")
        }
        for kind in ["sign-in", "agenda", "calendar", "form", "event page", "api"] {
            #expect(servedBy[kind] == [0, 1], "\(kind) requests were served by \(servedBy[kind] ?? []) only, not by both servers")
        }
        // The log nginx kept agrees: both servers answered, and every request succeeded.
        let access = ((try? String(contentsOf: prefix.appendingPathComponent("access.log"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        for port in ports { #expect(access.contains { $0.last == "127.0.0.1:\(port)" }, "\(access)") }
        #expect(access.allSatisfy { $0.count == 4 && ["200", "303"].contains($0[2]) }, "\(access)")

        // Signing out on one server ends the session on both.
        let page = try request("sign-out", "GET", "/calendar?lang=en", headers: [cookie])
        let token = try #require(Self.formToken(in: page.body))
        let out = try request(
            "sign-out", "POST", "/logout", headers: [cookie, "Content-Type: application/x-www-form-urlencoded"], body: "csrf=\(token)")
        #expect(out.status == 303, "\(out.text)")
        for _ in 0..<2 {
            let after = try request("sign-out", "GET", "/calendar?lang=en", headers: [cookie])
            #expect(after.status == 303 && after.text.contains("/login"), "server \(after.servedBy ?? -1) still knows the session: \(after.text)")
        }
        #expect(servedBy["sign-out"] == [0, 1])

        for server in servers { kill(server.processIdentifier, SIGTERM) }
        for server in servers {
            await ServeCommandTests.waitForExit(server)
            #expect(server.terminationReason == .exit && server.terminationStatus == 0)
        }
    }

    /// The session's form token in a page (the hidden `csrf` field of its forms).
    static func formToken(in page: String) -> String? {
        guard let range = page.range(of: "name=\"csrf\" value=\"") else { return nil }
        let token = page[range.upperBound...].prefix { $0 != "\"" }
        return token.isEmpty ? nil : String(token)
    }

    /// A port nothing listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
