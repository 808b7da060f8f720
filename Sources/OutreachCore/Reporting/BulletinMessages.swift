import Foundation

/// The text of the monthly bulletin (`BulletinRenderer`), both languages side by side.
public enum BulletinMessages {
    /// The month as the bulletin's title and headers write it: 2027年3月, March 2027.
    public static func month(year: Int, month: Int, english: String) -> Message {
        Message(zh: "\(year)年\(month)月",
                en: english)
    }

    /// The change against the month before, in percent with one decimal: （环比 +12.5%）.
    public static func changeOnLastMonth(percent: Double) -> Message {
        let signed = (percent >= 0 ? "+" : "") + String(format: "%.1f", percent)
        return Message(zh: "（环比 \(signed)%）",
                       en: " (\(signed)% on last month)")
    }

    /// The person-times of one audience segment, as a measure's name.
    public static func personTimesOfSegment(_ segment: String) -> Message {
        Message(zh: "触达人次·\(segment)",
                en: "Person-times, \(segment)")
    }

    public static func title(scope: String, month: String) -> Message {
        Message(zh: "\(scope)金融教育宣传专刊（\(month)）",
                en: "\(scope) financial education bulletin, \(month)")
    }

    public static var noSegment: Message {
        Message(zh: "未分客群",
                en: "No segment")
    }

    public static var preparedBy: Message {
        Message(zh: "制表：",
                en: "Prepared by: ")
    }

    public static var approvedBy: Message {
        Message(zh: "审核：",
                en: "Approved by: ")
    }

    public static var printedOn: Message {
        Message(zh: "打印日期：",
                en: "Printed on: ")
    }

    public static var eventsHeld: Message {
        Message(zh: "开展场次",
                en: "Events held")
    }

    public static var personTimes: Message {
        Message(zh: "触达人次",
                en: "Person-times")
    }

    public static func eventsHeldHeadline(count: String) -> Message {
        Message(zh: "开展宣传活动 \(count) 场",
                en: "\(count) events held")
    }

    public static func unplannedOfThem(count: String) -> Message {
        Message(zh: "（其中计划外 \(count) 场）",
                en: " (\(count) of them unplanned)")
    }

    public static func personTimesHeadline(count: String) -> Message {
        Message(zh: "触达 \(count) 人次",
                en: "\(count) person-times reached")
    }

    public static var valueSeparator: Message {
        Message(zh: "：",
                en: ": ")
    }

    public static var figuresNote: Message {
        Message(zh: "注：触达人次按人次统计，同一人多次参加计多次；发放折页、播放次数、阅读量等各自单列，不计入人次。开展场次按场次计：一次性活动、周期活动的每一次、整段多日展示各计 1 场。",
                en: "Note: people reached are person-times (one person at two events counts twice); leaflets, plays and reads stand alone and are not added to them. Events held count occurrences: a one-off event, each date of a recurring event and a whole multi-day display count once.")
    }

    public static var eventsHeldByChannel: Message {
        Message(zh: "各渠道开展场次",
                en: "Events held by channel")
    }

    public static var channel: Message {
        Message(zh: "渠道",
                en: "Channel")
    }

    public static var events: Message {
        Message(zh: "场次",
                en: "Events")
    }

    public static var personTimesByAudienceSegment: Message {
        Message(zh: "各客群触达人次",
                en: "Person-times by audience segment")
    }

    public static var segment: Message {
        Message(zh: "客群",
                en: "Segment")
    }

    public static var coverageYearToDate: Message {
        Message(zh: "覆盖率（本年累计）",
                en: "Coverage (year to date)")
    }

    public static var personTimesThisYear: Message {
        Message(zh: "本年触达人次",
                en: "Person-times this year")
    }

    public static var targetPopulation: Message {
        Message(zh: "目标人口",
                en: "Target population")
    }

    public static var coverage: Message {
        Message(zh: "覆盖率",
                en: "Coverage")
    }

    public static func progressAgainstTargets(period: ReportPeriod) -> Message {
        Message(zh: "目标完成情况（\(period)）",
                en: "Progress against targets (\(period))")
    }

    public static var trendOverSixMonths: Message {
        Message(zh: "近六个月趋势",
                en: "Trend over six months")
    }

    public static var month: Message {
        Message(zh: "月份",
                en: "Month")
    }

    public static var topOutletsByPersonTimes: Message {
        Message(zh: "触达人次前十的网点",
                en: "Top outlets by person-times")
    }

    public static var outlet: Message {
        Message(zh: "网点",
                en: "Outlet")
    }

    public static var notableEvents: Message {
        Message(zh: "重点活动",
                en: "Notable events")
    }

    public static var date: Message {
        Message(zh: "日期",
                en: "Date")
    }

    public static var event: Message {
        Message(zh: "活动",
                en: "Event")
    }

    public static var venue: Message {
        Message(zh: "场地",
                en: "Venue")
    }

    public static var restatements: Message {
        Message(zh: "更正说明",
                en: "Restatements")
    }

    public static var measure: Message {
        Message(zh: "项目",
                en: "Measure")
    }

    public static var asPublished: Message {
        Message(zh: "原数据",
                en: "As published")
    }

    public static var corrected: Message {
        Message(zh: "更正后",
                en: "Corrected")
    }

    public static var signatureSeparator: Message {
        Message(zh: "　",
                en: " · ")
    }

    public static var noData: Message {
        Message(zh: "（无数据）",
                en: "(no data)")
    }
}
