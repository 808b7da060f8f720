import OutreachFormats

/// A reach record checked and ready to store.
public struct ReachRow: Sendable {
    /// The line it came from (0 for a manual entry).
    public var line: Int
    public var key: Int64
    public var count: Int
    public var note: String?
    public var evidence: String?
    /// The rollup cell's campaign, channel and branch.
    public var attribution: UInt64
    public var day: Int { ReachKey.day(key) }
    public var metricCode: Int { ReachKey.metric(key) }
    public var segmentCode: Int { ReachKey.segment(key) }

    public init(line: Int, key: Int64, count: Int, note: String?, evidence: String?, attribution: UInt64) {
        self.line = line
        self.key = key
        self.count = count
        self.note = note
        self.evidence = evidence
        self.attribution = attribution
    }
}

/// The columns of a reach import, found by their English or Chinese header (see docs/reach-import.md).
public enum ReachColumn: String, CaseIterable, Sendable {
    case event, date, metric, count, segment, note, evidence
    case recordedBy = "recorded_by"

    /// Header names accepted for the column (compared case-insensitively).
    public var names: [String] {
        switch self {
        case .event: ["event", "event_id", "event id", "活动编号", "场次编号", "活动场次", "活动场次编号"]
        case .date: ["date", "日期"]
        case .metric: ["metric", "指标"]
        case .count: ["count", "value", "数量", "人数", "数值"]
        case .segment: ["segment", "audience", "客群"]
        case .note: ["note", "notes", "备注"]
        case .evidence: ["evidence", "佐证", "凭证", "证明材料"]
        case .recordedBy: ["recorded_by", "recorded by", "填报人", "记录人"]
        }
    }

    static let required: [ReachColumn] = [.event, .date, .metric, .count]

    /// The columns `--skip-invalid` adds to a rejects file (the line and the reason), ignored on import.
    public static let rejectsColumns: Set<String> = ["line", "行号", "reason", "原因"]

    var ordinal: Int {
        switch self {
        case .event: 0
        case .date: 1
        case .metric: 2
        case .count: 3
        case .segment: 4
        case .note: 5
        case .evidence: 6
        case .recordedBy: 7
        }
    }

    /// The Chinese header name used in messages and templates.
    public var chineseName: String { names.first { $0.unicodeScalars.contains { $0.value > 0x2E80 } } ?? rawValue }
}

/// Checks the rows of a reach import against the events, metrics and segments, and turns them into
/// storable rows. Reports every problem with the file's line, the column as written and the value.
public struct ReachRowValidator: Sendable {
    public let index: ReachEventIndex
    public let path: String
    /// Column positions by meaning, and the header as written.
    private var positions: [ReachColumn: Int] = [:]
    /// Positions by column ordinal (-1 when absent), read per row without hashing.
    private var fastPositions = [Int](repeating: -1, count: ReachColumn.allCases.count)
    private var headerNames: [String] = []
    private var scheduled: [Int: Set<Int>] = [:]
    /// The previous row's event id and entry: rows of one event usually come together.
    private var lastEventBytes: [UInt8] = []
    private var lastEntry: Int?
    /// The previous row's date as written and its day.
    private var lastDayBytes: [UInt8] = []
    private var lastDay: Int?
    /// Warnings shown per kind before they are only counted.
    public var warningLimit = 20
    public private(set) var warningCounts: [String: Int] = [:]

    /// The worksheet the rows come from (an .xlsx import): problems are then placed by cell (`Sheet1!C7`).
    public var sheet: String?

    /// The branch subtree an import is limited to (branch staff's), when it is: the index then holds only its
    /// events, and any other event (unknown or another branch's, the same answer) is refused naming the subtree.
    public var scope: (name: BilingualName, id: String)?

    public init(index: ReachEventIndex, path: String, sheet: String? = nil) {
        self.index = index
        self.path = path
        self.sheet = sheet
    }

    /// Where a row's problem is: its line (a sheet's row), and the field it is about when there is one.
    private func place(_ line: Int, field: Int? = nil) -> SourceLocation {
        SourceLocation(path: path, line: line, field: sheet == nil ? nil : field, sheet: sheet)
    }

