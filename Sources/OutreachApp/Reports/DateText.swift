import OutreachCore

/// Dates, months and periods as people type them, for the command line's flags and the web app's forms alike.
public enum DateText {
    /// A date: `2027-03-15`, `2027-3-15`, `2027/3/15` or `2027.3.15` (one- or two-digit month and day), in ASCII
    /// or full-width digits.
    public static func date(_ given: String) -> LocalDate? {
        let text = asciiDigits(given)
        if let date = LocalDate(text) { return date }
        guard let (year, month, day) = numbers(text, count: 3) else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// A month written `2027-03`: from `2027-03`, `2027-3`, `2027/3` or `2027.3`.
    public static func month(_ given: String) -> String? {
        let text = asciiDigits(given)
        guard let (year, month, _) = numbers(text, count: 2), (1...12).contains(month) else { return nil }
        return "\(year)-\(month < 10 ? "0" : "")\(month)"
    }

    /// A period as `--month`, `--quarter` or `--year` take it: a month in any of `month(_:)`'s forms, anything
    /// else as written (with ASCII digits).
    public static func period(_ given: String) -> String {
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
}
