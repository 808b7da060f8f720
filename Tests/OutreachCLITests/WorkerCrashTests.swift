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
    static let concurrency = 4

    /// The crash bound: one `kill -9` repeats at most `--concurrency` deliveries, and only those whose
    /// outcome the log shows as unknown. The kill moments come from a seeded generator; the seed is
    /// printed with every failure (set `OUTREACH_TEST_SEED` to replay one).
    @Test func killingTheWorkerRepeatedlyLosesNothingAndRepeatsAtMostWhatWasInFlight() async throws {
        let seed = ProcessInfo.processInfo.environment["OUTREACH_TEST_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        var random = SeededGenerator(seed: seed)
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

        /// Notices that arrived more than once so far.
        func repeats() -> Int { arrivals.snapshot.values.reduce(0) { $0 + max(0, $1 - 1) } }
        var kills = 0
        var repeatsPerRun: [Int] = []
        var openPerKill: [Int] = []
        while kills < 6 {
            let remaining = Self.total - arrivals.snapshot.count
            guard remaining > 40 else { break }
            let before = repeats()
            let worker = try Self.start(
                runner.executable, ["worker", "--concurrency", String(Self.concurrency), "--lang", "en"], in: runner,
                environment: environment)
            arrivals.arm(pid: worker.processIdentifier, after: Int.random(in: 3...25, using: &random))
            await Self.waitForExit(worker)
            arrivals.disarm()
            #expect(worker.terminationReason == .uncaughtSignal, "the worker exited by itself: \(worker.terminationStatus) (seed \(seed))")
            guard worker.terminationReason == .uncaughtSignal else { return }
            kills += 1
            repeatsPerRun.append(repeats() - before)
            // What the kill left in flight: attempts started with no outcome. Only these may arrive again.
            let log = Self.objects(try await runner.run(["notify", "log", "--limit", "100000", "--format", "json"]).stdout)
            openPerKill.append(log.filter { $0["outcome"] as? String == nil }.count)
        }
        #expect(kills >= 5, "seed \(seed)")

        // A last worker drains the rest: the dead workers' leases are taken over at once.
        let before = repeats()
        let last = try await runner.run(["worker", "--once", "--lang", "en"], environment: environment)
        #expect(last.status == 0, "\(last.stderr)")
        repeatsPerRun.append(repeats() - before)
        print("crash test (seed \(seed)): attempts left in flight by each kill: \(openPerKill); repeats per worker run: \(repeatsPerRun)")
        for (kill, count) in openPerKill.enumerated() {
            #expect(count <= Self.concurrency, "kill \(kill) left \(count) attempts in flight, more than --concurrency \(Self.concurrency) (seed \(seed))")
        }
        // Every repeat is one of those: the total is bounded by kills × concurrency.
        #expect(repeats() <= openPerKill.reduce(0, +), "\(repeats()) repeats, \(openPerKill) left in flight (seed \(seed))")

        // Every notice arrived and is recorded as sent.
        let expected = Set((0..<Self.total).map { "msg_bench_\($0)_receiver" })
        let received = arrivals.snapshot
        #expect(Set(received.keys) == expected, "seed \(seed)")
        let sent = try await runner.run(["notify", "queue", "--state", "sent", "--limit", "1000", "--format", "json"])
        #expect(Self.objects(sent.stdout).count == Self.total)
        #expect(Self.objects(try await runner.run(["notify", "queue", "--format", "json"]).stdout).isEmpty)

        // Duplicates only where the log shows an unknown outcome; exactly one success per notice; at most
        // `--concurrency` unknown outcomes per kill.
        let log = Self.objects(try await runner.run(["notify", "log", "--limit", "100000", "--format", "json"]).stdout)
        var outcomes: [String: [String]] = [:]
        for attempt in log {
            guard let key = attempt["key"] as? String else { continue }
            outcomes[key, default: []].append(attempt["outcome"] as? String ?? "none")
        }
        let unknown = outcomes.values.reduce(0) { $0 + $1.filter { $0 == "unknown" }.count }
        let duplicates = received.values.filter { $0 > 1 }.count
        print("crash test (seed \(seed)): \(kills) kills, \(log.count) attempts, \(unknown) with unknown outcome, \(duplicates) notices arrived twice")
        #expect(unknown <= kills * Self.concurrency, "\(unknown) unknown outcomes after \(kills) kills (seed \(seed))")
        for index in 0..<Self.total {
            let key = "bench:\(index):receiver"
            let id = "msg_bench_\(index)_receiver"
            #expect(outcomes[key]?.filter { $0 == "sent" }.count == 1, "\(key): \(outcomes[key] ?? []) (seed \(seed))")
            if let count = received[id], count > 1 {
                #expect(outcomes[key]?.contains("unknown") == true, "\(key) arrived \(count) times without an unknown outcome (seed \(seed))")
            }
            #expect(outcomes[key]?.contains("none") == false)
        }
    }

    /// Any number of processes may use one store at once: a worker drains its queue (replies take 0.5 s)
    /// while two loops run every writing command beside it, and a `notify send` waits 15 s for a
    /// receiver that never answers. The worker stays up and loses nothing; every command succeeds or
    /// says plainly that it timed out waiting; the waiting send records its outcome. About a minute.
    @Test func aDrainingWorkerSurvivesEveryWritingCommandBesideIt() async throws {
        let arrivals = Arrivals()
        let server = try FakeWebhookServer(recordRequests: false) { request in
            if request.path == "/stall" { return .stall(.seconds(25)) }
            arrivals.record(request.header("webhook-id") ?? "?")
            return .delay(.milliseconds(500), then: .json(#"{"errcode":0,"errmsg":"ok"}"#))
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
                    - name: stalling
                      kind: webhook
                      key_env: STALL_URL
                  routes:
                    - to: [receiver]

                """
        ])
        try runner.copyFromRepository("seeds")
        try runner.copyFromRepository("campaigns")
        try runner.copyFromRepository("samples")
        let environment = [
            "HOOK_URL": server.url("/hook"), "STALL_URL": server.url("/stall"), "OUTREACH_NOW": "", "no_proxy": "127.0.0.1",
        ]
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["import", "campaigns"], environment: environment).status == 0)
        let total = 160
        let bench = runner.executable.deletingLastPathComponent().appendingPathComponent("outreach-bench")
        let enqueue = try Self.start(
            bench, ["notices", "--target", "receiver", "--count", String(total)], in: runner, environment: environment)
        await Self.waitForExit(enqueue)
        #expect(enqueue.terminationStatus == 0)

        let log = runner.directory.appendingPathComponent("worker.log")
        let worker = try Self.start(
            runner.executable, ["worker", "--concurrency", "4", "--lang", "en"], in: runner, environment: environment, stderr: log)
        defer { if worker.isRunning { kill(worker.processIdentifier, SIGKILL) } }

        let events = [
            "hh-guihua-talk-20261205", "hh-chibi-yanhe-talk-20261210", "hh-yinquan-talk-20270109", "hh-jiayu-binhu-talk-20270410",
            "hh-tongshan-chengdong-talk-20270515", "hh-tongcheng-juanshui-talk-20270522", "hh-yangguang-talk-20270617",
        ]
        let writers: [[String]] = [
            ["notify", "send", "--kind", "test", "--to", "receiver", "--text", "drill"],
            ["import", "campaigns"],
            ["notify", "test", "receiver"],
            ["reach", "import", "samples/reach-2026-11.csv"],
            ["report", "bulletin", "--month", "2026-11", "--publish"],
            ["notify", "retry", "--dead"],
        ]
        let until = Date().addingTimeInterval(35)
        @Sendable func loop(_ offset: Int) async throws -> [(arguments: [String], result: CommandRunner.Result)] {
            var results: [(arguments: [String], result: CommandRunner.Result)] = []
            var round = offset
            while Date() < until {
                var arguments = writers[round % writers.count]
                // Both loops publish the bulletin: the store checks and inserts in one transaction, so the
                // second run is refused with who published it, never a unique-key error.
                if round % 3 == 0 { arguments = ["event", round % 2 == 0 ? "confirm" : "done", events[(round / 3) % events.count]] }
                results.append((arguments, try await runner.run(arguments + ["--lang", "en"], environment: environment)))
                round += 1
            }
            return results
        }
        async let first = loop(0)
        async let second = loop(1)
        // A send whose receiver never answers: it waits its 15 s beside everything else.
        async let stalled = runner.run(
            ["notify", "send", "--kind", "test", "--to", "stalling", "--text", "slow", "--lang", "en"], environment: environment)
        let results = try await first + second
        let waited = try await stalled

        var failures = 0
        for (arguments, result) in results {
            let said = result.stdout + result.stderr
            #expect(!said.contains("database is locked"), "\(arguments): \(said)")
            #expect(!said.contains("The database failed"), "\(arguments): \(said)")
            // Refusals that have nothing to do with the database: a status change that is not allowed
            // (done → confirmed), a bulletin published once already.
            let plainRefusal =
                (arguments.first == "event" && result.status == 64) || said.contains("and is not issued again")
            if result.status != 0, !plainRefusal {
                failures += 1
                #expect(said.contains("Timed out waiting for the database"), "\(arguments) exited \(result.status): \(said)")
            }
        }
        print("contention test: \(results.count) commands beside the worker, \(failures) timed out waiting")
        #expect(results.count >= 10)
        // Alone or not, it says what happened: no reply in time, queued for the worker to try again.
        #expect(waited.status == 0, "\(waited.stdout)\(waited.stderr)")
        #expect((waited.stdout + waited.stderr).contains("no reply came in time"), "\(waited.stdout)\(waited.stderr)")
        #expect(!(waited.stdout + waited.stderr).contains("database"), "\(waited.stdout)\(waited.stderr)")

        // The worker drains everything and is still running; then it stops cleanly on SIGTERM.
        let drained = Date().addingTimeInterval(40)
        let expected = Set((0..<total).map { "msg_bench_\($0)_receiver" })
        while !expected.isSubset(of: Set(arrivals.snapshot.keys)), Date() < drained {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(worker.isRunning, "the worker died: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        kill(worker.processIdentifier, SIGTERM)
        await Self.waitForExit(worker)
        let workerLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(worker.terminationReason == .exit && worker.terminationStatus == 0, "\(workerLog)")
        #expect(!workerLog.contains("database is locked"), "\(workerLog)")
        #expect(expected.isSubset(of: Set(arrivals.snapshot.keys)))
        let queue = Self.objects(
            try await runner.run(["notify", "queue", "--state", "pending", "--state", "in_flight", "--state", "failed", "--format", "json"])
                .stdout)
        let left = queue.filter { ($0["key"] as? String)?.hasPrefix("bench:") == true }.count
        #expect(left == 0, "\(queue)")
        // The send that waited has its outcome on record: not left in flight.
        let inFlight = queue.filter { ($0["target"] as? String) == "stalling" && ($0["state"] as? String) == "in_flight" }.count
        #expect(inFlight == 0, "\(queue)")
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
        let worker = SpawnedProcess()
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
    static func start(
        _ executable: URL, _ arguments: [String], in runner: CommandRunner, environment: [String: String], stderr: URL? = nil
    ) throws -> SpawnedProcess {
        let process = SpawnedProcess()
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
        if let stderr {
            _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: stderr)
        } else {
            process.standardError = FileHandle.nullDevice
        }
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
    static func waitForExit(_ process: SpawnedProcess) async {
        let exited = AsyncStream<Void> { continuation in
            process.terminationHandler = { _ in continuation.finish() }
            if !process.isRunning { continuation.finish() }
        }
        for await _ in exited {}
        process.waitUntilExit()
    }
}
