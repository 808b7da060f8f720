import ArgumentParser
import OutreachCore

/// The checks every command with date flags makes, with one wording for each message.
enum DateFlags {
    /// A date as a flag takes it: `2027-03-15`, `2027-3-15`, `2027/3/15` or `2027.3.15` (one- or two-digit month
    /// and day), in ASCII or full-width digits.
    static func date(_ given: String) -> LocalDate? {
        let text = asciiDigits(given)
        if let date = LocalDate(text) { return date }
        guard let (year, month, day) = numbers(text, count: 3) else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// A month as a flag takes it, written `2027-03`: from `2027-03`, `2027-3`, `2027/3` or `2027.3`.
    static func month(_ given: String) -> String? {
        let text = asciiDigits(given)
        guard let (year, month, _) = numbers(text, count: 2), (1...12).contains(month) else { return nil }
        return "\(year)-\(month < 10 ? "0" : "")\(month)"
    }

    /// A period as `--month`, `--quarter` or `--year` take it: a month in any of `month(_:)`'s forms,
    /// anything else as written (with ASCII digits).
    static func period(_ given: String) -> String {
        month(given) ?? asciiDigits(given)
    }

    /// The year, month and day (`count` 3) or year and month (`count` 2) of `2027-3-15`, `2027/3/15` or
    /// `2027.3.15`: a four-digit year, then one or two digits each.
    private static func numbers(_ text: String, count: Int) -> (Int, Int, Int)? {
        guard let separator = "-/.".first(where: text.contains) else { return nil }
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == count, parts[0].count == 4, parts.dropFirst().allSatisfy({ (1...2).contains($0.count) }),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        let values = parts.compactMap { Int($0) }
        return (values[0], values[1], count == 3 ? values[2] : 1)
    }

    /// Throws when a given date flag is not a real date, saying why when the day is past the month's end.
    static func check(_ value: String?, flag: String, language: Language) throws {
        guard let value, date(value) == nil else { return }
        let why = Diagnostic.reachDateHint(asciiDigits(value), language)
        throw ValidationError(
            CommandMessages.invalidDate(value: value, flag: flag, why: why).text(language))
    }

    /// Checks `--from` and `--to`: each a real date, and `--to` not before `--from`.
    static func checkRange(from: String?, to: String?, language: Language) throws {
        try check(from, flag: "--from", language: language)
        try check(to, flag: "--to", language: language)
        if let from = from.flatMap(date), let to = to.flatMap(date), to < from {
            throw ValidationError(
                CommandMessages.toBeforeFrom(to: to, from: from).text(language))
        }
    }
}
