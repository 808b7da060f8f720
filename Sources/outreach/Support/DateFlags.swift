import ArgumentParser
import OutreachCore

/// The checks every command with date flags makes, with one wording for each message.
enum DateFlags {
    /// A date as a flag takes it: `2027-03-15`, `2027-3-15` or `2027/3/15` (one- or two-digit month and day).
    static func date(_ text: String) -> LocalDate? {
        if let date = LocalDate(text) { return date }
        let separator: Character = text.contains("/") ? "/" : "-"
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// Throws when a given date flag is not a real date.
    static func check(_ value: String?, flag: String, language: Language) throws {
        guard let value, date(value) == nil else { return }
        throw ValidationError(
            language.pick(
                "'\(flag)' 的值 '\(value)' 无效。应为日期，例如 '2027-03-15'、'2027-3-15' 或 '2027/3/15'。",
                "The value '\(value)' is invalid for '\(flag)'. Expected a date like '2027-03-15', '2027-3-15' or '2027/3/15'."))
    }

    /// Checks `--from` and `--to`: each a real date, and `--to` not before `--from`.
    static func checkRange(from: String?, to: String?, language: Language) throws {
        try check(from, flag: "--from", language: language)
        try check(to, flag: "--to", language: language)
        if let from = from.flatMap(date), let to = to.flatMap(date), to < from {
            throw ValidationError(
                language.pick(
                    "'--to' 的值 '\(to)' 早于 '--from' 的值 '\(from)'。",
                    "The value '\(to)' for '--to' is before '\(from)' for '--from'."))
        }
    }
}
