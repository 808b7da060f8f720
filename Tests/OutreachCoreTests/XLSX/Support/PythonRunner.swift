import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of one `python3` run.
struct PythonResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
    var timedOut: Bool
}

/// Runs `python3` as a child process with a hard timeout.
///
/// Output goes to temporary files (not pipes) so a chatty child can never block on a
/// full pipe. On timeout the child is killed with SIGKILL, because a child started
/// from a test runner may ignore SIGTERM.
enum PythonRunner {
    /// Message shown whenever Python or openpyxl is unavailable.
    static let installHint = "python3 with openpyxl is required for this test: install it with `pip install openpyxl`"

    static func run(_ arguments: [String], timeout: TimeInterval = 60) throws -> PythonResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("stdout")
        let errorURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONIOENCODING"] = "utf-8"
        process.environment = environment
        try process.run()

        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        var timedOut = false
        if process.isRunning {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        try output.close()
        try error.close()
        let standardOutput = String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self)
        let standardError = String(decoding: (try? Data(contentsOf: errorURL)) ?? Data(), as: UTF8.self)
        return PythonResult(status: process.terminationStatus, standardOutput: standardOutput, standardError: standardError, timedOut: timedOut)
    }

    /// Runs a script that must print JSON; records a clear failure (never a skip) when
    /// Python or openpyxl is missing, the script times out, or it fails.
    static func runJSON(script: String, arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) -> Data? {
        let result: PythonResult
        do {
            result = try run(["-c", script] + arguments)
        } catch {
            Issue.record("Could not start python3 (\(error)). \(installHint)", sourceLocation: sourceLocation)
            return nil
        }
        if result.timedOut {
            Issue.record("python3 did not finish within 60 s and was killed. stderr: \(result.standardError)", sourceLocation: sourceLocation)
            return nil
        }
        if result.status == 127 {
            Issue.record("python3 was not found. \(installHint)", sourceLocation: sourceLocation)
            return nil
        }
        if result.status == 3 || result.standardError.contains("No module named 'openpyxl'") {
            Issue.record("openpyxl is not importable. \(installHint)\n\(result.standardError)", sourceLocation: sourceLocation)
            return nil
        }
        if result.status != 0 {
            Issue.record("python3 exited with \(result.status). stderr:\n\(result.standardError)", sourceLocation: sourceLocation)
            return nil
        }
        return Data(result.standardOutput.utf8)
    }
}
