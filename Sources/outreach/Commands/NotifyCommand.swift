import ArgumentParser
import CurlTransport
import Foundation
import Logging
import OutreachApp
import OutreachCore
import OutreachDelivery
import OutreachFormats

struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: L("群通知：通知目标、测试、队列与发送记录。", "Chat-group notices: targets, tests, the queue and the delivery log."),
        discussion: L(
            """
            通知目标、路由、免打扰时段、提醒时间和日报时间来自 outreach.yaml（或 --config、$OUTREACH_CONFIG）的 'notify:' \
            部分；带注释的示例见 outreach.example.yaml，说明见 docs/notifications.md。Webhook 的 key、token 和密钥从不出现在\
            任何输出中。

            退出码：0 成功；64 参数、选项或编号有误；65 配置文件无效；1 其他失败（测试通知未送达）。

            示例：
              outreach notify targets
              outreach notify test 城东支行群
              outreach notify queue --state dead
              outreach notify log --limit 50
              outreach notify retry --dead
            """,
            """
            Targets, routes, quiet hours, reminder offsets and the digest time come from the 'notify:' section of \
            outreach.yaml (or --config, $OUTREACH_CONFIG); a commented example is outreach.example.yaml, and \
            docs/notifications.md describes every key. Webhook keys, tokens and secrets never appear in any output.

            Exit codes: 0 success; 64 bad flags, arguments or ids; 65 an invalid configuration file; 1 other \
            failures (a test notice that was not delivered).

            Examples:
              outreach notify targets
              outreach notify test 城东支行群
              outreach notify queue --state dead
              outreach notify log --limit 50
              outreach notify retry --dead
            """),
        subcommands: [
            Targets.self, Test.self, Send.self, Queue.self, Log.self, Retry.self,
        ]
    )

    // MARK: targets

    struct Targets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "targets",
            abstract: L("列出通知目标（已隐去密钥）。", "List the notify targets, masked."),
            discussion: L(
                """
                列出每个目标的类型、不含 key 或 token 的地址、发往它的路由及实际的发送速率上限。没有配置时说明不会安排任何\
                通知，并指向示例配置 outreach.example.yaml。

                示例：
                  outreach notify targets
                  outreach notify targets --config outreach.example.yaml --format json
                """,
                """
                Shows each target's kind, its endpoint without key or token, the routes that send to it and its \
                effective rate budget. Without a configuration it says that no notices are scheduled and points to \
                the example, outreach.example.yaml.

                Examples:
                  outreach notify targets
                  outreach notify targets --config outreach.example.yaml --format json
                """)
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var configOption: ConfigOption
        @Option(help: help("输出格式。", "Output format.", valueName: "format"))
        var format: DetailFormat = .table

        func run() async throws {
            let context = CommandContext(options: options, config: configOption)
            let language = context.language
            let setup = try context.loadNotify(showWarnings: true)
            guard let configuration = setup.configuration else {
                context.write(context.noNotifyMessage(setup) + "\n")
                return
            }
            let overview = NotifyOverview(configuration: configuration)
            switch format {
            case .json:
                context.write(overview.json.serialized(pretty: true) + "\n")
            case .table:
                var text = NotifyMessages.configurationPath(path: setup.path).text(language)
                text += overview.settingsLine(language) + "\n\n"
                if configuration.targets.isEmpty {
                    text += NotifyMessages.noTargets.text(language)
                } else {
                    text += overview.table(language).render()
                }
                context.write(text)
            }
        }
    }

    // MARK: test

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: L("立即向一个目标发送测试通知，失败时说明原因。", "Send a test notice to one target now and explain any failure."),
            discussion: L(
                """
                测试通知走正常路径：通知队列、机器人的发送速率上限和发送记录；不受免打扰时段限制。平台拒收时，说明平台的\
                答复和需要修改什么，退出码为 1。

                示例：
                  outreach notify test 城东支行群
                  outreach notify test 分行钉钉群 --message "新机器人上线" --lang en
                """,
                """
                The test notice goes through the normal path: the outbox, the bot's rate budget and the delivery \
                log; quiet hours do not apply. When the platform refuses it, the command says what the platform \
                answered and what to fix, and exits with 1.

                Examples:
                  outreach notify test 城东支行群
                  outreach notify test 分行钉钉群 --message "新机器人上线" --lang en
                """)
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var configOption: ConfigOption
        @Argument(help: help("通知目标名称。", "Target name.", valueName: "target"))
        var target: String

        @Option(help: help("附加在测试通知中的文字。", "Text added to the test notice.", valueName: "text"))
        var message: String?

        func run() async throws {
            let context = CommandContext(options: options, config: configOption)
            let configuration = try context.requireNotify()
            let target = try context.checkTarget(self.target, in: configuration)
            try context.checkSendable([target])
            let (store, _) = try await context.openDatabase()
            let outcome = try await context.storeCall {
                try await context.noticeSending(store: store, configuration: configuration)
                    .test(to: target, message: message, language: context.language, at: context.now)
            }
            try context.report(outcome, target: target, what: .test, configuration: configuration)
        }
    }

    // MARK: send

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: L("立即向一个目标发送一条通知。", "Send one notice to one target now."),
            discussion: L(
                """
                类型：event-reminder 和 event-cancelled（关于 --event 的下一个场次）、daily-digest（该目标今天的活动）、\
                test（配合 --text）。专刊发布通知和进度提醒由发布它们的报表排队。通知经过通知队列；如果机器人的速率上限、\
                暂停或免打扰时段使它暂缓，它会在队列中等待 'outreach worker' 发送。--urgent 使它不受免打扰时段限制。

                示例：
                  outreach notify send --kind event-reminder --to 城东支行群 --event 315-desk-yongan
                  outreach notify send --kind test --to 分行钉钉群 --text "今晚系统维护" --urgent
                """,
                """
                Kinds: event-reminder and event-cancelled (about the next occurrence of --event), daily-digest \
                (today's events for the target), test (with --text). Bulletins and off-track alerts are queued by \
                the reports that publish them. The notice goes through the outbox; if the bot's budget, a pause or \
                quiet hours hold it, it waits there for 'outreach worker'. --urgent lets it through quiet hours.

                Examples:
                  outreach notify send --kind event-reminder --to 城东支行群 --event 315-desk-yongan
                  outreach notify send --kind test --to 分行钉钉群 --text "今晚系统维护" --urgent
                """)
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var configOption: ConfigOption
        @Option(help: help("通知类型。", "Kind of notice.", valueName: "kind"))
        var kind: Notice.Kind

        @Option(help: help("通知目标名称。", "Target name.", valueName: "target"))
        var to: String

        @Option(help: help("活动场次编号（用于活动通知）。", "Event id, for event notices.", valueName: "id"))
        var event: String?

        @Option(help: help("测试通知的文字。", "Text of a test notice.", valueName: "text"))
        var text: String?

        @Flag(help: help("紧急：免打扰时段也发送。", "Mark urgent: sent during quiet hours."))
        var urgent = false

        func validate() throws {
            let language = options.language
            switch kind {
            case .bulletinPublished, .offTrackAlert:
                throw ValidationError(
                    NotifyMessages.kindNotSentByHand(kind: kind.rawValue).text(language))
            case .eventReminder, .eventCancelled:
                if event == nil {
                    throw ValidationError(
                        NotifyMessages.kindNeedsEvent(kind: kind.rawValue).text(language))
                }
            case .dailyDigest, .test:
                if event != nil {
                    throw ValidationError(
                        NotifyMessages.eventOnlyWithEventKinds.text(language))
                }
            }
            if text != nil, kind != .test {
                throw ValidationError(NotifyMessages.textOnlyWithTest.text(language))
            }
        }

        func run() async throws {
            let context = CommandContext(options: options, config: configOption)
            let language = context.language
            let configuration = try context.requireNotify()
            let target = try context.checkTarget(to, in: configuration)
            try context.checkSendable([target])
            let (store, reference) = try await context.openDatabase()
            let outcome: NoticeSending.Outcome
            do {
                outcome = try await context.storeCall {
                    try await context.noticeSending(store: store, configuration: configuration).send(
                        kind, to: target, event: event.map { Event.ID($0) }, text: text, urgent: urgent,
                        language: language, reference: reference, at: context.now)
                }
            } catch NoticeSending.Failure.eventHasNoOccurrences(let id) {
                throw context.usage(NotifyMessages.eventHasNoOccurrences(id: id).text(language))
            }
            try context.report(outcome, target: target, what: .notice(kind), configuration: configuration)
        }
    }

    // MARK: queue

    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "queue",
            abstract: L("查看通知队列。", "List the notices in the outbox."),
            discussion: L(
                """
                默认列出待发送、发送中、失败（将重试）和已放弃的通知，最早到期的在前。时间为 notify.time_zone 的当地时间\
                （默认 Asia/Shanghai）。

                示例：
                  outreach notify queue
                  outreach notify queue --state dead --state failed
                  outreach notify queue --target 城东支行群 --format json
                """,
                """
                By default lists pending, in-flight, failed (will retry) and dead notices, next due first. Times are \
                local to notify.time_zone (default Asia/Shanghai).

                Examples:
                  outreach notify queue
                  outreach notify queue --state dead --state failed
                  outreach notify queue --target 城东支行群 --format json
                """)
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var configOption: ConfigOption
        @Option(
            help: help("只列出这些状态（可重复给出）。", "Only these states (repeatable).", valueName: "state"))
        var state: [OutboxDelivery.State] = []

        @Option(help: help("只看该目标。", "Only this target.", valueName: "target"))
        var target: String?

        @Option(help: help("最多显示的条数。", "At most this many.", valueName: "n"))
        var limit: Int = 200

        @Option(help: help("输出格式。", "Output format.", valueName: "format"))
        var format: DetailFormat = .table

        func run() async throws {
            let context = CommandContext(options: options, config: configOption)
            let language = context.language
            let zone = context.notifyTimeZone
            let (store, _) = try await context.openDatabase()
            let query = OutboxQuery(states: state.isEmpty ? nil : Set(state), target: target, limit: max(0, limit))
            let deliveries = try await context.storeCall { try await store.deliveries(matching: query) }
            switch format {
            case .json:
                context.write(JSONValue.array(deliveries.map(Self.json)).serialized(pretty: true) + "\n")
            case .table:
                guard !deliveries.isEmpty else {
                    context.write(NotifyMessages.noNotices.text(language))
                    return
                }
                let headers =
                    NotifyMessages.queueHeaders.map { $0.text(language) }
                let rows = deliveries.map { d in
                    [
                        d.id.rawValue, d.state.text(language), d.notice.kind.text(language), d.target,
                        context.localText(d.dueAt, zone: zone),
                        d.state == .pending || d.state == .failed ? context.localText(d.nextAttemptAt, zone: zone) : "-",
                        String(d.attempts), d.lastError.map { line($0, language) } ?? "",
                    ]
                }
                let table = TextTable(
                    headers: headers, alignments: [.right, .left, .left, .left, .left, .left, .right, .left], rows: rows,
                    maximumCellWidth: 72)
                context.write(table.render())
            }
        }

        static func json(_ d: OutboxDelivery) -> JSONValue {
            .object([
                ("id", .int(Int(d.id.rawValue) ?? 0)), ("key", .string(d.key)), ("kind", .string(d.notice.kind.rawValue)),
                ("target", .string(d.target)), ("state", .string(d.state.rawValue)),
                ("due_at", .string(Timestamp.string(from: d.dueAt))),
                ("next_attempt_at", .string(Timestamp.string(from: d.nextAttemptAt))), ("attempts", .int(d.attempts)),
                ("parts_sent", .int(d.partsSent)), ("urgent", .bool(d.notice.urgent)), ("last_error", .optional(d.lastError)),
            ])
        }
    }

    // MARK: log

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: L("查看发送记录，最新的在前。", "Show the delivery log, newest first."),
            discussion: L(
                """
                每次尝试：时间、目标、机器人（哈希值，从不显示 key）、分段、结果（sent、transient、permanent、unknown，\
                进行中为 started）、HTTP 状态、平台错误码、耗时和平台的答复，密钥均已隐去。

                示例：
                  outreach notify log
                  outreach notify log --limit 50 --target 分行钉钉群 --format json
                """,
                """
                Every attempt: when, the target, the bot (a hash, never the key), the part, the outcome (sent, \
                transient, permanent, unknown, or started while it runs), the HTTP status, the platform's code, \
                the latency and what the platform said, with secrets masked.

                Examples:
                  outreach notify log
                  outreach notify log --limit 50 --target 分行钉钉群 --format json
                """)
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var configOption: ConfigOption
        @Option(help: help("最多显示的尝试次数。", "At most this many attempts.", valueName: "n"))
        var limit: Int = 20

        @Option(help: help("只看该目标。", "Only this target.", valueName: "target"))
        var target: String?

        @Option(help: help("输出格式。", "Output format.", valueName: "format"))
        var format: DetailFormat = .table

        func validate() throws {
            guard limit > 0 else {
                throw ValidationError(
                    NotifyMessages.invalidLimit(limit: limit).text(options.language))
            }
        }

        func run() async throws {
            let context = CommandContext(options: options, config: configOption)
            let language = context.language
            let zone = context.notifyTimeZone
            let (store, _) = try await context.openDatabase()
            let attempts = try await context.storeCall {
                try await store.attempts(matching: DeliveryLogQuery(target: target, limit: limit))
            }
            switch format {
            case .json:
                context.write(JSONValue.array(attempts.map(Self.json)).serialized(pretty: true) + "\n")
            case .table:
                guard !attempts.isEmpty else {
                    context.write(NotifyMessages.emptyDeliveryLog.text(language))
                    return
                }
                let headers =
                    NotifyMessages.logHeaders.map { $0.text(language) }
                let rows = attempts.map { a in
                    [
                        String(a.id), context.localText(a.startedAt, zone: zone), a.delivery.rawValue, a.target,
                        String(a.bot.rawValue.prefix(8)), "\(a.part)/\(a.partCount)",
                        a.outcome?.rawValue ?? NotifyMessages.attemptStarted.text(language), a.httpStatus.map(String.init) ?? "-",
                        a.platformCode ?? "-", a.latency.map { String($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) } ?? "-",
                        a.message.map { line($0, language) } ?? "",
                    ]
                }
                let table = TextTable(
                    headers: headers,
                    alignments: [.right, .left, .right, .left, .left, .left, .left, .right, .left, .right, .left],
                    rows: rows, maximumCellWidth: 80)
                context.write(table.render())
            }
        }

        static func json(_ a: DeliveryAttempt) -> JSONValue {
            .object([
                ("id", .int(Int(a.id))), ("notice", .int(Int(a.delivery.rawValue) ?? 0)), ("key", .string(a.key)),
                ("target", .string(a.target)), ("bot", .string(a.bot.rawValue)), ("part", .int(a.part)),
                ("parts", .int(a.partCount)), ("started_at", .string(Timestamp.string(from: a.startedAt))),
                ("finished_at", .optional(a.finishedAt.map { Timestamp.string(from: $0) })),
                ("outcome", .optional(a.outcome?.rawValue)), ("http_status", .optional(a.httpStatus)),
                ("platform_code", .optional(a.platformCode)),
                ("latency_ms", .optional(a.latency.map { Int($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) })),
                ("message", .optional(a.message)),
            ])
        }
    }

    // MARK: retry

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: L("把已放弃或失败的通知重新排队，或重新排队全部已放弃的通知。", "Queue a dead or failed notice again, or every dead one."),
            discussion: L(
                """
                通知变为待发送、立即到期，失败次数清零；由 'outreach worker' 发送。请先按发送记录的说明修正问题（key、密钥、\
                关键词）。通知编号见 'outreach notify queue'，如 'outreach notify retry 42'。

                示例：
                  outreach notify retry --dead
                """,
                """
                The notice becomes pending and due now, with its failure count reset; 'outreach worker' sends it. \
                Fix what the log said first (a key, a secret, a keyword). Notice ids are listed by 'outreach notify \
                queue', as in 'outreach notify retry 42'.

                Example:
                  outreach notify retry --dead
                """)
        )

        @OptionGroup var options: GlobalOptions
        @Argument(help: help("通知编号（见 'notify queue'）。", "Notice id (from 'notify queue').", valueName: "id"))
        var id: String?

        @Flag(help: help("重新排队全部已放弃的通知。", "Retry every dead notice."))
        var dead = false

        func validate() throws {
            let language = options.language
            if id != nil, dead {
                throw ValidationError(NotifyMessages.idAndDead.text(language))
            }
            if id == nil, !dead {
                throw ValidationError(
                    NotifyMessages.idOrDeadMissing.text(language))
            }
        }

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, _) = try await context.openDatabase()
            let retry = NoticeRetry(outbox: store)
            if let id {
                do {
                    let delivery = try await retry.retry(OutboxDelivery.ID(id), at: context.now)
                    context.write(
                        NotifyMessages.noticePendingAgain(id: delivery.id).text(language))
                } catch let error as OutboxError {
                    throw context.usage(error.message(language))
                }
            } else {
                let count = try await context.storeCall { try await retry.retryAllDead(at: context.now) }
                context.write(
                    NotifyMessages.deadNoticesPendingAgain(count: count).text(language))
            }
        }
    }
}

