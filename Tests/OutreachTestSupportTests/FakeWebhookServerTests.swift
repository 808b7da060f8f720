import OutreachTestSupport
import Testing

struct FakeWebhookServerTests {
    @Test
    func keepAliveServesSeveralRequestsOnOneConnectionAndRecordsThem() throws {
        let server = try FakeWebhookServer()
        defer { server.stop() }
        let client = try #require(RawClient(port: server.port))

        client.write("POST /send?key=a HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{\"a\":1}")
        let first = try #require(client.readResponse())
        client.write(
            "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhiPOST /c HTTP/1.1\r\nContent-Length: 0\r\n\r\n"
        )
        let second = try #require(client.readResponse())
        let third = try #require(client.readResponse())

        #expect(first.status == 200)
        #expect(first.body == #"{"errcode":0,"errmsg":"ok"}"#)
        #expect(first.head.contains("Content-Type: application/json"))
        #expect(second.status == 200)
        #expect(third.status == 200)
        #expect(server.acceptedConnectionCount == 1)
        let requests = server.requests
        #expect(requests.map(\.target) == ["/send?key=a", "/b", "/c"])
        #expect(requests.map(\.sequence) == [1, 2, 3])
        #expect(requests.allSatisfy { $0.connectionID == 1 })
        #expect(requests[0].path == "/send")
        #expect(requests[0].query == "key=a")
        #expect(requests[0].bodyText == #"{"a":1}"#)
        #expect(requests[1].arrival <= requests[2].arrival)
    }

    @Test
    func handlerChoosesStatusHeadersAndBody() throws {
        let server = try FakeWebhookServer { request in
            .respond(status: 429, headers: [(name: "Retry-After", value: "3")], body: Array(request.target.utf8))
        }
        defer { server.stop() }
        let client = try #require(RawClient(port: server.port))

        client.write("GET /limited HTTP/1.1\r\n\r\n")
        let response = try #require(client.readResponse())

        #expect(response.status == 429)
        #expect(response.head.contains("Retry-After: 3"))
        #expect(response.body == "/limited")
    }

    @Test
    func expectContinueIsAnswered() throws {
        let server = try FakeWebhookServer()
        defer { server.stop() }
        let client = try #require(RawClient(port: server.port))

        client.write("POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        let interim = try #require(client.readResponse())
        client.write("ok")
        let final = try #require(client.readResponse())

        #expect(interim.status == 100)
        #expect(final.status == 200)
        #expect(server.requests.first?.bodyText == "ok")
    }

    @Test
    func dropConnectionClosesWithoutAnswer() throws {
        let server = try FakeWebhookServer { _ in .dropConnection }
        defer { server.stop() }
        let client = try #require(RawClient(port: server.port))

        client.write("POST /d HTTP/1.1\r\nContent-Length: 0\r\n\r\n")

        #expect(client.readResponse() == nil)
        #expect(server.requestCount == 1)
    }

    @Test
    func delayAnswersLate() throws {
        let server = try FakeWebhookServer { _ in .delay(.milliseconds(150), then: .json("{}", status: 202)) }
        defer { server.stop() }
        let client = try #require(RawClient(port: server.port))
        let started = ContinuousClock.now

        client.write("POST /late HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        let response = try #require(client.readResponse())

        #expect(response.status == 202)
        #expect(started.duration(to: .now) >= .milliseconds(150))
    }

    @Test
    func stopEndsStallsAndClosesConnectionsPromptly() throws {
        let server = try FakeWebhookServer { _ in .stall(.seconds(60)) }
        let clients = try (0..<3).map { _ in try #require(RawClient(port: server.port)) }
        for client in clients { client.write("POST /s HTTP/1.1\r\nContent-Length: 0\r\n\r\n") }
        let deadline = ContinuousClock.now + .seconds(5)
        while server.requestCount < 3, ContinuousClock.now < deadline {}  // spin (not sleep) until the stalls begin

        server.stop()

        for client in clients { #expect(client.readResponse() == nil) }
        // Not "a new connection to the port is refused": tests running beside this one bind port 0 too, and one
        // of them may be given the freed port at once (seen in CI). What was in flight ended, which is the point.
    }

    @Test
    func closedPortRefusesConnections() throws {
        let port = try FakeWebhookServer.closedPort()
        #expect(RawClient(port: port) == nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func waitForRequestsResumesOnArrivalAndOnStop() async throws {
        let server = try FakeWebhookServer()
        let client = try #require(RawClient(port: server.port))
        client.write("GET /one HTTP/1.1\r\n\r\n")

        #expect(await server.waitForRequests(1))
        async let never = server.waitForRequests(5)
        server.stop()
        #expect(await never == false)
    }
}