    /// Reads the header row. Returns the problems; none means rows can be read.
    public mutating func readHeader(_ record: CSVRecord) -> [InputIssue] {
        var issues: [InputIssue] = []
        let location = place(record.line)
        var names: [String] = []
        for i in 0..<record.count {
            var name = record.string(i)
            if i == 0, name.hasPrefix("\u{FEFF}") { name.removeFirst() }
            names.append(name)
            let key = name.lowercased()
            // The columns a rejects file adds: a corrected rejects file imports as it is.
            guard !key.isEmpty, !ReachColumn.rejectsColumns.contains(key) else { continue }
            guard let column = ReachColumn.allCases.first(where: { $0.names.contains(key) }) else {
                let known = ReachColumn.allCases.map(\.rawValue)
                issues.append(.error(.csvUnknownColumn(name, suggestion: nearest(to: key, in: known)), at: place(record.line, field: i)))
                continue
            }
            if let first = positions[column] {
                issues.append(.error(.csvDuplicateColumn(name, first: names[first]), at: place(record.line, field: i)))
            } else {
                positions[column] = i
            }
        }
        headerNames = names
        fastPositions = ReachColumn.allCases.map { positions[$0] ?? -1 }
        let missing = ReachColumn.required.filter { positions[$0] == nil }
        if !missing.isEmpty {
            issues.append(
                .error(
                    .csvMissingColumns(missing: missing.map(\.rawValue), found: names.filter { !$0.isEmpty }),
                    at: location))
        }
        return issues
    }

