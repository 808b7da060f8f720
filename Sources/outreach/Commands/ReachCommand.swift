import ArgumentParser
import Foundation
import OutreachApp
import OutreachCore
import OutreachFormats

enum EncodingOption: String, ExpressibleByArgument, CaseIterable {
    case auto, utf8, gb18030
}

enum ProgressOption: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// How `reach import` splits fields: by each file's name and first line, or as told.
enum SeparatorOption: String, ExpressibleByArgument, CaseIterable {
    case auto, csv, tsv
}

struct ReachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: L("登记与导入触达记录。", "Log and import reach records."),
        discussion: L(
            """
            一条触达记录是某个活动场次某一天的一个数：参与人数、咨询人次、发放折页、阅读、播放……触达的人数按人次计。\
            每次写入是一个批次，可用 'outreach reach undo' 撤销。
            """,
            """
            A reach record is a count for an event on a day: attendees, consultations, leaflets, reads, plays… \
            People reached are person-times (人次). Each write is a batch that 'outreach reach undo' can take back.
            """),
        subcommands: [Log.self, Import.self, Undo.self, Batches.self, Verify.self]
    )

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("登记一个活动场次某一天的触达数。", "Record counts for one event on one day."),
            discussion: L(
                """
                给出一个或多个 指标=数量（指标编号或名称，中英文均可）。同一场次、日期、指标和客群的数会替换之前的数\
                （旧数保留在审计记录中）。不给 --date 时登记今天，但今天必须是该场次举办的日子，否则不登记并列出最近的\
                场次（退出码 64）；今天之后的日期需加 --allow-future。数超过场地容量或远超预计触达时给出警告。

                示例：
                  outreach reach log hh-guihua-talk-20261205 attendees=46 consultations=12 --date 2026-12-05
                  outreach reach log 315-bd-chibi-street 参与人数=80 --segment elderly --date 2027-3-14 --evidence 签到表
                """,
                """
                Give one or more METRIC=COUNT pairs (metric ids or names, in Chinese or English). A count for the \
                same event, day, metric and segment replaces the earlier one (kept in the audit trail). Without \
                --date the day is today, which must be a day of the event: otherwise nothing is recorded and the \
                event's nearest occurrences are listed (exit 64); a day after today needs --allow-future. Warns \
                when a count is above the venue's capacity or far above the expected reach.

                Examples:
                  outreach reach log hh-guihua-talk-20261205 attendees=46 consultations=12 --date 2026-12-05
                  outreach reach log 315-bd-chibi-street 参与人数=80 --segment elderly --date 2027-3-14 --evidence 签到表
                """)
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: help("活动场次编号。", "Event id.", valueName: "event"))
        var event: String

        @Argument(help: help("指标=数量。", "Counts as METRIC=COUNT.", valueName: "metric=count"))
        var counts: [String]

        @Option(help: help("日期（默认：今天，须为该场次举办的日子）。", "The day (default: today, which must be a day of the event).", valueName: "date"))
        var date: String?

        @Option(help: help("客群。", "Audience segment.", valueName: "segment"))
        var segment: String?

        @Option(help: help("备注。", "A note.", valueName: "text"))
        var note: String?

        @Flag(help: help("允许登记今天之后的日期。", "Allow a --date after today."))
        var allowFuture = false

        @Option(help: help("佐证材料（照片、签到表）。", "Evidence reference (photo, sign-in sheet).", valueName: "ref"))
        var evidence: String?

        @Option(name: .customLong("by"), help: help("填报人（默认：$OUTREACH_USER 或 $USER）。", "Who records it (default: $OUTREACH_USER or $USER).", valueName: "name"))
        var recordedBy: String?

        func validate() throws {
            let language = options.language
            try DateFlags.check(date, flag: "--date", language: language)
            for pair in counts {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parseCountArgument(String(parts[1])) != nil else {
                    throw ValidationError(
                        language.pick(
                            "计数 '\(pair)' 无效。应为 指标=数量，例如 'attendees=35'，数量为大于或等于 0 的整数。",
                            "The count '\(pair)' is invalid. Expected METRIC=COUNT like 'attendees=35', with a whole number of 0 or more."))
                }
                let value = String(parts[1])
                if let count = parseCountArgument(value), count > ReachRecord.maximumCount {
                    throw ValidationError(
                        Problem.reachCountTooLarge(column: "<metric=count>", value: value, looksLikeID: looksLikeIDNumber(value)).message(language))
                }
            }
        }

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, reference) = try await context.openDatabase()
            let log = ReachLog(store: store, reference: reference)
            let (index, events) = try await context.storeCall { try await log.index() }
            var validator = ReachRowValidator(index: index, path: "")
            let (day, refusal) = context.reachLogDay(
                event: Event.ID(event), given: date.flatMap(DateFlags.date), allowFuture: allowFuture, events: events,
                reference: reference)
            var rows: [ReachRow] = []
            var issues: [InputIssue] = []
            let flags: [ReachColumn: String] = [
                .event: "<event>", .metric: "<metric=count>", .count: "<metric=count>", .segment: "--segment", .note: "--note",
                .evidence: "--evidence",
            ]
            for pair in counts {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                let record = ReachRecord(
                    event: Event.ID(event), date: day, metric: Metric.ID(parts[0]), segment: segment.map { AudienceSegment.ID($0) },
                    count: parseCountArgument(parts[1]) ?? 0, note: note, evidence: evidence)
                if let row = validator.validate(record, flags: flags, at: nil, issues: &issues) { rows.append(row) }
            }
            // One warning per kind and day, however many metrics were given; none about a day that is refused.
            var seen = Set<String>()
            context.report(issues.filter { (refusal == nil || $0.severity == .error) && seen.insert($0.rendered(language)).inserted })
            if issues.hasErrors { throw ExitCode(ExitStatus.usage) }
            if let refusal { throw context.usage(refusal) }
            let by = recordedBy ?? context.environment["OUTREACH_USER"] ?? context.environment["USER"]
            let recorded = try await context.storeCall { try await log.record(rows, recordedBy: by, at: context.now) }
            let batchID = recorded.batch, outcome = recorded.outcome
            if !recorded.committed {
                throw context.usage(language.pick("同一指标和客群只能写一次。", "Give each metric only once."))
            }
            context.write(
                language.pick(
                    "已登记批次 \(batchID)：\(event) \(day) 新增 \(outcome.added) 项，更正 \(outcome.replaced) 项，未变 \(outcome.unchanged) 项。\n",
                    "Recorded batch \(batchID): \(event) on \(day), \(outcome.added) added, \(outcome.replaced) corrected, \(outcome.unchanged) unchanged.\n"))
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("从 CSV 或 TSV 文件导入触达记录。", "Import reach records from CSV or TSV files."),
            discussion: L(
                """
                文件可以是 UTF-8（有无字节顺序标记均可），也可以是中文桌面上 Excel 和 WPS 保存的 GB18030/GBK；表头可用\
                中文或英文，顺序不限（见 docs/reach-import.md）。全部成功或全不导入：有任何错误行时不导入任何内容，每个错误行\
                按 文件:行: 说明 列出（退出码 65）。--skip-invalid 导入正确的行，其余写入 文件.rejects.csv 并附原因列。同一文件\
                再次导入不会改变任何合计；更正后的文件替换相同行的旧数，旧数保留在审计记录中。一次运行的所有文件构成一个\
                批次，可用 'outreach reach undo' 撤销。

                示例：
                  outreach reach import samples/reach-2026-11.csv
                  outreach reach import samples/reach-2026-11.csv --skip-invalid
                  outreach reach import samples/reach-2026-11-gbk.csv --dry-run --encoding gb18030
                  outreach reach import - --dry-run < samples/reach-2026-11.csv

                文件名为 - 时从标准输入读取（先全部读完再检查，同样全部成功或全不导入；消息中称为 -，错误行写入 \
                stdin.rejects.csv）。--format 指定分隔符（csv 或 tsv），默认按文件名和第一行判断。
                """,
                """
                Files may be UTF-8 (with or without a byte-order mark) or GB18030/GBK as Excel and WPS save them on \
                Chinese desktops; headers may be English or Chinese, in any order (see docs/reach-import.md). All or \
                nothing: with any bad row nothing is imported and every bad row is reported as file:line: message \
                (exit 65). --skip-invalid imports the good rows and writes the others to FILE.rejects.csv with a \
                reason column. Importing the same file again changes no total; a corrected file replaces the earlier \
                figures of the same rows, and the old figures are kept in the audit trail. All files of one run form \
                one batch, which 'outreach reach undo' can take back.

                Examples:
                  outreach reach import samples/reach-2026-11.csv
                  outreach reach import samples/reach-2026-11.csv --skip-invalid
                  outreach reach import samples/reach-2026-11-gbk.csv --dry-run --encoding gb18030
                  outreach reach import - --dry-run < samples/reach-2026-11.csv

                A file named - is read from standard input (all of it before any check; all or nothing as for \
                files; messages call it -, and its bad rows go to stdin.rejects.csv). --format sets the separator \
                (csv or tsv); by default it goes by the file's name and first line.
                """)
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: help("CSV 或 TSV 文件；- 为标准输入。", "CSV or TSV files; - for standard input.", valueName: "file"))
        var files: [String]

        @Option(help: help("分隔符：auto（按文件名和第一行）、csv 或 tsv。", "Separator: auto (by name and first line), csv or tsv.", valueName: "format"))
        var format: SeparatorOption = .auto

        @Flag(help: help("导入正确的行，错误行写入 文件.rejects.csv。", "Import the good rows; write the bad ones to FILE.rejects.csv."))
        var skipInvalid = false

        @Flag(help: help("全部检查和计数，不写入任何内容。", "Check and count everything, write nothing."))
        var dryRun = false

        @Option(help: help("文件编码。", "File encoding.", valueName: "encoding"))
        var encoding: EncodingOption = .auto

        @Option(name: .customLong("by"), help: help("填报人（默认：$OUTREACH_USER 或 $USER）。", "Who records it (default: $OUTREACH_USER or $USER).", valueName: "name"))
        var recordedBy: String?

        @Option(help: help("显示进度：auto（在终端上）、always 或 never。", "Show progress: auto (on a terminal), always or never.", valueName: "when"))
        var progress: ProgressOption = .auto

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            for file in files where file != "-" && !FileManager.default.fileExists(atPath: file) {
                throw context.usage(language.pick("文件 '\(file)' 不存在。", "No such file '\(file)'."))
            }
            if files.filter({ $0 == "-" }).count > 1 {
                throw context.usage(language.pick("标准输入（-）只能给出一次。", "Standard input (-) can be given only once."))
            }
            let (store, reference) = try await context.openDatabase()
            // Standard input is read whole into a temporary file first: the import reads a file twice when a
            // row repeats one of an earlier chunk, and nothing is checked before the whole input is there.
            let spool = try files.contains("-") ? StandardInputSpool(format: format) : nil
            defer { spool?.remove() }
            var importer = ReachImporter(context: context, store: store, reference: reference)
            importer.separator = format == .auto ? nil : (format == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ","))
            if let spool { importer.shownAs = [spool.path: "-"] }
            importer.skipInvalid = skipInvalid
            importer.dryRun = dryRun
            importer.encoding = encoding == .auto ? nil : (encoding == .utf8 ? .utf8 : .gb18030)
            importer.recordedBy = recordedBy ?? context.environment["OUTREACH_USER"] ?? context.environment["USER"]
            importer.progress = progress
            var summary = try await importer.run(paths: files.map { $0 == "-" ? spool?.path ?? $0 : $0 })
            // Bad rows of standard input go to stdin.rejects.csv here.
            if let spool, let index = summary.rejectFiles.firstIndex(of: spool.path + ".rejects.csv") {
                let here = "stdin.rejects.csv"
                try? FileManager.default.removeItem(atPath: here)
                try FileManager.default.moveItem(atPath: summary.rejectFiles[index], toPath: here)
                summary.rejectFiles[index] = here
            }
            if summary.interrupted {
                context.writeError(
                    language.pick(
                        "已中断（Ctrl-C）：未导入任何内容，数据库保持原样。\n",
                        "Interrupted (Ctrl-C): nothing was imported; the database is as it was.\n"))
                throw ExitCode(ExitStatus.interrupted)
            }
            let batch = summary.batch
            // Counts as people read them: 81,000, not 81000.
            func n(_ count: Int) -> String { groupedThousands(count) }
            func rows(_ count: Int) -> String { "\(n(count)) row\(count == 1 ? "" : "s")" }
            func errors(_ count: Int) -> String { "\(n(count)) error\(count == 1 ? "" : "s")" }
            func warnings(_ count: Int) -> String { "\(n(count)) warning\(count == 1 ? "" : "s")" }
            let added = batch?.added ?? 0, replaced = batch?.replaced ?? 0, unchanged = batch?.unchanged ?? 0
            if dryRun {
                context.writeError(
                    language.pick(
                        "试运行：共 \(n(summary.rows)) 行，将新增 \(n(added)) 条、更正 \(n(replaced)) 条、未变 \(n(unchanged)) 条；\(n(summary.errors)) 个错误，\(n(summary.warnings)) 个警告。未写入任何内容。\n",
                        "Dry run: \(rows(summary.rows)); would add \(n(added)), correct \(n(replaced)), leave \(n(unchanged)) unchanged; \(errors(summary.errors)), \(warnings(summary.warnings)). Nothing was written.\n"))
                if summary.errors > 0, !skipInvalid { throw ExitCode(ExitStatus.badData) }
                return
            }
            guard summary.committed else {
                context.writeError(
                    language.pick(
                        "发现 \(n(summary.errors)) 个错误，未导入任何内容。可使用 --skip-invalid 只导入正确的行。\n",
                        "\(errors(summary.errors)) found; nothing was imported. Use --skip-invalid to import the good rows.\n"))
                throw ExitCode(ExitStatus.badData)
            }
            var text = language.pick(
                "已导入批次 \(batch?.id ?? 0)：共 \(n(summary.rows)) 行，新增 \(n(added)) 条，更正 \(n(replaced)) 条，未变 \(n(unchanged)) 条。\n",
                "Imported batch \(batch?.id ?? 0): \(rows(summary.rows)); \(n(added)) added, \(n(replaced)) corrected, \(n(unchanged)) unchanged.\n")
            if summary.rejected > 0 {
                text += language.pick(
                    "\(n(summary.rejected)) 行未导入，已写入 \(summary.rejectFiles.joined(separator: "、"))。\n",
                    "\(rows(summary.rejected)) \(summary.rejected == 1 ? "was" : "were") not imported; see \(summary.rejectFiles.joined(separator: ", ")).\n")
            }
            context.write(text)
        }
    }

    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("撤销一个批次。", "Take back one batch."),
            discussion: L(
                """
                删除该批次新增的记录；该批次更正过的数恢复原值。之后的批次再次修改过的记录保持不变。该批次仍留在列表中，\
                标记为已撤销。批次编号见 'outreach reach batches'。

                示例：
                  outreach reach undo 1
                """,
                """
                Records the batch added are deleted; figures it corrected go back to what they were. Records a later \
                batch changed again are left as they are. The batch stays in the list, marked undone. Batch numbers \
                are listed by 'outreach reach batches'.

                Example:
                  outreach reach undo 1
                """)
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: help("批次编号（见 'outreach reach batches'）。", "Batch number (see 'outreach reach batches').", valueName: "batch"))
        var batch: Int

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, reference) = try await context.openDatabase()
            do {
                let summary = try await ReachLog(store: store, reference: reference).undo(batch, at: context.now)
                var text = language.pick(
                    "已撤销批次 \(batch)：删除 \(summary.deleted) 条，恢复 \(summary.restored) 条原数据。\n",
                    "Undid batch \(batch): \(summary.deleted) records deleted, \(summary.restored) earlier figures restored.\n")
                if summary.keptLaterChanges > 0 {
                    text += language.pick(
                        "\(summary.keptLaterChanges) 条记录已被之后的批次修改，保持不变。\n",
                        "\(summary.keptLaterChanges) records changed by later batches were kept.\n")
                }
                context.write(text)
            } catch let error as ReachStoreError {
                throw context.usage(error.message(language))
            }
        }
    }

    struct Batches: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("列出触达批次。", "List reach batches."),
            discussion: L("示例：\n  outreach reach batches --format json", "Example:\n  outreach reach batches --format json"))

        @OptionGroup var options: GlobalOptions

        @Option(help: help("输出格式。", "Output format.", valueName: "format"))
        var format: DetailFormat = .table

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, reference) = try await context.openDatabase()
            let batches = try await context.storeCall { try await store.reachBatches() }
            // Times in the city branch's zone (Asia/Shanghai unless the organisation says otherwise), with the offset.
            let zoneName = reference.branches.first { $0.parent == nil }.map { reference.timeZone(of: $0.id) } ?? ReferenceData.defaultTimeZone
            let zone = ZoneConverter(identifier: zoneName) ?? ZoneConverter(identifier: ReferenceData.defaultTimeZone)
            func local(_ date: Date) -> String {
                guard let zone else { return Timestamp.string(from: date) }
                let minute = Int((date.timeIntervalSince1970 / 60).rounded(.down))
                return "\(zone.local(atUTCMinute: minute)) \(zone.offsetText(atUTCMinute: minute))"
            }
            switch format {
            case .json:
                let items = batches.map { b -> JSONValue in
                    .object([
                        ("id", .int(b.id)), ("source", .string(b.source.rawValue)), ("file", .optional(b.file)),
                        ("recordedBy", .optional(b.recordedBy)), ("recordedAt", .string(Timestamp.string(from: b.recordedAt))),
                        ("added", .int(b.added)), ("replaced", .int(b.replaced)), ("unchanged", .int(b.unchanged)),
                        ("undoneAt", .optional(b.undoneAt.map(Timestamp.string(from:)))),
                    ])
                }
                context.write(JSONValue.array(items).serialized(pretty: true) + "\n")
            case .table:
                let headers = language == .zh
                    ? ["批次", "来源", "文件", "填报人", "时间（\(zoneName)）", "新增", "更正", "未变", "撤销"]
                    : ["Batch", "Source", "File", "By", "At (\(zoneName))", "Added", "Corrected", "Unchanged", "Undone"]
                let rows = batches.map { b in
                    [
                        String(b.id), b.source == .manual ? language.pick("手工", "manual") : language.pick("导入", "import"),
                        b.file ?? "", b.recordedBy ?? "", local(b.recordedAt), String(b.added),
                        String(b.replaced), String(b.unchanged), b.undoneAt.map(local) ?? "",
                    ]
                }
                context.write(TextTable(headers: headers, rows: rows, maximumCellWidth: 40).render())
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("校验报表汇总与明细记录一致。", "Check that the report rollup matches the records."),
            discussion: L(
                "用全部记录重新计算汇总并比较；不一致时退出码为 1。\n\n示例：\n  outreach reach verify",
                "Recomputes the rollup from every record and compares. Exit 1 when they differ.\n\nExample:\n  outreach reach verify"))

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, _) = try await context.openDatabase()
            let counts = try await context.storeCall { try await store.reachCountCheck() }
            if !counts.isEmpty {
                let keys = try await context.storeCall { try await store.eventKeys() }
                let codes = try await context.storeCall { try await store.reachCodes() }
                let events = Dictionary(keys.map { ($0.value, $0.key.rawValue) }, uniquingKeysWith: { a, _ in a })
                let limit = groupedThousands(ReachRecord.maximumCount)
                var text = ""
                if counts.outOfRange > 0 {
                    text += language.pick(
                        "有 \(counts.outOfRange) 条记录的数量不在 0 到 \(limit) 之间（由旧版本写入）：\n",
                        "\(counts.outOfRange) record\(counts.outOfRange == 1 ? " holds a count" : "s hold counts") outside 0 to \(limit) (written by an older version):\n")
                    for entry in counts.examples {
                        let event = events[entry.event] ?? String(entry.event)
                        let metric = codes.metricsByCode[entry.metric]?.rawValue ?? String(entry.metric)
                        text += "  \(event) \(LocalDate(dayNumber: entry.day)) \(metric) \(entry.count)\n"
                    }
                    if counts.outOfRange > counts.examples.count {
                        let more = counts.outOfRange - counts.examples.count
                        text += language.pick("  ……另有 \(more) 条\n", "  … and \(more) more\n")
                    }
                }
                if counts.sumOverflows {
                    text += language.pick(
                        "全部记录的数量合计超出可表示的范围，报表无法得出正确合计。\n",
                        "The counts of all records add up beyond what a total can hold; reports cannot give a correct total.\n")
                }
                text += language.pick(
                    "请用 'outreach reach import' 更正这些记录，或用 'outreach reach undo' 撤销写入它们的批次。",
                    "Correct these records with 'outreach reach import', or take back the batch that wrote them with 'outreach reach undo'.")
                throw context.fail(text)
            }
            let differing = try await context.storeCall { try await store.verifyReachCube() }
            if differing.isEmpty {
                context.write(language.pick("汇总与明细一致。\n", "The rollup matches the records.\n"))
            } else {
                let months = Set(differing.map { ReachCubeMonth.firstDay(ofMonth: $0.month).monthDescription }).sorted().joined(separator: ", ")
                throw context.fail(language.pick("以下月份的汇总与明细不一致：\(months)。", "The rollup differs from the records for \(months)."))
            }
        }
    }
}

/// A count given on the command line: a whole number of 0 or more, in ASCII or full-width digits (４６). Any
/// number of digits is read; a value above `ReachRecord.maximumCount` comes back as that limit + 1, for the
/// check to refuse with its message.
func parseCountArgument(_ given: String) -> Int? {
    let text = asciiDigits(given)
    guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int(text).map { min($0, ReachRecord.maximumCount + 1) } ?? ReachRecord.maximumCount + 1
}

/// Standard input, read whole into a file in a temporary folder of its own.
struct StandardInputSpool {
    let folder: URL
    let path: String

    init(format: SeparatorOption) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("outreach-stdin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent(format == .tsv ? "stdin.tsv" : "stdin.csv").path
        guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? out.close() }
        while true {
            let data = FileHandle.standardInput.readData(ofLength: 4 << 20)
            if data.isEmpty { break }
            out.write(data)
        }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
