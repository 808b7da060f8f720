extension Diagnostic {
    /// Messages about reach records, imports, targets and populations.
    func reachMessage(_ language: Language) -> String {
        let en = language == .en
        func hint(_ suggestion: String?) -> String {
            suggestion.map { en ? " Did you mean '\($0)'?" : "是否应为 '\($0)'？" } ?? ""
        }
        // Where the value was given: a file's column, or on the command line (`reach log`) an option or argument.
        func place(_ column: String) -> String {
            if column.hasPrefix("-") { return en ? "option '\(column)'" : "选项 '\(column)' " }
            if column.hasPrefix("<") { return en ? "argument '\(column)'" : "参数 '\(column)' " }
            return en ? "column '\(column)'" : "'\(column)' 列"
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
            return en ? "The value in \(place(column)) is empty." : "\(place(column))的值为空。"
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
                ? "Unknown event '\(value)' in \(place(column)).\(hint(suggestion))"
                : "\(place(column))中的活动场次 '\(value)' 不存在。\(hint(suggestion))"
        case .reachEventOutsideScope(let column, let value, let scope, let scopeID, let suggestion):
            return en
                ? "The event '\(value)' in \(place(column)) is not an event of \(scope.en ?? scope.zh) (\(scopeID)) or the branches below it.\(hint(suggestion)) Accepted: the events of that branch subtree only."
                : "\(place(column))中的活动场次 '\(value)' 不是\(scope.zh)（\(scopeID)）及其下级机构的活动场次。\(hint(suggestion))只接受该机构范围内的活动场次。"
        case .reachInvalidDate(let column, let value):
            let why = Self.reachDateHint(value, language)
            return en
                ? "The value '\(value)' in \(place(column)) is not a date\(why). Expected a date like '2027-03-15' or '2027/3/15'."
                : "\(place(column))的值 '\(value)' 不是有效日期\(why)。应为 '2027-03-15' 或 '2027/3/15' 这样的日期。"
        case .reachUnknownMetric(let column, let value, let suggestion, let accepted):
            return en
                ? "Unknown metric '\(value)' in \(place(column)).\(hint(suggestion)) Accepted: \(quotedList(accepted, .en))."
                : "\(place(column))中的指标 '\(value)' 不存在。\(hint(suggestion))可用指标：\(quotedList(accepted, .zh))。"
        case .reachMetricNotReported(let column, let value, let metric, let channel, let reported):
            let written = value == metric ? "'\(metric)'" : en ? "'\(value)' ('\(metric)')" : "'\(value)'（'\(metric)'）"
            if column.isEmpty {
                return en
                    ? "The channel '\(channel)' does not report \(written); it reports \(quotedList(reported, .en))."
                    : "渠道 '\(channel)' 不统计 \(written)；它统计 \(quotedList(reported, .zh))。"
            }
            return en
                ? "The metric \(written) in \(place(column)) is not one the channel '\(channel)' reports; it reports \(quotedList(reported, .en))."
                : "\(place(column))的指标 \(written) 不是渠道 '\(channel)' 统计的指标；它统计 \(quotedList(reported, .zh))。"
        case .reachUnknownSegment(let column, let value, let suggestion, let accepted):
            return en
                ? "Unknown audience segment '\(value)' in \(place(column)).\(hint(suggestion)) Accepted: \(quotedList(accepted, .en))."
                : "\(place(column))中的客群 '\(value)' 不存在。\(hint(suggestion))可用客群：\(quotedList(accepted, .zh))。"
        case .reachInvalidCount(let column, let value):
            return en
                ? "The value '\(value)' in \(place(column)) is invalid. Expected a whole number of 0 or more."
                : "\(place(column))的值 '\(value)' 无效。应为大于或等于 0 的整数。"
        case .reachCountTooLarge(let column, let value, let looksLikeID):
            let limit = ReachRecord.maximumCount
            if looksLikeID {
                return en
                    ? "The value '\(value)' in \(place(column)) looks like an ID number, not a count. A count is a whole number from 0 to 1,000,000,000."
                    : "\(place(column))的值 '\(value)' 看起来是身份证号码，而不是数量。数量应为 0 到 1,000,000,000（10 亿）之间的整数。"
            }
            return en
                ? "The value '\(value)' in \(place(column)) is over the limit: a count is a whole number from 0 to \(groupedThousands(limit))."
                : "\(place(column))的值 '\(value)' 超过上限：数量应为 0 到 \(groupedThousands(limit))（10 亿）之间的整数。"
        case .reachDuplicateRow(let earlierLine, let earlierFile, let onSheet):
            if let earlierLine, let earlierFile {
                return en
                    ? "This row repeats line \(earlierLine) of '\(earlierFile)' (the same event, date, metric and segment)."
                    : "此行与文件 '\(earlierFile)' 第 \(earlierLine) 行重复（活动场次、日期、指标和客群都相同）。"
            }
            if let earlierLine, onSheet {
                return en
                    ? "This row repeats row \(earlierLine) of the sheet (the same event, date, metric and segment)."
                    : "此行与工作表第 \(earlierLine) 行重复（活动场次、日期、指标和客群都相同）。"
            }
            if let earlierLine {
                return en
                    ? "This row repeats line \(earlierLine) of the file (the same event, date, metric and segment)."
                    : "此行与文件第 \(earlierLine) 行重复（活动场次、日期、指标和客群都相同）。"
            }
            return en
                ? "This row repeats an earlier row of the file for the same event, date, metric and segment."
                : "此行与文件中前面的一行重复（活动场次、日期、指标和客群都相同）。"
        case .csvRefusedCharacter(let column, let scalar):
            let hex = String(scalar, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            let what = scalar >= 0xFFFE ? (en ? "a noncharacter" : "非字符") : (en ? "a control character" : "控制字符")
            return en
                ? "The value in \(place(column)) holds \(code) (\(what)), which text may not hold: control characters other than tab and line breaks, U+007F, U+FFFE and U+FFFF are refused. Remove it."
                : "\(place(column))的值含有 \(code)（\(what)），文本中不允许出现：除制表符和换行外的控制字符、U+007F、U+FFFE 和 U+FFFF 均不接受。请删除该字符。"
        case .reachNoRows(let headerOnly):
            if headerOnly {
                return en
                    ? "The file has a header but no rows; nothing to import."
                    : "文件只有表头，没有数据行，无可导入的内容。"
            }
            return en
                ? "The file is empty; nothing to import. It needs a header row and at least one row (see docs/reach-import.md)."
                : "文件为空，无可导入的内容。文件应有表头行和至少一行数据（见 docs/reach-import.md）。"
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
        case .reachOutsideCampaign(let column, let value, let campaign, let start, let end):
            if column.hasPrefix("--") {
                return en
                    ? "The date '\(value)' given to '\(column)' is outside the period of campaign '\(campaign)', \(start) to \(end). Reach is recorded within its campaign's period."
                    : "'\(column)' 的日期 '\(value)' 不在宣传活动 '\(campaign)' 的期间（\(start) 至 \(end)）内。触达记录须在所属宣传活动的期间内。"
            }
            return en
                ? "The date '\(value)' in column '\(column)' is outside the period of campaign '\(campaign)', \(start) to \(end). Reach is recorded within its campaign's period."
                : "'\(column)' 列的日期 '\(value)' 不在宣传活动 '\(campaign)' 的期间（\(start) 至 \(end)）内。触达记录须在所属宣传活动的期间内。"
        case .reachForCancelledEvent(let event):
            return en
                ? "Event '\(event)' is cancelled; the record is kept all the same and counts as an unplanned event held."
                : "活动场次 '\(event)' 已取消；记录照常保存，计为计划外举办的场次。"
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

    /// Says why a date-like reach value is not a date: "(February 2027 has 28 days)", for every way the
    /// import accepts a date (`2027-02-30`, `2027/2/30`, `2027.2.30`, `2027年2月30日`).
    public static func reachDateHint(_ given: String, _ language: Language) -> String {
        let value = asciiDigits(given)
        var numbers: [Int] = []
        var current: Int?
        for scalar in value.unicodeScalars {
            if (48...57).contains(scalar.value) {
                let number = (current ?? 0) * 10 + Int(scalar.value - 48)
                guard number < 100_000 else { return "" }
                current = number
            } else if "-/.年月日".unicodeScalars.contains(scalar), let number = current {
                numbers.append(number)
                current = nil
            } else {
                return ""
            }
        }
        if let current { numbers.append(current) }
        guard numbers.count == 3, numbers[0] >= 1000 else { return "" }
        let (year, month, day) = (numbers[0], numbers[1], numbers[2])
        guard (1...12).contains(month) else {
            return language == .en ? " (there is no month \(month))" : "（不存在 \(month) 月）"
        }
        let length = LocalDate.daysIn(month: month, year: year)
        guard day > length else { return "" }
        let monthName = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ][month - 1]
        return language == .en
            ? " (\(monthName) \(year) has \(length) days)"
            : "（\(year) 年 \(month) 月只有 \(length) 天）"
    }
}

