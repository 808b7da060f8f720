import OutreachCore

/// What is wrong with a date or a date range typed into a flag or a form field: one catalogue for the command line
/// and the web app, both languages side by side. `flag` is the flag (`--from`) or the form field's label.
public enum DateTextMessages {
    public static func invalidDate(value: String, flag: String, why: String) -> Message {
        Message(zh: "'\(flag)' 的值 '\(value)' 无效\(why)。应为日期，例如 '2027-03-15'、'2027-3-15' 或 '2027/3/15'。",
                en: "The value '\(value)' is invalid for '\(flag)'\(why). Expected a date like '2027-03-15', '2027-3-15' or '2027/3/15'.")
    }

    public static func toBeforeFrom(to: LocalDate, from: LocalDate) -> Message {
        Message(zh: "'--to' 的值 '\(to)' 早于 '--from' 的值 '\(from)'。",
                en: "The value '\(to)' for '--to' is before '\(from)' for '--from'.")
    }
}
