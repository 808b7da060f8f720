import ArgumentParser
import Foundation
import OutreachCore
import OutreachSQLite

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, md, html, xlsx
}

/// The period options every report takes.
struct PeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First day. 开始日期。", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Last day, inclusive. 结束日期。", valueName: "date")) var to: String?
    @Option(help: ArgumentHelp("A month like 2027-03. 月份。", valueName: "month")) var month: String?
    @Option(help: ArgumentHelp("A quarter like 2027-Q1. 季度。", valueName: "quarter")) var quarter: String?
    @Option(help: ArgumentHelp("A year like 2027. 年度。", valueName: "year")) var year: String?

    func validate(language: Language) throws {
        let given = [from != nil || to != nil, month != nil, quarter != nil, year != nil].filter { $0 }.count
        if given > 1 {
            throw ValidationError(
                language.pick(
                    "请只用 '--from/--to'、'--month'、'--quarter' 或 '--year' 中的一种指定期间。",
                    "Give the period one way: '--from/--to', '--month', '--quarter' or '--year'."))
        }
        try DateFlags.checkRange(from: from, to: to, language: language)
        for (flag, value, kind, example) in [
            ("--month", month, ReportPeriod.Kind.month, "2027-03"), ("--quarter", quarter, .quarter, "2027-Q1"),
            ("--year", year, .year, "2027"),
        ] {
            if let value, ReportPeriod(value)?.kind != kind {
                throw ValidationError(
                    language.pick(
                        "'\(flag)' 的值 '\(value)' 无效。应为 '\(example)' 这样的值。",
                        "The value '\(value)' is invalid for '\(flag)'. Expected a value like '\(example)'."))
            }
        }
    }

    /// The period asked for; by default the current month up to today.
    func period(today: LocalDate) -> ReportPeriod {
        if let text = month ?? quarter ?? year, let period = ReportPeriod(text) { return period }
        if from != nil || to != nil {
            let start = from.flatMap { LocalDate($0) } ?? today.firstOfMonth
            let end = to.flatMap { LocalDate($0) } ?? today
            return ReportPeriod(kind: .dates, start: start, end: end)
        }
        return ReportPeriod(kind: .dates, start: today.firstOfMonth, end: today)
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reach reports, the monthly bulletin and the branch scorecard. 触达报表、月度专刊与考核记分卡。",
        subcommands: [Totals.self, Bulletin.self, Scorecard.self],
        defaultSubcommand: Totals.self
    )

    struct Totals: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "totals",
            abstract: "Totals grouped by campaign, channel, branch, segment, metric and time. 分组汇总触达数据。",
            discussion: """
                Metrics are never added across kinds: people-reached metrics (attendees, consultations) are summed
                as person-times (人次); leaflets, plays and reads each stand alone. With --by segment the report
                shows coverage (覆盖率) = person-times ÷ the segment's target population (seeds/populations).
                OUTREACH_TIMING=1 prints how long the query took and which rollups it read, on standard error.
                --by branch rolls up to the level below --branch (sub-branches of the city branch); --level
                chooses another level. Reports read the rollup kept current by every write, so any grouping is quick.

                CSV: a UTF-8 byte-order mark is written with --excel, and by default when --output names a .csv
                file (what Excel and WPS on a Chinese desktop need); --no-excel leaves it out. xlsx writes a
                workbook (one sheet for all rows plus one per value of the first grouping).

                Examples:
                  outreach report --month 2027-03 --by channel
                  outreach report --quarter 2027-Q1 --by branch,segment --format xlsx --output q1.xlsx
                  outreach report --from 2027-03-01 --to 2027-03-21 --by day,metric --branch xn-chibi
                  outreach report --year 2027 --by segment --lang en --format csv --output 2027.csv
                """
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var period: PeriodOptions

        @Option(
            help: ArgumentHelp(
                "Group by campaign, channel, branch, segment, metric, month, week or day (comma-separated). 分组维度。",
                valueName: "dimensions"))
        var by: String?

        @Option(help: ArgumentHelp("Only this branch and below it. 机构范围。", valueName: "id")) var branch: String?
        @Option(help: ArgumentHelp("Branch level for --by branch: city, sub-branch or outlet. 机构层级。", valueName: "level"))
        var level: String?
        @Option(help: ArgumentHelp("Only this campaign. 宣传活动。", valueName: "id")) var campaign: String?
        @Option(help: ArgumentHelp("Only this channel. 渠道。", valueName: "id")) var channel: String?
        @Option(help: ArgumentHelp("Only this segment. 客群。", valueName: "id")) var segment: String?
        @Option(help: ArgumentHelp("table, csv, json, md, html or xlsx. 输出格式。", valueName: "format"))
        var format: ReportFormat = .table
        @Option(name: [.short, .long], help: ArgumentHelp("Write to this file. 输出文件。", valueName: "file"))
        var output: String?
        @Flag(inversion: .prefixedNo, help: "CSV with a UTF-8 byte-order mark for Excel. CSV 加 BOM。")
        var excel: Bool?

        func validate() throws {
            let language = options.language
            try period.validate(language: language)
            for name in dimensions() where ReportDimension(rawValue: name) == nil {
                let known = ReportDimension.allCases.map(\.rawValue)
                let hint = nearest(to: name, in: known).map { language.pick("是否应为 '\($0)'？", " Did you mean '\($0)'?") } ?? ""
                throw ValidationError(
                    language.pick(
                        "'--by' 的值 '\(name)' 无效。可选 \(known.map { "'\($0)'" }.joined(separator: "、"))。\(hint)",
                        "The value '\(name)' is invalid for '--by'. Please provide one of \(known.map { "'\($0)'" }.joined(separator: ", ")).\(hint)"))
            }
            let times = dimensions().filter { ["month", "week", "day"].contains($0) }
            if times.count > 1 {
                throw ValidationError(
                    language.pick(
                        "'--by' 只能包含 'month'、'week'、'day' 中的一个。", "'--by' can hold only one of 'month', 'week' and 'day'."))
            }
            if let level, Branch.Level(rawValue: level) == nil {
                throw ValidationError(
                    language.pick(
                        "'--level' 的值 '\(level)' 无效。可选 'city'、'sub-branch' 或 'outlet'。",
                        "The value '\(level)' is invalid for '--level'. Please provide one of 'city', 'sub-branch' or 'outlet'."))
            }
        }

        func dimensions() -> [String] {
            (by ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        }

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, reference) = try await context.openStore()
            try context.check(branch.map { Branch.ID($0) }, flag: "--branch", subject: .branch, known: reference.known(.branch).ordered)
            try context.check(channel.map { Channel.ID($0) }, flag: "--channel", subject: .channel, known: reference.known(.channel).ordered)
            try context.check(segment.map { AudienceSegment.ID($0) }, flag: "--segment", subject: .segment, known: reference.known(.segment).ordered)
            let campaigns = try await context.storeCall { try await store.campaigns() }
            if let campaign {
                try context.check(Campaign.ID(campaign), flag: "--campaign", subject: .campaign, known: campaigns.map(\.campaign.id.rawValue))
            }
            let request = ReportRequest(
                period: period.period(today: context.today()), dimensions: dimensions().compactMap { ReportDimension(rawValue: $0) },
                scope: branch.map { Branch.ID($0) }, level: level.flatMap { Branch.Level(rawValue: $0) },
                campaign: campaign.map { Campaign.ID($0) }, channel: channel.map { Channel.ID($0) },
                segment: segment.map { AudienceSegment.ID($0) })
            let started = ContinuousClock.now
            let codes = try await context.storeCall { try await store.reachCodes() }
            var cube = ReachCubeReader()
            for source in ReachReportBuilder.sources(for: request) {
                let months = try await context.storeCall { try await store.reachCube(source.cuboid, months: source.months) }
                cube.add(source.cuboid, range: source.months, months: months)
            }
            let read = started.duration(to: .now)
            let report: ReachReport
            do {
                report = try ReachReportBuilder.build(request, cube: cube, codes: codes, reference: reference)
            } catch .overflow {
                throw context.fail(ReachSums.Overflow().message(language), code: ExitStatus.badData)
            } catch {
                throw context.usage(language.pick("'--by' 只能包含一个时间维度。", "'--by' can hold only one time dimension."))
            }
            if context.environment["OUTREACH_TIMING"] != nil {
                func ms(_ d: Duration) -> String { String(format: "%.1f", d.milliseconds) }
                let elapsed = started.duration(to: .now)
                let cuboids = ReachReportBuilder.sources(for: request).map(\.cuboid.description).joined(separator: " ")
                context.writeError(
                    "query \(ms(elapsed)) ms (read \(ms(read)) ms, \(cube.cellCount) cells), \(report.rows.count) rows, \(cuboids)\n")
            }
            let titles = Dictionary(campaigns.map { ($0.campaign.id, $0.campaign.title) }, uniquingKeysWith: { a, _ in a })
            let renderer = ReachReportRenderer(report: report, reference: reference, language: language, campaignTitles: titles)
            switch format {
            case .table: try context.emit(renderer.table(), to: output)
            case .json: try context.emit(renderer.json(), to: output)
            case .md: try context.emit(renderer.markdown(), to: output)
            case .html: try context.emit(renderer.html(), to: output)
            case .csv:
                let bom = excel ?? (output.map { $0.lowercased().hasSuffix(".csv") } ?? false)
                try context.emit(renderer.csv(byteOrderMark: bom), to: output)
            case .xlsx:
                let path = output ?? "outreach-report-\(request.period).xlsx"
                try context.emit(bytes: try renderer.xlsx(created: context.now), to: path)
                if output == nil { context.write(language.pick("已写入 \(path)\n", "Wrote \(path)\n")) }
            }
        }
    }
}

