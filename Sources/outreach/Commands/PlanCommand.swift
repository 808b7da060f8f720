import ArgumentParser
import Foundation
import OutreachApp
import OutreachCore

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, md, ics
}

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: L("列出时间段内的活动场次（默认：未来 14 天）。", "List the events in a window (default: the next 14 days)."),
        discussion: L(
            """
            重复的活动按各机构的时区展开（机构未另行规定时为 Asia/Shanghai）。已取消的场次不列出，除非 --status 要求。\
            给出 --campaign 时，默认时间段为该宣传活动的期间。时间段内没有场次时，表格会说明并列出接下来的场次；其他格式\
            在标准错误上说明输出为空。

            CSV：给出 --excel 时（--output 为 .csv 文件时默认如此）写入 UTF-8 字节顺序标记，使中文桌面上的 Excel 和 WPS \
            能正确打开；--no-excel 不写。CSV 列出名称，编号在各自的列中。日期可写作 2027-03-01、2027-3-1 或 2027/3/1。

            示例：
              outreach plan
              outreach plan --from 2027-03-01 --to 2027-03-31 --branch xn-chibi
              outreach plan --campaign 2027-315-xianning --format ics --output 315.ics
              outreach plan --from 2027/3/1 --status planned --status confirmed --format csv --output plan.csv
            """,
            """
            Recurring events are expanded in each branch's time zone (Asia/Shanghai unless the branch says \
            otherwise). Cancelled events are left out unless --status asks for them. With --campaign the window is \
            the campaign's period by default. When the window is empty the table says so and shows the next \
            upcoming events; the other formats say on standard error that the output is empty.

            CSV: with --excel (the default when --output names a .csv file) a UTF-8 byte-order mark is written so \
            Excel and WPS on a Chinese desktop open it correctly; --no-excel leaves it out. The CSV gives names, \
            with the ids in columns of their own. Dates may be written 2027-03-01, 2027-3-1 or 2027/3/1.

            Examples:
              outreach plan
              outreach plan --from 2027-03-01 --to 2027-03-31 --branch xn-chibi
              outreach plan --campaign 2027-315-xianning --format ics --output 315.ics
              outreach plan --from 2027/3/1 --status planned --status confirmed --format csv --output plan.csv
            """)
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: help("第一天，如 2027-03-01（默认：今天；给出 --campaign 时为活动开始日）。", "First day, like 2027-03-01 (default: today, or the campaign's first day with --campaign).", valueName: "date"))
    var from: String?

    @Option(help: help("最后一天，含当天（默认：--from 之后 13 天；给出 --campaign 时为活动结束日）。", "Last day, inclusive (default: 13 days after --from, or the campaign's last day with --campaign).", valueName: "date"))
    var to: String?

    @Option(help: help("只列出该机构及其下属机构。", "Only this branch and the branches below it.", valueName: "id"))
    var branch: String?

    @Option(help: help("只列出该宣传活动。", "Only this campaign.", valueName: "id"))
    var campaign: String?

    @Option(help: help("只列出该渠道。", "Only this channel.", valueName: "id"))
    var channel: String?

    @Option(
        help: help("只列出这些状态（可重复给出）。", "Only these statuses (repeatable).", valueName: "status"))
    var status: [EventStatus] = []

    @Option(help: help("输出格式。", "Output format.", valueName: "format"))
    var format: PlanFormat = .table

    @Option(name: [.short, .long], help: help("写入该文件，而不是标准输出。", "Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(inversion: .prefixedNo, help: help("CSV 加 UTF-8 字节顺序标记，便于 Excel 打开。", "CSV with a UTF-8 byte-order mark for Excel."))
    var excel: Bool?

    func validate() throws {
        try DateFlags.checkRange(from: from, to: to, language: options.language)
    }

    func run() async throws {
        let context = CommandContext(options: options)
        let language = context.language
        var timing = StepTiming(enabled: context.environment["OUTREACH_TIMING"] != nil)
        let (store, reference) = try await context.openDatabase()
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
        let start = from.flatMap(DateFlags.date) ?? period?.start ?? context.today(in: zone)
        let end = to.flatMap(DateFlags.date) ?? period.map { max($0.end, start) } ?? start.adding(days: 13)
        let query = PlanQuery(
            from: start, through: end, branch: branch.map { Branch.ID($0) }, campaign: campaign.map { Campaign.ID($0) },
            channel: channel.map { Channel.ID($0) }, statuses: status.isEmpty ? nil : Set(status))
        let listing = PlanListing(store: store, reference: reference)
        let (events, occurrences) = try await context.storeCall { try await listing.occurrences(query) }
        timing.step("read \(events.count) events, plan \(occurrences.count) occurrences")
        KeptUntilExit.keep(events)
        KeptUntilExit.keep(occurrences)
        let renderer = PlanRenderer(reference: reference, language: language)
        defer {
            timing.step("render and write")
            if let summary = timing.summary { context.writeError(summary) }
        }
        // An export with nothing in it says so (the table says so on its own).
        if occurrences.isEmpty, format != .table || output != nil {
            var note = CampaignCommandMessages.noMatchingEvents(start: start, end: end, output: output).text(language)
            if let campaign, let period {
                note += CampaignCommandMessages.campaignPeriod(campaign: campaign, start: period.start, end: period.end).text(language)
            }
            context.writeError(note + "\n")
        }

        switch format {
        case .json:
            try context.emit(to: output) { write in renderer.writeJSON(occurrences, to: write) }
        case .csv:
            let bom = excel ?? (output.map { $0.lowercased().hasSuffix(".csv") } ?? false)
            try context.emit(renderer.csv(occurrences, byteOrderMark: bom), to: output)
        case .ics:
            let whole = PlanListing.events(of: occurrences)
            let writer = ICalendarWriter(
                reference: reference, language: language, now: context.now,
                calendarName: CampaignCommandMessages.calendarName.text(language))
            try context.emit(writer.document(whole), to: output)
        case .md, .table:
            var text = ""
            if format == .md { text = renderer.markdown(occurrences) }
            if occurrences.isEmpty {
                text = CampaignCommandMessages.noEvents(start: start, end: end).text(language)
                var next = query
                next.from = end.adding(days: 1)
                next.through = LocalDate(year: end.year + 3, month: 12, day: 31) ?? end
                let upcoming = try await context.storeCall { try await listing.occurrences(next, limit: 5) }.occurrences
                if !upcoming.isEmpty {
                    text += CampaignCommandMessages.nextEvents.text(language)
                    text += format == .md ? renderer.markdown(upcoming) : renderer.table(upcoming, colour: context.useColour && output == nil)
                }
            } else if format == .table {
                let count = occurrences.count
                var parts = renderer.tableParts(occurrences, colour: context.useColour && output == nil)
                parts.append(
                    Array(CampaignCommandMessages.eventCount(count: count, start: start, end: end).text(language).utf8))
                try context.emit(parts: parts, to: output)
                return
            }
            try context.emit(text, to: output)
        }
    }
}
