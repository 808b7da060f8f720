import OutreachFormats

/// The diagnostics catalogue: what is wrong with a piece of input, carrying what is needed to explain it in
/// either language (`message(_:)`).
///
/// Messages follow ArgumentParser's wording: one or two sentences, the value quoted exactly as written,
/// what is accepted, and the nearest known value when it looks like a typo.
public enum Diagnostic: Equatable, Sendable {
    // Files
    case notUTF8(byteOffset: Int)
    /// A YAML file that is not UTF-8: the first bad byte, and the file's path when it reads as GB18030.
    case notUTF8File(byteOffset: Int, byte: UInt8, gb18030Path: String?)
    case emptyFile(expected: Subject)
    case unreadable(reason: String)
    case yamlSyntax(YAMLSyntaxError.Reason)

    // Shape
    case unknownField(String, in: Subject, suggestion: String?, known: [String])
    case missingField(String, in: Subject)
    /// A field missing from one item of a list (an event): named by its id when it has one, and by its
    /// 1-based position in the list.
    case missingFieldInItem(String, in: Subject, id: String?, number: Int, list: String)
    case wrongShape(field: String, expected: Shape, found: Shape)
    case emptyValue(field: String)

    // Values
    case invalidDate(field: String, value: String)
    case invalidTime(field: String, value: String)
    case invalidDateOrDateTime(field: String, value: String)
    case invalidNonNegativeInteger(field: String, value: String)
    /// A whole number with more digits than a count may have (``maximumFileCount``).
    case countTooLarge(field: String, value: String)
    case invalidChoice(field: String, value: String, choices: [String], suggestion: String?)
    case invalidIdentifier(field: String, value: String)
    case invalidTimeZone(field: String, value: String)
    case unknownReference(Subject, value: String, suggestion: String?)
    case duplicateID(Subject, id: String, first: SourceLocation)
    case duplicateEntry(field: String, value: String)

    // Dates and schedules
    case endBeforeStart(start: String, end: String)
    case allDayEndHasTime(end: String)
    case timedEndNeedsTime(end: String)
    case eventOutsidePeriod(first: LocalDate, last: LocalDate, periodStart: LocalDate, periodEnd: LocalDate)
    case occurrenceAfterPeriod(date: LocalDate, periodEnd: LocalDate)
    case recurrenceCut(rule: String, limit: Int, lastKept: LocalDate, periodEnd: LocalDate)
    case invalidRecurrence(value: String, reason: RecurrenceRule.ParseError)
    case recurrenceStartMismatch(start: LocalDate, rule: String)
    case untilBeforeStart(until: String, start: LocalDate)
    case exceptDateNotOccurrence(LocalDate)
    case channelNotInCampaign(channel: String, listed: [String])
    case branchNotInCampaign(branch: String)
    case expectedReachOverCapacity(expected: Int, capacity: Int)
    case campaignMissesAnchor(kind: String, anchor: LocalDate)
    case parentCycle(branch: String)
    /// A text of a cloned campaign (a field, or a comment when `field` is nil) that names the old year.
    case mentionsOldYear(field: String?, oldYear: Int, newYear: Int, excerpt: String)

    // Conflicts (errors)
    case venueDoubleBooked(venue: String, when: String, other: String, otherLocation: SourceLocation?, more: Int)
    case staffDoubleBooked(staff: String, when: String, other: String, otherLocation: SourceLocation?, more: Int)
    case displayDoubleBooked(
        channel: String, venue: String, when: String, otherCampaign: String, other: String,
        otherLocation: SourceLocation?, more: Int
    )

    // Calendar warnings
    case onPublicHoliday(date: LocalDate, holiday: BilingualName, more: Int)
    case onProvisionalAnchor(date: LocalDate, holiday: BilingualName, year: Int)
    case missingHolidayNotice(year: Int)
    case outsideSchoolTerm(date: LocalDate, more: Int)
    case holidayAdjustedWorkdayNotWeekend(date: LocalDate)
    case holidayOverlap(date: LocalDate)
    case holidayBlockLength(name: String, stated: Int, actual: Int)

    // Notify configuration (secret values are never part of a message)
    case secretInline(field: String, instead: String)
    case plainHTTPWebhook(target: String, origin: String)
    case invalidWebhook(field: String, kind: String)
    case webhookNeedsURL(field: String, kind: String)
    case invalidSigningSecret(field: String)
    case fieldNotForKind(field: String, kind: String, kinds: [String])
    case conflictingFields(String, String)
    case missingOneOf([String], in: Subject)
    case invalidRate(field: String, value: String)
    case invalidQuietHours(field: String, value: String)
    case invalidTemplate(field: String, reason: Template.SyntaxError)
    case unreadableSecretsFile(path: String)
    case mentionsIgnored(field: String, kind: String)
    case invalidReminder(field: String, value: String)
    case invalidOffTrackMargin(field: String, value: String)
    case invalidRateMargin(field: String, value: String)

