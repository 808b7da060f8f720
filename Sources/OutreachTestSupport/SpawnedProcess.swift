internal import CSpawn
import Foundation
import Glibc
import Synchronization

/// A child process the tests start and watch (a server, a worker they kill), with the part of Foundation's
/// `Process` they use, started with `posix_spawn`.
///
/// Foundation's `Process.run()` on Linux copies every `/proc/self/fd` entry's whole 256-byte name field and so
/// reads past glibc's directory buffer; now and then the next page is not mapped and the test process crashes
/// (swift-corelibs-foundation pull request 5472, seen here once in a full test run). This starts the child
/// without that: the child closes every descriptor above 2 itself (`posix_spawn_file_actions_addclosefrom_np`),
/// starts in its own process group with the default signal dispositions and nothing blocked, so a SIGTERM the
/// test sends is handled as it would be from a shell.
package final class SpawnedProcess: @unchecked Sendable {
    package var executableURL: URL?
    package var arguments: [String]?
    /// The whole environment of the child; the test process's when nil.
    package var environment: [String: String]?
    package var currentDirectoryURL: URL?
    /// A `Pipe` or a `FileHandle`; nil inherits the test process's.
    package var standardInput: Any?
    package var standardOutput: Any?
    package var standardError: Any?
    /// Called once, on a thread of its own, when the child has ended.
    package var terminationHandler: (@Sendable (SpawnedProcess) -> Void)?

    private struct State {
        var pid: pid_t = 0
        var started = false
        var status: Int32?
    }

    private let state = Mutex(State())
    private let ended = DispatchSemaphore(value: 0)

    package init() {}

    package var processIdentifier: Int32 { state.withLock { $0.pid } }
    package var isRunning: Bool { state.withLock { $0.started && $0.status == nil } }

    /// The exit code, or the number of the signal that ended the child.
    package var terminationStatus: Int32 {
        guard let status = state.withLock({ $0.status }) else { return 0 }
        return Self.exited(status) ? (status >> 8) & 0xFF : status & 0x7F
    }

    package var terminationReason: Process.TerminationReason {
        guard let status = state.withLock({ $0.status }) else { return .exit }
        return Self.exited(status) ? .exit : .uncaughtSignal
    }

    private static func exited(_ status: Int32) -> Bool { status & 0x7F == 0 }

    package func run() throws {
        guard let path = executableURL?.path else { throw POSIXError(.ENOENT) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        let streams: [(Any?, Int32, Bool)] = [(standardInput, 0, true), (standardOutput, 1, false), (standardError, 2, false)]
        for (stream, target, reads) in streams {
            guard let descriptor = Self.descriptor(of: stream, reads: reads) else { continue }
            if descriptor < 0 || (stream as? FileHandle) === FileHandle.nullDevice {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", reads ? O_RDONLY : O_WRONLY, 0)
            } else {
                posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            }
        }
        cspawn_addclosefrom(&actions, 3)
        if let directory = currentDirectoryURL?.path {
            cspawn_addchdir(&actions, directory)
        }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = [path] + (arguments ?? [])
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0)=\($1)" }
        var pid: pid_t = 0
        let result = Self.withCStrings(argv) { argv in
            Self.withCStrings(env) { envp in posix_spawn(&pid, path, &actions, &attributes, argv, envp) }
        }
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        state.withLock {
            $0.pid = pid
            $0.started = true
        }
        // The child has its ends of the pipes now; the parent's copies would keep a reader from ever seeing the end.
        if let pipe = standardInput as? Pipe { try? pipe.fileHandleForReading.close() }
        if let pipe = standardOutput as? Pipe { try? pipe.fileHandleForWriting.close() }
        if let pipe = standardError as? Pipe { try? pipe.fileHandleForWriting.close() }

        let child = pid
        let thread = Thread { [self] in
            var status: Int32 = 0
            while waitpid(child, &status, 0) == -1, errno == EINTR {}
            state.withLock { $0.status = status }
            ended.signal()
            terminationHandler?(self)
        }
        thread.name = "spawned-\(child)"
        thread.start()
    }

    /// Blocks until the child has ended (at once when it has).
    package func waitUntilExit() {
        guard state.withLock({ $0.started }) else { return }
        ended.wait()
        ended.signal()  // for a later wait
    }

    package func interrupt() { signal(SIGINT) }
    package func terminate() { signal(SIGTERM) }

    private func signal(_ number: Int32) {
        let pid = processIdentifier
        if pid > 0, isRunning { kill(pid, number) }
    }

    private static func descriptor(of stream: Any?, reads: Bool) -> Int32? {
        if let pipe = stream as? Pipe {
            return reads ? pipe.fileHandleForReading.fileDescriptor : pipe.fileHandleForWriting.fileDescriptor
        }
        if let handle = stream as? FileHandle { return handle.fileDescriptor }
        return nil
    }

    /// A NULL-terminated array of C strings for the length of `body`.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}
