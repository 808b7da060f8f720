import ArgumentParser
import Foundation
import OutreachApp
import OutreachCore
import OutreachFormats

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, md, html, xlsx
}

/// What the scorecard is written as.
enum ScorecardFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, md
}

/// The period options every report takes.
struct PeriodOptions: ParsableArguments {
    @Option(help: help("第一天。", "First day.", valueName: "date")) var from: String?
    @Option(help: help("最后一天，含当天。", "Last day, inclusive.", valueName: "date")) var to: String?
    @Option(help: help("月份，如 2027-03。", "A month like 2027-03.", valueName: "month")) var month: String?
    @Option(help: help("季度，如 2027-Q1。", "A quarter like 2027-Q1.", valueName: "quarter")) var quarter: String?
    @Option(help: help("年度，如 2027。", "A year like 2027.", valueName: "year")) var year: String?

    func validate(language: Language) throws {
        let given = [from != nil || to != nil, month != nil, quarter != nil, year != nil].filter { $0 }.count
        if given > 1 {
            throw ValidationError(
                ReportCommandMessages.periodGivenTwice.text(language))
        }
        try DateFlags.checkRange(from: from, to: to, language: language)
        for (flag, value, kind, example) in [
            ("--month", month, ReportPeriod.Kind.month, "2027-03"), ("--quarter", quarter, .quarter, "2027-Q1"),
            ("--year", year, .year, "2027"),
        ] {
            if let value, ReportPeriod(DateFlags.period(value))?.kind != kind {
                throw ValidationError(
                    ReportQueryMessages.invalidPeriod(value: value, flag: flag, example: example).text(language))
            }
        }
    }

    /// The period asked for; by default the current month up to today.
    func period(today: LocalDate) -> ReportPeriod {
        if let text = month ?? quarter ?? year, let period = ReportPeriod(DateFlags.period(text)) { return period }
        if from != nil || to != nil {
            let start = from.flatMap(DateFlags.date) ?? today.firstOfMonth
            let end = to.flatMap(DateFlags.date) ?? today
            return ReportPeriod(kind: .dates, start: start, end: end)
        }
        return ReportPeriod(kind: .dates, start: today.firstOfMonth, end: today)
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: L("触达报表、月度专刊与机构考核记分卡。", "Reach reports, the monthly bulletin and the branch scorecard."),
        subcommands: [Totals.self, Bulletin.self, Scorecard.self],
        defaultSubcommand: Totals.self
    )

    struct Totals: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "totals",
            abstract: L(
                "按宣传活动、渠道、机构、客群、指标和时间分组汇总触达数据。",
                "Totals grouped by campaign, channel, branch, segment, metric and time."),
            discussion: L(
                """
                不同种类的指标从不相加：触达人数类指标（参与人数、咨询人次）按人次相加；折页、播放、阅读各自单列。\
                --by segment 时显示覆盖率 = 人次 ÷ 该客群的目标人群数（seeds/populations）。OUTREACH_TIMING=1 在标准错误上\
                显示查询用时和读取的汇总。--by branch 汇总到 --branch 的下一级（默认为市分行下的支行）；--level 选择其他层级。\
                报表读取每次写入时更新的汇总，任何分组都很快。

                CSV：给出 --excel 时写入 UTF-8 字节顺序标记，--output 为 .csv 文件时默认如此（中文桌面上的 Excel 和 WPS \
                需要它）；--no-excel 不写。xlsx 写出工作簿（一张表列出全部行，第一个分组的每个值再各占一张表）。

                示例：
                  outreach report --month 2027-03 --by channel
                  outreach report --quarter 2027-Q1 --by branch,segment --format xlsx --output q1.xlsx
                  outreach report --from 2027-3-1 --to 2027-3-21 --by day,metric --branch xn-chibi
                  outreach report --year 2027 --by segment --lang en --format csv --output 2027.csv
                """,
                """
                Metrics are never added across kinds: people-reached metrics (attendees, consultations) are summed \
                as person-times (人次); leaflets, plays and reads each stand alone. With --by segment the report \
                shows coverage (覆盖率) = person-times ÷ the segment's target population (seeds/populations). \
                OUTREACH_TIMING=1 prints how long the query took and which rollups it read, on standard error. \
                --by branch rolls up to the level below --branch (sub-branches of the city branch); --level chooses \
                another level. Reports read the rollup kept current by every write, so any grouping is quick.

                CSV: a UTF-8 byte-order mark is written with --excel, and by default when --output names a .csv file \
                (what Excel and WPS on a Chinese desktop need); --no-excel leaves it out. xlsx writes a workbook (one \
                sheet for all rows plus one per value of the first grouping).

                Examples:
                  outreach report --month 2027-03 --by channel
                  outreach report --quarter 2027-Q1 --by branch,segment --format xlsx --output q1.xlsx
                  outreach report --from 2027-3-1 --to 2027-3-21 --by day,metric --branch xn-chibi
                  outreach report --year 2027 --by segment --lang en --format csv --output 2027.csv
                """)
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var period: PeriodOptions

