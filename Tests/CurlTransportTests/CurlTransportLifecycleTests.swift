import OutreachTestSupport
import OutreachCore
import Testing

@testable import CurlTransport

struct CurlTransportLifecycleTests {
    @Test(.timeLimit(.minutes(1)))
    func cancellingAnInFlightSendThrowsCancelledAndFreesTheConnection() async throws {
        let server = try FakeWebhookServer { request in request.path == "/stall" ? .stall(.seconds(30)) : .ok }
        defer { server.stop() }
        let transport = makeTransport()
        let sending = Task { await sendFailure(transport, jsonPost(server.url("/stall"))) }
        #expect(await server.waitForRequests(1))

        sending.cancel()
        let error = await sending.value

        #expect(error == .cancelled)
        #expect(error?.isTransient == false)
        #expect(error?.outcomeUnknown == true)
        // The transport keeps working after a cancellation.
        let response = try await transport.send(jsonPost(server.url("/after")))
        #expect(response.status == 200)
        await transport.shutdown()
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingAQueuedSendRemovesItBeforeItStarts() async throws {
        let server = try FakeWebhookServer { _ in .stall(.seconds(30)) }
        defer { server.stop() }
        let transport = makeTransport(.init(maxConcurrentTransfers: 1))
        let first = Task { await sendFailure(transport, jsonPost(server.url("/first"))) }
        #expect(await server.waitForRequests(1))
        let second = Task { await sendFailure(transport, jsonPost(server.url("/second"))) }

        second.cancel()
        #expect(await second.value == .cancelled)
        first.cancel()
        #expect(await first.value == .cancelled)
        await transport.shutdown()

        #expect(server.requests.map(\.target) == ["/first"])
    }

    @Test(.timeLimit(.minutes(1)))
    func sendFromAnAlreadyCancelledTaskThrowsCancelled() async throws {
        let server = try FakeWebhookServer()
        defer { server.stop() }
        let transport = makeTransport()
        let sending = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await sendFailure(transport, jsonPost(server.url("/send")))
        }

        #expect(await sending.value == .cancelled)
        await transport.shutdown()
        #expect(server.requestCount == 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func abortingShutdownEndsStalledTransfersPromptly() async throws {
        let server = try FakeWebhookServer { _ in .stall(.seconds(30)) }
        defer { server.stop() }
        let transport = makeTransport(.init(maxConcurrentTransfers: 4))

        await withTaskGroup(of: TransportError?.self) { group in
            for index in 0..<6 {
                group.addTask { await sendFailure(transport, jsonPost(server.url("/send?n=\(index)"))) }
            }
            #expect(await server.waitForRequests(4))
            await transport.shutdown(abortingInFlight: true)
            for await error in group {
                #expect(error == .cancelled)
            }
        }

        #expect(server.requestCount == 4)  // the two queued sends never started
    }

    @Test(.timeLimit(.minutes(1)))
    func gracefulShutdownLetsRunningTransfersFinish() async throws {
        let server = try FakeWebhookServer { _ in .delay(.milliseconds(200), then: .ok) }
        defer { server.stop() }
        let transport = makeTransport()

        let statuses = await withTaskGroup(of: Int.self) { group in
            for index in 0..<5 {
                group.addTask { (try? await transport.send(jsonPost(server.url("/send?n=\(index)"))))?.status ?? -1 }
            }
            _ = await server.waitForRequests(5)
            await transport.shutdown()
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }

        #expect(statuses == [200, 200, 200, 200, 200])
        #expect(await sendFailure(transport, jsonPost(server.url("/late"))) == .cancelled)
    }

    @Test(.timeLimit(.minutes(1)))
    func droppingTheTransportStopsItsDriverThread() async throws {
        let server = try FakeWebhookServer()
        defer { server.stop() }
        var transport: CurlNoticeTransport? = makeTransport()
        _ = try await transport?.send(jsonPost(server.url("/send")))
        let queue = try #require(transport?.queue)

        transport = nil

        await queue.waitUntilStopped()  // returns only once the driver thread has left its loop
    }

    @Test(.timeLimit(.minutes(1)))
    func shutdownTwiceAndWithCurlTransportReturn() async throws {
        let server = try FakeWebhookServer()
        defer { server.stop() }
        _ = ProxyEnvironment.proxyServer
        let status = try await withCurlNoticeTransport { transport in
            try await transport.send(jsonPost(server.url("/send"))).status
        }
        #expect(status == 200)

        let transport = makeTransport()
        await transport.shutdown()
        await transport.shutdown(abortingInFlight: true)
    }
}
