import ArgumentParser
import Foundation
import Logging
import OutreachApp
import OutreachCore
import OutreachDelivery
import OutreachWeb
import ServiceLifecycle
import UnixSignals

/// `outreach serve`: the web app and the notice worker in one service group, stopped gracefully by SIGTERM
/// or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: L("运行网页服务（和通知发送进程），直到被停止。", "Run the web app (and the notice worker) until stopped."),
        discussion: L(
            """
            网页服务与命令行使用同一个数据库。outreach.yaml 的 'server:' 部分设定监听地址、端口、Cookie 是否只经 \
            https 发送、登录有效期（见 docs/web.md）；--host、--port 优先。有 'notify:' 配置时，通知发送进程在同一进程\
            中运行，与 'outreach worker' 相同。/healthz 报告健康状态，/metrics 提供 Prometheus 指标。SIGTERM 或 SIGINT \
            使它平稳停止。还没有用户时，先用 'outreach user add NAME --role admin' 添加第一个管理员。日志写到标准错误。

            示例：
              outreach serve
              outreach serve --host 0.0.0.0 --port 8080
            """,
            """
            The web app uses the same database as the command line. The 'server:' section of outreach.yaml sets the \
            address and port to listen on, whether cookies go over https only, and how long a sign-in lasts (see \
            docs/web.md); --host and --port win over it. With a 'notify:' configuration the notice worker runs in \
            the same process, as 'outreach worker' does. /healthz reports health, /metrics serves Prometheus \
            metrics. SIGTERM or SIGINT stops it gracefully. With no user yet, add the first admin with 'outreach \
            user add NAME --role admin'. Log lines go to standard error.

            Examples:
              outreach serve
              outreach serve --host 0.0.0.0 --port 8080
            """)
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var configOption: ConfigOption

    @Option(help: help("监听的地址（默认：server.host，否则 127.0.0.1）。", "Address to listen on (default: server.host, else 127.0.0.1).", valueName: "host"))
    var host: String?

    @Option(help: help("监听的端口，0 表示任一空闲端口（默认：server.port，否则 8080）。", "Port to listen on, 0 for any free port (default: server.port, else 8080).", valueName: "port"))
    var port: Int?

    @Option(help: help("日志级别：trace、debug、info、notice、warning、error 或 critical。", "Log level: trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String = "info"

    func validate() throws {
        let language = options.language
        if let port, !(0...65535).contains(port) {
            throw ValidationError(UserCommandMessages.invalidPort(port: port).text(language))
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError(WorkerCommandMessages.invalidLogLevel(logLevel: logLevel).text(language))
        }
    }

    func run() async throws {
        let context = CommandContext(options: options, config: configOption)
        let language = context.language
        var server = try context.loadServer()
        if let host { server.host = host }
        if let port { server.port = port }
        let notify = try context.loadNotify(showWarnings: true, noteStopped: false).configuration
        if let notify { try context.checkSendable(notify.targets) }
        let (store, _) = try await context.openDatabase()

        NoticeWorker.bootstrapLogging(
            context: context, zone: notify?.timeZone ?? ReferenceData.defaultTimeZone, level: Logger.Level(rawValue: logLevel) ?? .info)
        let logger = Logger(label: "outreach.serve")
        var web = WebApp(
            store: store, hasher: BcryptPasswordHasher(), configuration: server, now: context.runningClock,
            evidenceFolder: server.evidenceFolder.map { ReachEvidenceFolder(path: $0) } ?? .beside(database: context.databasePath))
        web.notify = notify
        web.noticeSender = notify.map { context.immediateSender(store: store, configuration: $0) }
        let login = Login(store: store, hasher: web.hasher, policy: server.loginPolicy)
        logger.info(
            "server configuration",
            metadata: [
                "http.host": "\(server.host)", "http.port": "\(server.port)", "server.secure_cookies": "\(server.secureCookies)",
                "server.session_lifetime_s": "\(server.sessionLifetimeSeconds)", "notify": "\(notify != nil)",
            ])
        if try await context.storeCall({ try await login.hasNoUsers() }) {
            context.write(UserCommandMessages.firstAdmin.text(language))
        }
        let app = buildApplication(web, logger: logger) { host, port in
            let shown = host.contains(":") ? "[\(host)]" : host
            context.write(UserCommandMessages.listening(url: "http://\(shown):\(port)/").text(language))
        }
        let purge = SessionPurgeService(login: login, now: context.runningClock, logger: logger)
        /// Shut down in reverse order: the web app stops taking requests first, the worker finishes last.
        func runGroup(worker: NoticeDeliveryService?) async throws {
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
            if let worker { services.append(.init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup)) }
            services.append(.init(service: purge, successTerminationBehavior: .ignore))
            services.append(.init(service: app, successTerminationBehavior: .gracefullyShutdownGroup))
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
        do {
            guard let notify else {
                context.writeError(UserCommandMessages.noWorker.text(language))
                return try await runGroup(worker: nil)
            }
            try await context.storeCall {
                try await NoticeWorker().with(context: context, store: store, configuration: notify, logger: logger) { worker in
                    try await runGroup(worker: worker)
                }
            }
        } catch {
            guard let reason = listenFailureReason(error) else { throw error }
            throw context.fail(UserCommandMessages.cannotListen(host: server.host, port: server.port, reason: reason).text(language))
        }
    }
}

extension CommandContext {
    /// The `server:` section of the configuration file (the defaults when there is no file or no section);
    /// errors in it exit 65 with their line and column, as the `notify:` section's do.
    func loadServer() throws -> ServerConfiguration {
        let (path, explicit) = configPath
        guard FileManager.default.fileExists(atPath: path) else {
            if explicit { throw usage(NotifyMessages.configurationFileMissing(path: path).text(language)) }
            return ServerConfiguration()
        }
        let file: SourceFile
        do {
            file = try FileLoader.read(path)
        } catch {
            throw fileFailure(error)
        }
        let (configuration, issues) = ServerConfigurationDecoder.decode(file)
        report(issues)
        guard let configuration else {
            writeError(UserCommandMessages.serverErrorsNothingDone(count: issues.errors.count, path: path).text(language))
            throw ExitCode(ExitStatus.badData)
        }
        return configuration
    }
}
