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
            commandName: "log",
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
                        ReachCommandMessages.invalidCount(pair: pair).text(language))
                }
                let value = String(parts[1])
                if let count = parseCountArgument(value), count > ReachRecord.maximumCount {
                    throw ValidationError(
                        Diagnostic.reachCountTooLarge(column: "<metric=count>", value: value, looksLikeID: looksLikeIDNumber(value)).message(language))
                }
            }
        }

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, reference) = try await context.openDatabase()
            let log = ReachLog(store: store, reference: reference)
            let (index, events) = try await context.storeCall { try await log.index(forEvent: Event.ID(event)) }
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
                throw context.usage(ReachCommandMessages.metricTwice.text(language))
            }
            context.write(
                ReachCommandMessages.recorded(batch: batchID, event: event, day: day, added: outcome.added, replaced: outcome.replaced, unchanged: outcome.unchanged).text(language))
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: L("从 CSV、TSV 或 Excel（.xlsx）文件导入触达记录。", "Import reach records from CSV, TSV or Excel (.xlsx) files."),
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

                .xlsx 工作簿（按内容识别）读取第一个工作表，列名、检查和消息与 CSV 相同，位置写作 工作表!单元格，如                 reach.xlsx: Sheet1!C7。
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

                An .xlsx workbook (recognised by its content) is read from its first sheet, with the same columns,                 checks and messages as CSV, placed by sheet and cell, e.g. reach.xlsx: Sheet1!C7.
                """)
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: help("CSV、TSV 或 .xlsx 文件；- 为标准输入。", "CSV, TSV or .xlsx files; - for standard input.", valueName: "file"))
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
                throw context.usage(ReachCommandMessages.noSuchFile(file: file).text(language))
            }
            if files.filter({ $0 == "-" }).count > 1 {
                throw context.usage(ReachCommandMessages.stdinTwice.text(language))
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
                    ReachCommandMessages.interrupted.text(language))
                throw ExitCode(ExitStatus.interrupted)
            }
            let batch = summary.batch
            let added = batch?.added ?? 0, replaced = batch?.replaced ?? 0, unchanged = batch?.unchanged ?? 0
            if dryRun {
                context.writeError(
                    ReachCommandMessages.dryRun(
                        rows: summary.rows, added: added, replaced: replaced, unchanged: unchanged, errors: summary.errors,
                        warnings: summary.warnings
                    ).text(language))
                if summary.errors > 0, !skipInvalid { throw ExitCode(ExitStatus.badData) }
                return
            }
            guard summary.committed else {
                context.writeError(
                    ReachCommandMessages.nothingImported(errors: summary.errors).text(language))
                throw ExitCode(ExitStatus.badData)
            }
            var text = ReachCommandMessages.imported(
                batch: batch?.id ?? 0, rows: summary.rows, added: added, replaced: replaced, unchanged: unchanged
            ).text(language)
            if summary.rejected > 0 {
                text += ReachCommandMessages.rejected(rows: summary.rejected, files: summary.rejectFiles).text(language)
            }
            context.write(text)
        }
    }

    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "undo",
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
                var text = ReachCommandMessages.undone(batch: batch, deleted: summary.deleted, restored: summary.restored).text(language)
                if summary.keptLaterChanges > 0 {
                    text += ReachCommandMessages.keptLaterChanges(count: summary.keptLaterChanges).text(language)
                }
                context.write(text)
            } catch let error as ReachStoreError {
                throw context.usage(error.message(language))
            }
        }
    }

    struct Batches: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "batches",
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
                let headers = ReachCommandMessages.batchesHeaders(zone: zoneName).map { $0.text(language) }
                let rows = batches.map { b in
                    [
                        String(b.id), b.source == .manual ? ReachCommandMessages.sourceManual.text(language) : ReachCommandMessages.sourceImport.text(language),
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
            commandName: "verify",
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
                    text += ReachCommandMessages.countsOutOfRange(count: counts.outOfRange, limit: limit).text(language)
                    for entry in counts.examples {
                        let event = events[entry.event] ?? String(entry.event)
                        let metric = codes.metricsByCode[entry.metric]?.rawValue ?? String(entry.metric)
                        text += "  \(event) \(LocalDate(dayNumber: entry.day)) \(metric) \(entry.count)\n"
                    }
                    if counts.outOfRange > counts.examples.count {
                        let more = counts.outOfRange - counts.examples.count
                        text += ReachCommandMessages.andMore(more: more).text(language)
                    }
                }
                if counts.sumOverflows {
                    text += ReachCommandMessages.totalOverflow.text(language)
                }
                text += ReachCommandMessages.correctOutOfRange.text(language)
                throw context.fail(text)
            }
            let differing = try await context.storeCall { try await store.verifyReachCube() }
            if differing.isEmpty {
                context.write(ReachCommandMessages.rollupMatches.text(language))
            } else {
                let months = Set(differing.map { ReachCubeMonth.firstDay(ofMonth: $0.month).monthDescription }).sorted().joined(separator: ", ")
                throw context.fail(ReachCommandMessages.rollupDiffers(months: months).text(language))
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
