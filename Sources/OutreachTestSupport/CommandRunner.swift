import Foundation

/// Runs the built `outreach` binary for end-to-end tests, like argument-parser's `AssertExecuteCommand`.
package struct CommandRunner: Sendable {
    package struct Result: Sendable {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    /// The folder the command runs in (a fresh temporary folder per test, removed with the last copy
    /// of its runner).
    package let directory: URL
    package let executable: URL
    private let folder: TemporaryFolder

    /// A runner in a new temporary folder; `files` are written into it first.
    package init(files: [String: String] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("outreach-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        folder = TemporaryFolder(directory)
        executable = try Self.locateExecutable()
        for (path, text) in files { try write(path, text) }
    }

    /// Writes a file relative to the folder.
    package func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    package func write(_ path: String, _ data: Data) throws {
        let url = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    package func read(_ path: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
    }

    package func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path)
    }

    /// Copies a folder of the repository (`seeds`, `campaigns`) into the test folder.
    package func copyFromRepository(_ name: String) throws {
        let source = Self.repositoryRoot.appendingPathComponent(name)
        try FileManager.default.copyItem(at: source, to: directory.appendingPathComponent(name))
    }

    /// Runs `outreach` with arguments; the environment is fixed (no colour, a fixed clock) unless overridden.
    /// A command still running after `timeout` seconds is killed and the test fails with ``RunnerError/timedOut(_:)``.
    package func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) async throws
        -> Result
    {
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": directory.path, "LANG": "C.UTF-8", "OUTREACH_NOW": "2026-11-29T09:00:00+08:00",
            "NO_COLOR": "1",
        ]
        for (key, value) in environment { env[key] = value }
        let outcome = try await ChildProcess.run(
            executable.path, arguments: arguments, environment: env, workingDirectory: directory.path, timeout: .seconds(timeout))
        if outcome.timedOut { throw RunnerError.timedOut(arguments) }
        return Result(status: outcome.status, stdout: outcome.standardOutput, stderr: outcome.standardError)
    }

    package enum RunnerError: Error, CustomStringConvertible {
        case timedOut([String])
        case executableNotFound
        package var description: String {
            switch self {
            case .timedOut(let arguments): "outreach \(arguments.joined(separator: " ")) did not finish in time"
            case .executableNotFound: "the built 'outreach' executable was not found; run 'swift build' first"
            }
        }
    }

    /// The repository's root folder (where Package.swift is).
    package static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }

    static func locateExecutable() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["OUTREACH_BIN"] { return URL(fileURLWithPath: path) }
        var candidates: [URL] = []
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            candidates.append(url.appendingPathComponent("outreach"))
        }
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/outreach"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw RunnerError.executableNotFound
        }
        return found
    }
}

/// Removes a test's temporary folder when the last runner holding it goes away.
private final class TemporaryFolder: Sendable {
    let url: URL
    init(_ url: URL) { self.url = url }
    deinit { try? FileManager.default.removeItem(at: url) }
}
