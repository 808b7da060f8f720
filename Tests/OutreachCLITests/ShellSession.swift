import Foundation
import OutreachTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Runs command lines as a user types them (through /bin/sh, with `outreach` on the PATH being the built
/// binary) in a folder holding a fresh copy of the shipped files: for the README tour and the `--help` examples.
struct ShellSession {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let runner: CommandRunner
    var environment: [String: String]

    var directory: URL { runner.directory }

    /// A folder with copies of seeds/, campaigns/, targets/, samples/ and outreach.example.yaml, and `outreach`
    /// on the PATH.
    init(now: String) throws {
        runner = try CommandRunner()
        for name in ["seeds", "campaigns", "targets", "samples"] { try runner.copyFromRepository(name) }
        try FileManager.default.copyItem(
            at: CommandRunner.repositoryRoot.appendingPathComponent("outreach.example.yaml"),
            to: runner.directory.appendingPathComponent("outreach.example.yaml"))
        let bin = runner.directory.appendingPathComponent(".bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: bin.appendingPathComponent("outreach"), withDestinationURL: runner.executable)
        environment = [
            "PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "HOME": runner.directory.path, "LANG": "C.UTF-8", "OUTREACH_NOW": now, "NO_COLOR": "1",
            "no_proxy": "127.0.0.1", "NO_PROXY": "127.0.0.1",
        ]
    }

    /// A copy of this session's folder (files and database) to run more commands in without changing this one.
    func copy() throws -> ShellSession {
        var copy = self
        let runner = try CommandRunner()
        try FileManager.default.removeItem(at: runner.directory)
        try FileManager.default.copyItem(at: directory, to: runner.directory)
        copy = ShellSession(runner: runner, environment: environment)
        // The PATH names the old folder's .bin; point it at the copy's.
        copy.environment["PATH"] = environment["PATH"]?.replacingOccurrences(of: directory.path, with: runner.directory.path)
        copy.environment["HOME"] = runner.directory.path
        return copy
    }

    private init(runner: CommandRunner, environment: [String: String]) {
        self.runner = runner
        self.environment = environment
    }

    /// Runs one command line with /bin/sh in the folder (swift-subprocess: Foundation's `Process.run` on Linux
    /// can over-read `/proc/self/fd` and crash the test process, swift-corelibs-foundation #5472).
    func run(_ line: String, timeout: TimeInterval = 120) async throws -> Result {
        let outcome = try await ChildProcess.run(
            "/bin/sh", arguments: ["-c", line], environment: environment, workingDirectory: directory.path,
            timeout: .milliseconds(Int64(timeout * 1000)))
        if outcome.timedOut { throw CommandRunner.RunnerError.timedOut(["sh", "-c", line]) }
        return Result(status: outcome.status, stdout: outcome.standardOutput, stderr: outcome.standardError)
    }

    /// The size of a file in the folder (0 when it is missing).
    func size(of path: String) -> Int {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
        return ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size]) as? Int) ?? 0
    }
}

/// The fake chat platforms and the variables that point the example configuration's targets at them.
struct FakeGroups {
    let server: FakePlatformServer
    let environment: [String: String]
    /// outreach.yaml for the `--help` examples: the example's WeCom target plus the DingTalk group they name.
    let configuration: String

    /// - Parameter now: the clock the commands run with (`OUTREACH_NOW`), which signed requests carry.
    init(now: Date = Date()) throws {
        server = try FakePlatformServer(now: { now })
        let wecomKey = "3f2a9c1e-5b7d-4e80-9a61-c2d4e6f80a1b"
        let dingToken = "d1a2b3c4e5f60718293a4b5c6d7e8f90"
        let dingSecret = "SEC9f8e7d6c5b4a39281706f5e4d3c2b1a0"
        server.addWeCom(key: wecomKey)
        server.addDingTalk(token: dingToken, bot: FakePlatformServer.Bot(secret: dingSecret, keywords: ["宣传"]))
        environment = [
            "OUTREACH_WECOM_EAST": server.url("/cgi-bin/webhook/send?key=\(wecomKey)"),
            "OUTREACH_DINGTALK_TOKEN": server.url("/robot/send?access_token=\(dingToken)"),
            "OUTREACH_DINGTALK_SECRET": dingSecret,
        ]
        configuration = """
            notify:
              targets:
                - name: 城东支行群
                  kind: wecom
                  key_env: OUTREACH_WECOM_EAST
                - name: 分行钉钉群
                  kind: dingtalk
                  key_env: OUTREACH_DINGTALK_TOKEN
                  secret_env: OUTREACH_DINGTALK_SECRET
                  keyword: 宣传

            """
    }
}
