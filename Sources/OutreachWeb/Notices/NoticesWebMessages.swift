import OutreachApp
import OutreachCore

/// The words of the notices admin page (`/notices`) and the feeds page (`/feeds`): both languages side by side.
enum NoticesWebMessages {
    static var nav: Message {
        Message(zh: "群通知",
                en: "Notices")
    }

    static var title: Message {
        Message(zh: "群通知管理",
                en: "Chat-group notices")
    }

    static var adminOnly: Message {
        Message(zh: "只有管理员可以管理群通知。",
                en: "Only admins manage the chat-group notices.")
    }

    static var targetsHeading: Message {
        Message(zh: "通知目标",
                en: "Targets")
    }

    static var noConfiguration: Message {
        Message(zh: "没有通知配置：outreach.yaml 中没有 'notify:' 部分，不会安排任何通知。示例见 outreach.example.yaml，说明见 docs/notifications.md。",
                en: "No notify configuration: outreach.yaml has no 'notify:' section, so no notices are scheduled. See outreach.example.yaml and docs/notifications.md.")
    }

    static var noTargets: Message {
        Message(zh: "配置中没有通知目标。",
                en: "The configuration has no targets.")
    }

    static var targetHeaders: [Message] {
        [
            Message(zh: "名称", en: "Name"), Message(zh: "平台", en: "Platform"),
            Message(zh: "地址（已隐去密钥）", en: "Endpoint (masked)"), Message(zh: "签名", en: "Signed"),
            Message(zh: "测试", en: "Test"),
        ]
    }

    static var yes: Message { Message(zh: "是", en: "yes") }
    static var no: Message { Message(zh: "否", en: "no") }

    static func variableNotSet(_ unset: NotifyTarget.UnsetSecret) -> Message {
        Message(zh: "（\(unset.variable) 未设置，暂停发送）",
                en: "(\(unset.variable) not set: sending stopped)")
    }

    static var testButton: Message {
        Message(zh: "发送测试通知",
                en: "Send a test")
    }

    static var queueHeading: Message {
        Message(zh: "通知队列",
                en: "Queue")
    }

    static func counts(pending: Int, inFlight: Int, failed: Int, dead: Int) -> Message {
        Message(zh: "待发送 \(pending) 条，发送中 \(inFlight) 条，失败待重试 \(failed) 条，已放弃 \(dead) 条。",
                en: "\(pending) pending, \(inFlight) in flight, \(failed) failed (will retry), \(dead) dead.")
    }

    static var queueEmpty: Message {
        Message(zh: "队列中没有未发送的通知。",
                en: "No notices wait in the queue.")
    }

    static var queueHeaders: [Message] {
        [
            Message(zh: "编号", en: "ID"), Message(zh: "状态", en: "State"), Message(zh: "类型", en: "Kind"),
            Message(zh: "目标", en: "Target"), Message(zh: "计划时间", en: "Due"), Message(zh: "尝试", en: "Tries"),
            Message(zh: "最近错误", en: "Last error"),
        ]
    }

    static var retryDeadButton: Message {
        Message(zh: "重新排队全部已放弃的通知",
                en: "Retry every dead notice")
    }

    static var logHeading: Message {
        Message(zh: "发送记录（最新的在前）",
                en: "Delivery log (newest first)")
    }

    static var logEmpty: Message {
        Message(zh: "发送记录为空。",
                en: "The delivery log is empty.")
    }

    static var logHeaders: [Message] {
        [
            Message(zh: "时间", en: "Time"), Message(zh: "通知", en: "Notice"), Message(zh: "目标", en: "Target"),
            Message(zh: "分段", en: "Part"), Message(zh: "结果", en: "Outcome"), Message(zh: "HTTP", en: "HTTP"),
            Message(zh: "平台错误码", en: "Code"), Message(zh: "平台的答复", en: "What the platform said"),
        ]
    }

    static var started: Message {
        Message(zh: "发送中",
                en: "started")
    }

    static func showingLast(_ count: Int) -> Message {
        Message(zh: "显示最近 \(count) 次尝试。",
                en: "Showing the last \(count) attempts.")
    }

    static var showMore: Message {
        Message(zh: "显示更多",
                en: "Show more")
    }

