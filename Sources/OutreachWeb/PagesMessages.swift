import OutreachApp
import OutreachCore

/// The words of the calendar, campaign and event pages: both languages side by side.
enum PagesMessages {
    // MARK: Navigation

    static var calendarNav: Message {
        Message(zh: "日历",
                en: "Calendar")
    }

    static var campaignsNav: Message {
        Message(zh: "宣传活动",
                en: "Campaigns")
    }

    // MARK: Calendar

    static var calendarTitle: Message {
        Message(zh: "活动日历",
                en: "Event calendar")
    }

    static func view(_ view: CalendarListing.View) -> Message {
        switch view {
        case .month: Message(zh: "月", en: "Month")
        case .week: Message(zh: "周", en: "Week")
        case .agenda: Message(zh: "日程", en: "Agenda")
        }
    }

    static var previous: Message {
        Message(zh: "上一页",
                en: "Previous")
    }

    static var next: Message {
        Message(zh: "下一页",
                en: "Next")
    }

    static var todayLink: Message {
        Message(zh: "今天",
                en: "Today")
    }

    static func window(from: LocalDate, through: LocalDate) -> Message {
        Message(zh: "\(from) 至 \(through)",
                en: "\(from) to \(through)")
    }

    static var branchFilter: Message {
        Message(zh: "机构（含下级）",
                en: "Branch (and below)")
    }

    static var campaignFilter: Message {
        Message(zh: "宣传活动",
                en: "Campaign")
    }

    static var channelFilter: Message {
        Message(zh: "渠道",
                en: "Channel")
    }

    static var statusFilter: Message {
        Message(zh: "状态",
                en: "Status")
    }

    static var allOption: Message {
        Message(zh: "全部",
                en: "All")
    }

    static var notCancelledOption: Message {
        Message(zh: "除已取消外全部",
                en: "All but cancelled")
    }

    static var applyFilters: Message {
        Message(zh: "筛选",
                en: "Filter")
    }

    static func holiday(_ name: BilingualName) -> Message {
        Message(zh: "节假日：\(name.zh)",
                en: "Holiday: \(name.en ?? name.zh)")
    }

    static func adjustedWorkday(_ name: BilingualName) -> Message {
        Message(zh: "调休上班（\(name.zh)）",
                en: "Working day (\(name.en ?? name.zh))")
    }

    static var conflictBadge: Message {
        Message(zh: "冲突",
                en: "Conflict")
    }

    /// The link under a day of the grid that holds more occurrences than it shows.
    static func moreOnDay(_ count: Int) -> Message {
        Message(zh: "还有 \(count) 项…",
                en: "\(count) more…")
    }

    static var conflictsHeading: Message {
        Message(zh: "日程冲突",
                en: "Schedule conflicts")
    }

    static var noEventsInView: Message {
        Message(zh: "这段时间没有活动。",
                en: "No events in this period.")
    }

    // MARK: Campaigns

    static var campaignsTitle: Message {
        Message(zh: "宣传活动",
                en: "Campaigns")
    }

    static var noCampaigns: Message {
        Message(zh: "还没有宣传活动。",
                en: "No campaigns yet.")
    }

    static var periodLabel: Message {
        Message(zh: "时间",
                en: "Period")
    }

    static var kindLabel: Message {
        Message(zh: "活动类型",
                en: "Kind")
    }

    static var ownerLabel: Message {
        Message(zh: "牵头机构",
                en: "Owner")
    }

    static var branchesLabel: Message {
        Message(zh: "参与机构",
                en: "Branches")
    }

    static var segmentsLabel: Message {
        Message(zh: "客群与目标人数",
                en: "Segments and target populations")
    }

    static var noTargetPopulation: Message {
        Message(zh: "未定目标",
                en: "no target")
    }

    static func people(_ count: Int) -> Message {
        Message(zh: "\(count) 人",
                en: "\(count) \(count == 1 ? "person" : "people")")
    }

    static var progressHeading: Message {
        Message(zh: "进度",
                en: "Progress")
    }

