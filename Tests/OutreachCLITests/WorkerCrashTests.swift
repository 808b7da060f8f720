import Foundation
import OutreachTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Kills `outreach worker` with SIGKILL at random moments while it drains a queue, restarts it each
/// time, and proves that every notice arrived and that a notice arrived twice only where the delivery
/// log shows an attempt whose outcome was unknown.
@Suite(.timeLimit(.minutes(5)))
struct WorkerCrashTests {
    /// Counts arrivals per `webhook-id` (the notice's stable id) and, when armed, kills the worker
    /// from the receiving thread itself at the chosen arrival, so the moment does not depend on how
    /// busy the test process is.
    final class Arrivals: Sendable {
        private struct State {
            var counts: [String: Int] = [:]
            var total = 0
            var trigger: (pid: Int32, at: Int)?
        }

        private let state = Mutex(State())

        func record(_ id: String) {
            let victim = state.withLock { state -> Int32? in
                state.counts[id, default: 0] += 1
                state.total += 1
                guard let trigger = state.trigger, state.total >= trigger.at else { return nil }
                state.trigger = nil
                return trigger.pid
            }
            if let victim { kill(victim, SIGKILL) }
        }

        /// Kills `pid` with SIGKILL when `more` further requests have arrived.
        func arm(pid: Int32, after more: Int) { state.withLock { $0.trigger = (pid, $0.total + more) } }
        func disarm() { state.withLock { $0.trigger = nil } }

        var snapshot: [String: Int] { state.withLock { $0.counts } }
    }

    static let total = 300