    static func outcome(_ outcome: AttemptReport.Outcome?) -> Message {
        switch outcome {
        case .sent: Message(zh: "已送达", en: "sent")
        case .transient: Message(zh: "暂时失败", en: "transient")
        case .permanent: Message(zh: "被拒收", en: "permanent")
        case .unknown: Message(zh: "结果未知", en: "unknown")
        case nil: started
        }
    }

    // MARK: Feeds

    static var feedsNav: Message {
        Message(zh: "日历订阅",
                en: "Feeds")
    }

    static var feedsTitle: Message {
        Message(zh: "日历订阅",
                en: "Calendar feeds")
    }

    static var feedsHelp: Message {
        Message(zh: "企业微信、Outlook 或手机日历订阅这个地址即可看到活动，无需登录：地址就是钥匙，只在添加时显示一次。不再需要时请撤销。",
                en: "WeCom, Outlook or a phone's calendar subscribes to the address and shows the events without signing in: the address is the key, shown once when the feed is added. Revoke it when it is no longer needed.")
    }

    static var noFeeds: Message {
        Message(zh: "还没有日历订阅。",
                en: "No calendar feeds yet.")
    }

    static var feedHeaders: [Message] {
        [
            Message(zh: "编号", en: "Handle"), Message(zh: "名称", en: "Label"), Message(zh: "范围", en: "Scope"),
            Message(zh: "添加时间", en: "Added"), Message(zh: "状态", en: "State"), Message(zh: "操作", en: "Action"),
        ]
    }

    static func userScope(_ name: String) -> Message {
        Message(zh: "用户 \(name)", en: "user \(name)")
    }

    static var active: Message {
        Message(zh: "有效", en: "active")
    }

    static func revokedAt(_ time: String) -> Message {
        Message(zh: "已于 \(time) 撤销", en: "revoked \(time)")
    }

    static var revokeButton: Message {
        Message(zh: "撤销",
                en: "Revoke")
    }

    static var addHeading: Message {
        Message(zh: "添加订阅",
                en: "Add a feed")
    }

    static var labelField: Message {
        Message(zh: "名称（如：我的手机）",
                en: "Label (e.g. my phone)")
    }

    static var scopeField: Message {
        Message(zh: "范围",
                en: "Scope")
    }

    static var ownScope: Message {
        Message(zh: "我能看到的活动",
                en: "The events I see")
    }

    static var addButton: Message {
        Message(zh: "添加",
                en: "Add")
    }

    static func added(handle: String, label: String) -> Message {
        Message(zh: "已添加订阅 \(handle)（\(label)）。订阅地址只显示这一次，请现在复制到日历应用中：",
                en: "Added feed \(handle) (\(label)). Its address is shown this once; copy it into the calendar app now:")
    }

    static func revoked(handle: String, label: String) -> Message {
        Message(zh: "已撤销订阅 \(handle)（\(label)）：其地址从此返回“未找到”。",
                en: "Revoked feed \(handle) (\(label)): its address answers \"not found\" from now on.")
    }

    static var viewerReadOnly: Message {
        Message(zh: "只读用户不能添加或撤销订阅。",
                en: "Viewers cannot add or revoke feeds.")
    }

    static var all: [Message] {
        [
            nav, title, adminOnly, targetsHeading, noConfiguration, noTargets, yes, no, testButton, queueHeading,
            counts(pending: 1, inFlight: 2, failed: 3, dead: 4), queueEmpty, retryDeadButton, logHeading, logEmpty, started,
            showingLast(20), showMore, feedsNav, feedsTitle, feedsHelp, noFeeds, userScope("x"), active, revokedAt("t"),
            revokeButton, addHeading, labelField, scopeField, ownScope, addButton, added(handle: "h", label: "l"),
            revoked(handle: "h", label: "l"), viewerReadOnly,
            variableNotSet(NotifyTarget.UnsetSecret(field: "key_env", variable: "X")),
        ] + targetHeaders + queueHeaders + logHeaders + feedHeaders
            + [AttemptReport.Outcome.sent, .transient, .permanent, .unknown].map { outcome($0) } + [outcome(nil)]
    }
}
