import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs a child process for a test with swift-subprocess: output read as it comes (a chatty child never
/// blocks on a full pipe), the exit awaited without polling, and a hard timeout.
///
/// At the timeout the child is sent SIGKILL, not SIGTERM: a child started from a test runner inherits
/// libdispatch's blocked signal mask and may ignore SIGTERM (toolchain.md).
package enum ChildProcess {
    package struct Outcome: Sendable {
        /// The exit code, or the number of the signal that ended the child.
        package var status: Int32
        package var standardOutput: String
        package var standardError: String
        /// Whether the timeout killed it (the output is what it wrote until then).
        package var timedOut: Bool
    }

    /// Runs `executable` (a path) with `arguments`.
    /// - Parameters:
    ///   - environment: The whole environment of the child.
    ///   - workingDirectory: The folder it runs in; the test's own when nil.
    ///   - timeout: How long it may run before it is killed.
    package static func run(
        _ executable: String, arguments: [String], environment: [String: String], workingDirectory: String? = nil,
        timeout: Duration
    ) async throws -> Outcome {
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments),
            // Keys as strings: swift-subprocess 1.0.2 copies a raw-bytes entry with strdup, which reads past an
            // entry that has no NUL at its end.
            environment: .custom(Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0), $1) })),
            workingDirectory: workingDirectory.map { FilePath($0) }, input: .none, output: .sequence, error: .sequence
        ) { execution in
            try await withThrowingTaskGroup(of: Part.self) { group in
                group.addTask { .output(try await collect(execution.standardOutput)) }
                group.addTask { .error(try await collect(execution.standardError)) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    try? execution.send(signal: .kill)
                    return .timedOut
                }
                var outcome = Outcome(status: 0, standardOutput: "", standardError: "", timedOut: false)
                var streamsOpen = 2
                while streamsOpen > 0, let part = try await group.next() {
                    switch part {
                    case .output(let text): outcome.standardOutput = text; streamsOpen -= 1
                    case .error(let text): outcome.standardError = text; streamsOpen -= 1
                    case .timedOut: outcome.timedOut = true
                    }
                }
                // Both streams ended: the child has closed them (exited, or was killed); stop the timer.
                group.cancelAll()
                return outcome
            }
        }
        var outcome = result.closureResult
        switch result.terminationStatus {
        case .exited(let code): outcome.status = Int32(code)
        case .signaled(let signal): outcome.status = Int32(signal)
        }
        return outcome
    }

    private enum Part: Sendable {
        case output(String)
        case error(String)
        case timedOut
    }

    private static func collect(_ sequence: SubprocessOutputSequence) async throws -> String {
        var bytes: [UInt8] = []
        for try await buffer in sequence {
            buffer.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
