import ArgumentParser
import Foundation
import OutreachCore
import OutreachSQLite

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, md, ics
}

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "List the events in a window (default: the next 14 days). 列出时间段内的活动场次。",
        discussion: """
            Recurring events are expanded in each branch's time zone (Asia/Shanghai unless the branch says \
            otherwise). Cancelled events are left out unless --status asks for them. When the window is empty \
            the table says so and shows the next upcoming events.

            CSV: with --excel (the default when --output names a .csv file) a UTF-8 byte-order mark is written \
            so Excel and WPS on a Chinese desktop open it correctly; --no-excel leaves it out.

            Examples:
              outreach plan
              outreach plan --from 2027-03-01 --to 2027-03-31 --branch xn-chibi
              outreach plan --campaign 2027-315-xianning --format ics --output 315.ics
              outreach plan --status planned --status confirmed --format csv --output plan.csv
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("First day, like 2027-03-01 (default: today). 开始日期。", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last day, inclusive (default: 13 days after --from). 结束日期。", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Only this branch and the branches below it. 机构。", valueName: "id"))
    var branch: String?

    @Option(help: ArgumentHelp("Only this campaign. 宣传活动。", valueName: "id"))
    var campaign: String?

    @Option(help: ArgumentHelp("Only this channel. 渠道。", valueName: "id"))
    var channel: String?

    @Option(
        help: ArgumentHelp(
            "Only these statuses (repeatable): planned, confirmed, done, cancelled. 状态。", valueName: "status"))
    var status: [EventStatus] = []

    @Option(help: ArgumentHelp("table, json, csv, md or ics. 输出格式。", valueName: "format"))
    var format: PlanFormat = .table

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output. 输出文件。", valueName: "file"))
    var output: String?

    @Flag(inversion: .prefixedNo, help: "CSV with a UTF-8 byte-order mark for Excel. CSV 加 BOM 以便 Excel 打开。")
    var excel: Bool?

    func validate() throws {
        try DateFlags.checkRange(from: from, to: to, language: options.language)
    }

    func run() async throws {
        let context = CommandContext(options: options)
        let language = context.language
        var timing = StepTiming(enabled: context.environment["OUTREACH_TIMING"] != nil)
        let (store, reference) = try await context.openStore()
        timing.step("open")
        try context.check(branch.map { Branch.ID($0) }, flag: "--branch", subject: .branch, known: reference.branches.map(\.id.rawValue))
        try context.check(channel.map { Channel.ID($0) }, flag: "--channel", subject: .channel, known: reference.channels.map(\.id.rawValue))
        var period: (start: LocalDate, end: LocalDate)?
        if let campaign {
            let known = try await context.storeCall { try await store.campaignIDs() }.map(\.rawValue)
            try context.check(Campaign.ID(campaign), flag: "--campaign", subject: .campaign, known: known)
            let stored = try await context.loadCampaign(Campaign.ID(campaign), from: store).campaign
            period = (stored.start, stored.end)
        }
        let zone = branch.map { reference.timeZone(of: Branch.ID($0)) } ?? ReferenceData.defaultTimeZone
        // With --campaign the window is the campaign's period unless --from or --to say otherwise.
        let start = from.flatMap(DateFlags.date) ?? (to == nil ? period?.start : nil) ?? context.today(in: zone)
        let end = to.flatMap(DateFlags.date) ?? period.map { max($0.end, start) } ?? start.adding(days: 13)
        let query = PlanQuery(
            from: start, through: end, branch: branch.map { Branch.ID($0) }, campaign: campaign.map { Campaign.ID($0) },
            channel: channel.map { Channel.ID($0) }, statuses: status.isEmpty ? nil : Set(status))
        let events = try await context.storeCall { try await store.events(matching: query.storeQuery) }
        timing.step("read \(events.count) events")
        let occurrences = Planner.occurrences(of: events, matching: query, reference: reference)
        timing.step("plan \(occurrences.count) occurrences")
        KeptUntilExit.keep(events)
        KeptUntilExit.keep(occurrences)
        let renderer = PlanRenderer(reference: reference, language: language)
        defer {
            timing.step("render and write")
            if let summary = timing.summary { context.writeError(summary) }
        }
        // An export with nothing in it says so (the table says so on its own).
        if occurrences.isEmpty, format != .table || output != nil {
            var note = language.pick(
                "\(start) 至 \(end) 没有符合条件的活动场次，\(output.map { "写入的 \($0) " } ?? "输出")不含任何活动。",
                "No events from \(start) to \(end) match, so \(output ?? "the output") holds none.")
            if let campaign, let period {
                note += language.pick(
                    "宣传活动 \(campaign) 的期间为 \(period.start) 至 \(period.end)。",
                    " The campaign \(campaign) runs from \(period.start) to \(period.end).")
            }
            context.writeError(note + "\n")
        }

        switch format {
        case .json:
            try context.emit(parts: renderer.jsonParts(occurrences), to: output)
        case .csv:
            let bom = excel ?? (output.map { $0.lowercased().hasSuffix(".csv") } ?? false)
            try context.emit(renderer.csv(occurrences, byteOrderMark: bom), to: output)
        case .ics:
            var seen = Set<Event.ID>()
            let whole = occurrences.compactMap { seen.insert($0.event.id).inserted ? $0.stored : nil }
            let writer = ICalendarWriter(
                reference: reference, language: language, now: context.now,
                calendarName: language.pick("金融知识宣传活动", "Financial education outreach"))
            try context.emit(writer.document(whole), to: output)
        case .md, .table:
            var text = ""
            if format == .md { text = renderer.markdown(occurrences) }
            if occurrences.isEmpty {
                text = language.pick("\(start) 至 \(end) 没有活动场次。\n", "No events from \(start) to \(end).\n")
                var next = query
                next.from = end.adding(days: 1)
                next.through = LocalDate(year: end.year + 3, month: 12, day: 31) ?? end
                let later = try await context.storeCall { try await store.events(matching: next.storeQuery) }
                let upcoming = Planner.occurrences(of: later, matching: next, reference: reference, limit: 5)
                if !upcoming.isEmpty {
                    text += language.pick("接下来的活动场次：\n", "Next upcoming events:\n")
                    text += format == .md ? renderer.markdown(upcoming) : renderer.table(upcoming, colour: context.useColour && output == nil)
                }
            } else if format == .table {
                let count = occurrences.count
                var parts = renderer.tableParts(occurrences, colour: context.useColour && output == nil)
                parts.append(
                    Array(language.pick(
                        "\(start) 至 \(end)：共 \(count) 场。\n",
                        "\(count) event\(count == 1 ? "" : "s") from \(start) to \(end).\n"
                    ).utf8))
                try context.emit(parts: parts, to: output)
                return
            }
            try context.emit(text, to: output)
        }
    }
}
