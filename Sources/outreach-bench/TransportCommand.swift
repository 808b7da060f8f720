import ArgumentParser
import CurlTransport
import Foundation
import OutreachCore

/// Posts N copies of one body through CurlNoticeTransport alone, to separate the transport's cost
/// from the outbox's in the delivery benchmark.
struct TransportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transport", abstract: "Post N bodies through CurlNoticeTransport (no outbox).")

    @Option(help: "Receiver URL.") var url: String
    @Option(help: "Requests.") var count = 20_000
    @Option(help: "Sends at once.") var concurrency = 32

    func run() async throws {
        let body = Array(("{\"msgtype\":\"text\",\"text\":{\"content\":\"" + String(repeating: "a", count: 540) + "\"}}").utf8)
        let request = HTTPRequest(url: url, headers: [(name: "Content-Type", value: "application/json")], body: body)
        let start = ContinuousClock.now
        let failures = await withCurlNoticeTransport(configuration: .init(maxConcurrentTransfers: concurrency)) { transport in
            await withTaskGroup(of: Bool.self) { group in
                var sent = 0
                var failures = 0
                for _ in 0..<min(concurrency, count) {
                    group.addTask { (try? await transport.send(request))?.status == 200 }
                    sent += 1
                }
                for await ok in group {
                    if !ok { failures += 1 }
                    if sent < count {
                        group.addTask { (try? await transport.send(request))?.status == 200 }
                        sent += 1
                    }
                }
                return failures
            }
        }
        let seconds = Double(start.duration(to: .now).components.attoseconds) / 1e18 + Double(start.duration(to: .now).components.seconds)
        print("requests=\(count) seconds=\(seconds) failures=\(failures)")
    }
}
