import Foundation
import OutreachTestSupport
import Testing

/// The helper the reader tests rely on must not hang on a stuck child.
struct PythonRunnerTests {
    @Test func childIgnoringSIGTERMIsKilledAtTheTimeout() async throws {
        let script = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('waiting', flush=True)\ntime.sleep(600)"
        let result = try await PythonRunner.run(["-c", script], timeout: .seconds(1))
        #expect(result.timedOut)
        #expect(result.status == SIGKILL)
        #expect(result.standardOutput == "waiting\n")
    }

    @Test func aScriptsOutputAndStatusComeBackInUTF8() async throws {
        let result = try await PythonRunner.run(["-c", "import sys; print('咸宁分行'); sys.exit(4)"])
        #expect(result.status == 4)
        #expect(result.standardOutput == "咸宁分行\n")
        #expect(!result.timedOut)
    }
}