extension ReportCommand {
    struct Scorecard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per-branch progress against targets. 各机构目标完成情况。",
            discussion: """
                For each branch below --branch (the sub-branches of the city branch by default): events planned and
                held (an occurrence with reach logged, or a one-day event marked done), person-times per segment,
                targets (from 'outreach import targets/'), percent of target and whether the branch is on track for
                the time elapsed (at least 90% of target × elapsed share). A target for a longer period (a year) is
                pro-rated by days and marked *.

                Examples:
                  outreach report scorecard --quarter 2027-Q1
                  outreach report scorecard --month 2027-03 --branch xn-chibi --format json
                """
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var period: PeriodOptions
        @Option(help: ArgumentHelp("The branch whose sub-branches are scored. 机构。", valueName: "id")) var branch: String?
        @Option(help: ArgumentHelp("table, csv, json or md. 输出格式。", valueName: "format")) var format: ReportFormat = .table
        @Option(name: [.short, .long], help: ArgumentHelp("Write to this file. 输出文件。", valueName: "file")) var output: String?
        @Flag(help: "Also queue an off-track alert for each line behind. 同时为进度滞后项发送提醒。") var notify = false

        func validate() throws { try period.validate(language: options.language) }

        func run() async throws {
            let context = CommandContext(options: options)
            let configuration = notify ? try context.requireNotify() : nil
            let (store, reference) = try await context.openStore()
            try context.check(branch.map { Branch.ID($0) }, flag: "--branch", subject: .branch, known: reference.known(.branch).ordered)
            let scorecard = try await ScorecardLoader(context: context, store: store, reference: reference)
                .scorecard(period: period.period(today: context.today()), scope: branch.map { Branch.ID($0) })
            if let configuration {
                let queued = try await ScorecardLoader.queueOffTrackAlerts(
                    scorecard, store: store, configuration: configuration, reference: reference, language: context.language,
                    at: context.now)
                let lines = scorecard.offTrack.count, branches = Set(scorecard.offTrack.map(\.branch)).count
                context.writeError(
                    context.language.pick(
                        "\(branches) 个机构共 \(lines) 项进度滞后，已排队 \(queued) 条提醒。\n",
                        "\(lines) line\(lines == 1 ? "" : "s") of \(branches) branch\(branches == 1 ? " is" : "es are") off track; queued \(queued) alert\(queued == 1 ? "" : "s").\n"))
            }
            let renderer = ScorecardRenderer(scorecard: scorecard, reference: reference, language: context.language)
            switch format {
            case .json: try context.emit(renderer.json(), to: output)
            case .csv: try context.emit(renderer.csv(byteOrderMark: output.map { $0.hasSuffix(".csv") } ?? false), to: output)
            case .md: try context.emit(renderer.markdown(), to: output)
            default: try context.emit(renderer.table(), to: output)
            }
        }
    }

    struct Bulletin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the monthly bulletin as Markdown and HTML. 生成月度专刊。",
            discussion: """
                Writes bulletins/YYYY-MM-BRANCH.md and .html (self-contained, inline SVG charts): events held by
                channel, person-times by segment, coverage against targets, the trend over six months, top outlets,
                notable events. --publish freezes the figures as issued; corrections made later to a published month
                appear in the next bulletin as restatements with the old and new figures.

                Examples:
                  outreach report bulletin --month 2027-03
                  outreach report bulletin --month 2027-03 --branch xn-chibi --publish
                """
        )

        @OptionGroup var options: GlobalOptions
        @Option(help: ArgumentHelp("The month, like 2027-03. 月份。", valueName: "month")) var month: String
        @Option(help: ArgumentHelp("The branch (default: the city branch). 机构。", valueName: "id")) var branch: String?
        @Option(help: ArgumentHelp("Folder to write into (default: bulletins). 输出目录。", valueName: "folder")) var output = "bulletins"
        @Flag(help: "Publish: freeze the figures as issued. 发布并定稿。") var publish = false
        @Option(
            help: ArgumentHelp(
                "Where readers find the bulletin, for the published notice (default: the HTML file's path). 专刊链接。",
                valueName: "url")) var link: String?

        func validate() throws {
            guard ReportPeriod(month)?.kind == .month else {
                throw ValidationError(
                    options.language.pick(
                        "'--month' 的值 '\(month)' 无效。应为 '2027-03' 这样的月份。",
                        "The value '\(month)' is invalid for '--month'. Expected a month like '2027-03'."))
            }
        }

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, reference) = try await context.openStore()
            try context.check(branch.map { Branch.ID($0) }, flag: "--branch", subject: .branch, known: reference.known(.branch).ordered)
            guard let scope = branch.map({ Branch.ID($0) }) ?? reference.branches.first(where: { $0.parent == nil })?.id,
                let period = ReportPeriod(month)
            else { throw context.fail(language.pick("没有机构数据。", "There are no branches.")) }
            if publish, let existing = try await context.storeCall({ try await store.bulletin(month: month, branch: scope) }) {
                throw context.usage(
                    language.pick(
                        "\(month) 的专刊已于 \(Timestamp.string(from: existing.issuedAt)) 发布，不再重复发布；之后的更正会在下一期专刊中说明。",
                        "The \(month) bulletin was published at \(Timestamp.string(from: existing.issuedAt)) and is not issued again; later corrections appear in the next bulletin."))
            }
            let loader = ScorecardLoader(context: context, store: store, reference: reference)
            let bulletin = try await loader.bulletin(month: ReachCubeMonth.index(of: period.start), scope: scope)
            let renderer = BulletinRenderer(bulletin: bulletin, reference: reference, language: language)
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            let base = "\(output)/\(month)-\(scope)"
            try context.emit(renderer.markdown(), to: base + ".md")
            try context.emit(renderer.html(), to: base + ".html")
            var text = language.pick("已写入 \(base).md 和 \(base).html。\n", "Wrote \(base).md and \(base).html.\n")
            if !bulletin.restatements.isEmpty {
                text += language.pick(
                    "包含 \(bulletin.restatements.count) 项对已发布专刊的更正说明。\n",
                    "It restates \(bulletin.restatements.count) figure\(bulletin.restatements.count == 1 ? "" : "s") of earlier bulletins.\n")
            }
            if publish {
                let figures = bulletin.figures.json()
                // The chat groups hear of it in the same transaction (when notices are set up).
                var notices: [OutboxEntry] = []
                if let notify = try context.loadNotify(showWarnings: false).configuration {
                    let path = URL(fileURLWithPath: base + ".html").standardizedFileURL.path
                    let (key, notice) = ReportNotices.bulletinPublished(
                        bulletin.figures, period: period, branch: scope, reference: reference, link: link ?? path,
                        language: language, at: context.now)
                    notices = notify.outboxEntries(for: notice, key: key, reference: reference, dueAt: context.now)
                }
                try await context.storeCall {
                    try await store.publishBulletin(
                        PublishedBulletin(month: month, branch: scope, issuedAt: context.now, figures: figures, stated: figures),
                        restating: bulletin.restated, notices: notices)
                }
                text += language.pick("已发布 \(month) 专刊。\n", "Published the \(month) bulletin.\n")
                if !notices.isEmpty {
                    text += language.pick(
                        "已排队 \(notices.count) 条发布通知。\n",
                        "Queued \(notices.count) notice\(notices.count == 1 ? "" : "s") of it.\n")
                }
            }
            context.write(text)
        }
    }
}

