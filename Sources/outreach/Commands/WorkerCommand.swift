import ArgumentParser
import CurlTransport
import Foundation
import Logging
import OutreachApp
import OutreachCore
import OutreachDelivery
import ServiceLifecycle
import UnixSignals

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: L("发送到期的通知，直到被停止（或只发一次）。", "Send due notices until stopped (or once)."),
        discussion: L(
            """
            运行发送进程：从通知队列认领到期的通知，经 libcurl 同时发送多条，使每个机器人保持在其发送速率上限之内（通过\
            发送记录与其他发送进程共享），在免打扰时段暂缓，重试暂时性失败，并生成每日日报。SIGTERM 或 SIGINT 使它平稳\
            停止：不再认领，正在发送的有 --grace-period 秒完成，之后取消并放回队列。被直接杀掉也不会丢失任何通知：重新\
            启动的进程立即接手，只重发结果未知的分段。需要 outreach.yaml 中的 'notify:' 配置（示例见 outreach.example.yaml）。

            --once 发送当前到期的通知后退出（用于 cron 和测试）。日志写到标准错误。

            示例：
              outreach worker
              outreach worker --once
              outreach worker --once --concurrency 64 --log-level debug
            """,
            """
            Runs the delivery worker: it claims due notices from the outbox, sends many at once over libcurl, \
            keeps each bot within its rate budget (shared through the delivery log with every other worker), \
            holds notices during quiet hours, retries transient failures and makes the daily digest. SIGTERM or \
            SIGINT stops it gracefully: no new claims, running sends get --grace-period seconds, then are \
            cancelled and their notices go back to the queue. Killed outright, it loses nothing: a restarted \
            worker takes over at once, and re-sends only parts whose earlier outcome is unknown — at most \
            --concurrency of them, since an attempt starts only once the outcomes before it are on disk. Other \
            commands may write to the same database meanwhile; when it is busy the worker waits and retries. It needs the \
            'notify:' section of outreach.yaml (see outreach.example.yaml).

            --once sends what is due now and exits (for cron and tests). Log lines go to standard error.

            Examples:
              outreach worker
              outreach worker --once
              outreach worker --once --concurrency 64 --log-level debug
            """)
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var configOption: ConfigOption
    @Flag(help: help("发送当前到期的通知后退出。", "Send what is due now, then exit."))
    var once = false

    @Option(help: help("同时发送的最大数量。", "Most sends at once.", valueName: "n"))
    var concurrency: Int = 32

    @Option(help: help("收到 SIGTERM 后正在发送的通知可再用的秒数。", "Seconds running sends may take after SIGTERM.", valueName: "seconds"))
    var gracePeriod: Int = 10

    @Option(help: help("认领在没有进展时保持的秒数。", "Seconds a claim lasts without progress.", valueName: "seconds"))
    var lease: Int = 300

    @Option(help: help("日志级别：trace、debug、info、notice、warning、error 或 critical。", "Log level: trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String = "info"

    func validate() throws {
        let language = options.language
        guard (1...1024).contains(concurrency) else {
            throw ValidationError(
                WorkerCommandMessages.invalidConcurrency(concurrency: concurrency).text(language))
        }
        guard gracePeriod >= 0, lease >= 1 else {
            throw ValidationError(
                WorkerCommandMessages.invalidGraceOrLease.text(language))
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError(
                WorkerCommandMessages.invalidLogLevel(logLevel: logLevel).text(language))
        }
    }

    func run() async throws {
        let context = CommandContext(options: options, config: configOption)
        let language = context.language
        let configuration = try context.requireNotify()
        try context.checkSendable(configuration.targets)
        let (store, _) = try await context.openDatabase()
        let level = Logger.Level(rawValue: logLevel) ?? .info
        // The process's entry point for this command: the one place logging is set up.
        NoticeWorker.bootstrapLogging(context: context, zone: configuration.timeZone, level: level)
        let logger = Logger(label: "outreach.worker")
        let worker = NoticeWorker(concurrency: concurrency, gracePeriod: gracePeriod, lease: lease, once: once)
        let counts = try await context.storeCall {
            try await worker.with(context: context, store: store, configuration: configuration, logger: logger) { service in
                // The worker returning (--once, or after a graceful shutdown) ends the group normally.
                let group = ServiceGroup(
                    configuration: ServiceGroupConfiguration(
                        services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
                        gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
                try await group.run()
                return service.statistics.current
            }
        }
        context.write(
            WorkerCommandMessages.summary(
                sent: counts.sent, retried: counts.retried, dead: counts.dead, deferred: counts.deferred, unknown: counts.unknown
            ).text(language))
    }
}