    static func heldOfPlanned(held: Int, planned: Int, unplanned: Int) -> Message {
        Message(zh: "已开展 \(held) 场 / 计划 \(planned) 场" + (unplanned > 0 ? "，另有计划外 \(unplanned) 场" : ""),
                en: "\(held) held of \(planned) planned" + (unplanned > 0 ? ", and \(unplanned) unplanned" : ""))
    }

    static var reachHeading: Message {
        Message(zh: "已登记触达",
                en: "Reach logged so far")
    }

    static var noReachYet: Message {
        Message(zh: "还没有登记触达。",
                en: "No reach logged yet.")
    }

    static var metricColumn: Message {
        Message(zh: "指标",
                en: "Metric")
    }

    static var countColumn: Message {
        Message(zh: "数量",
                en: "Count")
    }

    static var eventsHeading: Message {
        Message(zh: "活动场次",
                en: "Events")
    }

    static var noEvents: Message {
        Message(zh: "没有可查看的活动场次。",
                en: "No events you can see.")
    }

    // MARK: Event page

    static var campaignLabel: Message {
        Message(zh: "所属宣传活动",
                en: "Campaign")
    }

    static var whenLabel: Message {
        Message(zh: "时间",
                en: "When")
    }

    static var repeatsLabel: Message {
        Message(zh: "重复",
                en: "Repeats")
    }

    static var channelLabel: Message {
        Message(zh: "渠道",
                en: "Channel")
    }

    static var venueLabel: Message {
        Message(zh: "场地",
                en: "Venue")
    }

    static var branchLabel: Message {
        Message(zh: "机构",
                en: "Branch")
    }

    static var staffLabel: Message {
        Message(zh: "工作人员",
                en: "Staff")
    }

    static var expectedReachLabel: Message {
        Message(zh: "预计触达",
                en: "Expected reach")
    }

    static var statusLabel: Message {
        Message(zh: "状态",
                en: "Status")
    }

    static var notesLabel: Message {
        Message(zh: "备注",
                en: "Notes")
    }

    static var occurrencesHeading: Message {
        Message(zh: "各场次",
                en: "Occurrences")
    }

    static var changeStatusHeading: Message {
        Message(zh: "更改状态",
                en: "Change the status")
    }

    static var confirmButton: Message {
        Message(zh: "确认",
                en: "Confirm")
    }

    static var doneButton: Message {
        Message(zh: "标记为已完成",
                en: "Mark done")
    }

    static var cancelButton: Message {
        Message(zh: "取消活动",
                en: "Cancel the event")
    }

    static var reasonLabel: Message {
        Message(zh: "取消原因（必填）",
                en: "Reason for cancelling (required)")
    }

    static var reasonRequired: Message {
        Message(zh: "请填写取消原因。",
                en: "Please give a reason for cancelling.")
    }

    static var readOnly: Message {
        Message(zh: "只读用户不能更改活动状态。",
                en: "Read-only users cannot change an event's status.")
    }

    static var unknownAction: Message {
        Message(zh: "请从“确认”“标记为已完成”“取消活动”中选择一项。",
                en: "Please choose one of 'Confirm', 'Mark done' or 'Cancel the event'.")
    }

    // MARK: Audit

    static var auditHeading: Message {
        Message(zh: "审计日志",
                en: "Audit log")
    }

    static var auditSummaryHeading: Message {
        Message(zh: "变更汇总",
                en: "Changes in all")
    }

    static var noAudit: Message {
        Message(zh: "还没有变更记录。",
                en: "No changes recorded yet.")
    }

    static var auditHeaders: [Message] {
        [
            Message(zh: "时间", en: "When"),
            Message(zh: "操作人", en: "Who"),
            Message(zh: "来源", en: "From"),
            Message(zh: "活动场次", en: "Event"),
            Message(zh: "变更", en: "Change"),
            Message(zh: "原因", en: "Reason"),
        ]
    }

    static func changeCount(_ count: Int) -> Message {
        Message(zh: "\(count) 次",
                en: "\(count) \(count == 1 ? "time" : "times")")
    }
}
