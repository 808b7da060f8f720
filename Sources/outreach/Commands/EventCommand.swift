import ArgumentParser
import OutreachCore
import OutreachSQLite

struct EventCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event",
        abstract: "Show an event, or mark it confirmed, done or cancelled. 查看或更新活动场次状态。",
        discussion: """
            Status changes: planned → confirmed → done; planned or confirmed → cancelled; cancelled → confirmed.
            Done is final. A status set here survives re-importing the campaign file until the file itself
            changes that event's status.
            With a 'notify:' configuration, confirming schedules the event's reminders and cancelling or marking
            it done withdraws them, in the same transaction; cancelling an event whose reminder already went
            out also queues a cancellation notice.
            """,
        subcommands: [Show.self, Confirm.self, Done.self, Cancel.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one event and its next occurrences. 查看一个活动场次。",
            discussion: """
                Examples:
                  outreach event show 315-talk-chibi
                  outreach event show 315-talk-chibi --format json
                """
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: ArgumentHelp("Event id. 活动场次编号。", valueName: "id"))
        var id: String

        @Option(help: ArgumentHelp("table or json. 输出格式。", valueName: "format"))
        var format: DetailFormat = .table

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, reference) = try await context.openStore()
            let stored = try await context.loadEvent(Event.ID(id), from: store)
            let e = stored.event
            let query = PlanQuery(from: e.timing.startDate, through: stored.campaignEnd, statuses: Set(EventStatus.allCases))
            let occurrences = Planner.occurrences(of: [stored], matching: query, reference: reference)
            let renderer = PlanRenderer(reference: reference, language: language)
            switch format {
            case .json:
                guard case .object(var pairs) = eventJSON(stored, reference: reference) else { return }
                pairs.append(("occurrences", .array(occurrences.map { o in
                    let (start, end) = renderer.isoBounds(o)
                    return .object([("start", .string(start)), ("end", .string(end))])
                })))
                context.write(JSONValue.object(pairs).serialized(pretty: true) + "\n")
            case .table:
                var text = "\(e.title.text(language))  (\(e.id))\n"
                func line(_ zh: String, _ en: String, _ value: String) { text += "  \(language.pick(zh, en)): \(value)\n" }
                line("宣传活动", "Campaign", "\(stored.campaignTitle.text(language)) (\(e.campaign))")
                line("渠道", "Channel", reference.channel(e.channel)?.names.text(language) ?? e.channel.rawValue)
                line("场地", "Venue", reference.venue(e.venue)?.names.text(language) ?? e.venue.rawValue)
                line("机构", "Branch", reference.branch(e.branch)?.names.text(language) ?? e.branch.rawValue)
                line("时间", "When", "\(e.timing.startDate) \(renderer.timeText(e.timing)) (\(reference.timeZone(of: e.branch)))")
                if let rule = e.recurrence { line("重复", "Repeats", rule.text(language, start: e.timing.startDate)) }
                if !e.exceptDates.isEmpty { line("除外", "Except", e.exceptDates.map(\.description).joined(separator: ", ")) }
                if !e.staff.isEmpty { line("人员", "Staff", e.staff.joined(separator: language.pick("、", ", "))) }
                if let reach = e.expectedReach { line("预计触达", "Expected reach", String(reach)) }
                if let capacity = e.capacity { line("容量", "Capacity", String(capacity)) }
                var status = e.status.text(language)
                if stored.isRemovedFromFile {
                    status += language.pick("（已从活动文件删除）", " (removed from its campaign file)")
                } else if stored.fileStatus != e.status {
                    status += language.pick("（文件中为“\(stored.fileStatus.text(.zh))”）", " (the file says \(stored.fileStatus.rawValue))")
                }
                line("状态", "Status", status)
                if let notes = e.notes { line("备注", "Notes", notes) }
                text += "\n" + language.pick("场次（\(occurrences.count)）：\n", "Occurrences (\(occurrences.count)):\n")
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
            abstract: "Mark events confirmed. 确认活动场次。",
            discussion: "Example:\n  outreach event confirm 315-talk-chibi 315-led-wenquan")
        @OptionGroup var options: GlobalOptions
        @Argument(help: ArgumentHelp("Event ids. 活动场次编号。", valueName: "id")) var ids: [String]
        func run() async throws { try await changeStatus(ids, to: .confirmed, options: options) }
    }

    struct Done: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark events done. 标记活动场次已完成。",
            discussion: "Example:\n  outreach event done 315-talk-chibi")
        @OptionGroup var options: GlobalOptions
        @Argument(help: ArgumentHelp("Event ids. 活动场次编号。", valueName: "id")) var ids: [String]
        func run() async throws { try await changeStatus(ids, to: .done, options: options) }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel events. 取消活动场次。",
            discussion: "Example:\n  outreach event cancel 315-talk-chibi")
        @OptionGroup var options: GlobalOptions
        @Argument(help: ArgumentHelp("Event ids. 活动场次编号。", valueName: "id")) var ids: [String]
        func run() async throws { try await changeStatus(ids, to: .cancelled, options: options) }
    }
}

/// Checks every id first, then changes each event's status.
private func changeStatus(_ ids: [String], to status: EventStatus, options: GlobalOptions) async throws {
    let context = CommandContext(options: options)
    let language = context.language
    let (store, _) = try await context.openStore()
    await store.scheduleNotices(with: try context.loadNotify(showWarnings: false).configuration)
    for id in ids {
        let stored = try await context.loadEvent(Event.ID(id), from: store)
        guard stored.event.status.canChange(to: status) else {
            throw context.usage(StoreError.statusChange(stored.event.id, from: stored.event.status, to: status).message(language))
        }
    }
    for id in ids {
        let updated = try await context.storeCall { try await store.setStatus(status, of: Event.ID(id), at: context.now) }
        context.write(
            language.pick(
                "\(updated.event.id)：\(updated.event.title.zh) → \(status.text(.zh))\n",
                "\(updated.event.id): \(updated.event.title.text(.en)) → \(status.rawValue)\n"))
    }
}

extension CommandContext {
    func loadEvent(_ id: Event.ID, from store: SQLiteStore) async throws -> StoredEvent {
        if let stored = try await storeCall({ try await store.event(id) }) { return stored }
        let known = try await storeCall { try await store.eventIDs() }.map(\.rawValue)
        throw usage(StoreError.eventNotFound(id, suggestion: nearest(to: id.rawValue, in: known).map { Event.ID($0) }).message(language))
    }
}
