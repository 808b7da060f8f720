import OutreachCore

/// The text of the campaign, event, plan, import, validate and init commands.
/// Both languages side by side.
enum CampaignCommandMessages {
    static var noCampaigns: Message {
        Message(zh: "还没有导入宣传活动。运行 'outreach import campaigns/'。\n",
                en: "No campaigns yet. Run 'outreach import campaigns/'.\n")
    }

    static func invalidYear(year: Int) -> Message {
        Message(zh: "'--year' 的值 '\(year)' 无效。应为 2000 到 2100 之间的年份。",
                en: "The value '\(year)' is invalid for '--year'. Expected a year from 2000 to 2100.")
    }

    static func fileExists(path: String) -> Message {
        Message(zh: "文件 '\(path)' 已存在。使用 --force 覆盖，或用 --output 指定其他文件。",
                en: "The file '\(path)' already exists. Use --force to overwrite it, or --output to choose another file.")
    }

    static func cloneHeader(id: String, year: Int) -> Message {
        Message(zh: "由 outreach campaign clone \(id) --year \(year) 生成；请检查后导入。",
                en: "Made by outreach campaign clone \(id) --year \(year); review it, then import it.")
    }

    static func wroteClone(path: String, id: Campaign.ID, start: LocalDate, end: LocalDate, events: Int) -> Message {
        Message(zh: "已写入 \(path)：宣传活动 \(id)，\(start) 至 \(end)，\(events) 个活动场次。\n",
                en: "Wrote \(path): campaign \(id), \(start) to \(end), \(events) events.\n")
    }

    static var removedFromFile: Message {
        Message(zh: "（已从活动文件删除）",
                en: " (removed from its campaign file)")
    }

    static func fileSays(status: EventStatus) -> Message {
        Message(zh: "（文件中为“\(status.text(.zh))”）",
                en: " (the file says \(status.rawValue))")
    }

    static func occurrencesHeader(count: Int) -> Message {
        Message(zh: "场次（\(count)）：\n",
                en: "Occurrences (\(count)):\n")
    }

    static func statusChanged(id: Event.ID, title: BilingualName, status: EventStatus) -> Message {
        Message(zh: "\(id)：\(title.zh) → \(status.text(.zh))\n",
                en: "\(id): \(title.text(.en)) → \(status.rawValue)\n")
    }

    static func reachRecordsKept(id: Event.ID, records: Int) -> Message {
        Message(zh: "活动场次 '\(id)' 已有 \(records) 条触达记录；这些记录保留，计为计划外举办的场次。",
                en: "Event '\(id)' has \(records) reach record\(records == 1 ? "" : "s"); \(records == 1 ? "it stays" : "they stay") and \(records == 1 ? "counts" : "count") as an unplanned event held.")
    }

    static func noMatchingEvents(start: LocalDate, end: LocalDate, output: String?) -> Message {
        Message(zh: "\(start) 至 \(end) 没有符合条件的活动场次，\(output.map { "写入的 \($0) " } ?? "输出")不含任何活动。",
                en: "No events from \(start) to \(end) match, so \(output ?? "the output") holds none.")
    }

    static func campaignPeriod(campaign: String, start: LocalDate, end: LocalDate) -> Message {
        Message(zh: "宣传活动 \(campaign) 的期间为 \(start) 至 \(end)。",
                en: " The campaign \(campaign) runs from \(start) to \(end).")
    }

    static var calendarName: Message {
        Message(zh: "金融知识宣传活动",
                en: "Financial education outreach")
    }

    static func noEvents(start: LocalDate, end: LocalDate) -> Message {
        Message(zh: "\(start) 至 \(end) 没有活动场次。\n",
                en: "No events from \(start) to \(end).\n")
    }

    static var nextEvents: Message {
        Message(zh: "接下来的活动场次：\n",
                en: "Next upcoming events:\n")
    }

    static func eventCount(count: Int, start: LocalDate, end: LocalDate) -> Message {
        Message(zh: "\(start) 至 \(end)：共 \(count) 场。\n",
                en: "\(count) event\(count == 1 ? "" : "s") from \(start) to \(end).\n")
    }

    static func nothingImported(count: Int) -> Message {
        Message(zh: "发现 \(count) 个错误，未导入任何内容。\n",
                en: "\(count) error\(count == 1 ? "" : "s") found; nothing was imported.\n")
    }

    static func targetsImported(count: Int) -> Message {
        Message(zh: "已导入 \(count) 项考核目标。\n",
                en: "Imported \(count) target\(count == 1 ? "" : "s").\n")
    }