/// The line of a stored two-language message (Chinese first, then English) for a language.
func line(_ message: String, _ language: Language) -> String { NoticesAdmin.line(message, language) }

/// What a send-now command sent.
enum SentWhat {
    case test
    case notice(Notice.Kind)
}

extension CommandContext {
    /// The send-now use case over the store, with the delivery worker and a libcurl transport behind its sender.
    func noticeSending(store: any OutreachStore, configuration: NotifyConfiguration) -> NoticeSending {
        NoticeSending(store: store, configuration: configuration, sender: immediateSender(store: store, configuration: configuration))
    }

    /// Sends entries now through the delivery worker's path over a libcurl transport (`notify test|send`, and the
    /// web app's test button in `outreach serve`).
    func immediateSender(store: any OutreachStore, configuration: NotifyConfiguration) -> ImmediateSender {
        let now = runningClock
        return ImmediateSender { entries, keyPrefix, retryPolicy in
            var logger = Logger(label: "outreach.notify")
            logger.logLevel = .critical
            let result = try await withCurlNoticeTransport { transport in
                try await NoticeDeliveryService.sendNow(
                    entries, keyPrefix: keyPrefix, outbox: store, transport: transport, configuration: configuration,
                    owner: Self.leaseOwner(), retryPolicy: retryPolicy, clock: ContinuousClock(), now: now,
                    logger: logger)
            }
            return ImmediateSender.Sent(deliveries: result.deliveries, attempts: result.attempts)
        }
    }