/// Gathers what the scorecard and the bulletin read from the store.
struct ScorecardLoader {
    let context: CommandContext
    let store: SQLiteStore
    let reference: ReferenceData

    /// Queues an off-track alert for each branch of a scorecard with lines behind; returns how many were
    /// added (an alert already queued today for the same branch and period is not queued again).
    static func queueOffTrackAlerts(
        _ scorecard: Scorecard, store: SQLiteStore, configuration: NotifyConfiguration, reference: ReferenceData,
        language: Language, at now: Date
    ) async throws -> Int {
        let entries = ReportNotices.offTrackAlerts(scorecard, reference: reference, language: language, at: now).flatMap {
            configuration.outboxEntries(for: $0.notice, key: $0.key, reference: reference, dueAt: now)
        }
        return try await store.enqueue(entries, at: now)
    }

    func activity(from: LocalDate, through: LocalDate) async throws -> ReachActivity {
        async let codes = context.storeCall { try await store.reachCodes() }
        async let keys = context.storeCall { try await store.eventKeys() }
        async let entries = context.storeCall { try await store.reachEntries(from: from, through: through) }
        async let events = context.storeCall { try await store.events(matching: EventQuery(ordered: false)) }
        let byID = Dictionary(try await events.map { ($0.event.id, $0) }, uniquingKeysWith: { a, _ in a })
        var byKey: [Int: StoredEvent] = [:]
        for (id, key) in try await keys { byKey[key] = byID[id] }
        let read = try await entries
        do { try ReachSums.check(read) } catch { throw context.fail(error.message(context.language), code: ExitStatus.badData) }
        return ReachActivity(events: byKey, entries: read, codes: try await codes)
    }