    /// Checks one row; `issues` receives its problems (errors and warnings).
    public mutating func validate(_ record: CSVRecord, issues: inout [InputIssue]) -> ReachRow? {
        var location: SourceLocation { place(record.line) }
        func at(_ i: Int) -> SourceLocation { place(record.line, field: i) }
        guard record.count <= headerNames.count || (headerNames.count..<record.count).allSatisfy({ record.isEmpty($0) })
        else {
            issues.append(.error(.csvTooManyFields(found: record.count, expected: headerNames.count), at: at(headerNames.count)))
            return nil
        }
        var failed = false
        let fast = fastPositions
        func column(_ c: ReachColumn) -> Int? {
            let i = fast[c.ordinal]
            return i < 0 ? nil : i
        }
        func name(_ c: ReachColumn) -> String { positions[c].map { headerNames[$0] } ?? c.rawValue }
        func required(_ c: ReachColumn) -> Int? {
            guard let i = column(c) else { return nil }
            if record.isEmpty(i) {
                issues.append(.error(.csvEmptyValue(column: name(c)), at: at(i)))
                failed = true
                return nil
            }
            return i
        }

        if let refused = record.refusedCharacter() {
            let column = refused.field < headerNames.count ? headerNames[refused.field] : String(refused.field + 1)
            issues.append(
                .error(
                    .csvRefusedCharacter(column: column, scalar: refused.scalar),
                    at: sheet == nil ? SourceLocation(path: path, line: refused.line, column: refused.column) : at(refused.field)))
            failed = true
        }
        var entry: Int?
        if let i = required(.event) {
            entry = record.withField(i) { bytes -> Int? in
                if let lastEntry, sameBytes(bytes, lastEventBytes) { return lastEntry }
                let found = index.entry(bytes)
                if let found {
                    lastEventBytes = Array(bytes)
                    lastEntry = found
                }
                return found
            }
            if entry == nil {
                let value = record.string(i)
                if let scope {
                    issues.append(
                        .error(
                            .reachEventOutsideScope(
                                column: name(.event), value: value, scope: scope.name, scopeID: scope.id,
                                suggestion: index.suggestEvent(value)),
                            at: at(i)))
                } else {
                    issues.append(
                        .error(.reachUnknownEvent(column: name(.event), value: value, suggestion: index.suggestEvent(value)), at: at(i)))
                }
                failed = true
            }
        }
        var day: Int?
        if let i = required(.date) {
            day = record.withField(i) { bytes -> Int? in
                // Rows of one day usually come together.
                if lastDay != nil, sameBytes(bytes, lastDayBytes) { return lastDay }
                let found = parseDay(bytes)
                if found != nil {
                    lastDayBytes = Array(bytes)
                    lastDay = found
                }
                return found
            } ?? fullWidth(record.string(i), parseDay)
            if day == nil {
                issues.append(.error(.reachInvalidDate(column: name(.date), value: record.string(i)), at: at(i)))
                failed = true
            }
        }
        var metric: Int?
        if let i = required(.metric) {
            metric = record.withField(i) { bytes in index.metrics.lookup(bytes) ?? lowercaseLookup(bytes, in: index.metrics) }
            if metric == nil {
                let value = record.string(i)
                issues.append(
                    .error(
                        .reachUnknownMetric(
                            column: name(.metric), value: value, suggestion: index.suggestMetric(value), accepted: index.acceptedMetrics),
                        at: at(i)))
                failed = true
            }
        }
        var count: Int?
        if let i = required(.count) {
            count = record.withField(i) { parseCount($0) } ?? fullWidth(record.string(i), parseCount)
            if count == nil {
                let value = record.string(i)
                let problem: Diagnostic = looksLikeIDNumber(value)
                    ? .reachCountTooLarge(column: name(.count), value: value, looksLikeID: true)
                    : .reachInvalidCount(column: name(.count), value: value)
                issues.append(.error(problem, at: at(i)))
                failed = true
            } else if let found = count, found > ReachRecord.maximumCount {
                let value = record.string(i)
                issues.append(
                    .error(.reachCountTooLarge(column: name(.count), value: value, looksLikeID: looksLikeIDNumber(value)), at: at(i)))
                count = nil
                failed = true
            }
        }
        var segment = ReachCodes.noSegment
        if let i = column(.segment), !record.isEmpty(i) {
            if let code = record.withField(i, { bytes in index.segments.lookup(bytes) ?? lowercaseLookup(bytes, in: index.segments) }) {
                segment = code
            } else {
                let value = record.string(i)
                issues.append(
                    .error(
                        .reachUnknownSegment(
                            column: name(.segment), value: value, suggestion: index.suggestSegment(value), accepted: index.acceptedSegments),
                        at: at(i)))
                failed = true
            }
        }
        guard !failed, let entry, let day, let metric, let count else { return nil }
        let e = index.entries[entry]
        guard Int(e.campaignFirstDay) <= day, day <= Int(e.campaignLastDay) else {
            issues.append(
                .error(
                    outsideCampaign(entry, column: name(.date), value: column(.date).map { record.string($0) } ?? ""),
                    at: column(.date).map(at) ?? location))
            return nil
        }
        guard ReachEventIndex.reports(e.metrics, metric) else {
            let event = index.details[entry]
            let channel = index.reference.channel(event.channel)
            issues.append(
                .error(
                    .reachMetricNotReported(
                        column: name(.metric), value: column(.metric).map { record.string($0) } ?? "",
                        metric: index.metricIDsByCode[metric]?.rawValue ?? String(metric),
                        channel: event.channel.rawValue, reported: channel?.metrics.map(\.rawValue) ?? []),
                    at: column(.metric).map(at) ?? location))
            return nil
        }
        // Free text is stored as written: a quoted value keeps its spaces.
        let note = column(.note).flatMap { record.isEmpty($0) ? nil : record.text($0) }
        let evidence = column(.evidence).flatMap { record.isEmpty($0) ? nil : record.text($0) }
        checkPlausibility(entry: entry, day: day, metric: metric, count: count, at: record.line, issues: &issues)
        return ReachRow(
            line: record.line, key: ReachKey.pack(day: day, event: e.key, metric: metric, segment: segment), count: count,
            note: note, evidence: evidence, attribution: e.attribution)
    }

