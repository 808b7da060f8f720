import OutreachCore

/// What is wrong with a report's question (period, grouping, level), for `outreach report` and `/reports` alike:
/// one catalogue, both languages side by side. `flag` is the flag (`--month`) or the form field's label.
public enum ReportQueryMessages {
    public static var periodGivenTwice: Message {
        Message(zh: "请只用 '--from/--to'、'--month'、'--quarter' 或 '--year' 中的一种指定期间。",
                en: "Give the period one way: '--from/--to', '--month', '--quarter' or '--year'.")
    }

    public static func invalidValue(value: String, flag: String, example: String) -> Message {
        Message(zh: "'\(flag)' 的值 '\(value)' 无效。应为 '\(example)' 这样的值。",
                en: "The value '\(value)' is invalid for '\(flag)'. Expected a value like '\(example)'.")
    }

    /// A period that does not read as one (`2026-13`) or is outside the years reports cover.
    public static func invalidPeriod(value: String, flag: String, example: String) -> Message {
        Message(zh: "'\(flag)' 的值 '\(value)' 无效。应为 '\(example)' 这样的值，年份在 2000 到 2100 之间。",
                en: "The value '\(value)' is invalid for '\(flag)'. Expected a value like '\(example)', in the years 2000 to 2100.")
    }

    public static func invalidBy(value: String, known: [String], hint: String) -> Message {
        Message(zh: "'--by' 的值 '\(value)' 无效。可选 \(known.map { "'\($0)'" }.joined(separator: "、"))。\(hint)",
                en: "The value '\(value)' is invalid for '--by'. Please provide one of \(known.map { "'\($0)'" }.joined(separator: ", ")).\(hint)")
    }

    public static var byOneOfMonthWeekDay: Message {
        Message(zh: "'--by' 只能包含 'month'、'week'、'day' 中的一个。",
                en: "'--by' can hold only one of 'month', 'week' and 'day'.")
    }

    public static func invalidLevel(level: String) -> Message {
        Message(zh: "'--level' 的值 '\(level)' 无效。可选 'city'、'sub-branch' 或 'outlet'。",
                en: "The value '\(level)' is invalid for '--level'. Please provide one of 'city', 'sub-branch' or 'outlet'.")
    }

    public static var byOneTimeDimension: Message {
        Message(zh: "'--by' 只能包含一个时间维度。",
                en: "'--by' can hold only one time dimension.")
    }
}