        @Option(
            help: help(
                "分组维度，用逗号分隔：campaign、channel、branch、segment、metric、month、week 或 day。",
                "Group by campaign, channel, branch, segment, metric, month, week or day (comma-separated).",
                valueName: "dimensions"))
        var by: String?

        @Option(help: help("只统计该机构及其下属机构。", "Only this branch and below it.", valueName: "id")) var branch: String?
        @Option(help: help("--by branch 的机构层级：city、sub-branch 或 outlet。", "Branch level for --by branch: city, sub-branch or outlet.", valueName: "level"))
        var level: String?
        @Option(help: help("只统计该宣传活动。", "Only this campaign.", valueName: "id")) var campaign: String?
        @Option(help: help("只统计该渠道。", "Only this channel.", valueName: "id")) var channel: String?
        @Option(help: help("只统计该客群。", "Only this segment.", valueName: "id")) var segment: String?
        @Option(help: help("输出格式。", "Output format.", valueName: "format"))
        var format: ReportFormat = .table
        @Option(name: [.short, .long], help: help("写入该文件。", "Write to this file.", valueName: "file"))
        var output: String?
        @Flag(inversion: .prefixedNo, help: help("CSV 加 UTF-8 字节顺序标记，便于 Excel 打开。", "CSV with a UTF-8 byte-order mark for Excel."))
        var excel: Bool?

        func validate() throws {
            let language = options.language
            try period.validate(language: language)
            for name in dimensions() where ReportDimension(rawValue: name) == nil {
                let known = ReportDimension.allCases.map(\.rawValue)
                let hint = nearest(to: name, in: known).map { CommandMessages.didYouMean(suggestion: $0).text(language) } ?? ""
                throw ValidationError(
                    ReportCommandMessages.invalidBy(value: name, known: known, hint: hint).text(language))
            }
            let times = dimensions().filter { ["month", "week", "day"].contains($0) }
            if times.count > 1 {
                throw ValidationError(
                    ReportCommandMessages.byOneOfMonthWeekDay.text(language))
            }
            if let level, Branch.Level(rawValue: level) == nil {
                throw ValidationError(
                    ReportCommandMessages.invalidLevel(level: level).text(language))
            }
        }

