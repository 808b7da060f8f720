import OutreachCore
import Synchronization
import Testing

/// `NoticeTransport.start(_:completion:)` as a transport that only knows `send` gets it: each request's result
/// reaches the callback exactly once with its index, and cancelling ends what is still running as `.cancelled`.
struct NoticeTransportStartTests {
    /// Answers each request with its body's first byte as the status after a pause; a pause of 0xFF never ends
    /// unless the task is cancelled.
    struct PausingTransport: NoticeTransport {
        func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
            let code = Int(request.body.first ?? 0)
            do {
                try await Task.sleep(for: code == 0xFF ? .seconds(600) : .milliseconds(code % 7))
            } catch {
                throw .cancelled
            }
            return HTTPResponse(status: 200 + code)
        }
    }

    private func requests(_ codes: [UInt8]) -> [HTTPRequest] {
        codes.map { HTTPRequest(url: "http://127.0.0.1:9/hook", body: [$0]) }
    }

    @Test func everyResultReachesTheCallbackOnceWithItsIndex() async throws {
        let codes: [UInt8] = [5, 1, 3, 0, 6, 2, 4, 9]
        let seen = Mutex<[Int: Int]>([:])
        _ = PausingTransport().start(requests(codes)) { index, result in
            seen.withLock { $0[index, default: 0] += 1 }
            #expect((try? result.get().status) == 200 + Int(codes[index]))
        }
        for _ in 0..<500 where seen.withLock({ $0.count }) < codes.count { try await Task.sleep(for: .milliseconds(10)) }
        #expect(seen.withLock { $0 } == Dictionary(uniqueKeysWithValues: codes.indices.map { ($0, 1) }))
    }

    @Test func cancellingEndsWhatIsStillRunningAsCancelled() async throws {
        let results = Mutex<[Int: Result<HTTPResponse, TransportError>]>([:])
        let started = PausingTransport().start(requests([1, 0xFF, 0xFF])) { index, result in
            results.withLock { $0[index] = result }
        }
        for _ in 0..<500 where results.withLock({ $0[0] == nil }) { try await Task.sleep(for: .milliseconds(10)) }
        started.cancel()
        for _ in 0..<500 where results.withLock({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(10)) }
        let final = results.withLock { $0 }
        #expect((try? final[0]?.get())?.status == 201)
        for index in [1, 2] {
            guard case .failure(.cancelled)? = final[index] else {
                Issue.record("request \(index): \(String(describing: final[index]))")
                continue
            }
        }
    }
}