    /// The monthly rollups with branch, and with branch and segment, which the scorecard and the bulletin
    /// read (always for whole months).
    func cube(months: ClosedRange<Int>) async throws -> ReachCubeReader {
        var cube = ReachCubeReader()
        for dimensions in [ReachCuboid.branch, ReachCuboid.branch | ReachCuboid.segment] {
            let cuboid = ReachCuboid(dimensions: dimensions, isDaily: false)
            let read = try await context.storeCall { try await store.reachCube(cuboid, months: months) }
            // The scorecard and the bulletin add these cells up: checked once here (see ReachSums).
            do { try ReachSums.check(read) } catch { throw context.fail(error.message(context.language), code: ExitStatus.badData) }
            cube.add(cuboid, range: months, months: read)
        }
        return cube
    }

    func scorecard(period: ReportPeriod, scope: Branch.ID?, asOf: LocalDate? = nil) async throws -> Scorecard {
        let activity = try await activity(from: period.start, through: period.end)
        let cube = try await cube(months: period.months)
        let targets = try await context.storeCall { try await store.targets() }
        let query = PlanQuery(from: period.start, through: period.end)
        let planned = Planner.occurrences(of: Array(activity.events.values), matching: query, reference: reference)
        return Scorecard.build(
            period: period, scope: scope, asOf: asOf ?? context.today(), reference: reference, targets: targets, cube: cube,
            activity: activity, planned: planned)
    }