    // server: configuration
    case invalidHost(field: String, value: String)
    case invalidPort(field: String, value: String)
    case invalidSessionLifetime(field: String, value: String)
    case invalidTrustedProxy(field: String, value: String)

    // Reach records (CSV import and `outreach reach log`); `column` is the header as written in the file
    case csvMissingColumns(missing: [String], found: [String])
    case csvUnknownColumn(String, suggestion: String?)
    case csvDuplicateColumn(String, first: String)
    case csvEmptyValue(column: String)
    case csvTooManyFields(found: Int, expected: Int)
    case csvUnterminatedQuote
    case reachUnknownEvent(column: String, value: String, suggestion: String?)
    /// An event that is not one of the importing user's branch subtree (unknown or another branch's: the same
    /// answer for both); `scope` names the subtree, as `温泉支行（xn-wenquan）`.
    case reachEventOutsideScope(column: String, value: String, scope: BilingualName, scopeID: String, suggestion: String?)
    case reachInvalidDate(column: String, value: String)
    case reachUnknownMetric(column: String, value: String, suggestion: String?, accepted: [String])
    /// `column` and `value` as written (empty column for `reach log`), `metric` the id it names.
    case reachMetricNotReported(column: String, value: String, metric: String, channel: String, reported: [String])
    case reachUnknownSegment(column: String, value: String, suggestion: String?, accepted: [String])
    case reachInvalidCount(column: String, value: String)
    case reachCountTooLarge(column: String, value: String, looksLikeID: Bool)
    /// `earlierFile` when the earlier row is in another file of the same import.
    /// `onSheet` when the rows are a worksheet's (an .xlsx import): the earlier one is then a row of the sheet.
    case reachDuplicateRow(earlierLine: Int?, earlierFile: String? = nil, onSheet: Bool = false)
    case csvRefusedCharacter(column: String, scalar: UInt32)
    case reachNoRows(headerOnly: Bool)
    case reachOverCapacity(count: Int, capacity: Int)
    case reachFarAboveExpected(count: Int, expected: Int)
    case reachNotScheduled(event: String, date: LocalDate)
    /// A record dated outside its event's campaign period; `column` is the date column or flag, `value` as written.
    case reachOutsideCampaign(column: String, value: String, campaign: String, start: LocalDate, end: LocalDate)
    /// A record for an event that is cancelled (kept, and counted as an unplanned event held).
    case reachForCancelledEvent(event: String)
    case reachMoreWarnings(count: Int, kind: String)
    /// An .xlsx file that could not be read (`WorkbookMessages`).
    case workbookUnreadable(XLSXReadError)

    // Targets and populations
    case invalidPeriod(field: String, value: String)
    case targetOutsideYear(period: String, year: Int)

    /// The shape of a YAML value.
    public enum Shape: String, Equatable, Sendable {
        case mapping, list, scalar

        func text(_ language: Language) -> String {
            switch (self, language) {
            case (.mapping, .en): "a mapping (key: value lines)"
            case (.list, .en): "a list"
            case (.scalar, .en): "a single value"
            case (.mapping, .zh): "映射（键: 值）"
            case (.list, .zh): "列表"
            case (.scalar, .zh): "单个值"
            }
        }
    }

    // MARK: Messages

    /// The message in `language`. A quoted value longer than ``Diagnostic/longestQuotedValue`` characters
    /// (a 20 MB cell in a hostile file) is shown by its start and its length, so the message stays readable
    /// and its size bounded.
    public func message(_ language: Language) -> String {
        Self.clippingQuotedValues(in: fullMessage(language), language)
    }

    /// The largest count a campaign, target or seed file may give (15 digits: sums of them never wrap).
    public static let maximumFileCount = 999_999_999_999_999

    /// What is wrong with a count as written: too many digits, or not a whole number of 0 or more.
    static func badCount(field: String, value: String) -> Diagnostic {
        !value.isEmpty && value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
            ? .countTooLarge(field: field, value: value) : .invalidNonNegativeInteger(field: field, value: value)
    }

    /// Quoted values are shown in full up to this many characters.
    public static let longestQuotedValue = 500