        func dimensions() -> [String] {
            (by ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        }

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            // With OUTREACH_TIMING, the steps before and after the query too (what a cold process spends).
            var timing = StepTiming(enabled: context.environment["OUTREACH_TIMING"] != nil)
            // A reach report names no venue: they are left unread.
            let (store, reference) = try await context.openDatabase(venues: false)
            timing.step("open")
            try context.check(branch.map { Branch.ID($0) }, flag: "--branch", subject: .branch, known: reference.known(.branch).ordered)
            try context.check(channel.map { Channel.ID($0) }, flag: "--channel", subject: .channel, known: reference.known(.channel).ordered)
            try context.check(segment.map { AudienceSegment.ID($0) }, flag: "--segment", subject: .segment, known: reference.known(.segment).ordered)
            let campaigns = try await context.storeCall { try await store.campaigns() }
            timing.step("campaigns")
            if let campaign {
                try context.check(Campaign.ID(campaign), flag: "--campaign", subject: .campaign, known: campaigns.map(\.campaign.id.rawValue))
            }
            let request = ReportRequest(
                period: period.period(today: context.today()), dimensions: dimensions().compactMap { ReportDimension(rawValue: $0) },
                scope: branch.map { Branch.ID($0) }, level: level.flatMap { Branch.Level(rawValue: $0) },
                campaign: campaign.map { Campaign.ID($0) }, channel: channel.map { Channel.ID($0) },
                segment: segment.map { AudienceSegment.ID($0) })
            let started = ContinuousClock.now
            let result: ReachReports.Result
            do {
                result = try await context.storeCall {
                    try await ReachReports(store: store, reference: reference).report(request, campaigns: campaigns)
                }
            } catch ReachReportBuilder.Failure.overflow {
                throw context.fail(ReachSums.Overflow().message(language), code: ExitStatus.badData)
            } catch is ReachReportBuilder.Failure {
                throw context.usage(ReportCommandMessages.byOneTimeDimension.text(language))
            }
            let report = result.report, read = result.read
            timing.step("query")
            defer {
                timing.step("render")
                if let summary = timing.summary { context.writeError(summary) }
            }
            if context.environment["OUTREACH_TIMING"] != nil {
                func ms(_ d: Duration) -> String { String(format: "%.1f", d.milliseconds) }
                let elapsed = started.duration(to: .now)
                let cuboids = ReachReportBuilder.sources(for: request).map(\.cuboid.description).joined(separator: " ")
                context.writeError(
                    "query \(ms(elapsed)) ms (read \(ms(read)) ms, \(result.cellCount) cells), \(report.rows.count) rows, \(cuboids)\n")
            }
            // A month whose bulletin is published: said on standard error (when, by whom, whether figures changed).
            if request.period.kind == .month,
                let scope = request.scope ?? reference.branches.first(where: { $0.parent == nil })?.id,
                let status = try await ScorecardLoader(context: context, store: store, reference: reference)
                    .publishedStatus(month: ReachCubeMonth.index(of: request.period.start), scope: scope)
            {
                context.writeError(status.message(language) + "\n")
            }
            let renderer = result.renderer(reference: reference, language: language)
            switch format {
            case .table: try context.emit(renderer.table(), to: output)
            case .json: try context.emit(to: output) { write in renderer.writeJSON(to: write) }
            case .md: try context.emit(renderer.markdown(), to: output)
            case .html: try context.emit(renderer.html(), to: output)
            case .csv:
                let bom = excel ?? (output.map { $0.lowercased().hasSuffix(".csv") } ?? false)
                try context.emit(renderer.csv(byteOrderMark: bom), to: output)
            case .xlsx:
                let path = output ?? "outreach-report-\(request.period).xlsx"
                try context.emit(bytes: try renderer.xlsx(created: context.now), to: path)
                if output == nil { context.write(ReportCommandMessages.wrote(path: path).text(language)) }
            }
        }
    }
}

