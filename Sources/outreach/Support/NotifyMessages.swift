import OutreachCore

/// The text of the `notify` commands and of the notify setup every command checks: both languages side by side.
enum NotifyMessages {
    /// Names in quotes, the last after 'or': 'a', 'b' or 'c'.
    private static func quoted(_ items: [String], _ language: Language) -> String {
        let list = items.map { "'\($0)'" }
        guard list.count > 1 else { return list.first ?? "" }
        return language == .en
            ? list.dropLast().joined(separator: ", ") + " or " + (list.last ?? "")
            : list.dropLast().joined(separator: "、") + " 或 " + (list.last ?? "")
    }

    static func configurationPath(path: String) -> Message {
        Message(zh: "通知配置：\(path)\n",
                en: "Notify configuration: \(path)\n")
    }

    static var noTargets: Message {
        Message(zh: "没有配置通知目标，因此不会发送任何通知。\n",
                en: "No targets are configured, so no notices are sent.\n")
    }

    static func kindNotSentByHand(kind: String) -> Message {
        Message(zh: "类型 '\(kind)' 的通知由发布它的报表排队发送，不能手动发送。请使用 'event-reminder'、'event-cancelled'、'daily-digest' 或 'test'。",
                en: "Notices of kind '\(kind)' are queued by the reports that publish them and cannot be sent by hand. Please provide one of 'event-reminder', 'event-cancelled', 'daily-digest' or 'test'.")
    }

    static func kindNeedsEvent(kind: String) -> Message {
        Message(zh: "'--kind \(kind)' 需要 '--event 编号'。",
                en: "'--kind \(kind)' needs '--event ID'.")
    }

    static var eventOnlyWithEventKinds: Message {
        Message(zh: "'--event' 只能与 '--kind event-reminder' 或 '--kind event-cancelled' 一起使用。",
                en: "'--event' goes only with '--kind event-reminder' or '--kind event-cancelled'.")
    }

    static var textOnlyWithTest: Message {
        Message(zh: "'--text' 只能与 '--kind test' 一起使用。",
                en: "'--text' goes only with '--kind test'.")
    }

    static func eventHasNoOccurrences(id: Event.ID) -> Message {
        Message(zh: "活动场次 '\(id)' 没有任何场次。",
                en: "Event '\(id)' has no occurrences.")
    }

    static func noDigestToday(today: LocalDate, target: String) -> Message {
        Message(zh: "'\(target)' 今天（\(today)）没有活动，未发送日报。\n",
                en: "No events today (\(today)) for '\(target)'; no digest was sent.\n")
    }

    static var noNotices: Message {
        Message(zh: "没有符合条件的通知。\n",
                en: "No notices to show.\n")
    }

    static func invalidLimit(limit: Int) -> Message {
        Message(zh: "'--limit' 的值 '\(limit)' 无效。应为正整数。",
                en: "The value '\(limit)' is invalid for '--limit'. Expected a whole number of 1 or more.")
    }

    static var emptyDeliveryLog: Message {
        Message(zh: "发送记录为空。\n",
                en: "The delivery log is empty.\n")
    }

    static var attemptStarted: Message {
        Message(zh: "发送中",
                en: "started")
    }

    static var idAndDead: Message {
        Message(zh: "请只给出通知编号或 '--dead' 之一。",
                en: "Give a notice id or '--dead', not both.")
    }

    static var idOrDeadMissing: Message {
        Message(zh: "请给出通知编号，或用 '--dead' 重新发送全部已放弃的通知。",
                en: "Give a notice id, or '--dead' to retry every dead notice.")
    }

    static func noticePendingAgain(id: OutboxDelivery.ID) -> Message {
        Message(zh: "通知 \(id) 已重新排队，将由 'outreach worker' 发送。\n",
                en: "Notice \(id) is pending again; 'outreach worker' will send it.\n")
    }

    static func deadNoticesPendingAgain(count: Int) -> Message {
        Message(zh: "已重新排队 \(count) 条已放弃的通知。\n",
                en: "\(count) dead notice\(count == 1 ? " is" : "s are") pending again.\n")
    }

    static func sentAndConfirmed(subject: Message, target: String, kind: String) -> Message {
        Message(zh: "已向 '\(target)'（\(kind)）发送\(subject.zh)，平台已确认送达。\n",
                en: "Sent the \(subject.en) to '\(target)' (\(kind)); the platform confirmed delivery.\n")
    }

    static func queuedUntil(subject: Message, target: String, id: OutboxDelivery.ID, when: String, reason: String) -> Message {
        Message(zh: "发往 '\(target)' 的\(subject.zh)（编号 \(id)）暂未送达，已排队至 \(when)，将由 'outreach worker' 发送。\(reason)\n",
                en: "The \(subject.en) to '\(target)' (notice \(id)) is queued until \(when); 'outreach worker' will send it.\(reason.isEmpty ? "" : " " + reason)\n")
    }

    static func notDelivered(subject: Message, target: String, said: String) -> Message {
        Message(zh: "发往 '\(target)' 的\(subject.zh)未送达。\(said)",
                en: "The \(subject.en) to '\(target)' was not delivered. \(said)")
    }

    static var urgentExcepted: Message {
        Message(zh: "（紧急通知除外）",
                en: " (urgent notices excepted)")
    }

    static var off: Message {
        Message(zh: "关闭",
                en: "off")
    }

    static func schedule(timeZone: String, quiet: String, reminders: String, digest: String) -> Message {
        Message(zh: "时区：\(timeZone)；免打扰：\(quiet)；活动提醒：\(reminders)；每日日报：\(digest)",
                en: "Time zone: \(timeZone); quiet hours: \(quiet); reminders: \(reminders); daily digest: \(digest)")
    }

