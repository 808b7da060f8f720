import ArgumentParser
import OutreachCore

/// The checks every command with date flags makes, with one wording for each message.
enum DateFlags {
    /// Throws when a given date flag is not a real date.
    static func check(_ value: String?, flag: String, language: Language) throws {
        guard let value, LocalDate(value) == nil else { return }
        throw ValidationError(
            language.pick(
                "'\(flag)' 的值 '\(value)' 无效。应为日期，例如 '2027-03-15'。",
                "The value '\(value)' is invalid for '\(flag)'. Expected a date like '2027-03-15'."))
    }

    /// Checks `--from` and `--to`: each a real date, and `--to` not before `--from`.
    static func checkRange(from: String?, to: String?, language: Language) throws {
        try check(from, flag: "--from", language: language)
        try check(to, flag: "--to", language: language)
        if let from = from.flatMap({ LocalDate($0) }), let to = to.flatMap({ LocalDate($0) }), to < from {
            throw ValidationError(
                language.pick(
                    "'--to' 的值 '\(to)' 早于 '--from' 的值 '\(from)'。",
                    "The value '\(to)' for '--to' is before '\(from)' for '--from'."))
        }
    }
}
