import ArgumentParser
import Foundation
import OutreachCore
import OutreachSQLite

enum EncodingOption: String, ExpressibleByArgument, CaseIterable {
    case auto, utf8, gb18030
}

enum ProgressOption: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

struct ReachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Log and import reach records. 登记与导入触达记录。",
        discussion: """
            A reach record is a count for an event on a day: attendees, consultations, leaflets, reads, plays…
            People reached are person-times (人次). Each write is a batch that 'outreach reach undo' can take back.
            """,
        subcommands: [Log.self, Import.self, Undo.self, Batches.self, Verify.self]
    )

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record counts for one event on one day. 登记一个活动场次某天的触达数。",
            discussion: """
                Give one or more METRIC=COUNT pairs (metric ids or names, in Chinese or English). A count for the
                same event, day, metric and segment replaces the earlier one (kept in the audit trail).
                Warns when a count is above the venue's capacity, far above the expected reach, or on a day the
                event is not scheduled.

                Examples:
                  outreach reach log hh-guihua-talk-20261205 attendees=46 consultations=12 --date 2026-12-05
                  outreach reach log 315-talk-chibi 参与人数=80 --segment elderly --evidence photos/315-chibi.jpg
                """
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: ArgumentHelp("Event id. 活动场次编号。", valueName: "event"))
        var event: String

        @Argument(help: ArgumentHelp("Counts as METRIC=COUNT. 指标=数量。", valueName: "metric=count"))
        var counts: [String]

        @Option(help: ArgumentHelp("The day (default: today). 日期。", valueName: "date"))
        var date: String?

        @Option(help: ArgumentHelp("Audience segment. 客群。", valueName: "segment"))
        var segment: String?

        @Option(help: ArgumentHelp("A note. 备注。", valueName: "text"))
        var note: String?

        @Option(help: ArgumentHelp("Evidence reference (photo, sign-in sheet). 佐证材料。", valueName: "ref"))
        var evidence: String?

        @Option(name: .customLong("by"), help: ArgumentHelp("Who records it (default: $OUTREACH_USER or $USER). 填报人。", valueName: "name"))
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
            let (store, reference) = try await context.openStore()
            let codes = try await context.storeCall { try await store.reachCodes() }
            let keys = try await context.storeCall { try await store.eventKeys() }
            let events = try await context.storeCall { try await store.events(matching: EventQuery(ordered: false)) }
            var validator = ReachRowValidator(index: ReachEventIndex(events: events, keys: keys, reference: reference, codes: codes), path: "")
            let day = date.flatMap { LocalDate($0) } ?? context.today()
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
            context.report(issues)
            if issues.hasErrors { throw ExitCode(ExitStatus.usage) }
            let by = recordedBy ?? context.environment["OUTREACH_USER"] ?? context.environment["USER"]
            let batchID = try await context.storeCall {
                try await store.beginReachBatch(source: .manual, file: nil, recordedBy: by, at: context.now)
            }
            let outcome = try await context.storeCall { try await store.writeReach(rows) }
            let duplicates = !outcome.duplicateLines.isEmpty
            _ = try await context.storeCall { try await store.finishReachBatch(commit: !duplicates) }
            if duplicates {
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
            abstract: "Import reach records from CSV or TSV files. 从 CSV/TSV 文件导入触达记录。",
            discussion: """
                Files may be UTF-8 (with or without a byte-order mark) or GB18030/GBK as Excel and WPS save them on
                Chinese desktops; headers may be English or Chinese, in any order (see docs/reach-import.md).
                All or nothing: with any bad row nothing is imported and every bad row is reported as
                file:line: message (exit 65). --skip-invalid imports the good rows and writes the others to
                FILE.rejects.csv with a reason column. Importing the same file again changes no total; a corrected
                file replaces the earlier figures of the same rows, and the old figures are kept in the audit trail.
                All files of one run form one batch, which 'outreach reach undo' can take back.

                Examples:
                  outreach reach import week-48.csv
                  outreach reach import 赤壁支行12月.csv --skip-invalid
                  outreach reach import export.tsv --dry-run --encoding gb18030
                """
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: ArgumentHelp("CSV or TSV files. 数据文件。", valueName: "file"))
        var files: [String]

        @Flag(help: "Import the good rows; write the bad ones to FILE.rejects.csv. 跳过错误行。")
        var skipInvalid = false

        @Flag(help: "Check and count everything, write nothing. 只检查，不写入。")
        var dryRun = false

        @Option(help: ArgumentHelp("auto, utf8 or gb18030 (default auto). 文件编码。", valueName: "encoding"))
        var encoding: EncodingOption = .auto

        @Option(name: .customLong("by"), help: ArgumentHelp("Who records it (default: $OUTREACH_USER or $USER). 填报人。", valueName: "name"))
        var recordedBy: String?

        @Option(help: ArgumentHelp("Show progress: auto (on a terminal), always or never. 进度显示。", valueName: "when"))
        var progress: ProgressOption = .auto

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            for file in files where !FileManager.default.fileExists(atPath: file) {
                throw context.usage(language.pick("文件 '\(file)' 不存在。", "No such file '\(file)'."))
            }
            let (store, reference) = try await context.openStore()
            var importer = ReachImporter(context: context, store: store, reference: reference)
            importer.skipInvalid = skipInvalid
            importer.dryRun = dryRun
            importer.encoding = encoding == .auto ? nil : (encoding == .utf8 ? .utf8 : .gb18030)
            importer.recordedBy = recordedBy ?? context.environment["OUTREACH_USER"] ?? context.environment["USER"]
            importer.progress = progress
            let summary = try await importer.run(paths: files)
            if summary.interrupted {
                context.writeError(
                    language.pick(
                        "已中断（Ctrl-C）：未导入任何内容，数据库保持原样。\n",
                        "Interrupted (Ctrl-C): nothing was imported; the database is as it was.\n"))
                throw ExitCode(ExitStatus.interrupted)
            }
            let batch = summary.batch
            func rows(_ n: Int) -> String { "\(n) row\(n == 1 ? "" : "s")" }
            func errors(_ n: Int) -> String { "\(n) error\(n == 1 ? "" : "s")" }
            func warnings(_ n: Int) -> String { "\(n) warning\(n == 1 ? "" : "s")" }
            let added = batch?.added ?? 0, replaced = batch?.replaced ?? 0, unchanged = batch?.unchanged ?? 0
            if dryRun {
                context.writeError(
                    language.pick(
                        "试运行：共 \(summary.rows) 行，将新增 \(added) 条、更正 \(replaced) 条、未变 \(unchanged) 条；\(summary.errors) 个错误，\(summary.warnings) 个警告。未写入任何内容。\n",
                        "Dry run: \(rows(summary.rows)); would add \(added), correct \(replaced), leave \(unchanged) unchanged; \(errors(summary.errors)), \(warnings(summary.warnings)). Nothing was written.\n"))
                if summary.errors > 0, !skipInvalid { throw ExitCode(ExitStatus.badData) }
                return
            }
            guard summary.committed else {
                context.writeError(
                    language.pick(
                        "发现 \(summary.errors) 个错误，未导入任何内容。可使用 --skip-invalid 只导入正确的行。\n",
                        "\(errors(summary.errors)) found; nothing was imported. Use --skip-invalid to import the good rows.\n"))
                throw ExitCode(ExitStatus.badData)
            }
            var text = language.pick(
                "已导入批次 \(batch?.id ?? 0)：共 \(summary.rows) 行，新增 \(added) 条，更正 \(replaced) 条，未变 \(unchanged) 条。\n",
                "Imported batch \(batch?.id ?? 0): \(rows(summary.rows)); \(added) added, \(replaced) corrected, \(unchanged) unchanged.\n")
            if summary.rejected > 0 {
                text += language.pick(
                    "\(summary.rejected) 行未导入，已写入 \(summary.rejectFiles.joined(separator: "、"))。\n",
                    "\(rows(summary.rejected)) \(summary.rejected == 1 ? "was" : "were") not imported; see \(summary.rejectFiles.joined(separator: ", ")).\n")
            }
            context.write(text)
        }
    }

    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take back one batch. 撤销一个批次。",
            discussion: """
                Records the batch added are deleted; figures it corrected go back to what they were. Records a later
                batch changed again are left as they are. The batch stays in the list, marked undone.

                Example:
                  outreach reach undo 12
                """
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: ArgumentHelp("Batch number (see 'outreach reach batches'). 批次编号。", valueName: "batch"))
        var batch: Int

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, _) = try await context.openStore()
            do {
                let summary = try await store.undoReachBatch(batch, at: context.now)
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
            abstract: "List reach batches. 列出触达批次。",
            discussion: "Example:\n  outreach reach batches --format json")

        @OptionGroup var options: GlobalOptions

        @Option(help: ArgumentHelp("table or json. 输出格式。", valueName: "format"))
        var format: DetailFormat = .table

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, reference) = try await context.openStore()
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
            abstract: "Check that the report rollup matches the records. 校验汇总与明细一致。",
            discussion: "Recomputes the rollup from every record and compares. Exit 1 when they differ.\n\nExample:\n  outreach reach verify")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, _) = try await context.openStore()
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

/// A count given on the command line: a whole number of 0 or more. Any number of digits is read; a value
/// above `ReachRecord.maximumCount` comes back as that limit + 1, for the check to refuse with its message.
func parseCountArgument(_ text: String) -> Int? {
    guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int(text).map { min($0, ReachRecord.maximumCount + 1) } ?? ReachRecord.maximumCount + 1
}
