import CurlTransport
import OutreachTestSupport
import OutreachCore
import Testing

struct CurlTransportFailureTests {
    @Test(.timeLimit(.minutes(1)))
    func closedPortGivesTransientCouldNotConnect() async throws {
        let port = try FakeWebhookServer.closedPort()
        let transport = makeTransport()

        let error = await sendFailure(transport, jsonPost("http://127.0.0.1:\(port)/send"))
        await transport.shutdown()

        #expect(error == .couldNotConnect)
        #expect(error?.isTransient == true)
        #expect(error?.outcomeUnknown == false)
    }

    @Test(.timeLimit(.minutes(1)))
    func connectTimeoutBeforeSendingGivesCouldNotConnect() async throws {
        let blackHole = try #require(BlackHoleListener())
        let transport = makeTransport(.init(connectTimeout: .milliseconds(300)))

        let error = await sendFailure(transport, jsonPost("http://127.0.0.1:\(blackHole.port)/send"))
        await transport.shutdown()

        #expect(error == .couldNotConnect)
        #expect(error?.outcomeUnknown == false)
    }

    @Test(.timeLimit(.minutes(1)))
    func stalledServerGivesTimedOutWithUnknownOutcome() async throws {
        let server = try FakeWebhookServer { _ in .stall(.seconds(30)) }
        defer { server.stop() }
        let transport = makeTransport(.init(totalTimeout: .milliseconds(400)))

        let error = await sendFailure(transport, jsonPost(server.url("/send")))
        await transport.shutdown()

        #expect(error == .timedOut)
        #expect(error?.isTransient == true)
        #expect(error?.outcomeUnknown == true)
        #expect(server.requestCount == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func droppedConnectionGivesConnectionReset() async throws {
        let server = try FakeWebhookServer { _ in .dropConnection }
        defer { server.stop() }
        let transport = makeTransport()

        let error = await sendFailure(transport, jsonPost(server.url("/send")))
        await transport.shutdown()

        #expect(error == .connectionReset)
        #expect(error?.isTransient == true)
        #expect(error?.outcomeUnknown == true)
        #expect(server.requestCount == 1)  // fresh connection: libcurl does not resend
    }

    /// Pins a libcurl behaviour the retry policy must know: a reused keep-alive connection that closes
    /// without any reply makes libcurl resend once on a fresh connection, so the server sees it twice.
    @Test(.timeLimit(.minutes(1)))
    func droppedReusedConnectionIsResentOnceByLibcurl() async throws {
        let server = try FakeWebhookServer()
        defer { server.stop() }
        let transport = makeTransport()
        _ = try await transport.send(jsonPost(server.url("/warm-up")))
        server.setHandler { _ in .dropConnection }

        let error = await sendFailure(transport, jsonPost(server.url("/send")))
        await transport.shutdown()

        #expect(error == .connectionReset)
        #expect(server.requests.map(\.target) == ["/warm-up", "/send", "/send"])
        #expect(server.acceptedConnectionCount == 2)
    }

    @Test(
        .timeLimit(.minutes(1)),
        arguments: [
            "",
            "not a url",
            "ftp://127.0.0.1/send",
            "file:///etc/passwd",
            "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-123",
            "http://",
            "http:///send",
            "http://exa mple.com/send",
            "http://127.0.0.1/send\n",
            "http://[::1/send?key=SECRET-123",
            "http://127.0.0.1:99999/send?key=SECRET-123",
        ]
    )
    func invalidURLIsPermanent(url: String) async throws {
        let transport = makeTransport()

        let error = await sendFailure(transport, jsonPost(url))
        await transport.shutdown()

        #expect(error == .invalidURL)
        #expect(error?.isTransient == false)
        #expect(error?.outcomeUnknown == false)
    }

    @Test(.timeLimit(.minutes(1)))
    func oversizedResponseBodyFails() async throws {
        let server = try FakeWebhookServer { _ in
            .respond(status: 200, headers: [], body: [UInt8](repeating: 0x61, count: 64 * 1024))
        }
        defer { server.stop() }
        let transport = makeTransport(.init(maxResponseBodyBytes: 1024))

        let error = await sendFailure(transport, jsonPost(server.url("/send")))
        await transport.shutdown()

        #expect(error == .other(code: 23, message: "The response body is larger than 1024 bytes."))
    }

    @Test(.timeLimit(.minutes(1)))
    func tlsToPlainServerGivesTLSError() async throws {
        let server = try FakeWebhookServer()
        defer { server.stop() }
        let transport = makeTransport()

        let error = await sendFailure(transport, jsonPost("https://127.0.0.1:\(server.port)/send?key=SECRET-123"))
        await transport.shutdown()

        guard case .tls(let detail) = error else {
            Issue.record("expected a TLS error, got \(String(describing: error))")
            return
        }
        #expect(!detail.isEmpty)
        #expect(error?.isTransient == false)
    }

    @Test(.timeLimit(.minutes(1)))
    func errorDescriptionsNeverContainTheURLSecret() async throws {
        let stalling = try FakeWebhookServer { _ in .stall(.seconds(30)) }
        let dropping = try FakeWebhookServer { _ in .dropConnection }
        defer {
            stalling.stop()
            dropping.stop()
        }
        let closedPort = try FakeWebhookServer.closedPort()
        let blackHole = try #require(BlackHoleListener())
        let transport = makeTransport(
            .init(connectTimeout: .milliseconds(500), totalTimeout: .milliseconds(500), proxy: .disabled)
        )
        let secretPath = "/cgi-bin/webhook/send?key=SECRET-123"
        let urls = [
            "http://127.0.0.1:\(closedPort)\(secretPath)",
            "http://127.0.0.1:\(blackHole.port)\(secretPath)",
            stalling.url(secretPath),
            dropping.url(secretPath),
            "https://127.0.0.1:\(stalling.port)\(secretPath)",
            "https://user:SECRET-123@127.0.0.1:\(dropping.port)/hook/SECRET-123",
            "http://no-such-host.invalid\(secretPath)",
            "http://[::1\(secretPath)",
            "ftp://127.0.0.1\(secretPath)",
            "127.0.0.1:\(closedPort)\(secretPath)",
        ]

        var errors: [TransportError] = []
        for url in urls {
            if let error = await sendFailure(transport, jsonPost(url)) { errors.append(error) }
        }
        await transport.shutdown()

        #expect(errors.count == urls.count)
        for error in errors {
            for text in [error.description, String(reflecting: error), "\(error)", error.shortDescription] {
                #expect(!text.contains("SECRET-123"), "leaked in: \(text)")
            }
        }
    }
}
