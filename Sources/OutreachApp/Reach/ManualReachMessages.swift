import OutreachCore

/// The text of reach entered by hand (the reach form, `POST /api/v1/reach`): what `ManualReachEntry` says about its
/// fields beside the reach rows' own messages (`Diagnostic`). Both languages side by side.
public enum ManualReachMessages {
    public static func required(_ field: String) -> Message {
        Message(zh: "缺少 '\(field)'。", en: "'\(field)' is missing.")
    }

    public static func futureDate(given: LocalDate, today: LocalDate) -> Message {
        Message(zh: "日期 '\(given)' 在今天（\(today)）之后：尚未到来的日子不能登记触达。",
                en: "The date '\(given)' is after today (\(today)): reach cannot be logged for a day still to come.")
    }

    public static func invalidDate(_ value: String) -> Message {
        Message(zh: "日期 '\(value)' 无效。应为 '2026-12-05' 这样的日期。",
                en: "The date '\(value)' is invalid. Expected a date like '2026-12-05'.")
    }

    public static var noCounts: Message {
        Message(zh: "请至少填写一个数量。",
                en: "Enter at least one count.")
    }

    public static var viewerCannotPost: Message {
        Message(zh: "只读用户不能登记或导入触达。",
                en: "Viewers cannot log or import reach.")
    }

    public static var recordedTwice: Message {
        Message(zh: "同一条记录出现了两次，未登记任何内容。", en: "The same record was given twice; nothing was recorded.")
    }
}