    func bulletin(month: Int, scope: Branch.ID) async throws -> Bulletin {
        let period = ReportPeriod.month(month)
        let activity = try await activity(from: period.start, through: period.end)
        let first = min(month - 5, (month / 12) * 12)
        let cube = try await cube(months: first...month)
        let previousActivity = try await self.activity(from: ReportPeriod.month(month - 1).start, through: ReportPeriod.month(month - 1).end)
        let previous = BulletinFigures.compute(month: month - 1, scope: scope, reference: reference, cube: cube, activity: previousActivity)
        // The quarter containing the month, as of the month's end (or today, if earlier).
        let quarter = ReportPeriod("\(period.start.year)-Q\((period.start.month - 1) / 3 + 1)") ?? period
        let scorecard = try await self.scorecard(period: quarter, scope: scope, asOf: min(context.today(), period.end))
        var earlier: [(PublishedBulletin, BulletinFigures)] = []
        for published in try await context.storeCall({ try await store.bulletins(branch: scope) }) {
            guard let p = ReportPeriod(published.month), p.end < period.start else { continue }
            let index = ReachCubeMonth.index(of: p.start)
            let monthCube = try await self.cube(months: index...index)
            let monthActivity = try await self.activity(from: p.start, through: p.end)
            earlier.append((published, BulletinFigures.compute(month: index, scope: scope, reference: reference, cube: monthCube, activity: monthActivity)))
        }
        return OutreachCore.Bulletin.build(
            month: month, scope: scope, reference: reference, cube: cube, activity: activity, previous: previous,
            scorecard: scorecard, earlier: earlier)
    }
}