    /// Prints what became of a send-now; throws exit 1 when the notice was not delivered and will not be.
    func report(
        _ outcome: NoticeSending.Outcome, target: NotifyTarget, what: SentWhat, configuration: NotifyConfiguration
    ) throws {
        let name = target.name
        let subject =
            switch what {
            case .test: NoticeMessages.kind(.test)
            case .notice(let kind): NoticeMessages.kind(kind)
            }
        switch outcome {
        case .nothingQueued:
            return
        case .noDigestToday(let today):
            write(NotifyMessages.noDigestToday(today: today, target: name).text(language))
        case .sent:
            write(
                NotifyMessages.sentAndConfirmed(subject: subject, target: name, kind: target.kind.rawValue).text(language))
        case .waiting(let id, let until, let lastError):
            let when = localText(until, zone: configuration.timeZone)
            let reason = lastError.map { line($0, language) } ?? ""
            write(
                NotifyMessages.queuedUntil(subject: subject, target: name, id: id, when: when, reason: reason).text(language))
        case .notDelivered(let lastMessage):
            let said = lastMessage.map { line($0, language) } ?? ""
            throw fail(
                NotifyMessages.notDelivered(subject: subject, target: name, said: said).text(language))
        }
    }
}

/// The facts `notify targets` shows.
struct NotifyOverview {
    let configuration: NotifyConfiguration

