/// The text of notices and their delivery: platform names, what a platform answered and what it means, what to
/// fix, the words notice templates fill in, and the outbox's errors. Both languages side by side.
public enum NoticeMessages {
    /// What the platform said about a failure, after its status: （invalid webhook url）.
    public static func platformSaid(_ text: String) -> Message {
        Message(zh: "（\(text)）",
                en: " (\(text))")
    }

    /// A failed delivery in one sentence: who answered what, and what it means.
    public static func failure(what: String, meaning: String) -> Message {
        Message(zh: "\(what)：\(meaning)。",
                en: "\(what): \(meaning).")
    }

    /// How many branches are behind, for the off-track alert's template.
    public static func branchCount(_ count: Int) -> Message {
        Message(zh: "\(count) 个机构",
                en: count == 1 ? "1 branch" : "\(count) branches")
    }

    public static func notRetryable(id: OutboxDelivery.ID, state: OutboxDelivery.State) -> Message {
        Message(zh: "通知 '\(id)' 当前为“\(state.text(.zh))”，只有“已放弃”或“待重试”的通知可以重试。",
                en: "Notice '\(id)' is \(state.rawValue); only dead or failed notices can be retried.")
    }

    public static var delivered: Message {
        Message(zh: "已送达。",
                en: "Delivered.")
    }

    public static var willBeRetried: Message {
        Message(zh: "稍后会自动重试。",
                en: " It will be retried.")
    }

    public static func requestFailed(platform: String) -> Message {
        Message(zh: "发往\(platform)的请求失败",
                en: "The request to \(platform) failed")
    }

    public static func platformCode(code: String) -> Message {
        Message(zh: "错误码 \(code)",
                en: "code \(code)")
    }

    public static func platformAnswered(platform: String, answer: String) -> Message {
        Message(zh: "\(platform)返回 \(answer)",
                en: "\(platform) answered \(answer)")
    }

    public static var rateLimited: Message {
        Message(zh: "机器人发送频率超限",
                en: "the bot is over its rate limit")
    }

    public static var throttled: Message {
        Message(zh: "机器人每分钟发送超过 20 条，被限流 10 分钟",
                en: "the robot sent more than 20 messages a minute and is throttled for 10 minutes")
    }

    public static var platformBusy: Message {
        Message(zh: "平台繁忙",
                en: "the platform is busy")
    }

    public static var serverError: Message {
        Message(zh: "服务器出错",
                en: "the server failed")
    }

    public static var timedOut: Message {
        Message(zh: "等待回复超时，通知可能已经送达",
                en: "no reply came in time, so the notice may have been delivered")
    }

    public static var connectionFailed: Message {
        Message(zh: "无法连接，通知未发出",
                en: "could not connect, so nothing was sent")
    }

    public static var connectionLost: Message {
        Message(zh: "连接在回复前断开，通知可能已经送达",
                en: "the connection closed before a reply, so the notice may have been delivered")
    }

    public static var cancelled: Message {
        Message(zh: "发送在收到回复前被取消，通知可能已经送达",
                en: "the send was cancelled before a reply, so the notice may have been delivered")
    }

    public static var invalidKey: Message {
        Message(zh: "Webhook 的 key 或 token 无效（填错、已重置或机器人已被移除）",
                en: "the webhook key or token is not valid (wrong, rotated, or the bot was removed)")
    }

    public static var signatureRejected: Message {
        Message(zh: "签名校验失败",
                en: "the signature did not match")
    }

    public static var timestampRejected: Message {
        Message(zh: "签名时间戳超出允许范围",
                en: "the signature's timestamp is outside the allowed window")
    }

    public static var keywordMissing: Message {
        Message(zh: "消息中没有机器人的自定义关键词",
                en: "the message lacks the robot's custom keyword")
    }

    public static var ipNotAllowed: Message {
        Message(zh: "本机 IP 不在机器人的 IP 白名单中",
                en: "this machine's IP address is not on the robot's whitelist")
    }

    public static var tooLarge: Message {
        Message(zh: "消息过大",
                en: "the message is too large")
    }

    public static var badRequest: Message {
        Message(zh: "消息格式被拒绝",
                en: "the message was rejected as malformed")
    }

    public static var forbidden: Message {
        Message(zh: "没有发送权限",
                en: "posting is not allowed")
    }

    public static var gone: Message {
        Message(zh: "Webhook 已停用或频道已归档",
                en: "the webhook is disabled or its channel is archived")
    }

    public static var rejected: Message {
        Message(zh: "平台拒绝了这条消息",
                en: "the platform rejected the message")
    }

