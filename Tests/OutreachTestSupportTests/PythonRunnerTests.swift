import Foundation
import OutreachTestSupport
import Testing

/// The helper the reader tests rely on must not hang on a stuck child.
struct PythonRunnerTests {
    @Test func childIgnoringSIGTERMIsKilledAtTheTimeout() throws {
        let started = Date()
        let script = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('waiting', flush=True)\ntime.sleep(30)"
        let result = try PythonRunner.run(["-c", script], timeout: 1)
        #expect(result.timedOut)
        #expect(result.status == SIGKILL)
        #expect(Date().timeIntervalSince(started) < 15)
    }
}