    /// Checks one record given on the command line (`outreach reach log`); `flags` names the option for
    /// each column in messages (`--event`).
    public mutating func validate(
        _ record: ReachRecord, flags: [ReachColumn: String], at location: SourceLocation?, issues: inout [InputIssue]
    ) -> ReachRow? {
        func flag(_ c: ReachColumn) -> String { flags[c] ?? c.rawValue }
        var failed = false
        let entry = index.entry(record.event)
        if entry == nil {
            issues.append(
                .error(
                    .reachUnknownEvent(column: flag(.event), value: record.event.rawValue, suggestion: index.suggestEvent(record.event.rawValue)),
                    at: location))
            failed = true
        }
        let metric = index.metrics.lookup(record.metric.rawValue) ?? index.metrics.lookup(record.metric.rawValue.lowercased())
        if metric == nil {
            issues.append(
                .error(
                    .reachUnknownMetric(
                        column: flag(.metric), value: record.metric.rawValue, suggestion: index.suggestMetric(record.metric.rawValue),
                        accepted: index.acceptedMetrics),
                    at: location))
            failed = true
        }
        var segment = ReachCodes.noSegment
        if let id = record.segment {
            if let code = index.segments.lookup(id.rawValue) ?? index.segments.lookup(id.rawValue.lowercased()) {
                segment = code
            } else {
                issues.append(
                    .error(
                        .reachUnknownSegment(
                            column: flag(.segment), value: id.rawValue, suggestion: index.suggestSegment(id.rawValue),
                            accepted: index.acceptedSegments),
                        at: location))
                failed = true
            }
        }
        if record.count < 0 {
            issues.append(.error(.reachInvalidCount(column: flag(.count), value: String(record.count)), at: location))
            failed = true
        } else if record.count > ReachRecord.maximumCount {
            let value = String(record.count)
            issues.append(.error(.reachCountTooLarge(column: flag(.count), value: value, looksLikeID: looksLikeIDNumber(value)), at: location))
            failed = true
        }
        for (column, text) in [(ReachColumn.note, record.note), (.evidence, record.evidence)] {
            guard let text, let scalar = text.unicodeScalars.first(where: isRefusedInText) else { continue }
            issues.append(.error(.csvRefusedCharacter(column: flag(column), scalar: scalar.value), at: location))
            failed = true
        }
        guard !failed, let entry, let metric else { return nil }
        let e = index.entries[entry]
        guard Int(e.campaignFirstDay) <= record.date.dayNumber, record.date.dayNumber <= Int(e.campaignLastDay) else {
            issues.append(.error(outsideCampaign(entry, column: flags[.date] ?? "--date", value: record.date.description), at: location))
            return nil
        }
        guard ReachEventIndex.reports(e.metrics, metric) else {
            let event = index.details[entry]
            let channel = index.reference.channel(event.channel)
            issues.append(
                .error(
                    .reachMetricNotReported(
                        column: "", value: record.metric.rawValue,
                        metric: index.metricIDsByCode[metric]?.rawValue ?? record.metric.rawValue,
                        channel: event.channel.rawValue, reported: channel?.metrics.map(\.rawValue) ?? []),
                    at: location))
            return nil
        }
        let day = record.date.dayNumber
        checkPlausibility(entry: entry, day: day, metric: metric, count: record.count, at: location, issues: &issues)
        return ReachRow(
            line: 0, key: ReachKey.pack(day: day, event: e.key, metric: metric, segment: segment), count: record.count,
            note: record.note, evidence: record.evidence, attribution: e.attribution)
    }

    /// Warnings for likely mistakes: over capacity, far above the expected reach, a day without the event.
    /// A record dated outside its event's campaign period.
    private func outsideCampaign(_ entry: Int, column: String, value: String) -> Diagnostic {
        let event = index.details[entry]
        return .reachOutsideCampaign(
            column: column, value: value, campaign: event.campaign.rawValue, start: event.periodStart, end: event.periodEnd)
    }

    mutating func checkPlausibility(entry: Int, day: Int, metric: Int, count: Int, at line: Int, issues: inout [InputIssue]) {
        checkPlausibility(entry: entry, day: day, metric: metric, count: count, at: nil as SourceLocation?, line: line, issues: &issues)
    }