    @Test func killingTheWorkerRepeatedlyLosesNothing() async throws {
        let arrivals = Arrivals()
        // A receiver that takes a few milliseconds per reply, like a real one, so kills land mid-send.
        let server = try FakeWebhookServer(recordRequests: false) { request in
            arrivals.record(request.header("webhook-id") ?? "?")
            return .delay(.milliseconds(3), then: .json(#"{"errcode":0,"errmsg":"ok"}"#))
        }
        defer { server.stop() }
        let runner = try CommandRunner(files: [
            "outreach.yaml": """
                notify:
                  quiet_hours: off
                  targets:
                    - name: receiver
                      kind: webhook
                      key_env: HOOK_URL

                """
        ])
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        // Real time for leases and the log, instead of the runner's fixed clock.
        let environment = ["HOOK_URL": server.url("/hook"), "OUTREACH_NOW": "", "no_proxy": "127.0.0.1"]
        let bench = runner.executable.deletingLastPathComponent().appendingPathComponent("outreach-bench")
        let enqueue = try Self.start(
            bench, ["notices", "--target", "receiver", "--count", String(Self.total)], in: runner, environment: environment)
        await Self.waitForExit(enqueue)
        #expect(enqueue.terminationStatus == 0)

        var kills = 0
        while kills < 6 {
            let remaining = Self.total - arrivals.snapshot.count
            guard remaining > 40 else { break }
            let worker = try Self.start(
                runner.executable, ["worker", "--concurrency", "4", "--lang", "en"], in: runner, environment: environment)
            arrivals.arm(pid: worker.processIdentifier, after: Int.random(in: 3...25))
            await Self.waitForExit(worker)
            arrivals.disarm()
            #expect(worker.terminationReason == .uncaughtSignal, "the worker exited by itself: \(worker.terminationStatus)")
            guard worker.terminationReason == .uncaughtSignal else { return }
            kills += 1
        }
        #expect(kills >= 5)

        // A last worker drains the rest: the dead workers' leases are taken over at once.
        let last = try await runner.run(["worker", "--once", "--lang", "en"], environment: environment)
        #expect(last.status == 0, "\(last.stderr)")

        // Every notice arrived and is recorded as sent.
        let expected = Set((0..<Self.total).map { "msg_bench_\($0)_receiver" })
        let received = arrivals.snapshot
        #expect(Set(received.keys) == expected)
        let sent = try await runner.run(["notify", "queue", "--state", "sent", "--limit", "1000", "--format", "json"])
        #expect(Self.objects(sent.stdout).count == Self.total)
        #expect(Self.objects(try await runner.run(["notify", "queue", "--format", "json"]).stdout).isEmpty)

        // Duplicates only where the log shows an unknown outcome; exactly one success per notice.
        let log = Self.objects(try await runner.run(["notify", "log", "--limit", "100000", "--format", "json"]).stdout)
        var outcomes: [String: [String]] = [:]
        for attempt in log {
            guard let key = attempt["key"] as? String else { continue }
            outcomes[key, default: []].append(attempt["outcome"] as? String ?? "none")
        }
        let unknown = outcomes.values.reduce(0) { $0 + $1.filter { $0 == "unknown" }.count }
        let duplicates = received.values.filter { $0 > 1 }.count
        print("crash test: \(kills) kills, \(log.count) attempts, \(unknown) with unknown outcome, \(duplicates) notices arrived twice")
        for index in 0..<Self.total {
            let key = "bench:\(index):receiver"
            let id = "msg_bench_\(index)_receiver"
            #expect(outcomes[key]?.filter { $0 == "sent" }.count == 1, "\(key): \(outcomes[key] ?? [])")
            if let count = received[id], count > 1 {
                #expect(outcomes[key]?.contains("unknown") == true, "\(key) arrived \(count) times without an unknown outcome")
            }
            #expect(outcomes[key]?.contains("none") == false)
        }
    }

    @Test func sigtermStopsTheWorkerGracefully() async throws {
        let server = try FakeWebhookServer(recordRequests: false)
        defer { server.stop() }
        let runner = try CommandRunner(files: [
            "outreach.yaml": "notify:\n  targets:\n    - {name: receiver, kind: webhook, key_env: HOOK_URL}\n"
        ])
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        let out = Pipe(), err = Pipe()
        let worker = Process()
        worker.executableURL = runner.executable
        worker.arguments = ["worker", "--lang", "en"]
        worker.currentDirectoryURL = runner.directory
        worker.environment = [
            "PATH": "/usr/bin:/bin", "HOME": runner.directory.path, "LANG": "C.UTF-8", "NO_COLOR": "1",
            "HOOK_URL": server.url("/hook"),
        ]
        worker.standardOutput = out
        worker.standardError = err
        try worker.run()
        // The worker logs that it started once its service group handles SIGTERM.
        #expect(await Self.waitForLine(err, containing: "Worker started."))
        kill(worker.processIdentifier, SIGTERM)
        await Self.waitForExit(worker)
        #expect(worker.terminationReason == .exit)
        #expect(worker.terminationStatus == 0)
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.hasPrefix("Delivered 0 notices;"))
    }

    static func objects(_ json: String) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]) ?? []
    }

    /// Starts a program in the runner's folder, output discarded.
    static func start(_ executable: URL, _ arguments: [String], in runner: CommandRunner, environment: [String: String]) throws
        -> Process
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = runner.directory
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": runner.directory.path,
            "LANG": "C.UTF-8", "NO_COLOR": "1",
        ]
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Reads a pipe on a thread of its own until a line contains `marker`; false at end of file.
    static func waitForLine(_ pipe: Pipe, containing marker: String) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var seen = Data()
                while true {
                    let chunk = pipe.fileHandleForReading.availableData
                    if chunk.isEmpty {
                        continuation.resume(returning: false)
                        return
                    }
                    seen.append(chunk)
                    if String(decoding: seen, as: UTF8.self).contains(marker) {
                        continuation.resume(returning: true)
                        return
                    }
                }
            }
        }
    }

    /// Waits until the process has ended.
    static func waitForExit(_ process: Process) async {
        let exited = AsyncStream<Void> { continuation in
            process.terminationHandler = { _ in continuation.finish() }
            if !process.isRunning { continuation.finish() }
        }
        for await _ in exited {}
        process.waitUntilExit()
    }
}
