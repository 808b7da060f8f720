import CurlTransport
import OutreachTestSupport
import OutreachCore
import Synchronization
import Testing

struct CurlTransportDeliveryTests {
    @Test(.timeLimit(.minutes(1)))
    func postReachesServerWithExactBytesAndHeaders() async throws {
        let server = try FakeWebhookServer()
        defer { server.stop() }
        let transport = makeTransport()
        let json = #"{"msgtype":"text","text":{"content":"城东支行 3月15日 反诈宣传活动，请准时到场 ✅"}}"#
        let request = HTTPRequest(
            url: server.url("/cgi-bin/webhook/send?key=abc-123"),
            headers: [
                (name: "Content-Type", value: "application/json; charset=utf-8"),
                (name: "X-Outreach-Trace", value: "t-42"),
                (name: "X-Empty", value: ""),
            ],
            body: Array(json.utf8)
        )

        let response = try await transport.send(request)
        await transport.shutdown()

        #expect(response.status == 200)
        let received = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(received.method == "POST")
        #expect(received.target == "/cgi-bin/webhook/send?key=abc-123")
        #expect(received.body == Array(json.utf8))
        #expect(received.bodyText == json)
        #expect(received.header("content-type") == "application/json; charset=utf-8")
        #expect(received.header("X-Outreach-Trace") == "t-42")
        #expect(received.headers(named: "X-Empty") == [""])
        #expect(received.header("Content-Length") == String(json.utf8.count))
        #expect(received.header("User-Agent") == "Outreach/1.0 libcurl")
        #expect(received.header("Expect") == nil)
        #expect(received.header("Host") == "127.0.0.1:\(server.port)")
    }

    @Test(.timeLimit(.minutes(1)))
    func binaryBodyWithNULBytesArrivesIntact() async throws {
        let server = try FakeWebhookServer()
        defer { server.stop() }
        let transport = makeTransport()
        let body: [UInt8] = [0, 1, 2, 0, 255, 0x7B, 0, 0x7D, 0]

        _ = try await transport.send(HTTPRequest(url: server.url("/bin"), body: body))
        await transport.shutdown()

        #expect(server.requests.first?.body == body)
    }

    @Test(.timeLimit(.minutes(1)))
    func statusBodyHeadersAndElapsedComeBack() async throws {
        let reply = #"{"errcode":93000,"errmsg":"invalid webhook url"}"#
        let server = try FakeWebhookServer { _ in
            .respond(
                status: 503,
                headers: [(name: "Content-Type", value: "application/json"), (name: "X-Vendor-Trace", value: "v-7")],
                body: Array(reply.utf8)
            )
        }
        defer { server.stop() }
        let transport = makeTransport()

        let response = try await transport.send(jsonPost(server.url("/send")))
        await transport.shutdown()

        #expect(response.status == 503)
        #expect(response.body == Array(reply.utf8))
        #expect(response.header("x-vendor-trace") == "v-7")
        #expect(response.header("CONTENT-TYPE") == "application/json")
        #expect(response.header("Content-Length") == String(reply.utf8.count))
        #expect(response.elapsed > .zero)
    }

    @Test(.timeLimit(.minutes(1)))
    func concurrentSendsAllCompleteOverReusedConnections() async throws {
        let server = try FakeWebhookServer()
        defer { server.stop() }
        let transport = makeTransport(.init(maxConcurrentTransfers: 16))

        let statuses = await withTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let response = try? await transport.send(jsonPost(server.url("/send?n=\(index)")))
                    return response?.status ?? -1
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        await transport.shutdown()

        #expect(statuses.count == 200)
        #expect(statuses.allSatisfy { $0 == 200 })
        #expect(server.requestCount == 200)
        #expect(Set(server.requests.map(\.target)).count == 200)
        #expect(server.acceptedConnectionCount <= 16)
        #expect(server.acceptedConnectionCount < server.requestCount)
    }

    @Test(.timeLimit(.minutes(1)))
    func sequentialSendsShareOneConnection() async throws {
        let server = try FakeWebhookServer()
        defer { server.stop() }
        let transport = makeTransport()

        for index in 0..<20 {
            _ = try await transport.send(jsonPost(server.url("/send?n=\(index)")))
        }
        await transport.shutdown()

        #expect(server.requestCount == 20)
        #expect(server.acceptedConnectionCount == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func methodsDoNotLeakIntoTheNextRequestOnAPooledHandle() async throws {
        let server = try FakeWebhookServer()
        defer { server.stop() }
        let transport = makeTransport(.init(maxConcurrentTransfers: 1))
        let requests = [
            HTTPRequest(url: server.url("/put"), method: "PUT", body: Array("p".utf8)),
            HTTPRequest(url: server.url("/head"), method: "HEAD"),
            HTTPRequest(url: server.url("/get"), method: "GET"),
            HTTPRequest(url: server.url("/delete"), method: "DELETE"),
            HTTPRequest(url: server.url("/post"), body: Array("q".utf8)),
        ]

        for request in requests { _ = try await transport.send(request) }
        await transport.shutdown()

        let seen = server.requests
        #expect(seen.map(\.method) == ["PUT", "HEAD", "GET", "DELETE", "POST"])
        #expect(seen.map(\.bodyText) == ["p", "", "", "", "q"])
        #expect(seen.map { $0.header("Content-Length") } == ["1", nil, nil, "0", "1"])
    }