    func settingsLine(_ language: Language) -> String {
        let quiet: String
        if let hours = configuration.quietHours {
            quiet = hours.description + (hours.urgentOverrides ? NotifyMessages.urgentExcepted.text(language) : "")
        } else {
            quiet = NotifyMessages.off.text(language)
        }
        let reminders =
            configuration.reminders.isEmpty
            ? NotifyMessages.off.text(language) : configuration.reminders.map(\.description).joined(separator: ", ")
        let digest = configuration.digestTime?.description ?? NotifyMessages.off.text(language)
        return NotifyMessages.schedule(timeZone: configuration.timeZone, quiet: quiet, reminders: reminders, digest: digest).text(language)
    }

    /// The routes that send to a target, in words (`ids` for JSON: kinds as their ids).
    func routes(of target: NotifyTarget, _ language: Language, ids: Bool = false) -> String {
        if configuration.routes.isEmpty { return NotifyMessages.allNotices.text(language) }
        let matching = configuration.routes.filter { $0.targets.contains(target.name) }
        if matching.isEmpty { return NotifyMessages.noRoute.text(language) }
        return matching.map { route in
            var parts: [String] = []
            parts.append(
                route.kinds.map { kinds in
                    let listed = Notice.Kind.allCases.filter(kinds.contains)
                    return ids ? listed.map(\.rawValue).joined(separator: ", ") : listed.map { $0.text(language) }.joined(separator: CommandMessages.listSeparator.text(language))
                }
                ?? NotifyMessages.allKinds.text(language))
            if let branches = route.branches {
                parts.append(NotifyMessages.branchesPrefix.text(language) + branches.map(\.rawValue).joined(separator: ", "))
            }
            if let campaigns = route.campaigns {
                parts.append(NotifyMessages.campaignsPrefix.text(language) + campaigns.map(\.rawValue).joined(separator: ", "))
            }
            return parts.joined(separator: NotifyMessages.partSeparator.text(language))
        }.joined(separator: " | ")
    }