    /// Replaces each `'…'` run longer than ``longestQuotedValue`` characters by its first 60 characters, `…` and
    /// its length. Linear in the message; a message with no long run is returned as it is.
    static func clippingQuotedValues(in message: String, _ language: Language) -> String {
        guard message.utf8.count > longestQuotedValue else { return message }
        var out = ""
        var rest = message[...]
        while let open = rest.firstIndex(of: "'") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "'") else { break }
            let value = rest[afterOpen..<close]
            out += rest[..<afterOpen]
            let length = value.count
            if length > longestQuotedValue {
                out += value.prefix(60)
                out += language == .en ? "… (\(length) characters)" : "…（共 \(length) 个字符）"
            } else {
                out += value
            }
            out += "'"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    private func fullMessage(_ language: Language) -> String {
        let en = language == .en
        switch self {
        case .notUTF8(let offset):
            return en
                ? "The file is not UTF-8 text (invalid byte at offset \(offset)). Save it as UTF-8 and try again."
                : "文件不是 UTF-8 编码（第 \(offset) 字节无效）。请另存为 UTF-8 后重试。"
        case .notUTF8File(let offset, let byte, let gb18030Path):
            let hex = String(byte, radix: 16, uppercase: true)
            let shown = "0x" + (hex.count < 2 ? "0" : "") + hex
            let lead = en
                ? "The file is not UTF-8 text: the byte \(shown) (offset \(offset)) is not valid UTF-8."
                : "文件不是 UTF-8 编码：字节 \(shown)（偏移 \(offset)）不是有效的 UTF-8。"
            guard let path = gb18030Path else {
                return lead + (en ? " Save the file as UTF-8 and try again." : "请另存为 UTF-8 后重试。")
            }
            let converted = Diagnostic.convertedName(path)
            let command = "iconv -f GB18030 -t UTF-8 \(Diagnostic.shellQuoted(path)) > \(Diagnostic.shellQuoted(converted))"
            return en
                ? lead + " It reads as GB18030 (the usual encoding of Chinese Windows); convert it with `\(command)`, check the result and use it in place of the file, or save the file as UTF-8 in your editor."
                : lead + "该文件可按 GB18030（中文 Windows 的常用编码）读取；可用 `\(command)` 转换，核对结果后用它替换原文件，或在编辑器中另存为 UTF-8。"
        case .emptyFile(let subject):
            return en
                ? "The file is empty. Expected \(subject.withArticle(.en)) written in YAML."
                : "文件为空。应为以 YAML 书写的\(subject.noun(.zh))。"
        case .unreadable(let reason):
            return en ? "The file cannot be read: \(reason)." : "无法读取文件：\(reason)。"
        case .yamlSyntax(let reason):
            return Diagnostic.yamlMessage(reason, language)

        case .unknownField(let field, let subject, let suggestion, let known):
            if let suggestion {
                return en
                    ? "Unknown field '\(field)' in \(subject.withArticle(.en)). Did you mean '\(suggestion)'?"
                    : "\(subject.noun(.zh))中有未知字段 '\(field)'。是否应为 '\(suggestion)'？"
            }
            return en
                ? "Unknown field '\(field)' in \(subject.withArticle(.en)). Known fields are \(quotedList(known, .en, conjunction: ("和", "and")))."
                : "\(subject.noun(.zh))中有未知字段 '\(field)'。可用字段为 \(quotedList(known, .zh, conjunction: ("和", "and")))。"
        case .missingField(let field, let subject):
            return en
                ? "Missing required field '\(field)' in \(subject.withArticle(.en))."
                : "\(subject.noun(.zh))缺少必填字段 '\(field)'。"
        case .missingFieldInItem(let field, let subject, let id, let number, let list):
            if let id {
                return en
                    ? "Missing required field '\(field)' in the \(subject.noun(.en)) '\(id)' (number \(number) in '\(list)')."
                    : "\(subject.noun(.zh)) '\(id)'（'\(list)' 中第 \(number) 个）缺少必填字段 '\(field)'。"
            }
            return en
                ? "Missing required field '\(field)' in \(subject.noun(.en)) number \(number) in '\(list)'."
                : "'\(list)' 中第 \(number) 个\(subject.noun(.zh))缺少必填字段 '\(field)'。"
        case .wrongShape(let field, let expected, let found):
            return en
                ? "The field '\(field)' must be \(expected.text(.en)), not \(found.text(.en))."
                : "字段 '\(field)' 应为\(expected.text(.zh))，而不是\(found.text(.zh))。"
        case .emptyValue(let field):
            return en ? "The field '\(field)' is empty. Give it a value or remove it." : "字段 '\(field)' 为空。请填写或删除该字段。"

        case .invalidDate(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected a real date like '2027-03-15'\(Diagnostic.dateHint(value, .en))."
                : "'\(field)' 的值 '\(value)' 无效。应为实际存在的日期，例如 '2027-03-15'\(Diagnostic.dateHint(value, .zh))。"
        case .invalidTime(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected a time from '00:00' to '23:59'."
                : "'\(field)' 的值 '\(value)' 无效。应为 '00:00' 到 '23:59' 之间的时间。"
        case .invalidDateOrDateTime(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected a date like '2027-03-15' or a date and time like '2027-03-15 09:30'\(Diagnostic.dateHint(value, .en))."
                : "'\(field)' 的值 '\(value)' 无效。应为日期（如 '2027-03-15'）或日期加时间（如 '2027-03-15 09:30'）\(Diagnostic.dateHint(value, .zh))。"
        case .invalidNonNegativeInteger(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected a whole number of 0 or more."
                : "'\(field)' 的值 '\(value)' 无效。应为大于或等于 0 的整数。"
        case .countTooLarge(let field, let value):
            return en
                ? "The value '\(value)' for '\(field)' is too large: at most \(Diagnostic.maximumFileCount)."
                : "'\(field)' 的值 '\(value)' 过大：最多为 \(Diagnostic.maximumFileCount)。"
        case .invalidChoice(let field, let value, let choices, let suggestion):
            let hint = suggestion.map { en ? " Did you mean '\($0)'?" : "是否应为 '\($0)'？" } ?? ""
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Please provide one of \(quotedList(choices, .en)).\(hint)"
                : "'\(field)' 的值 '\(value)' 无效。可选值为 \(quotedList(choices, .zh))。\(hint)"
        case .invalidIdentifier(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Ids use letters, digits, '-', '_' and '.', and no spaces."
                : "'\(field)' 的值 '\(value)' 无效。编号只能包含字母、数字、'-'、'_' 和 '.'，不能有空格。"
        case .invalidTimeZone(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected a time zone name like 'Asia/Shanghai'."
                : "'\(field)' 的值 '\(value)' 无效。应为时区名称，例如 'Asia/Shanghai'。"
        case .unknownReference(let subject, let value, let suggestion):
            let hint = suggestion.map { en ? " Did you mean '\($0)'?" : "是否应为 '\($0)'？" } ?? ""
            return en
                ? "Unknown \(subject.noun(.en)) '\(value)'.\(hint)"
                : "未知的\(subject.noun(.zh)) '\(value)'。\(hint)"
        case .duplicateID(let subject, let id, let first):
            return en
                ? "Duplicate \(subject.noun(.en)) id '\(id)'; it is already used at \(first)."
                : "\(subject.noun(.zh))编号 '\(id)' 重复，已在 \(first) 使用。"
        case .duplicateEntry(let field, let value):
            return en ? "'\(value)' appears more than once in '\(field)'." : "'\(value)' 在 '\(field)' 中重复出现。"

        case .endBeforeStart(let start, let end):
            return en
                ? "The end '\(end)' is not after the start '\(start)'."
                : "结束时间 '\(end)' 不晚于开始时间 '\(start)'。"
        case .allDayEndHasTime(let end):
            return en
                ? "The end '\(end)' has a time but the start is a date. Give both a time, or give the end as a date for an all-day or multi-day event."
                : "开始只有日期，结束 '\(end)' 却带有时间。请都写时间，或把结束写成日期（全天或多日活动）。"
        case .timedEndNeedsTime(let end):
            return en
                ? "The end '\(end)' is a date but the start has a time. Give the end as a time like '16:00' or a date and time like '2027-03-15 16:00'."
                : "开始带有时间，结束 '\(end)' 却只有日期。请把结束写成时间（如 '16:00'）或日期加时间（如 '2027-03-15 16:00'）。"
        case .eventOutsidePeriod(let first, let last, let periodStart, let periodEnd):
            let span = first == last ? "\(first)" : (en ? "\(first) to \(last)" : "\(first) 至 \(last)")
            return en
                ? "The event runs \(span), outside the campaign period \(periodStart) to \(periodEnd)."
                : "活动时间 \(span) 超出了宣传活动期间 \(periodStart) 至 \(periodEnd)。"
        case .occurrenceAfterPeriod(let date, let periodEnd):
            return en
                ? "The rule repeats the event on \(date), after the campaign ends on \(periodEnd). Lower COUNT or UNTIL."
                : "重复规则会在 \(date) 安排活动，晚于宣传活动结束日 \(periodEnd)。请减小 COUNT 或 UNTIL。"
        case .recurrenceCut(let rule, let limit, let lastKept, let periodEnd):
            return en
                ? "The rule '\(rule)' gives more than \(limit) occurrences before the campaign ends on \(periodEnd); only the first \(limit), up to \(lastKept), are checked and planned. Add COUNT or UNTIL, or shorten the period."
                : "重复规则 '\(rule)' 在宣传活动结束日 \(periodEnd) 之前会产生超过 \(limit) 场活动；只检查和安排前 \(limit) 场（截至 \(lastKept)）。请添加 COUNT 或 UNTIL，或缩短活动期间。"
        case .invalidRecurrence(let value, let reason):
            return Diagnostic.recurrenceMessage(value, reason, language)
        case .recurrenceStartMismatch(let start, let rule):
            return en
                ? "The start \(start) (\(Diagnostic.weekdayName(start.weekday, .en))) is not a day the rule '\(rule)' produces. Move the start to the first occurrence."
                : "开始日期 \(start)（\(Diagnostic.weekdayName(start.weekday, .zh))）不符合重复规则 '\(rule)'。请把开始日期改为第一次活动的日期。"
        case .untilBeforeStart(let until, let start):
            return en
                ? "UNTIL '\(until)' is before the start \(start)."
                : "UNTIL '\(until)' 早于开始日期 \(start)。"
        case .exceptDateNotOccurrence(let date):
            return en
                ? "The excluded date \(date) is not an occurrence of the rule, so it excludes nothing."
                : "排除日期 \(date) 不是重复规则中的日期，不会排除任何场次。"
        case .channelNotInCampaign(let channel, let listed):
            return en
                ? "The channel '\(channel)' is not among the campaign's channels (\(quotedList(listed, .en, conjunction: ("和", "and")))). Add it to 'channels'."
                : "渠道 '\(channel)' 不在本宣传活动的渠道（\(quotedList(listed, .zh, conjunction: ("和", "and")))）中。请把它加入 'channels'。"
        case .branchNotInCampaign(let branch):
            return en
                ? "The branch '\(branch)' does not take part in the campaign. Add it (or its sub-branch) to 'branches'."
                : "机构 '\(branch)' 未参与本宣传活动。请把它（或其上级支行）加入 'branches'。"
        case .expectedReachOverCapacity(let expected, let capacity):
            return en
                ? "The expected reach \(expected) is more than the capacity \(capacity)."
                : "预计触达 \(expected) 超过了容量 \(capacity)。"
        case .campaignMissesAnchor(let kind, let anchor):
            return en
                ? "A '\(kind)' campaign usually covers \(anchor), but the period does not."
                : "'\(kind)' 类宣传活动通常覆盖 \(anchor)，但活动期间不包含这一天。"
        case .parentCycle(let branch):
            return en
                ? "The branch '\(branch)' is its own ancestor; parents must form a tree."
                : "机构 '\(branch)' 成了自己的上级；上下级关系必须构成树。"

        case .mentionsOldYear(let field, let oldYear, let newYear, let excerpt):
            guard let field else {
                return en
                    ? "A comment still mentions \(oldYear): '\(excerpt)'. Check it for \(newYear)."
                    : "注释仍提到 \(oldYear) 年：'\(excerpt)'。请按 \(newYear) 年核对。"
            }
            return en
                ? "The field '\(field)' still mentions \(oldYear): '\(excerpt)'. Check it for \(newYear)."
                : "字段 '\(field)' 仍提到 \(oldYear) 年：'\(excerpt)'。请按 \(newYear) 年核对。"

        case .venueDoubleBooked(let venue, let when, let other, let location, let more):
            return en
                ? "The venue '\(venue)' is double-booked at \(when): event '\(other)'\(Diagnostic.at(location, .en)) is there too\(Diagnostic.more(more, .en))."
                : "场地 '\(venue)' 在 \(when) 重复预订：活动 '\(other)'\(Diagnostic.at(location, .zh))也在该场地\(Diagnostic.more(more, .zh))。"
        case .staffDoubleBooked(let staff, let when, let other, let location, let more):
            return en
                ? "'\(staff)' is in two places at \(when): also at event '\(other)'\(Diagnostic.at(location, .en))\(Diagnostic.more(more, .en))."
                : "'\(staff)' 在 \(when) 同时被安排在两处：还在活动 '\(other)'\(Diagnostic.at(location, .zh))\(Diagnostic.more(more, .zh))。"
        case .displayDoubleBooked(let channel, let venue, let when, let campaign, let other, let location, let more):
            return en
                ? "The '\(channel)' at '\(venue)' carries one campaign at a time, but at \(when) it is also given to campaign '\(campaign)' (event '\(other)'\(Diagnostic.at(location, .en)))\(Diagnostic.more(more, .en))."
                : "'\(venue)' 的 '\(channel)' 同一时间只能承载一个宣传活动，但在 \(when) 还分配给了宣传活动 '\(campaign)'（活动 '\(other)'\(Diagnostic.at(location, .zh))）\(Diagnostic.more(more, .zh))。"

        case .onPublicHoliday(let date, let holiday, let more):
            return en
                ? "The event falls on \(date), a public holiday (\(holiday.text(.en)))\(Diagnostic.moreDates(more, .en)). Check that the venue is open and staff are on duty."
                : "活动安排在 \(date)，为法定节假日（\(holiday.zh)）\(Diagnostic.moreDates(more, .zh))。请确认场地开放、人员在岗。"
        case .onProvisionalAnchor(let date, let holiday, let year):
            return en
                ? "The event falls on \(date), a statutory holiday (\(holiday.text(.en))); the \(year) holiday notice is not loaded, so the days off around it are not known yet."
                : "活动安排在 \(date)，为法定节日（\(holiday.zh)）；尚未载入 \(year) 年放假通知，前后的放假和调休安排未知。"
        case .missingHolidayNotice(let year):
            return en
                ? "No State Council holiday notice loaded for \(year); 调休 not applied and holiday checks for \(year) are provisional. Add seeds/holidays/\(year).yaml when the notice is published."
                : "未载入 \(year) 年国务院放假通知；未应用调休，\(year) 年的节假日检查仅供参考。通知发布后请添加 seeds/holidays/\(year).yaml。"
        case .outsideSchoolTerm(let date, let more):
            return en
                ? "The campus event on \(date) is outside the school terms\(Diagnostic.moreDates(more, .en)); students may be on holiday."
                : "\(date) 的校园活动不在学期内\(Diagnostic.moreDates(more, .zh))；学生可能正在放假。"
        case .holidayAdjustedWorkdayNotWeekend(let date):
            return en
                ? "The adjusted working day \(date) is a \(Diagnostic.weekdayName(date.weekday, .en)); adjusted working days are Saturdays or Sundays."
                : "调休上班日 \(date) 是\(Diagnostic.weekdayName(date.weekday, .zh))；调休上班日应为周六或周日。"
        case .holidayOverlap(let date):
            return en
                ? "The date \(date) is listed both as a day off and as a working day."
                : "日期 \(date) 同时被列为放假日和上班日。"
        case .holidayBlockLength(let name, let stated, let actual):
            return en
                ? "The holiday '\(name)' states \(stated) days but its dates cover \(actual)."
                : "节假日 '\(name)' 写明共 \(stated) 天，但日期范围为 \(actual) 天。"
        case .secretInline, .plainHTTPWebhook, .invalidWebhook, .webhookNeedsURL, .invalidSigningSecret,
            .fieldNotForKind, .conflictingFields, .missingOneOf, .invalidRate, .invalidQuietHours, .invalidTemplate,
            .unreadableSecretsFile, .mentionsIgnored, .invalidReminder, .invalidOffTrackMargin,
            .invalidRateMargin:
            return notifyMessage(language)
        case .invalidHost, .invalidPort, .invalidSessionLifetime, .invalidTrustedProxy:
            return serverMessage(language)
        case .csvMissingColumns, .csvUnknownColumn, .csvDuplicateColumn, .csvEmptyValue, .csvTooManyFields,
            .csvUnterminatedQuote, .reachUnknownEvent, .reachInvalidDate, .reachUnknownMetric, .reachMetricNotReported,
            .reachUnknownSegment, .reachInvalidCount, .reachDuplicateRow, .reachOverCapacity, .reachFarAboveExpected,
            .reachNotScheduled, .reachMoreWarnings, .invalidPeriod, .targetOutsideYear, .reachCountTooLarge,
            .csvRefusedCharacter, .reachNoRows, .reachOutsideCampaign, .reachForCancelledEvent,
            .reachEventOutsideScope:
            return reachMessage(language)
        case .workbookUnreadable(let error):
            return WorkbookMessages.refusal(error).text(language)
        }
    }

    // MARK: Helpers

    /// `campaigns/x.yaml` → `campaigns/x.utf8.yaml`.
    static func convertedName(_ path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return path + ".utf8" }
        return path[..<dot] + ".utf8" + path[dot...]
    }

    /// A path as one shell word: as is when it is made of safe characters, else in single quotes.
    static func shellQuoted(_ path: String) -> String {
        let safe = path.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./+@%:,".unicodeScalars.contains($0)
        }
        guard !safe || path.isEmpty else { return path }
        return "'" + path.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    static func weekdayName(_ weekday: Int, _ language: Language) -> String {
        let en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        let zh = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
        return (language == .en ? en : zh)[weekday - 1]
    }

    private static func at(_ location: SourceLocation?, _ language: Language) -> String {
        guard let location else { return "" }
        return language == .en ? " at \(location)" : "（\(location)）"
    }

    private static func more(_ count: Int, _ language: Language) -> String {
        guard count > 0 else { return "" }
        return language == .en
            ? ", and \(count) more clash\(count == 1 ? "" : "es")"
            : "，另有 \(count) 次冲突"
    }

    private static func moreDates(_ count: Int, _ language: Language) -> String {
        guard count > 0 else { return "" }
        return language == .en ? " and \(count) more date\(count == 1 ? "" : "s")" : "，另有 \(count) 个日期"
    }

    /// Says why a date-like value is not a date, when it looks like one: "February 2027 has 28 days".
    private static func dateHint(_ value: String, _ language: Language) -> String {
        let bytes = Array(value.utf8.prefix(10))
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2)
        else { return "" }
        if !(1...12).contains(month) {
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

    private static func yamlMessage(_ reason: YAMLSyntaxError.Reason, _ language: Language) -> String {
        let en = language == .en
        switch reason {
        case .tabIndentation:
            return en ? "Tabs are not allowed for indentation in YAML; use spaces." : "YAML 不允许用制表符（Tab）缩进，请改用空格。"
        case .badIndentation(let expected, let found):
            return en
                ? "Bad indentation: this line starts at column \(found), but the open block expects column \(expected). Align it with the lines above."
                : "缩进错误：此行从第 \(found) 列开始，但所在的块应从第 \(expected) 列开始。请与上面的行对齐。"
        case .indentationBetween(let outer, let inner, let found):
            return en
                ? "Bad indentation: this line starts at column \(found), between the block above at column \(inner) and the enclosing one at column \(outer). Start it at column \(inner) to continue the lines above, or at column \(outer)."
                : "缩进错误：此行从第 \(found) 列开始，介于上方第 \(inner) 列的块和外层第 \(outer) 列的块之间。若接续上面的行，请从第 \(inner) 列开始；否则从第 \(outer) 列开始。"
        case .unterminatedQuote:
            return en ? "This quoted text is never closed. Add the closing quote." : "引号没有闭合。请补上结束引号。"
        case .unterminatedFlow(let opener):
            let closer = opener == "[" ? "]" : "}"
            return en ? "This '\(opener)' is never closed. Add the matching '\(closer)'." : "'\(opener)' 没有闭合。请补上对应的 '\(closer)'。"
        case .unexpectedCharacter(let character, let context):
            return en ? "Unexpected '\(character)' \(context)." : "此处不应出现 '\(character)'（\(context)）。"
        case .invalidEscape(let escape):
            return en
                ? "The escape '\(escape)' is not valid in double-quoted text. Use single quotes, or write '\\\\' for a backslash."
                : "双引号文本中的转义 '\(escape)' 无效。请改用单引号，或用 '\\\\' 表示反斜杠。"
        case .duplicateKey(let key, let first):
            return en
                ? "The key '\(key)' appears twice in the same mapping; the first is at line \(first.line), column \(first.column)."
                : "同一映射中键 '\(key)' 出现了两次；第一次在第 \(first.line) 行第 \(first.column) 列。"
        case .missingColon:
            return en ? "Expected 'key: value' on this line." : "此行应为 '键: 值' 的形式。"
        case .unsupported(let feature):
            return en
                ? "YAML \(feature) are not supported in Outreach files; write the value out in full."
                : "Outreach 文件不支持 YAML 的 \(feature)；请直接写出完整的值。"
        case .mixedBlockContent:
            return en
                ? "A list item and a 'key: value' entry are mixed at the same indentation."
                : "同一缩进层级中混用了列表项和 '键: 值' 条目。"
        case .refusedCharacter(let value):
            let code = YAMLSyntaxError.codePoint(value)
            return en
                ? "The character \(code) is not allowed in a YAML file. Control characters other than tab and line breaks, and U+FFFE and U+FFFF, are refused (see docs/yaml-subset.md); remove it."
                : "YAML 文件中不允许出现字符 \(code)。除制表符和换行以外的控制字符，以及 U+FFFE 和 U+FFFF，一律不接受（见 docs/yaml-subset.md）；请删除该字符。"
        case .refusedEscape(let escape, let value):
            let code = YAMLSyntaxError.codePoint(value)
            return en
                ? "The escape '\(escape)' gives the character \(code), which is not allowed in text. Control characters other than tab and line breaks, and U+FFFE and U+FFFF, are refused (see docs/yaml-subset.md); remove it."
                : "转义 '\(escape)' 表示字符 \(code)，文本中不允许出现该字符。除制表符和换行以外的控制字符，以及 U+FFFE 和 U+FFFF，一律不接受（见 docs/yaml-subset.md）；请删除该转义。"
        }
    }

    private static func recurrenceMessage(
        _ value: String, _ reason: RecurrenceRule.ParseError, _ language: Language
    ) -> String {
        let en = language == .en
        let lead = en ? "The rule '\(value)' is invalid: " : "重复规则 '\(value)' 无效："
        let detail: String
        switch reason {
        case .empty:
            detail = en ? "it is empty. Expected for example 'FREQ=WEEKLY;BYDAY=TU;COUNT=8'." : "规则为空。示例：'FREQ=WEEKLY;BYDAY=TU;COUNT=8'。"
        case .malformedPart(let part):
            detail = en ? "'\(part)' is not NAME=VALUE." : "'\(part)' 不是 名称=值 的形式。"
        case .unknownPart(let name, let suggestion):
            let hint = suggestion.map { en ? " Did you mean '\($0)'?" : "是否应为 '\($0)'？" } ?? ""
            detail =
                (en
                    ? "'\(name)' is not supported. Use FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL or WKST."
                    : "不支持 '\(name)'。可用 FREQ、INTERVAL、BYDAY、BYMONTHDAY、COUNT、UNTIL 或 WKST。") + hint
        case .duplicatePart(let name):
            detail = en ? "'\(name)' is given twice." : "'\(name)' 出现了两次。"
        case .missingFrequency:
            detail = en ? "FREQ is missing. Use FREQ=DAILY, FREQ=WEEKLY or FREQ=MONTHLY." : "缺少 FREQ。请用 FREQ=DAILY、FREQ=WEEKLY 或 FREQ=MONTHLY。"
        case .unsupportedFrequency(let value):
            detail = en ? "FREQ '\(value)' is not supported. Use DAILY, WEEKLY or MONTHLY." : "不支持 FREQ '\(value)'。请用 DAILY、WEEKLY 或 MONTHLY。"
        case .invalidInterval(let value):
            detail = en ? "INTERVAL '\(value)' must be a whole number from 1 to 1000." : "INTERVAL '\(value)' 应为 1 到 1000 之间的整数。"
        case .invalidCount(let value):
            detail = en ? "COUNT '\(value)' must be a whole number from 1 to 10000." : "COUNT '\(value)' 应为 1 到 10000 之间的整数。"
        case .invalidUntil(let value):
            detail =
                en
                ? "UNTIL '\(value)' must be a local date like 20271215 or a local date and time like 20271215T170000."
                : "UNTIL '\(value)' 应为本地日期（如 20271215）或本地日期时间（如 20271215T170000）。"
        case .invalidByDay(let value):
            detail =
                en
                ? "BYDAY entry '\(value)' must be a weekday code MO, TU, WE, TH, FR, SA or SU, optionally with a position in the month like 2TU or -1FR."
                : "BYDAY 项 '\(value)' 应为星期代码 MO、TU、WE、TH、FR、SA 或 SU，可加月内序号，如 2TU 或 -1FR。"
        case .invalidByMonthDay(let value):
            detail = en ? "BYMONTHDAY entry '\(value)' must be from 1 to 31 or from -31 to -1." : "BYMONTHDAY 项 '\(value)' 应在 1 到 31 或 -31 到 -1 之间。"
        case .countAndUntil:
            detail = en ? "COUNT and UNTIL cannot both be given; keep one." : "COUNT 和 UNTIL 不能同时使用，请保留其一。"
        case .byMonthDayWithWeekly:
            detail = en ? "BYMONTHDAY cannot be used with FREQ=WEEKLY." : "FREQ=WEEKLY 不能与 BYMONTHDAY 同用。"
        case .ordinalOutsideMonthly(let entry):
            detail = en ? "a position like '\(entry)' in BYDAY needs FREQ=MONTHLY." : "BYDAY 中 '\(entry)' 这样的月内序号需要 FREQ=MONTHLY。"
        case .unsupportedWeekStart(let value):
            detail = en ? "WKST '\(value)' is not supported; weeks start on Monday (WKST=MO)." : "不支持 WKST '\(value)'；每周从星期一开始（WKST=MO）。"
        }
        return lead + detail
    }
}
