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
    /// How often a recurrence repeats, after its pattern: 每周一，共 4 次 / weekly on Monday, 4 times.
    public static func recurrenceCount(_ count: Int) -> Message {
        Message(zh: "，共 \(count) 次",
                en: ", \(count) time\(count == 1 ? "" : "s")")
    }

    /// The last day of a recurrence, after its pattern.
    public static func recurrenceUntil(_ last: String) -> Message {
        Message(zh: "，至 \(last)",
                en: ", until \(last)")
    }

    /// The columns of a plan table.
    public static var planHeaders: [Message] {
        [
            Message(zh: "日期", en: "Date"),
            Message(zh: "时间", en: "Time"),
            Message(zh: "活动", en: "Event"),
            Message(zh: "渠道", en: "Channel"),
            Message(zh: "场地", en: "Venue"),
            Message(zh: "机构", en: "Branch"),
            Message(zh: "状态", en: "Status"),
            Message(zh: "编号", en: "ID"),
        ]
    }

    /// The columns of a plan exported as CSV.
    public static var planCSVHeaders: [Message] {
        [
            Message(zh: "活动编号", en: "event"),
            Message(zh: "活动", en: "title"),
            Message(zh: "宣传活动编号", en: "campaign"),
            Message(zh: "宣传活动", en: "campaign_title"),
            Message(zh: "渠道编号", en: "channel"),
            Message(zh: "渠道", en: "channel_name"),
            Message(zh: "场地编号", en: "venue"),
            Message(zh: "场地", en: "venue_name"),
            Message(zh: "机构编号", en: "branch"),
            Message(zh: "机构", en: "branch_name"),
            Message(zh: "开始", en: "start"),
            Message(zh: "结束", en: "end"),
            Message(zh: "全天", en: "all_day"),
            Message(zh: "时区", en: "time_zone"),
            Message(zh: "状态", en: "status"),
            Message(zh: "人员", en: "staff"),
            Message(zh: "预计触达", en: "expected_reach"),
        ]
    }

    /// An event's status in words; in English its id.
    public static func eventStatus(_ status: EventStatus) -> Message {
        switch status {
        case .planned: Message(zh: "计划", en: "planned")
        case .confirmed: Message(zh: "已确认", en: "confirmed")
        case .done: Message(zh: "已完成", en: "done")
        case .cancelled: Message(zh: "已取消", en: "cancelled")
        }
    }

    /// A date's weekday, short, after the date in a plan: 周一 / Mon.
    public static func shortWeekday(of date: LocalDate) -> Message {
        switch date.weekday {
        case 1: Message(zh: "周一", en: "Mon")
        case 2: Message(zh: "周二", en: "Tue")
        case 3: Message(zh: "周三", en: "Wed")
        case 4: Message(zh: "周四", en: "Thu")
        case 5: Message(zh: "周五", en: "Fri")
        case 6: Message(zh: "周六", en: "Sat")
        default: Message(zh: "周日", en: "Sun")
        }
    }
}
