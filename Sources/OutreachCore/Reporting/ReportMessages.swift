import Foundation

/// The text of reach reports, scorecards and published bulletins' status (the bulletin itself has
/// `BulletinMessages`): headers, titles and notes, both languages side by side.
public enum ReportMessages {
    public static var noSegment: Message {
        Message(zh: "（未分客群）",
                en: "(no segment)")
    }

    public static var personTimes: Message {
        Message(zh: "触达人次",
                en: "Person-times")
    }

    public static var total: Message {
        Message(zh: "合计",
                en: "Total")
    }

    public static var unit: Message {
        Message(zh: "单位",
                en: "Unit")
    }

    public static var count: Message {
        Message(zh: "数量",
                en: "Count")
    }

    public static var countsPeople: Message {
        Message(zh: "计入触达人次",
                en: "Counts as people reached")
    }

    public static var yes: Message {
        Message(zh: "是",
                en: "yes")
    }

    public static var no: Message {
        Message(zh: "否",
                en: "no")
    }

    public static var targetPopulation: Message {
        Message(zh: "目标人口",
                en: "Target population")
    }

    public static var coverage: Message {
        Message(zh: "覆盖率",
                en: "Coverage")
    }

    public static var allBranches: Message {
        Message(zh: "全辖",
                en: "All branches")
    }

    public static func title(period: ReportPeriod, scope: String) -> Message {
        Message(zh: "触达报表 \(period)（\(scope)）",
                en: "Reach report \(period) (\(scope))")
    }

    public static var noReach: Message {
        Message(zh: "本期没有触达记录。",
                en: "No reach was recorded in the period.")
    }

    public static func noPeopleMetric(others: [String]) -> Message {
        Message(zh: "本报表没有计入触达人次的指标；\(others.joined(separator: "、"))各自单列，不计入人次。",
                en: "No metric here counts people reached; \(others.joined(separator: ", ")) stand alone and are not person-times.")
    }

    public static func personTimesSum(people: [String]) -> Message {
        Message(zh: "触达人次 = \(people.joined(separator: " + "))（人次，同一人多次参加计多次）",
                en: "Person-times = \(people.joined(separator: " + ")) (people met; one person at two events counts twice)")
    }

    public static func othersStandAlone(others: [String]) -> Message {
        Message(zh: "；\(others.joined(separator: "、"))各自单列，不计入人次。",
                en: "; \(others.joined(separator: ", ")) stand alone and are not added to them.")
    }

    public static var sentenceEnd: Message {
        Message(zh: "。",
                en: ".")
    }

    public static var summarySheet: Message {
        Message(zh: "汇总",
                en: "Summary")
    }

    public static var personTimesPrefix: Message {
        Message(zh: "触达人次·",
                en: "Person-times: ")
    }

    public static var eventsHeld: Message {
        Message(zh: "开展场次",
                en: "Events held")
    }

    public static func unplanned(count: String) -> Message {
        Message(zh: "（含计划外 \(count)）",
                en: " (\(count) unplanned)")
    }

    public static func scorecardTitle(period: ReportPeriod, asOf: LocalDate, elapsed: Double) -> Message {
        Message(zh: "考核记分卡 \(period)（截至 \(asOf)，时间进度 \(String(format: "%.1f%%", elapsed * 100))）",
                en: "Scorecard \(period) (as of \(asOf), \(String(format: "%.1f%%", elapsed * 100)) of the period elapsed)")
    }

    public static var scorecardNote: Message {
        Message(zh: "“进度要求”为目标 × 时间进度；完成数不低于其 90% 为“进度正常”。带 * 的目标由年度或半年目标按天数折算。开展场次按场次计：一次性活动、周期活动的每一次、整段多日展示各计 1 场；计划外为计划中没有的场次。触达人次为人次，同一人多次参加计多次。",
                en: "'Expected' is the target × the time elapsed; at least 90% of it is on track. Targets marked * are pro-rated from a longer period by days. Events held count occurrences: a one-off event, each date of a recurring event and a whole multi-day display count once; unplanned ones are in no plan of the period. People reached are person-times (one person at two events counts twice).")
    }