    static func campaignsImported(campaigns: Int, summary: ImportSummary) -> Message {
        Message(zh: "已导入 \(campaigns) 个宣传活动（新增 \(summary.campaignsAdded)，更新 \(summary.campaignsUpdated)，未变 \(summary.campaignsUnchanged)）；活动场次新增 \(summary.eventsAdded)，更新 \(summary.eventsUpdated)，未变 \(summary.eventsUnchanged)，因从文件删除而取消 \(summary.eventsCancelled)。\n",
                en: "Imported \(campaigns) campaign\(campaigns == 1 ? "" : "s") (\(summary.campaignsAdded) added, \(summary.campaignsUpdated) updated, \(summary.campaignsUnchanged) unchanged); events: \(summary.eventsAdded) added, \(summary.eventsUpdated) updated, \(summary.eventsUnchanged) unchanged, \(summary.eventsCancelled) cancelled because they left their file.\n")
    }

    static func validated(files: Int, campaigns: Int, events: Int, errors: Int, warnings: Int) -> Message {
        Message(zh: "已检查 \(files) 个文件、\(campaigns) 个宣传活动、\(events) 个活动场次：\(errors) 个错误，\(warnings) 个警告。\n",
                en: "Checked \(files) file\(files == 1 ? "" : "s"), \(campaigns) campaign\(campaigns == 1 ? "" : "s"), \(events) event\(events == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s").\n")
    }
    // The labels of the lines of `campaign show` and `event show`.

    static var kindLabel: Message {
        Message(zh: "类型",
                en: "Kind")
    }

    static var periodLabel: Message {
        Message(zh: "期间",
                en: "Period")
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
        Message(zh: "目标客群",
                en: "Segments")
    }

    static var channelsLabel: Message {
        Message(zh: "渠道",
                en: "Channels")
    }

    static var fileLabel: Message {
        Message(zh: "文件",
                en: "File")
    }

    static var campaignLabel: Message {
        Message(zh: "宣传活动",
                en: "Campaign")
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

    static var whenLabel: Message {
        Message(zh: "时间",
                en: "When")
    }

    static var repeatsLabel: Message {
        Message(zh: "重复",
                en: "Repeats")
    }

    static var exceptLabel: Message {
        Message(zh: "除外",
                en: "Except")
    }

    static var staffLabel: Message {
        Message(zh: "人员",
                en: "Staff")
    }

    static var expectedReachLabel: Message {
        Message(zh: "预计触达",
                en: "Expected reach")
    }

    static var capacityLabel: Message {
        Message(zh: "容量",
                en: "Capacity")
    }

    static var statusLabel: Message {
        Message(zh: "状态",
                en: "Status")
    }

    static var notesLabel: Message {
        Message(zh: "备注",
                en: "Notes")
    }

    /// What `outreach init` created.
    static func initialised(database: String, reference: ReferenceData, years: String) -> Message {
        Message(zh: """
                    已创建 \(database)：\(reference.branches.count) 个机构、\(reference.venues.count) 个场地、\
                    \(reference.channels.count) 个渠道、\(reference.metrics.count) 个指标、\(reference.segments.count) 个客群、\
                    \(reference.kinds.count) 种活动类型、放假通知 \(years)。

                    """,
                en: """
                    Initialised \(database): \(reference.branches.count) branches, \(reference.venues.count) venues, \
                    \(reference.channels.count) channels, \(reference.metrics.count) metrics, \(reference.segments.count) audience segments, \
                    \(reference.kinds.count) campaign kinds, holiday notices for \(years).

                    """)
    }

    /// The columns of `campaign list`.
    static var campaignListHeaders: [Message] {
        [
            Message(zh: "编号", en: "ID"),
            Message(zh: "标题", en: "Title"),
            Message(zh: "类型", en: "Kind"),
            Message(zh: "期间", en: "Period"),
            Message(zh: "牵头机构", en: "Owner"),
            Message(zh: "场次", en: "Events"),
            Message(zh: "文件", en: "File"),
        ]
    }

    /// The columns of `campaign show`'s events.
    static var eventListHeaders: [Message] {
        [
            Message(zh: "编号", en: "ID"),
            Message(zh: "活动", en: "Event"),
            Message(zh: "渠道", en: "Channel"),
            Message(zh: "场地", en: "Venue"),
            Message(zh: "时间", en: "When"),
            Message(zh: "重复", en: "Repeats"),
            Message(zh: "状态", en: "Status"),
        ]
    }
}
