import ArgumentParser
import Foundation
import OutreachTestSupport

/// The benchmark receiver: the project's FakeWebhookServer on 127.0.0.1, answering every request with
/// `{"errcode":0,"errmsg":"ok"}` over keep-alive connections, until the process is stopped.
struct ReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Run a local webhook receiver answering {\"errcode\":0,\"errmsg\":\"ok\"}; prints its port."
    )

    @Option(help: "Write the port to this file (besides standard output).") var portFile: String?

    func run() throws {
        let server = try FakeWebhookServer(recordRequests: false)
        if let portFile { try String(server.port).write(toFile: portFile, atomically: true, encoding: .utf8) }
        FileHandle.standardOutput.write(Data("port=\(server.port)\n".utf8))
        while true { sleep(3600) }
    }
}
