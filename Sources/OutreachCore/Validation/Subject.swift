/// What kind of thing a message speaks of: the mapping a field belongs to, or what an id refers to.
public enum Subject: String, Hashable, Sendable, CaseIterable {
    case campaign, event, period, segmentTarget, channel, venue, branch, metric, segment, campaignKind, edition
    case holidayNotice, holidayBlock, adjustedWorkday, anchor, schoolTerm, termCalendar
    case population, target, reachRecord, notifyTarget, route, configuration

    /// The noun alone: "channel" / "渠道".
    public func noun(_ language: Language) -> String {
        switch language {
        case .en: englishNoun
        case .zh: chineseNoun
        }
    }

    /// With an article, for "in a campaign": "a campaign" / "宣传活动".
    public func withArticle(_ language: Language) -> String {
        guard language == .en else { return chineseNoun }
        let noun = englishNoun
        let article = ["a", "e", "i", "o", "u"].contains(noun.prefix(1)) ? "an" : "a"
        return "\(article) \(noun)"
    }

    private var englishNoun: String {
        switch self {
        case .campaign: "campaign"
        case .event: "event"
        case .period: "period"
        case .segmentTarget: "segment target"
        case .channel: "channel"
        case .venue: "venue"
        case .branch: "branch"
        case .metric: "metric"
        case .segment: "audience segment"
        case .campaignKind: "campaign kind"
        case .edition: "edition"
        case .holidayNotice: "holiday notice"
        case .holidayBlock: "holiday"
        case .adjustedWorkday: "adjusted working day"
        case .anchor: "statutory anchor"
        case .schoolTerm: "school term"
        case .termCalendar: "term calendar"
        case .population: "target population"
        case .target: "target"
        case .reachRecord: "reach record"
        case .notifyTarget: "notify target"
        case .route: "route"
        case .configuration: "configuration"
        }
    }

    private var chineseNoun: String {
        switch self {
        case .campaign: "宣传活动"
        case .event: "活动场次"
        case .period: "活动期间"
        case .segmentTarget: "客群目标"
        case .channel: "渠道"
        case .venue: "场地"
        case .branch: "机构"
        case .metric: "指标"
        case .segment: "客群"
        case .campaignKind: "活动类型"
        case .edition: "年度安排"
        case .holidayNotice: "放假通知"
        case .holidayBlock: "节假日"
        case .adjustedWorkday: "调休上班日"
        case .anchor: "法定节日"
        case .schoolTerm: "学期"
        case .termCalendar: "学期日历"
        case .population: "目标人口"
        case .target: "考核目标"
        case .reachRecord: "触达记录"
        case .notifyTarget: "通知目标"
        case .route: "通知路由"
        case .configuration: "配置"
        }
    }
}
