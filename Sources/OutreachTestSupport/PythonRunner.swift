import Foundation

/// Runs `python3` for the tests that check our output with a Python reader (openpyxl, ruamel.yaml,
/// `zipfile`), through ``ChildProcess`` like every other child process of the tests: output read as it
/// comes, the exit awaited without polling, and SIGKILL at the timeout.
package enum PythonRunner {
    /// Message shown whenever Python or openpyxl is unavailable.
    package static let installHint = "python3 with openpyxl is required for this test: install it with `pip install openpyxl`"

    /// Runs `python3 ARGUMENTS…` with UTF-8 standard streams.
    package static func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> ChildProcess.Outcome {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONIOENCODING"] = "utf-8"
        return try await ChildProcess.run("/usr/bin/env", arguments: ["python3"] + arguments, environment: environment, timeout: timeout)
    }

    /// Why a script's JSON could not be had; thrown out of a test, it fails the test with this message
    /// (never a skip).
    package struct Failure: Error, CustomStringConvertible {
        package var description: String

        package init(description: String) { self.description = description }
    }

    /// Runs a script that must print JSON; throws a clear failure when Python or openpyxl is missing,
    /// the script times out, or it fails.
    package static func runJSON(script: String, arguments: [String]) async throws -> Data {
        let result: ChildProcess.Outcome
        do {
            result = try await run(["-c", script] + arguments)
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