    @Test(.timeLimit(.minutes(1)))
    func proxyFromEnvironmentIsUsedExceptForNoProxyHosts() async throws {
        let proxy = try #require(ProxyEnvironment.proxyServer)
        let direct = try FakeWebhookServer()
        defer { direct.stop() }
        let transport = makeTransport()

        let viaProxy = try await transport.send(jsonPost("http://proxied.outreach.test/send?key=p-1"))
        let viaDirect = try await transport.send(jsonPost(direct.url("/send?key=d-1")))
        await transport.shutdown()

        #expect(viaProxy.body == Array(#"{"via":"proxy"}"#.utf8))
        #expect(proxy.requests.contains { $0.target == "http://proxied.outreach.test/send?key=p-1" })
        #expect(viaDirect.status == 200)
        #expect(direct.requests.map(\.target) == ["/send?key=d-1"])
        #expect(!proxy.requests.contains { $0.target.contains("d-1") })
    }

    @Test(.timeLimit(.minutes(1)))
    func explicitProxyOverridesEnvironment() async throws {
        let explicitProxy = try FakeWebhookServer()
        defer { explicitProxy.stop() }
        let transport = makeTransport(.init(proxy: .url(explicitProxy.baseURL)))

        let response = try await transport.send(jsonPost("http://explicit.outreach.test/send?key=e-1"))
        await transport.shutdown()

        #expect(response.status == 200)
        #expect(explicitProxy.requests.map(\.target) == ["http://explicit.outreach.test/send?key=e-1"])
    }
}

/// The hook after each turn of the driver: it runs on the driver thread once the turn's completions have been
/// called, so a caller can gather them; sends it starts go out; nil stops it.
struct CurlTransportTurnTests {
    final class Seen: Sendable {
        private let state = Mutex<(ended: Int, atTurns: [Int], started: Bool)>((0, [], false))
        func ended() { state.withLock { $0.ended += 1 } }
        /// Records the ends seen so far; true the first time (the hook then starts one more send).
        func turn() -> Bool {
            state.withLock { state in
                state.atTurns.append(state.ended)
                defer { state.started = true }
                return !state.started
            }
        }
        var counts: (ended: Int, atTurns: [Int]) { state.withLock { ($0.ended, $0.atTurns) } }
    }

    @Test(.timeLimit(.minutes(1)))
    func theHookRunsAfterEachTurnsCompletionsAndMayStartMore() async throws {
        let server = try FakeWebhookServer()
        defer { server.stop() }
        let transport = makeTransport()
        let seen = Seen()
        let done = AsyncStream<Void>.makeStream()
        let request = HTTPRequest(url: server.url("/turn"), body: Array(#"{"a":1}"#.utf8))
        let completion: @Sendable (Int, Result<HTTPResponse, TransportError>) -> Void = { _, result in
            if case .success(let response) = result, response.status == 200 { seen.ended() }
        }
        #expect(transport.afterEachTurn {
            // One more send from the hook itself, on the driver thread.
            if seen.turn() { _ = transport.start([request], completion: completion) }
            if seen.counts.ended == 6 { done.continuation.yield() }
        })
        _ = transport.start(Array(repeating: request, count: 5), completion: completion)
        for await _ in done.stream { break }
        let (ended, atTurns) = seen.counts
        #expect(ended == 6)
        #expect(!atTurns.isEmpty)
        #expect(atTurns.allSatisfy { $0 >= 1 }, "a turn with no end before it: \(atTurns)")
        #expect(atTurns == atTurns.sorted(), "turns out of order: \(atTurns)")
        #expect(atTurns.last == 6, "the last turn came before the last end: \(atTurns)")
        #expect(server.requests.count == 6)

        #expect(transport.afterEachTurn(nil))
        let before = seen.counts.atTurns.count
        _ = try await transport.send(request)
        #expect(seen.counts.atTurns.count == before)
        await transport.shutdown()
    }
}