    func rate(of target: NotifyTarget, _ language: Language) -> String {
        let windows = target.rateWindows
        return windows.isEmpty ? NotifyMessages.unlimited.text(language) : windows.map(\.description).joined(separator: ", ")
    }

    func table(_ language: Language) -> TextTable {
        let headers =
            NotifyMessages.targetsHeaders.map { $0.text(language) }
        return TextTable(
            headers: headers,
            rows: configuration.targets.map { target in
                [
                    target.name, target.kind.displayName(language),
                    target.unsetSecret.map { NotifyMessages.variableNotSet(variable: $0.variable).text(language) } ?? target.endpoint.description,
                    routes(of: target, language), rate(of: target, language),
                ]
            })
    }

    var json: JSONValue {
        .object([
            ("time_zone", .string(configuration.timeZone)),
            ("quiet_hours", .optional(configuration.quietHours?.description)),
            ("reminders", .array(configuration.reminders.map { .string($0.description) })),
            ("digest", .optional(configuration.digestTime?.description)),
            (
                "targets",
                .array(
                    configuration.targets.map { target in
                        .object([
                            ("name", .string(target.name)), ("kind", .string(target.kind.rawValue)),
                            ("endpoint", .string(target.endpoint.description)), ("format", .string(target.format.rawValue)),
                            ("signed", .bool(target.signing != nil)), ("routes", .string(routes(of: target, .en, ids: true))),
                            ("unset_variable", .optional(target.unsetSecret?.variable)),
                            ("rate", .array(target.rateWindows.map { .string($0.description) })),
                        ])
                    })
            ),
        ])
    }
}