    static var allNotices: Message {
        Message(zh: "全部通知",
                en: "all notices")
    }

    static var noRoute: Message {
        Message(zh: "无（没有路由指向它）",
                en: "none (no route names it)")
    }

    static var allKinds: Message {
        Message(zh: "全部类型",
                en: "all kinds")
    }

    static var branchesPrefix: Message {
        Message(zh: "机构 ",
                en: "branches ")
    }

    static var campaignsPrefix: Message {
        Message(zh: "活动 ",
                en: "campaigns ")
    }

    static var partSeparator: Message {
        Message(zh: "；",
                en: "; ")
    }

    static var unlimited: Message {
        Message(zh: "不限",
                en: "unlimited")
    }

    static func variableNotSet(variable: String) -> Message {
        Message(zh: "（\(variable) 未设置）",
                en: "(\(variable) not set)")
    }

    static func configurationFileMissing(path: String) -> Message {
        Message(zh: "配置文件 '\(path)' 不存在。",
                en: "The configuration file '\(path)' does not exist.")
    }

    static func errorsNothingDone(count: Int, path: String) -> Message {
        Message(zh: "'\(path)' 中有 \(count) 个错误，未执行任何操作。\n",
                en: "\(count) error\(count == 1 ? "" : "s") in '\(path)'; nothing was done.\n")
    }

    static func sendingStopped(target: String, unset: NotifyTarget.UnsetSecret) -> Message {
        Message(zh: "通知目标 '\(target)' 暂停发送：\(unset.text(.zh))。通知照常排队，设置后由 'outreach worker' 发送。\n",
                en: "Sending to '\(target)' is stopped: \(unset.text(.en)). Notices for it are queued as usual; 'outreach worker' sends them once it is set.\n")
    }

    static func noNotifySection(path: String, example: String) -> Message {
        Message(zh: "'\(path)' 中没有 'notify:' 部分，因此不会安排任何通知。示例见 \(example)，说明见 docs/notifications.md。",
                en: "'\(path)' has no 'notify:' section, so no notices are scheduled. See \(example) for an example and docs/notifications.md.")
    }

    static func noNotifyConfiguration(path: String, example: String) -> Message {
        Message(zh: "未找到通知配置文件 '\(path)'，因此不会安排任何通知。可把 \(example) 复制为 outreach.yaml 再修改；说明见 docs/notifications.md。",
                en: "No notify configuration: '\(path)' was not found, so no notices are scheduled. Copy \(example) to outreach.yaml and edit it; see docs/notifications.md.")
    }

    static var noAlertQueued: Message {
        Message(zh: "未排队进度提醒",
                en: "No off-track alert was queued")
    }

    static var noBulletinNoticeQueued: Message {
        Message(zh: "未排队发布通知",
                en: "No notice of it was queued")
    }

    static var labelSeparator: Message {
        Message(zh: "：",
                en: ": ")
    }

    static func cannotSend(target: String, unset: NotifyTarget.UnsetSecret) -> Message {
        Message(zh: "无法发送到 '\(target)'：\(unset.text(.zh))。请设置后再运行；在此之前通知照常排队。",
                en: "Cannot send to '\(target)': \(unset.text(.en)). Set it and run again; until then notices are queued as usual.")
    }

    static func unknownTargetSuggestion(name: String, suggestion: String) -> Message {
        Message(zh: "没有名为 '\(name)' 的通知目标。是否应为 '\(suggestion)'？",
                en: "Unknown notify target '\(name)'. Did you mean '\(suggestion)'?")
    }

    static func unknownTarget(name: String, names: [String]) -> Message {
        Message(zh: "没有名为 '\(name)' 的通知目标。请使用 \(quoted(names, .zh))。",
                en: "Unknown notify target '\(name)'. Please provide one of \(quoted(names, .en)).")
    }

    /// The columns of `notify queue`.
    static var queueHeaders: [Message] {
        [
            Message(zh: "编号", en: "ID"),
            Message(zh: "状态", en: "STATE"),
            Message(zh: "类型", en: "KIND"),
            Message(zh: "目标", en: "TARGET"),
            Message(zh: "计划时间", en: "DUE"),
            Message(zh: "下次尝试", en: "NEXT TRY"),
            Message(zh: "尝试次数", en: "TRIES"),
            Message(zh: "最近错误", en: "LAST ERROR"),
        ]
    }

    /// The columns of `notify log`.
    static var logHeaders: [Message] {
        [
            Message(zh: "编号", en: "ID"),
            Message(zh: "时间", en: "TIME"),
            Message(zh: "通知", en: "NOTICE"),
            Message(zh: "目标", en: "TARGET"),
            Message(zh: "机器人", en: "BOT"),
            Message(zh: "分段", en: "PART"),
            Message(zh: "结果", en: "OUTCOME"),
            Message(zh: "HTTP", en: "HTTP"),
            Message(zh: "错误码", en: "CODE"),
            Message(zh: "毫秒", en: "MS"),
            Message(zh: "说明", en: "MESSAGE"),
        ]
    }

    /// The columns of `notify targets`.
    static var targetsHeaders: [Message] {
        [
            Message(zh: "名称", en: "NAME"),
            Message(zh: "类型", en: "KIND"),
            Message(zh: "地址", en: "ENDPOINT"),
            Message(zh: "路由", en: "ROUTES"),
            Message(zh: "频率上限", en: "RATE"),
        ]
    }
}