    mutating func checkPlausibility(
        entry: Int, day: Int, metric: Int, count: Int, at location: SourceLocation?, line: Int? = nil, issues: inout [InputIssue]
    ) {
        let e = index.entries[entry]
        let countsPeople = metric < 256 && index.countsPeople[metric]
        var problem: (Diagnostic, String)?
        if countsPeople, e.occupiesVenue, let capacity = e.capacity, count > capacity {
            problem = (.reachOverCapacity(count: count, capacity: capacity), "capacity")
        } else if countsPeople, let expected = e.expected, expected > 0, count > expected * 5 {
            problem = (.reachFarAboveExpected(count: count, expected: expected), "expected")
        }
        let cancelled = index.details[entry].cancelled
        let scheduled = cancelled || isScheduled(entry: entry, day: day)
        guard problem != nil || !scheduled || cancelled else { return }
        // Only now is a location made (most rows have nothing to say).
        let location = line.map { place($0) } ?? location
        if let (problem, kind) = problem { warn(problem, kind: kind, at: location, issues: &issues) }
        if cancelled {
            warn(.reachForCancelledEvent(event: index.details[entry].id.rawValue), kind: "cancelled", at: location, issues: &issues)
        }
        if !scheduled {
            warn(
                .reachNotScheduled(event: index.details[entry].id.rawValue, date: LocalDate(dayNumber: day)), kind: "schedule",
                at: location, issues: &issues)
        }
    }

    private mutating func warn(_ problem: Diagnostic, kind: String, at location: SourceLocation?, issues: inout [InputIssue]) {
        let seen = warningCounts[kind, default: 0]
        warningCounts[kind] = seen + 1
        if seen < warningLimit { issues.append(.warning(problem, at: location)) }
    }

    /// The warnings that were counted but not shown, as summary issues.
    public func suppressedWarnings(_ language: Language) -> [InputIssue] {
        return warningCounts.sorted { $0.key < $1.key }.compactMap { kind, count in
            guard count > warningLimit, let label = ReachMessages.warningKinds[kind] else { return nil }
            return .warning(
                .reachMoreWarnings(count: count - warningLimit, kind: label.text(language)),
                at: SourceLocation(path: path))
        }
    }

    mutating func isScheduled(entry: Int, day: Int) -> Bool {
        let e = index.entries[entry]
        if !e.recurs { return Int(e.firstDay) <= day && day <= Int(e.lastDay) }
        if let days = scheduled[entry] { return days.contains(day) }
        guard let stored = index.recurring[entry] else { return Int(e.firstDay) <= day && day <= Int(e.lastDay) }
        var days = Set<Int>()
        for timing in stored.event.occurrences(through: stored.campaignEnd) {
            for d in timing.startDate.dayNumber...timing.endDate.dayNumber { days.insert(d) }
        }
        scheduled[entry] = days
        return days.contains(day)
    }

    /// The column positions found in the header.
    public var columns: [ReachColumn: Int] { positions }


}

