import OutreachCore

/// The text of the `reach` commands: logging, importing (with its progress line), undoing and checking reach.
/// Both languages side by side.
enum ReachCommandMessages {
    // Counts as people read them: 81,000, not 81000.
    private static func n(_ count: Int) -> String { groupedThousands(count) }
    private static func rows(_ count: Int) -> String { "\(n(count)) row\(count == 1 ? "" : "s")" }
    private static func errors(_ count: Int) -> String { "\(n(count)) error\(count == 1 ? "" : "s")" }
    private static func warnings(_ count: Int) -> String { "\(n(count)) warning\(count == 1 ? "" : "s")" }

    static func dryRun(rows: Int, added: Int, replaced: Int, unchanged: Int, errors: Int, warnings: Int) -> Message {
        Message(zh: "试运行：共 \(n(rows)) 行，将新增 \(n(added)) 条、更正 \(n(replaced)) 条、未变 \(n(unchanged)) 条；\(n(errors)) 个错误，\(n(warnings)) 个警告。未写入任何内容。\n",
                en: "Dry run: \(Self.rows(rows)); would add \(n(added)), correct \(n(replaced)), leave \(n(unchanged)) unchanged; \(Self.errors(errors)), \(Self.warnings(warnings)). Nothing was written.\n")
    }

    static func nothingImported(errors: Int) -> Message {
        Message(zh: "发现 \(n(errors)) 个错误，未导入任何内容。可使用 --skip-invalid 只导入正确的行。\n",
                en: "\(Self.errors(errors)) found; nothing was imported. Use --skip-invalid to import the good rows.\n")
    }

    static func imported(batch: Int, rows: Int, added: Int, replaced: Int, unchanged: Int) -> Message {
        Message(zh: "已导入批次 \(batch)：共 \(n(rows)) 行，新增 \(n(added)) 条，更正 \(n(replaced)) 条，未变 \(n(unchanged)) 条。\n",
                en: "Imported batch \(batch): \(Self.rows(rows)); \(n(added)) added, \(n(replaced)) corrected, \(n(unchanged)) unchanged.\n")
    }

    /// Rows not imported, and the reject files they were written to.
    static func rejected(rows: Int, files: [String]) -> Message {
        Message(zh: "\(n(rows)) 行未导入，已写入 \(files.joined(separator: "、"))。\n",
                en: "\(Self.rows(rows)) \(rows == 1 ? "was" : "were") not imported; see \(files.joined(separator: ", ")).\n")
    }

    static func invalidCount(pair: String) -> Message {
        Message(zh: "计数 '\(pair)' 无效。应为 指标=数量，例如 'attendees=35'，数量为大于或等于 0 的整数。",
                en: "The count '\(pair)' is invalid. Expected METRIC=COUNT like 'attendees=35', with a whole number of 0 or more.")
    }

    static var metricTwice: Message {
        Message(zh: "同一指标和客群只能写一次。",
                en: "Give each metric only once.")
    }

    static func recorded(batch: Int, event: String, day: LocalDate, added: Int, replaced: Int, unchanged: Int) -> Message {
        Message(zh: "已登记批次 \(batch)：\(event) \(day) 新增 \(added) 项，更正 \(replaced) 项，未变 \(unchanged) 项。\n",
                en: "Recorded batch \(batch): \(event) on \(day), \(added) added, \(replaced) corrected, \(unchanged) unchanged.\n")
    }

    static func noSuchFile(file: String) -> Message {
        Message(zh: "文件 '\(file)' 不存在。",
                en: "No such file '\(file)'.")
    }

    static var stdinTwice: Message {
        Message(zh: "标准输入（-）只能给出一次。",
                en: "Standard input (-) can be given only once.")
    }

    static var interrupted: Message {
        Message(zh: "已中断（Ctrl-C）：未导入任何内容，数据库保持原样。\n",
                en: "Interrupted (Ctrl-C): nothing was imported; the database is as it was.\n")
    }

    static func undone(batch: Int, deleted: Int, restored: Int) -> Message {
        Message(zh: "已撤销批次 \(batch)：删除 \(deleted) 条，恢复 \(restored) 条原数据。\n",
                en: "Undid batch \(batch): \(deleted) records deleted, \(restored) earlier figures restored.\n")
    }

    static func keptLaterChanges(count: Int) -> Message {
        Message(zh: "\(count) 条记录已被之后的批次修改，保持不变。\n",
                en: "\(count) records changed by later batches were kept.\n")
    }

    static var sourceManual: Message {
        Message(zh: "手工",
                en: "manual")
    }

    static var sourceImport: Message {
        Message(zh: "导入",
                en: "import")
    }

