import OutreachCore

/// The recurrence rule parser and bounded expansion. Input: two bytes for the start date's offset from
/// 2027-01-01, then the rule's text. Invariants: an accepted rule written out reads back equal; its dates
/// are ascending, within the start and the limit, at most `occurrenceLimit` of them; it reads in both
/// languages.
enum RecurrenceTarget {
    static let base = LocalDate(year: 2027, month: 1, day: 1)!

    static func run(_ bytes: [UInt8]) {
        guard bytes.count >= 2 else { return }
        let start = base.adding(days: Int(bytes[0]) * 3 - 380)
        let limit = start.adding(days: Int(bytes[1]) * 16)
        let text = String(decoding: bytes.dropFirst(2), as: UTF8.self)
        guard let rule = try? RecurrenceRule.parse(text) else { return }
        require((try? RecurrenceRule.parse(rule.description)) == rule, "'\(rule.description)' does not read back as '\(text)'")
        let dates = rule.dates(from: start, through: limit)
        require(dates.count <= RecurrenceRule.occurrenceLimit, "\(dates.count) dates")
        require(zip(dates, dates.dropFirst()).allSatisfy { $0 < $1 }, "dates out of order for '\(text)'")
        if let first = dates.first, let last = dates.last {
            require(first >= start && last <= limit, "dates \(first)…\(last) outside \(start)…\(limit) for '\(text)'")
        }
        _ = rule.isCut(from: start, through: limit)
        require(!rule.text(.zh, start: start).isEmpty && !rule.text(.en, start: start).isEmpty, "no words for '\(text)'")
    }
}