extension ReportCommand {
    struct Scorecard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scorecard",
            abstract: L("各机构目标完成情况。", "Per-branch progress against targets."),
            discussion: L(
                """
                列出 --branch 下的每个机构（默认为市分行下的支行）：计划与已举办的活动场次（已登记触达的场次，或已标记完成\
                的单日活动）、各客群的人次、考核目标（来自 'outreach import targets/'）、完成比例，以及按已过时间是否进度正常\
                （不低于 目标 × 时间进度 的 90%）。较长期间（一年）的目标按天数折算，并标 *。--notify 为进度滞后的机构\
                排队提醒；没有通知配置时照常输出记分卡，并说明为何没有排队提醒（示例配置见 outreach.example.yaml）。

                示例：
                  outreach report scorecard --quarter 2027-Q1
                  outreach report scorecard --month 2027-03 --branch xn-chibi --format json
                """,
                """
                For each branch below --branch (the sub-branches of the city branch by default): events planned and \
                held (an occurrence with reach logged, or a one-day event marked done), person-times per segment, \
                targets (from 'outreach import targets/'), percent of target and whether the branch is on track for \
                the time elapsed (at least 90% of target × elapsed share). A target for a longer period (a year) is \
                pro-rated by days and marked *. --notify queues one alert per chat group listing the branches well behind; without a notify \
                configuration the scorecard is shown all the same, followed by why no alert was queued (see \
                outreach.example.yaml for an example configuration).

                Examples:
                  outreach report scorecard --quarter 2027-Q1
                  outreach report scorecard --month 2027-03 --branch xn-chibi --format json
                """)
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var period: PeriodOptions
        @Option(help: help("对其下属机构评分的机构。", "The branch whose sub-branches are scored.", valueName: "id")) var branch: String?
        @Option(help: help("输出格式。", "Output format.", valueName: "format")) var format: ScorecardFormat = .table
        @Option(name: [.short, .long], help: help("写入该文件。", "Write to this file.", valueName: "file")) var output: String?
        @Flag(help: help("同时排队进度提醒：每个工作群一条，列出明显落后的机构。", "Also queue off-track alerts: one per chat group, listing the branches well behind.")) var notify = false

        func validate() throws { try period.validate(language: options.language) }

