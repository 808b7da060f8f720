/// The text of plans and calendars: the plan's columns and times, the description of an exported event, and
/// cloning a campaign. Both languages side by side.
public enum PlanMessages {
    public static var campaignLabel: Message {
        Message(zh: "宣传活动：",
                en: "Campaign: ")
    }

    public static var channelLabel: Message {
        Message(zh: "渠道：",
                en: "Channel: ")
    }

    public static var branchLabel: Message {
        Message(zh: "机构：",
                en: "Branch: ")
    }

    public static var staffLabel: Message {
        Message(zh: "人员：",
                en: "Staff: ")
    }

    public static var listSeparator: Message {
        Message(zh: "、",
                en: ", ")
    }

    public static var expectedReachLabel: Message {
        Message(zh: "预计触达：",
                en: "Expected reach: ")
    }

    public static var statusLabel: Message {
        Message(zh: "状态：",
                en: "Status: ")
    }

    public static var allDay: Message {
        Message(zh: "全天",
                en: "all day")
    }

    public static func allDayUntil(end: LocalDate) -> Message {
        Message(zh: "至 \(end)",
                en: "until \(end)")
    }

    public static var allDayYes: Message {
        Message(zh: "是",
                en: "true")
    }

    public static var allDayNo: Message {
        Message(zh: "否",
                en: "false")
    }

    public static func cloneIntoSameYear(id: Campaign.ID, year: Int, start: LocalDate, end: LocalDate) -> Message {
        Message(zh: "宣传活动 '\(id)' 本就从 \(year) 年开始（\(start) 至 \(end)），不能复制到同一年。请为 '--year' 指定另一个年份。",
                en: "Campaign '\(id)' already starts in \(year) (\(start) to \(end)), so it is not copied into the same year. Give '--year' another year.")
    }
}
