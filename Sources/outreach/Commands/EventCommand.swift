import Foundation
import ArgumentParser
import OutreachApp
import OutreachCore
import OutreachFormats

struct EventCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event",
        abstract: L("查看活动场次，或标记为已确认、已完成、已取消。", "Show an event, or mark it confirmed, done or cancelled."),
        discussion: L(
            """
            状态变化：计划 → 已确认 → 已完成；计划或已确认 → 已取消；已取消 → 已确认。已完成不可再改。这里设置的状态在\
            重新导入活动文件后保留，直到文件本身改变该场次的状态。

            有 'notify:' 配置时，确认会安排该场次的提醒，取消或标记完成会撤回提醒，都在同一事务中完成；取消一个已发出\
            提醒的场次时，还会排队一条取消通知。

            示例：
              outreach event show 315-bd-chibi-street
              outreach event confirm 315-bd-chibi-street
            """,
            """
            Status changes: planned → confirmed → done; planned or confirmed → cancelled; cancelled → confirmed. \
            Done is final. A status set here survives re-importing the campaign file until the file itself changes \
            that event's status.

            With a 'notify:' configuration, confirming schedules the event's reminders and cancelling or marking it \
            done withdraws them, in the same transaction; cancelling an event whose reminder already went out also \
            queues a cancellation notice.

            Examples:
              outreach event show 315-bd-chibi-street
              outreach event confirm 315-bd-chibi-street
            """),
        subcommands: [Show.self, Confirm.self, Done.self, Cancel.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: L("查看一个活动场次及其场次日期。", "Show one event and its next occurrences."),
            discussion: L(
                """
                示例：
                  outreach event show 315-bd-chibi-street
                  outreach event show hh-harbour-wenquanlu-weekly --format json
                """,
                """
                Examples:
                  outreach event show 315-bd-chibi-street
                  outreach event show hh-harbour-wenquanlu-weekly --format json
                """)
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: help("活动场次编号。", "Event id.", valueName: "id"))
        var id: String

        @Option(help: help("输出格式。", "Output format.", valueName: "format"))
        var format: DetailFormat = .table

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, reference) = try await context.openDatabase()
            let stored = try await context.loadEvent(Event.ID(id), from: store)
            let e = stored.event
            let query = PlanQuery(from: e.timing.startDate, through: stored.campaignEnd, statuses: Set(EventStatus.allCases))
            let occurrences = Planner.occurrences(of: [stored], matching: query, reference: reference)
            let renderer = PlanRenderer(reference: reference, language: language)
            switch format {
            case .json:
                guard case .object(var pairs) = CampaignJSON.event(stored, reference: reference) else { return }
                pairs.append(("occurrences", .array(occurrences.map { o in
                    let (start, end) = renderer.isoBounds(o)
                    return .object([("start", .string(start)), ("end", .string(end))])
                })))
                context.write(JSONValue.object(pairs).serialized(pretty: true) + "\n")
            case .table:
                var text = "\(e.title.text(language))  (\(e.id))\n"
                func line(_ label: Message, _ value: String) { text += "  \(label.text(language)): \(value)\n" }
                line(CampaignCommandMessages.campaignLabel, "\(stored.campaignTitle.text(language)) (\(e.campaign))")
                line(CampaignCommandMessages.channelLabel, reference.channel(e.channel)?.names.text(language) ?? e.channel.rawValue)
                line(CampaignCommandMessages.venueLabel, reference.venue(e.venue)?.names.text(language) ?? e.venue.rawValue)
                line(CampaignCommandMessages.branchLabel, reference.branch(e.branch)?.names.text(language) ?? e.branch.rawValue)
                line(CampaignCommandMessages.whenLabel, "\(e.timing.startDate) \(renderer.timeText(e.timing)) (\(reference.timeZone(of: e.branch)))")
                if let rule = e.recurrence { line(CampaignCommandMessages.repeatsLabel, rule.text(language, start: e.timing.startDate)) }
                if !e.exceptDates.isEmpty { line(CampaignCommandMessages.exceptLabel, e.exceptDates.map(\.description).joined(separator: ", ")) }
                if !e.staff.isEmpty { line(CampaignCommandMessages.staffLabel, e.staff.joined(separator: CommandMessages.listSeparator.text(language))) }
                if let reach = e.expectedReach { line(CampaignCommandMessages.expectedReachLabel, String(reach)) }
                if let capacity = e.capacity { line(CampaignCommandMessages.capacityLabel, String(capacity)) }
                var status = e.status.text(language)
                if stored.isRemovedFromFile {
                    status += CampaignCommandMessages.removedFromFile.text(language)
                } else if stored.fileStatus != e.status {
                    status += CampaignCommandMessages.fileSays(status: stored.fileStatus).text(language)
                }
                line(CampaignCommandMessages.statusLabel, status)
                if let notes = e.notes { line(CampaignCommandMessages.notesLabel, notes) }
                text += "\n" + CampaignCommandMessages.occurrencesHeader(count: occurrences.count).text(language)
                for o in occurrences.prefix(20) {
                    text += "  \(o.timing.startDate)  \(renderer.timeText(o.timing))\n"
                }
                if occurrences.count > 20 { text += "  …\n" }
                context.write(text)
            }
        }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "confirm",
            abstract: L("确认活动场次。", "Mark events confirmed."),
            discussion: L("示例：\n  outreach event confirm 315-bd-chibi-street 315-desk-yongan", "Example:\n  outreach event confirm 315-bd-chibi-street 315-desk-yongan"))
        @OptionGroup var options: GlobalOptions
        @OptionGroup var configOption: ConfigOption
        @Argument(help: help("活动场次编号。", "Event ids.", valueName: "id")) var ids: [String]
        func run() async throws { try await changeStatus(ids, to: .confirmed, options: options, config: configOption) }
    }

    struct Done: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done",
            abstract: L("标记活动场次已完成。", "Mark events done."),
            discussion: L("示例：\n  outreach event done 315-bd-wanda", "Example:\n  outreach event done 315-bd-wanda"))
        @OptionGroup var options: GlobalOptions
        @OptionGroup var configOption: ConfigOption
        @Argument(help: help("活动场次编号。", "Event ids.", valueName: "id")) var ids: [String]
        func run() async throws { try await changeStatus(ids, to: .done, options: options, config: configOption) }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: L("取消活动场次。", "Cancel events."),
            discussion: L("示例：\n  outreach event cancel 315-desk-tongcheng-juanshui", "Example:\n  outreach event cancel 315-desk-tongcheng-juanshui"))
        @OptionGroup var options: GlobalOptions
        @OptionGroup var configOption: ConfigOption
        @Argument(help: help("活动场次编号。", "Event ids.", valueName: "id")) var ids: [String]
        @Option(help: help("取消原因，记入审计日志。", "Why, kept in the audit log.", valueName: "text")) var reason: String?
        func run() async throws {
            try await changeStatus(ids, to: .cancelled, reason: reason, options: options, config: configOption)
        }
    }
}