/// Whether a field's bytes equal remembered ones, compared eight bytes at a time.
@inline(__always) private func sameBytes(_ field: UnsafeBufferPointer<UInt8>, _ remembered: [UInt8]) -> Bool {
    guard field.count == remembered.count else { return false }
    return remembered.withUnsafeBytes { remembered in
        let field = UnsafeRawBufferPointer(field)
        var i = 0
        while i + 8 <= field.count {
            if field.loadUnaligned(fromByteOffset: i, as: UInt64.self) != remembered.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < field.count {
            if field[i] != remembered[i] { return false }
            i += 1
        }
        return true
    }
}

/// A date or count written with full-width digits (２０２７－３－１５, ４６), read again in ASCII; nil when the
/// text has none.
private func fullWidth(_ text: String, _ parse: (UnsafeBufferPointer<UInt8>) -> Int?) -> Int? {
    let ascii = asciiDigits(text)
    guard ascii != text else { return nil }
    return Array(ascii.utf8).withUnsafeBufferPointer(parse)
}

private func lowercaseLookup(_ bytes: UnsafeBufferPointer<UInt8>, in table: ByteKeyTable) -> Int? {
    guard bytes.contains(where: { $0 >= 65 && $0 <= 90 }) else { return nil }
    return table.lookup(String(decoding: bytes, as: UTF8.self).lowercased())
}

/// A day number from `2027-03-15`, `2027/3/15`, `2027.3.15` or `2027年3月15日`.
func parseDay(_ u: UnsafeBufferPointer<UInt8>) -> Int? {
    var numbers = (0, 0, 0)
    var found = 0
    var current = 0, digitsInNumber = 0
    func take() {
        switch found {
        case 0: numbers.0 = current
        case 1: numbers.1 = current
        default: numbers.2 = current
        }
        found += 1
    }
    var i = 0
    while i < u.count {
        let b = u[i]
        if b >= 48, b <= 57 {
            current = current * 10 + Int(b - 48)
            digitsInNumber += 1
            guard digitsInNumber <= 4 else { return nil }
            i += 1
            continue
        }
        guard digitsInNumber > 0 else { return nil }
        take()
        current = 0
        digitsInNumber = 0
        // Separators: - / . or 年 月 (3 UTF-8 bytes each); 日 may end the text.
        if b == UInt8(ascii: "-") || b == UInt8(ascii: "/") || b == UInt8(ascii: ".") {
            i += 1
        } else if i + 2 < u.count, b == 0xE5, u[i + 1] == 0xB9, u[i + 2] == 0xB4 {  // 年
            i += 3
        } else if i + 2 < u.count, b == 0xE6, u[i + 1] == 0x9C, u[i + 2] == 0x88 {  // 月
            i += 3
        } else if i + 2 == u.count - 1, b == 0xE6, u[i + 1] == 0x97, u[i + 2] == 0xA5, found == 3 {  // 日
            return LocalDate(year: numbers.0, month: numbers.1, day: numbers.2)?.dayNumber
        } else {
            return nil
        }
        guard found < 3 else { return nil }
    }
    if digitsInNumber > 0 {
        guard found < 3 else { return nil }
        take()
    }
    guard found == 3, numbers.0 >= 1000 else { return nil }
    return LocalDate(year: numbers.0, month: numbers.1, day: numbers.2)?.dayNumber
}

/// Whether a text character is one no stored text may hold (see `CSVRecord.isRefused`): a C0 control
/// other than tab, line feed and carriage return, U+007F, U+FFFE or U+FFFF.
public func isRefusedInText(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: false
    case 0..<0x20, 0x7F, 0xFFFE, 0xFFFF: true
    default: false
    }
}

/// A Chinese resident ID number as pasted into a count: 15 or 18 digits, or 17 digits and an X.
public func looksLikeIDNumber(_ value: String) -> Bool {
    let chars = Array(value.utf8)
    let digits = chars.filter { $0 >= 48 && $0 <= 57 }.count
    if digits == chars.count { return digits == 15 || digits == 18 }
    return chars.count == 18 && digits == 17 && (chars[17] == UInt8(ascii: "X") || chars[17] == UInt8(ascii: "x"))
}

/// A whole number of 0 or more: `35`, `1,200` (thousands separators) or `35.0`; not `12.5` or `-3`. Any
/// number of digits is read; a value above `ReachRecord.maximumCount` comes back as that limit + 1, so the
/// caller can say it is too large without the number overflowing.
func parseCount(_ u: UnsafeBufferPointer<UInt8>) -> Int? {
    guard !u.isEmpty else { return nil }
    let over = ReachRecord.maximumCount + 1
    var value = 0
    var sawDigit = false
    var groupDigits = -1  // digits since the last comma, when commas are used
    var i = 0
    while i < u.count {
        let b = u[i]
        if b >= 48, b <= 57 {
            value = value >= over ? over : min(value * 10 + Int(b - 48), over)
            sawDigit = true
            if groupDigits >= 0 { groupDigits += 1 }
        } else if b == UInt8(ascii: ","), sawDigit, groupDigits == -1 || groupDigits == 3 {
            groupDigits = 0
        } else if b == UInt8(ascii: "."), sawDigit {
            // Only zeros may follow the decimal point.
            guard i + 1 < u.count, u[(i + 1)...].allSatisfy({ $0 == 48 }) else { return nil }
            break
        } else {
            return nil
        }
        i += 1
    }
    guard sawDigit, groupDigits == -1 || groupDigits == 3 else { return nil }
    return value
}
