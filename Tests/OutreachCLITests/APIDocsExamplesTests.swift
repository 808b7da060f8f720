import Foundation
import OutreachTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every `sh` example of docs/api.md, run with `curl` against `outreach serve` over the shipped seeds and
/// campaigns, with a token made by `outreach token create`: each must succeed as written.
@Suite(.timeLimit(.minutes(3)))
struct APIDocsExamplesTests {
    /// The `sh` blocks of the document that call curl.
    static func examples() throws -> [String] {
        let text = try String(contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("docs/api.md"), encoding: .utf8)
        var blocks: [String] = []
        var current: [String]?
        for line in text.components(separatedBy: "\n") {
            if current == nil, line == "```sh" {
                current = []
            } else if current != nil, line == "```" {
                if let block = current, block.contains(where: { $0.contains("curl ") }) { blocks.append(block.joined(separator: "\n")) }
                current = nil
            } else if current != nil {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test func theCurlExamplesRunAgainstAServedCopy() async throws {
        let examples = try Self.examples()
        #expect(examples.count >= 8)
        let runner = try CommandRunner(files: ["outreach.yaml": "server:\n  port: 0\n"])
        try runner.copyFromRepository("seeds")
        try runner.copyFromRepository("campaigns")
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["import", "campaigns"]).status == 0)
        #expect(try await runner.run(["user", "add", "wang.fang", "--role", "admin", "--display-name", "王芳"]).status == 0)
        let created = try await runner.run(["token", "create", "--user", "wang.fang", "--name", "docs"])
        let token = try #require(created.stdout.split(separator: "\n").last.map(String.init))
        #expect(token.hasPrefix("otk_"))

        let out = Pipe(), err = Pipe()
        let server = SpawnedProcess()
        server.executableURL = runner.executable
        server.arguments = ["serve", "--host", "127.0.0.1", "--lang", "en"]
        server.currentDirectoryURL = runner.directory
        server.environment = [
            "PATH": "/usr/bin:/bin", "HOME": runner.directory.path, "LANG": "C.UTF-8", "NO_COLOR": "1",
            "OUTREACH_NOW": "2027-03-16T10:00:00+08:00",
        ]
        server.standardOutput = out
        server.standardError = err
        server.standardInput = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let printed = await ServeCommandTests.read(out, until: "/ (SIGTERM")
        let port = try #require(ServeCommandTests.port(in: printed), "\(printed)")

        for example in examples {
            let outcome = try await ChildProcess.run(
                "/bin/sh", arguments: ["-e", "-c", example],
                environment: ["PATH": "/usr/bin:/bin", "OUTREACH": "http://127.0.0.1:\(port)", "TOKEN": token, "LANG": "C.UTF-8"],
                workingDirectory: runner.directory.path, timeout: .seconds(30))
            #expect(outcome.status == 0, "\(example)\n→ \(outcome.standardOutput)\n\(outcome.standardError)")
            #expect(!outcome.standardOutput.contains("\"status\": 4"), "\(example)\n→ \(outcome.standardOutput)")
            if example.contains("If-None-Match") { #expect(outcome.standardOutput.hasSuffix("304\n"), "\(outcome.standardOutput)") }
        }

        kill(server.processIdentifier, SIGTERM)
        await ServeCommandTests.waitForExit(server)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!log.contains(token), "the token is in the log")
        #expect(log.contains("api.token="), "\(log)")
    }
}
