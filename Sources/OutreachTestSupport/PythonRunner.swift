import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of one `python3` run.
package struct PythonResult: Sendable {
    package var status: Int32
    package var standardOutput: String
    package var standardError: String
    package var timedOut: Bool
}

/// Runs `python3` as a child process with a hard timeout.
///
/// Output goes to temporary files (not pipes) so a chatty child can never block on a
/// full pipe. On timeout the child is killed with SIGKILL, because a child started
/// from a test runner may ignore SIGTERM.
///
/// Still Foundation's `Process`, not swift-subprocess like ``CommandRunner``: its callers are synchronous
/// tests, and an async run's timer waits for a free cooperative thread, so under the whole suite's load on
/// two cores a 1-second timeout fired after about 20 s (``ChildProcess`` is fine where that does not matter).
package enum PythonRunner {
    /// Message shown whenever Python or openpyxl is unavailable.
    package static let installHint = "python3 with openpyxl is required for this test: install it with `pip install openpyxl`"

    package static func run(_ arguments: [String], timeout: TimeInterval = 60) throws -> PythonResult {
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
        // Waits for the exit without polling; the timeout kills a script that hangs.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()

        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
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

    /// Why a script's JSON could not be had; thrown out of a test, it fails the test with this message
    /// (never a skip).
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Runs a script that must print JSON; throws a clear failure when Python or openpyxl is missing,
    /// the script times out, or it fails.
    package static func runJSON(script: String, arguments: [String]) throws -> Data {
        let result: PythonResult
        do {
            result = try run(["-c", script] + arguments)
        } catch {
            throw Failure(description: "Could not start python3 (\(error)). \(installHint)")
        }
        if result.timedOut {
            throw Failure(description: "python3 did not finish within 60 s and was killed. stderr: \(result.standardError)")
        }
        if result.status == 127 {
            throw Failure(description: "python3 was not found. \(installHint)")
        }
        if result.status == 3 || result.standardError.contains("No module named 'openpyxl'") {
            throw Failure(description: "openpyxl is not importable. \(installHint)\n\(result.standardError)")
        }
        if result.status != 0 {
            throw Failure(description: "python3 exited with \(result.status). stderr:\n\(result.standardError)")
        }
        return Data(result.standardOutput.utf8)
    }
}