/// Checks every id first, then changes each event's status.
/// Each change is recorded in the audit log under the operating system's user name (`USER`), marked as the command line.
private func changeStatus(
    _ ids: [String], to status: EventStatus, reason: String? = nil, options: GlobalOptions, config: ConfigOption
) async throws {
    let context = CommandContext(options: options, config: config)
    let language = context.language
    let (store, reference) = try await context.openDatabase()
    let change = EventStatusChange(
        store: store, reference: reference, notify: try context.loadNotify(showWarnings: false).configuration)
    try await context.storeCall {
        try await change.run(
            ids.map { Event.ID($0) }, to: status, at: context.now, by: commandLineActor(),
            reason: reason.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 },
            changed: { updated in
                context.write(
                    CampaignCommandMessages.statusChanged(id: updated.event.id, title: updated.event.title, status: status).text(language))
            },
            kept: { cancelled, records in
                context.write(cancelledWithReach(cancelled.event.id, records: records, language) + "\n")
            })
    }
}

extension CommandContext {
    func loadEvent(_ id: Event.ID, from store: any OutreachStore) async throws -> StoredEvent {
        try await storeCall { try await EventLookup(store: store).event(id) }
    }
}

/// What cancelling an event with reach records says: how many it has, and that they stay.
func cancelledWithReach(_ id: Event.ID, records: Int, _ language: Language) -> String {
    CampaignCommandMessages.reachRecordsKept(id: id, records: records).text(language)
}

/// Who runs the command, for the audit log: the operating system's user name (`USER`, else `LOGNAME`).
func commandLineActor() -> AuditActor {
    let environment = ProcessInfo.processInfo.environment
    let name = [environment["USER"], environment["LOGNAME"]].compactMap { $0 }.first { !$0.isEmpty } ?? "unknown"
    return AuditActor(name: name, source: .commandLine)
}
