import OutreachCore

/// The words of the planning form (`/campaigns/{id}/events/new`, `/events/{id}/edit`): both languages side by
/// side. The checks' own messages are the campaign files' (`Diagnostic`, through `EventForm`).
enum PlanningWebMessages {
    static var newEventLink: Message {
        Message(zh: "新建活动场次",
                en: "Add an event")
    }

    static var editEventLink: Message {
        Message(zh: "修改活动场次",
                en: "Edit this event")
    }

    static func newEventTitle(campaign: BilingualName) -> Message {
        Message(zh: "新建活动场次：\(campaign.zh)",
                en: "New event: \(campaign.text(.en))")
    }

    static func editEventTitle(event: BilingualName) -> Message {
        Message(zh: "修改活动场次：\(event.zh)",
                en: "Edit event: \(event.text(.en))")
    }

    static var saveButton: Message {
        Message(zh: "保存",
                en: "Save")
    }

    static var notAllowed: Message {
        Message(zh: "只有管理员和策划人员可以安排活动场次。",
                en: "Only admins and planners can plan events.")
    }

    static var formHasErrors: Message {
        Message(zh: "未保存：请改正下面标出的问题。",
                en: "Not saved: please correct the problems marked below.")
    }

    static var clashesHeading: Message {
        Message(zh: "排期冲突（未保存）",
                en: "Schedule conflicts (not saved)")
    }

    static func clashesWith(title: BilingualName, id: Event.ID) -> Message {
        Message(zh: "冲突的活动场次：\(title.zh)（\(id)）",
                en: "The other event: \(title.text(.en)) (\(id))")
    }

    static var warningsHeading: Message {
        Message(zh: "提醒",
                en: "Warnings")
    }

    static func saved(title: BilingualName) -> Message {
        Message(zh: "已保存“\(title.zh)”。",
                en: "Saved '\(title.text(.en))'.")
    }

    static var openEvent: Message {
        Message(zh: "查看活动场次",
                en: "Open the event")
    }

    static var fromVenue: Message {
        Message(zh: "（场地所属机构）",
                en: "(the venue's branch)")
    }

    static var choose: Message {
        Message(zh: "（请选择）",
                en: "(choose one)")
    }

    static var webEditNote: Message {
        Message(zh: "保存后，导入会覆盖这里修改的活动文件将被拒绝，直到用 'outreach export campaigns' 导出或用 --overwrite-web-edits 导入。",
                en: "Once saved, an import of a campaign file that would overwrite this edit is refused until the campaign is exported with 'outreach export campaigns' or imported with --overwrite-web-edits.")
    }

    static func pendingWebEdit(by who: String, at when: String) -> Message {
        Message(zh: "\(who) 于 \(when) 在网页上修改过本场次，尚未写入活动文件：导入会改变它的活动文件将被拒绝，直到导出该宣传活动（outreach export campaigns）。",
                en: "Edited on the web by \(who) at \(when), not yet in a campaign file: an import of a file that would change it is refused until the campaign is exported (outreach export campaigns).")
    }

    static func pendingWebEdits(count: Int) -> Message {
        Message(zh: "本宣传活动有 \(count) 个活动场次在网页上修改过，尚未写入活动文件（outreach export campaigns 目录）。",
                en: "\(count) event\(count == 1 ? "" : "s") of this campaign \(count == 1 ? "was" : "were") edited on the web and \(count == 1 ? "is" : "are") not in a campaign file yet (outreach export campaigns DIR).")
    }

    /// The label of a field, by the campaign file's key.
    static func label(_ field: String) -> Message {
        switch field {
        case "id": Message(zh: "编号（id）", en: "Id")
        case "title": Message(zh: "标题（title）", en: "Title")
        case "title_en": Message(zh: "英文标题（title_en）", en: "English title")
        case "channel": Message(zh: "渠道（channel）", en: "Channel")
        case "venue": Message(zh: "场地（venue）", en: "Venue")
        case "branch": Message(zh: "机构（branch）", en: "Branch")
        case "start": Message(zh: "开始（start）", en: "Start")
        case "end": Message(zh: "结束（end）", en: "End")
        case "repeat": Message(zh: "重复规则（repeat）", en: "Repeats")
        case "except": Message(zh: "不举办的日期（except）", en: "Except on")
        case "staff": Message(zh: "人员（staff）", en: "Staff")
        case "expected_reach": Message(zh: "预计触达人数（expected_reach）", en: "Expected reach")
        case "capacity": Message(zh: "容纳人数（capacity）", en: "Capacity")
        default: Message(zh: "备注（notes）", en: "Notes")
        }
    }

    /// What to type in a field, where it is not obvious.
    static func hint(_ field: String) -> Message? {
        switch field {
        case "id": Message(zh: "字母、数字、'-'、'_' 和 '.'，如 315-xn-talk-3", en: "Letters, digits, '-', '_' and '.', like 315-xn-talk-3")
        case "start": Message(zh: "如 2027-03-15 09:30；全天或多日活动只写日期 2027-03-15", en: "Like 2027-03-15 09:30; a date alone (2027-03-15) for an all-day or multi-day event")
        case "end": Message(zh: "如 16:00；多日活动写最后一天 2027-03-21；全天活动可留空", en: "Like 16:00; the last day (2027-03-21) of a multi-day event; empty for one all-day date")
        case "repeat": Message(zh: "如 FREQ=WEEKLY;BYDAY=SA;COUNT=4，不重复则留空", en: "Like FREQ=WEEKLY;BYDAY=SA;COUNT=4; empty when it does not repeat")
        case "except": Message(zh: "日期，用逗号分隔", en: "Dates, separated by commas")
        case "staff": Message(zh: "姓名，用逗号或顿号分隔", en: "Names, separated by commas")
        default: nil
        }
    }
}