    public static func bulletinPublished(month: String, bulletin: PublishedBulletin) -> Message {
        Message(zh: "\(month) 的专刊\(bulletin.publishedText(.zh))。",
                en: "The \(month) bulletin \(bulletin.publishedText(.en)).")
    }

    public static func changedSincePublished(month: String) -> Message {
        Message(zh: "此后 \(month) 的触达数据有变动：这里的数字与已发布的专刊不同，下一期专刊将作更正说明。",
                en: " Reach for \(month) changed after it was published: these figures differ from the published bulletin, and the next bulletin restates them.")
    }

    public static func publishedOn(at: String) -> Message {
        Message(zh: "已于 \(at) 发布",
                en: "was published on \(at)")
    }

    public static func publishedOnBy(at: String, by: String) -> Message {
        Message(zh: "已于 \(at) 由 \(by) 发布",
                en: "was published on \(at) by \(by)")
    }

    public static func alreadyPublished(month: String, bulletin: PublishedBulletin) -> Message {
        Message(zh: "\(month) 的专刊\(bulletin.publishedText(.zh))，不再重复发布；之后的更正会在下一期专刊中说明。",
                en: "The \(month) bulletin \(bulletin.publishedText(.en)) and is not issued again; later corrections appear in the next bulletin.")
    }

    /// The columns of a scorecard.
    public static var scorecardHeaders: [Message] {
        [
            Message(zh: "机构", en: "Branch"),
            Message(zh: "考核项", en: "Measure"),
            Message(zh: "计划场次", en: "Planned"),
            Message(zh: "完成", en: "Achieved"),
            Message(zh: "目标", en: "Target"),
            Message(zh: "完成率", en: "Of target"),
            Message(zh: "进度要求", en: "Expected"),
            Message(zh: "状态", en: "Status"),
        ]
    }

    /// Where a line of a scorecard stands.
    public static func scorecardStatus(_ status: Scorecard.Status) -> Message {
        switch status {
        case .met: Message(zh: "已达成", en: "met")
        case .onTrack: Message(zh: "进度正常", en: "on track")
        case .offTrack: Message(zh: "进度滞后", en: "off track")
        case .missed: Message(zh: "未达成", en: "missed")
        case .notStarted: Message(zh: "未开始", en: "not started")
        case .noTarget: Message(zh: "无目标", en: "no target")
        }
    }

    /// What a report groups by, as a column header.
    public static func dimension(_ dimension: ReportDimension) -> Message {
        switch dimension {
        case .campaign: Message(zh: "宣传活动", en: "Campaign")
        case .channel: Message(zh: "渠道", en: "Channel")
        case .branch: Message(zh: "机构", en: "Branch")
        case .segment: Message(zh: "客群", en: "Segment")
        case .metric: Message(zh: "指标", en: "Metric")
        case .month: Message(zh: "月份", en: "Month")
        case .week: Message(zh: "周", en: "Week")
        case .day: Message(zh: "日期", en: "Day")
        }
    }

    /// The measure of an off-track alert's line that counts events rather than person-times.
    public static var eventsHeldMeasure: Message {
        Message(zh: "活动场次", en: "events held")
    }

    /// A period as people say it: "2027 年第一季度" / "2027 Q1".
    public static func period(_ period: ReportPeriod) -> Message {
        let year = period.start.year, start = period.start, end = period.end
        switch period.kind {
        case .year: return Message(zh: "\(year) 年", en: "\(year)")
        case .half: return Message(zh: "\(year) 年\(start.month <= 6 ? "上" : "下")半年", en: "\(year) H\(start.month <= 6 ? 1 : 2)")
        case .quarter:
            let quarter = (start.month - 1) / 3 + 1
            return Message(zh: "\(year) 年第\(["一", "二", "三", "四"][quarter - 1])季度", en: "\(year) Q\(quarter)")
        case .month: return Message(zh: "\(year) 年 \(start.month) 月", en: start.monthDescription)
        case .dates: return Message(zh: "\(start) 至 \(end)", en: "\(start) to \(end)")
        }
    }
}
