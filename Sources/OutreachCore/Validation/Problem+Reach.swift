extension Problem {
    /// Messages about reach records, imports, targets and populations.
    func reachMessage(_ language: Language) -> String {
        let en = language == .en
        func hint(_ suggestion: String?) -> String {
            suggestion.map { en ? " Did you mean '\($0)'?" : "是否应为 '\($0)'？" } ?? ""
        }
        switch self {
        case .csvMissingColumns(let missing, let found):
            return en
                ? "The header has no column for \(quotedList(missing, .en, conjunction: ("和", "and"))). Columns found: \(quotedList(found, .en, conjunction: ("和", "and"))). See docs/reach-import.md for the column names."
                : "表头缺少 \(quotedList(missing.map { ReachColumn(rawValue: $0)?.chineseName ?? $0 }, .zh, conjunction: ("和", "and"))) 列。现有列：\(quotedList(found, .zh, conjunction: ("和", "and")))。列名见 docs/reach-import.md。"
        case .csvUnknownColumn(let column, let suggestion):
            return en
                ? "Unknown column '\(column)'.\(hint(suggestion)) Known columns are 'event', 'date', 'metric', 'count', 'segment', 'note', 'evidence' and 'recorded_by' (or their Chinese names)."
                : "未知列 '\(column)'。\(hint(suggestion))可用列为 'event'、'date'、'metric'、'count'、'segment'、'note'、'evidence' 和 'recorded_by'（或对应中文列名）。"
        case .csvDuplicateColumn(let column, let first):
            return en
                ? "The columns '\(first)' and '\(column)' mean the same thing; keep one."
                : "列 '\(first)' 和 '\(column)' 含义相同，请只保留一列。"
        case .csvEmptyValue(let column):
            return en ? "The value in column '\(column)' is empty." : "'\(column)' 列的值为空。"
        case .csvTooManyFields(let found, let expected):
            return en
                ? "The row has \(found) fields but the header has \(expected). Quote fields that contain commas."
                : "此行有 \(found) 个字段，表头只有 \(expected) 列。含逗号的字段请加引号。"
        case .csvUnterminatedQuote:
            return en
                ? "A quoted field that starts on this line is never closed. Add the closing quote."
                : "从此行开始的带引号字段没有闭合。请补上结束引号。"
        case .reachUnknownEvent(let column, let value, let suggestion):
            return en
                ? "Unknown event '\(value)' in column '\(column)'.\(hint(suggestion))"
                : "'\(column)' 列中的活动场次 '\(value)' 不存在。\(hint(suggestion))"
        case .reachInvalidDate(let column, let value):
            return en
                ? "The value '\(value)' in column '\(column)' is not a date. Expected a date like '2027-03-15' or '2027/3/15'."
                : "'\(column)' 列的值 '\(value)' 不是有效日期。应为 '2027-03-15' 或 '2027/3/15' 这样的日期。"
        case .reachUnknownMetric(let column, let value, let suggestion):
            return en
                ? "Unknown metric '\(value)' in column '\(column)'.\(hint(suggestion))"
                : "'\(column)' 列中的指标 '\(value)' 不存在。\(hint(suggestion))"
        case .reachMetricNotReported(let metric, let channel, let reported):
            return en
                ? "The channel '\(channel)' does not report '\(metric)'; it reports \(quotedList(reported, .en))."
                : "渠道 '\(channel)' 不统计 '\(metric)'；它统计 \(quotedList(reported, .zh))。"
        case .reachUnknownSegment(let column, let value, let suggestion):
            return en
                ? "Unknown audience segment '\(value)' in column '\(column)'.\(hint(suggestion))"
                : "'\(column)' 列中的客群 '\(value)' 不存在。\(hint(suggestion))"
        case .reachInvalidCount(let column, let value):
            return en
                ? "The value '\(value)' in column '\(column)' is invalid. Expected a whole number of 0 or more."
                : "'\(column)' 列的值 '\(value)' 无效。应为大于或等于 0 的整数。"
        case .reachDuplicateRow:
            return en
                ? "This row repeats an earlier row of the file for the same event, date, metric and segment."
                : "此行与文件中前面的一行重复（活动场次、日期、指标和客群都相同）。"
        case .reachOverCapacity(let count, let capacity):
            return en
                ? "The count \(count) is more than the capacity \(capacity) of the venue."
                : "数量 \(count) 超过了场地容量 \(capacity)。"
        case .reachFarAboveExpected(let count, let expected):
            return en
                ? "The count \(count) is more than five times the expected reach of \(expected); check for a typo."
                : "数量 \(count) 超过预计触达 \(expected) 的五倍，请检查是否录入有误。"
        case .reachNotScheduled(let event, let date):
            return en
                ? "Event '\(event)' is not scheduled on \(date)."
                : "活动场次 '\(event)' 在 \(date) 没有安排。"
        case .reachMoreWarnings(let count, let kind):
            return en
                ? "\(count) more warning\(count == 1 ? "" : "s") like '\(kind)' not shown."
                : "另有 \(count) 条“\(kind)”类警告未显示。"
        case .invalidPeriod(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected a year '2027', a half '2027-H1', a quarter '2027-Q1' or a month '2027-03'."
                : "'\(field)' 的值 '\(value)' 无效。应为年份 '2027'、半年 '2027-H1'、季度 '2027-Q1' 或月份 '2027-03'。"
        case .targetOutsideYear(let period, let year):
            return en
                ? "The period '\(period)' is not in the file's year \(year)."
                : "期间 '\(period)' 不在文件所属的 \(year) 年内。"
        default:
            return ""
        }
    }
}