        func run() async throws {
            let context = CommandContext(options: options, config: configOption)
            let setup = notify ? try context.loadNotify(showWarnings: true) : nil
            let configuration = setup?.configuration
            let (store, reference) = try await context.openDatabase()
            try context.check(branch.map { Branch.ID($0) }, flag: "--branch", subject: .branch, known: reference.known(.branch).ordered)
            let scorecard = try await ScorecardLoader(context: context, store: store, reference: reference)
                .scorecard(period: period.period(today: context.today()), scope: branch.map { Branch.ID($0) })
            if let configuration {
                let outcome = try await ScorecardLoader.queueOffTrackAlerts(
                    scorecard, store: store, configuration: configuration, reference: reference, language: context.language,
                    at: context.now)
                let behind = ReportNotices.behind(scorecard, margin: configuration.offTrackMargin)
                let lines = behind.count, branches = Set(behind.map(\.branch)).count
                let margin = configuration.offTrackMargin
                let queued = outcome.added, replaced = outcome.superseded
                context.writeError(
                    ReportCommandMessages.offTrackQueued(lines: lines, branches: branches, margin: margin, queued: queued, replaced: replaced)
                        .text(context.language))
            }
            let renderer = ScorecardRenderer(scorecard: scorecard, reference: reference, language: context.language)
            switch format {
            case .json: try context.emit(renderer.json(), to: output)
            case .csv: try context.emit(renderer.csv(byteOrderMark: output.map { $0.hasSuffix(".csv") } ?? false), to: output)
            case .md: try context.emit(renderer.markdown(), to: output)
            case .table: try context.emit(renderer.table(), to: output)
            }
            // --notify without a configuration: the scorecard is shown all the same, then why nothing was queued.
            if let setup, setup.configuration == nil {
                context.writeError(context.noNoticeQueued(.offTrackAlert, setup) + "\n")
            }
        }
    }

    enum BulletinFormat: String, ExpressibleByArgument, CaseIterable {
        case html, pdf
    }

    struct Bulletin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bulletin",
            abstract: L("生成 Markdown 和 HTML 格式的月度专刊。", "Write the monthly bulletin as Markdown and HTML."),
            discussion: L(
                """
                写出 bulletins/年-月-机构.md 和 .html（独立文件，内嵌 SVG 图表）：各渠道已举办的场次、各客群人次、目标覆盖率、\
                近六个月趋势、网点排名和重点活动。--publish 把数字定稿为已发布；之后对已发布月份的更正会在下一期专刊中\
                以新旧数字对照说明。发布时按通知配置排队发布通知；没有配置时说明未排队的原因（示例配置见 \
                outreach.example.yaml）。--format pdf 另用 Chromium 打印 A4 PDF。

                示例：
                  outreach report bulletin --month 2027-03
                  outreach report bulletin --month 2027-03 --branch xn-chibi --publish
                """,
                """
                Writes bulletins/YYYY-MM-BRANCH.md and .html (self-contained, inline SVG charts): events held by \
                channel, person-times by segment, coverage against targets, the trend over six months, top outlets, \
                notable events. --publish freezes the figures as issued; corrections made later to a published month \
                appear in the next bulletin as restatements with the old and new figures. Publishing queues a notice \
                of it as the notify configuration routes it; without one it says why none was queued (see \
                outreach.example.yaml for an example configuration). --format pdf also prints an A4 PDF through Chromium.

                Examples:
                  outreach report bulletin --month 2027-03
                  outreach report bulletin --month 2027-03 --branch xn-chibi --publish
                """)
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var configOption: ConfigOption
        @Option(help: help("月份，如 2027-03。", "The month, like 2027-03.", valueName: "month")) var month: String
        @Option(help: help("机构（默认：市分行）。", "The branch (default: the city branch).", valueName: "id")) var branch: String?
        @Option(help: help("写入的目录。", "Folder to write into.", valueName: "folder")) var output = "bulletins"
        @Option(help: help("输出格式：html（Markdown 和 HTML）或 pdf（另由 Chromium 打印 PDF）。", "html (Markdown and HTML) or pdf (also a PDF, printed by Chromium).", valueName: "format"))
        var format: BulletinFormat = .html
        @Flag(help: help("发布：把数字定稿为已发布。", "Publish: freeze the figures as issued.")) var publish = false
        @Option(
            help: help(
                "发布通知中的专刊链接（默认：HTML 文件的路径）。",
                "Where readers find the bulletin, for the published notice (default: the HTML file's path).",
                valueName: "url")) var link: String?

        /// The signature block from the `bulletin:` section of the configuration file, if there is one; errors in
        /// it stop the command (exit 65) before anything is written.
        static func signature(_ context: CommandContext) throws -> BulletinSignature? {
            let (path, _) = context.configPath
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            let file: SourceFile
            do {
                file = try FileLoader.read(path)
            } catch {
                throw context.fileFailure(error)
            }
            let (signature, issues) = BulletinSignature.decode(file, printedOn: context.today())
            if issues.hasErrors {
                context.report(issues)
                throw ExitCode(ExitStatus.badData)
            }
            return signature
        }

        mutating func validate() throws {
            // `2027-3`, `2027/3` and `2027.3` are read as `2027-03`.
            if let canonical = DateFlags.month(month) { month = canonical }
            guard ReportPeriod(month)?.kind == .month else {
                throw ValidationError(
                    ReportCommandMessages.invalidMonth(month: month).text(options.language))
            }
        }

        func run() async throws {
            let context = CommandContext(options: options, config: configOption)
            let language = context.language
            let (store, reference) = try await context.openDatabase()
            try context.check(branch.map { Branch.ID($0) }, flag: "--branch", subject: .branch, known: reference.known(.branch).ordered)
            guard let scope = branch.map({ Branch.ID($0) }) ?? reference.branches.first(where: { $0.parent == nil })?.id,
                let period = ReportPeriod(month)
            else { throw context.fail(ReportCommandMessages.noBranches.text(language)) }
            if publish,
                let existing = try await context.storeCall({
                    try await BulletinPublishing(store: store, reference: reference, notify: nil).published(month: month, branch: scope)
                })
            {
                throw context.usage(existing.alreadyPublishedMessage(language))
            }
            let loader = ScorecardLoader(context: context, store: store, reference: reference)
            let bulletin = try await loader.bulletin(month: ReachCubeMonth.index(of: period.start), scope: scope)
            let signature = try Self.signature(context)
            let renderer = BulletinRenderer(bulletin: bulletin, reference: reference, language: language, signature: signature)
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            let base = "\(output)/\(month)-\(scope)"
            try context.emit(renderer.markdown(), to: base + ".md")
            try context.emit(renderer.html(), to: base + ".html")
            var text = ReportCommandMessages.wroteBulletin(base: base).text(language)
            if format == .pdf {
                do {
                    try PDFPrinter(environment: context.environment).print(html: base + ".html", to: base + ".pdf")
                    text += ReportCommandMessages.wrotePDF(base: base).text(language)
                } catch {
                    context.write(text)
                    let unpublished = publish ? ReportCommandMessages.notPublished.text(language) : ""
                    switch error {
                    case .noBrowser:
                        throw context.fail(
                            ReportCommandMessages.chromiumNotFound(base: base, unpublished: unpublished).text(language))
                    case .failed(let status, let said):
                        throw context.fail(
                            ReportCommandMessages.chromiumFailed(status: status, base: base, unpublished: unpublished, said: said).text(language))
                    }
                }
            }
            // A month published already: when and by whom, and whether its figures changed since.
            if !publish,
                let published = try await context.storeCall({ try await store.bulletin(month: month, branch: scope) })
            {
                text += PublishedBulletinStatus(published, current: bulletin.figures).message(language) + "\n"
            }
            if !bulletin.restatements.isEmpty {
                text += ReportCommandMessages.restatementsIncluded(count: bulletin.restatements.count).text(language)
            }
            // Why no notice of a published bulletin was queued (no configuration), said on standard error.
            var noNotice: String?
            if publish {
                // The chat groups hear of it in the same transaction (when notices are set up).
                let notifySetup = try context.loadNotify(showWarnings: false)
                let path = URL(fileURLWithPath: base + ".html").standardizedFileURL.path
                let queued = try await context.storeCall {
                    try await BulletinPublishing(store: store, reference: reference, notify: notifySetup.configuration).publish(
                        bulletin, month: month, period: period, scope: scope, link: link ?? path, language: language,
                        by: context.accountName, at: context.now)
                }
                text += ReportCommandMessages.published(month: month).text(language)
                if queued > 0 {
                    text += ReportCommandMessages.bulletinNoticesQueued(queued: queued).text(language)
                } else {
                    noNotice = context.noNoticeQueued(.bulletinPublished, notifySetup) + "\n"
                }
            }
            context.write(text)
            if let noNotice { context.writeError(noNotice) }
        }
    }
}