    public static var httpStatus: Message {
        Message(zh: "接收方拒绝了请求",
                en: "the receiver rejected the request")
    }

    public static var redirect: Message {
        Message(zh: "接收方要求重定向，通知不会跟随重定向",
                en: "the receiver answered with a redirect, which is not followed")
    }

    public static var unexpectedReply: Message {
        Message(zh: "回复不是平台的成功应答",
                en: "the reply is not the platform's success answer")
    }

    public static var tls: Message {
        Message(zh: "TLS 连接失败",
                en: "the TLS connection failed")
    }

    public static var invalidURL: Message {
        Message(zh: "Webhook 地址不是有效的 http 或 https 地址",
                en: "the webhook URL is not a valid http or https URL")
    }

    public static var checkKey: Message {
        Message(zh: "请检查通知目标的 key（key_env 或密钥文件）：可填写平台显示的完整 Webhook 地址，或只填 key/token。",
                en: "Check the target's key (key_env or the secrets file): give the full webhook URL the platform shows, or only the key or token.")
    }

    public static var checkSigningSecret: Message {
        Message(zh: "请核对签名密钥（secret_env）与机器人安全设置中的密钥一致，并确认本机时钟准确。",
                en: "Check that the signing secret (secret_env) matches the robot's security settings, and that this machine's clock is right.")
    }

    public static var checkWebhookSecret: Message {
        Message(zh: "请核对签名密钥（secret_env）与接收方验证签名所用的 whsec_ 密钥一致，并确认本机时钟准确；Webhook 地址本身无误。",
                en: "Check that the signing secret (secret_env) is the whsec_ secret the receiver verifies with, and that this machine's clock is right; the webhook URL itself was accepted.")
    }

    public static var feishuKeyword: Message {
        Message(zh: "飞书机器人开启了自定义关键词校验：请在该目标的模板（templates）中加入其中一个关键词，或在飞书群机器人的安全设置中修改或关闭关键词。",
                en: "The Feishu robot checks for custom keywords: put one of them into this target's templates ('templates'), or change or turn off the keywords in the robot's security settings in Feishu.")
    }

    public static var checkClock: Message {
        Message(zh: "请校准本机时钟：签名时间戳须在平台时间前后 1 小时内（Standard Webhooks 为 5 分钟）。",
                en: "Set this machine's clock right: signature timestamps must be within an hour of the platform's time (five minutes for Standard Webhooks).")
    }

    public static var addKeyword: Message {
        Message(zh: "请把通知目标的 'keyword' 设为机器人的自定义关键词之一。",
                en: "Set the target's 'keyword' to one of the robot's custom keywords.")
    }

    public static var allowIP: Message {
        Message(zh: "请把本机的公网 IP 加入机器人的 IP 白名单，或关闭白名单。",
                en: "Add this machine's public IP address to the robot's IP whitelist, or turn the whitelist off.")
    }

    public static var shortenMessage: Message {
        Message(zh: "请缩短模板内容：消息超过了平台的大小限制。",
                en: "Shorten the template: the message is over the platform's size limit.")
    }

    public static var checkMessageFormat: Message {
        Message(zh: "请检查通知目标的 'format' 和模板设置。",
                en: "Check the target's 'format' and template overrides.")
    }

    public static var checkPermissions: Message {
        Message(zh: "请在平台设置中检查该 Webhook 的发送权限。",
                en: "Check the webhook's posting permissions in the platform's settings.")
    }

    public static var recreateWebhook: Message {
        Message(zh: "请重新创建 Webhook 并更新通知目标。",
                en: "Create a new webhook and update the target.")
    }

    public static var checkURL: Message {
        Message(zh: "请检查 Webhook 地址：通知不跟随重定向，地址须以 http:// 或 https:// 开头。",
                en: "Check the webhook URL: redirects are not followed, and it must start with http:// or https://.")
    }

    public static var checkTLS: Message {
        Message(zh: "请检查服务器证书；私有 CA 请配置 CA 证书文件。",
                en: "Check the server's certificate; for a private CA, configure a CA bundle.")
    }

    public static var checkReceiver: Message {
        Message(zh: "请查看接收方的日志，了解拒绝请求的原因。",
                en: "Check the receiver's logs for why it rejected the request.")
    }

    public static var platformWeCom: Message {
        Message(zh: "企业微信",
                en: "WeCom")
    }

    public static var platformDingTalk: Message {
        Message(zh: "钉钉",
                en: "DingTalk")
    }

    public static var platformFeishu: Message {
        Message(zh: "飞书",
                en: "Feishu")
    }

    public static var platformWebhook: Message {
        Message(zh: "通用 Webhook",
                en: "generic webhook")
    }