    static func countsOutOfRange(count: Int, limit: String) -> Message {
        Message(zh: "有 \(count) 条记录的数量不在 0 到 \(limit) 之间（由旧版本写入）：\n",
                en: "\(count) record\(count == 1 ? " holds a count" : "s hold counts") outside 0 to \(limit) (written by an older version):\n")
    }

    static func andMore(more: Int) -> Message {
        Message(zh: "  ……另有 \(more) 条\n",
                en: "  … and \(more) more\n")
    }

    static var totalOverflow: Message {
        Message(zh: "全部记录的数量合计超出可表示的范围，报表无法得出正确合计。\n",
                en: "The counts of all records add up beyond what a total can hold; reports cannot give a correct total.\n")
    }

    static var correctOutOfRange: Message {
        Message(zh: "请用 'outreach reach import' 更正这些记录，或用 'outreach reach undo' 撤销写入它们的批次。",
                en: "Correct these records with 'outreach reach import', or take back the batch that wrote them with 'outreach reach undo'.")
    }

    static var rollupMatches: Message {
        Message(zh: "汇总与明细一致。\n",
                en: "The rollup matches the records.\n")
    }

    static func rollupDiffers(months: String) -> Message {
        Message(zh: "以下月份的汇总与明细不一致：\(months)。",
                en: "The rollup differs from the records for \(months).")
    }

    static func cannotRead(path: String) -> Message {
        Message(zh: "无法读取文件 '\(path)'。",
                en: "Cannot read the file '\(path)'.")
    }

    static func notUTF8(path: String, offset: Int) -> Message {
        Message(zh: "文件 '\(path)' 在第 \(offset) 字节处不是有效的 UTF-8。请另存为 UTF-8，或用 --encoding gb18030 导入。",
                en: "The file '\(path)' is not valid UTF-8 at byte \(offset). Save it as UTF-8, or import it with --encoding gb18030.")
    }

    static func neitherUTF8NorGB18030(path: String, offset: Int) -> Message {
        Message(zh: "文件 '\(path)' 在第 \(offset) 字节处既不是 UTF-8 也不是 GB18030。",
                en: "The file '\(path)' is neither UTF-8 nor GB18030 at byte \(offset).")
    }

    static func cannotOpen(name: String) -> Message {
        Message(zh: "无法打开 '\(name)'。",
                en: "Cannot open '\(name)'.")
    }

    static func timeLeft(clock: String) -> Message {
        Message(zh: "  预计剩余 \(clock)",
                en: "  about \(clock) left")
    }

    static func progress(bar: String, share: Double, rowsText: String, rows: Int, rateText: String, eta: String) -> Message {
        Message(zh: "导入中 \(bar) \(Int(share * 100))%  \(rowsText) 行  \(rateText) 行/秒\(eta)",
                en: "Importing \(bar) \(Int(share * 100))%  \(rowsText) row\(rows == 1 ? "" : "s")  \(rateText) rows/s\(eta)")
    }

    static func futureDate(given: LocalDate, today: LocalDate) -> Message {
        Message(zh: "日期 '\(given)' 在今天（\(today)）之后：尚未到来的日子不能登记触达。如确需预先登记，请加 '--allow-future'。",
                en: "The date '\(given)' is after today (\(today)): reach cannot be logged for a day still to come. Add '--allow-future' to record it anyway.")
    }

    static var noOccurrences: Message {
        Message(zh: "它没有任何场次。",
                en: "It has no occurrences.")
    }

    static func nearestOccurrences(nearest: [String]) -> Message {
        Message(zh: "最近的场次：\(nearest.joined(separator: "、"))。",
                en: "Its nearest occurrences: \(nearest.joined(separator: ", ")).")
    }

    static func todayNotEventDay(today: LocalDate, id: Event.ID, listed: String, example: String) -> Message {
        Message(zh: "没有给出 '--date'，而今天（\(today)）不是活动场次 '\(id)' 举办的日子。\(listed)请用 '--date' 指定日期，例如 '--date \(example)'。",
                en: "No '--date' was given, and today (\(today)) is not a day of event '\(id)'. \(listed) Give the day with '--date', e.g. '--date \(example)'.")
    }

    /// The columns of `reach batches`; times are in the zone named.
    static func batchesHeaders(zone zoneName: String) -> [Message] {
        [
            Message(zh: "批次", en: "Batch"),
            Message(zh: "来源", en: "Source"),
            Message(zh: "文件", en: "File"),
            Message(zh: "填报人", en: "By"),
            Message(zh: "时间（\(zoneName)）", en: "At (\(zoneName))"),
            Message(zh: "新增", en: "Added"),
            Message(zh: "更正", en: "Corrected"),
            Message(zh: "未变", en: "Unchanged"),
            Message(zh: "撤销", en: "Undone"),
        ]
    }
}