/// The scorecard and bulletin use cases for the command line: store errors and sums too large to hold become
/// messages and exit codes.
struct ScorecardLoader {
    let context: CommandContext
    let store: any OutreachStore
    let reference: ReferenceData

    private var scorecards: Scorecards { Scorecards(store: store, reference: reference, today: context.today()) }

    /// Queues the off-track alerts of a scorecard that are due (see `OffTrackAlerts.queue`).
    static func queueOffTrackAlerts(
        _ scorecard: Scorecard, store: any OutreachStore, configuration: NotifyConfiguration, reference: ReferenceData,
        language: Language, at now: Date
    ) async throws -> OffTrackAlerts.Queued {
        try await OffTrackAlerts(store: store, configuration: configuration, reference: reference)
            .queue(scorecard, language: language, at: now)
    }

    func scorecard(period: ReportPeriod, scope: Branch.ID?, asOf: LocalDate? = nil, scoringScope: Bool = false) async throws
        -> Scorecard
    {
        try await call { try await scorecards.scorecard(period: period, scope: scope, asOf: asOf, scoringScope: scoringScope) }
    }

    func bulletin(month: Int, scope: Branch.ID) async throws -> Bulletin {
        try await call { try await scorecards.bulletin(month: month, scope: scope) }
    }

    func publishedStatus(month: Int, scope: Branch.ID) async throws -> PublishedBulletinStatus? {
        try await call { try await scorecards.publishedStatus(month: month, scope: scope) }
    }

    func call<T>(_ body: () async throws -> T) async throws -> T {
        try await context.storeCall {
            do {
                return try await body()
            } catch let overflow as ReachSums.Overflow {
                throw context.fail(overflow.message(context.language), code: ExitStatus.badData)
            }
        }
    }
}