    public static func secretSetNowhere(variable: String, field: String, secretsFile: String) -> Message {
        Message(zh: "'\(field)' 指定的密钥 '\(variable)' 在环境变量和密钥文件 '\(secretsFile)' 中都没有设置",
                en: "the secret '\(variable)' named in '\(field)' is set neither in the environment nor in the secrets file '\(secretsFile)'")
    }

    public static func environmentVariableNotSet(variable: String, field: String) -> Message {
        Message(zh: "'\(field)' 指定的环境变量 '\(variable)' 未设置",
                en: "the environment variable '\(variable)' named in '\(field)' is not set")
    }

    public static var allDay: Message {
        Message(zh: "全天",
                en: "all day")
    }

    public static func allDayFirstOfDisplay(last: LocalDate) -> Message {
        Message(zh: "全天（首日，展示至 \(last)）",
                en: "all day (first day, on show until \(last))")
    }

    public static func allDayLastOfDisplay(first: LocalDate) -> Message {
        Message(zh: "全天（最后一天，\(first) 起展示）",
                en: "all day (last day, on show since \(first))")
    }

    public static func allDayWithinDisplay(first: LocalDate, last: LocalDate) -> Message {
        Message(zh: "全天（展示 \(first) 至 \(last)）",
                en: "all day (on show \(first) to \(last))")
    }

    public static func allDayOn(date: LocalDate) -> Message {
        Message(zh: "\(date) 全天",
                en: "\(date), all day")
    }

    public static func allDayFromTo(from: LocalDate, to: LocalDate) -> Message {
        Message(zh: "\(from) 至 \(to)，全天",
                en: "\(from) to \(to), all day")
    }

    public static var listSeparator: Message {
        Message(zh: "、",
                en: ", ")
    }

    public static func noticeNotFound(id: OutboxDelivery.ID) -> Message {
        Message(zh: "没有编号为 '\(id)' 的通知。",
                en: "No notice with id '\(id)'.")
    }

    /// What the log says of an attempt a worker started and never finished.
    public static var interruptedAttempt: Message {
        Message(zh: "发送途中工作进程中断，无法确定通知是否已送达。",
                en: "The worker stopped during this attempt, so whether the notice arrived is unknown.")
    }

    /// Where a notice stands in the outbox; in English its id.
    public static func deliveryState(_ state: OutboxDelivery.State) -> Message {
        switch state {
        case .pending: Message(zh: "待发送", en: "pending")
        case .inFlight: Message(zh: "发送中", en: "in_flight")
        case .sent: Message(zh: "已发送", en: "sent")
        case .failed: Message(zh: "待重试", en: "failed")
        case .dead: Message(zh: "已放弃", en: "dead")
        case .cancelled: Message(zh: "已撤销", en: "cancelled")
        }
    }

    /// A kind of notice as words for message text ("活动提醒" / "event reminder"); the id (`event-reminder`) is
    /// for configuration files and flags.
    public static func kind(_ kind: Notice.Kind) -> Message {
        switch kind {
        case .eventReminder: Message(zh: "活动提醒", en: "event reminder")
        case .dailyDigest: Message(zh: "每日活动汇总", en: "daily digest")
        case .bulletinPublished: Message(zh: "专刊发布通知", en: "bulletin notice")
        case .offTrackAlert: Message(zh: "目标进度预警", en: "off-track alert")
        case .eventCancelled: Message(zh: "活动取消通知", en: "cancellation notice")
        case .test: Message(zh: "测试通知", en: "test notice")
        }
    }

    /// How a reminder says when its event is, in days from today: 今天, 明天, 后天, 3 天后.
    public static func daysAhead(_ days: Int) -> Message {
        switch days {
        case ...0: Message(zh: "今天", en: "today")
        case 1: Message(zh: "明天", en: "tomorrow")
        case 2: Message(zh: "后天", en: "the day after tomorrow")
        default: inDays(days)
        }
    }

    /// How a reminder says when its event is, as a count of days: 3 天后.
    public static func inDays(_ days: Int) -> Message {
        Message(zh: "\(days) 天后", en: "in \(days) days")
    }

    /// How a reminder says when its event is, in whole hours: 1 小时后.
    public static func hoursAhead(_ hours: Int) -> Message {
        Message(zh: "\(hours) 小时后", en: hours == 1 ? "in 1 hour" : "in \(hours) hours")
    }

    /// How a reminder says when its event is, in minutes: 30 分钟后.
    public static func minutesAhead(_ minutes: Int) -> Message {
        Message(zh: "\(minutes) 分钟后", en: "in \(minutes) minutes")
    }
}
