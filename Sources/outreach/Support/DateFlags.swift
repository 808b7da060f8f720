import ArgumentParser
import OutreachApp
import OutreachCore

/// The checks every command with date flags makes, with one wording for each message.
enum DateFlags {
    /// A date as a flag takes it (see `DateText.date`).
    static func date(_ given: String) -> LocalDate? { DateText.date(given) }

    /// A month as a flag takes it, written `2027-03` (see `DateText.month`).
    static func month(_ given: String) -> String? { DateText.month(given) }

    /// A period as `--month`, `--quarter` or `--year` take it (see `DateText.period`).
    static func period(_ given: String) -> String { DateText.period(given) }

    /// Throws when a given date flag is not a real date, saying why when the day is past the month's end.
    static func check(_ value: String?, flag: String, language: Language) throws {
        guard let value, date(value) == nil else { return }
        let why = Diagnostic.reachDateHint(asciiDigits(value), language)
        throw ValidationError(
            DateTextMessages.invalidDate(value: value, flag: flag, why: why).text(language))
    }

    /// Checks `--from` and `--to`: each a real date, and `--to` not before `--from`.
    static func checkRange(from: String?, to: String?, language: Language) throws {
        try check(from, flag: "--from", language: language)
        try check(to, flag: "--to", language: language)
        if let from = from.flatMap(date), let to = to.flatMap(date), to < from {
            throw ValidationError(
                DateTextMessages.toBeforeFrom(to: to, from: from).text(language))
        }
    }
}
