/// What one attempt to deliver a part came to.
///
/// The outbox records it, and the retry policy turns it into the next step: done, retry at a time,
/// or dead letter.
public enum DeliveryOutcome: Hashable, Sendable {
    /// The platform confirmed delivery in its reply body (`errcode 0`, `code 0`, `ok`, or a 2xx).
    case sent
    /// Worth retrying: rate limits, 5xx, timeouts, connection errors. `retryAfter` is the earliest
    /// retry for this notice (from `Retry-After`); `pause` holds every send to the same bot.
    case transient(DeliveryFailure, retryAfter: Duration?, pause: Duration?)
    /// Retrying cannot help until someone changes something; `fix` says what.
    case permanent(DeliveryFailure, fix: DeliveryFix)

    /// The failure, when there is one.
    public var failure: DeliveryFailure? {
        switch self {
        case .sent: nil
        case .transient(let failure, _, _), .permanent(let failure, _): failure
        }
    }

    /// Whether the platform may have the message although no success came back (a timeout or a
    /// dropped connection after sending). Re-sending then risks a duplicate.
    public var outcomeUnknown: Bool { failure?.outcomeUnknown ?? false }

    /// One or two sentences for people: what happened and, for permanent failures, what to fix.
    public func message(_ language: Language) -> String {
        switch self {
        case .sent: return language.pick("已送达。", "Delivered.")
        case .transient(let failure, _, _):
            return failure.message(language) + language.pick("稍后会自动重试。", " It will be retried.")
        case .permanent(let failure, let fix):
            return failure.message(language) + (language == .zh ? "" : " ") + fix.text(language)
        }
    }
}

/// Why an attempt failed. Every text in it has secrets masked.
public struct DeliveryFailure: Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure, of bounded cardinality for metrics and log labels.
    public enum Reason: String, Hashable, Sendable, CaseIterable {
        case rateLimited = "rate_limited"
        case throttled
        case platformBusy = "platform_busy"
        case serverError = "server_error"
        case timedOut = "timeout"
        case connectionFailed = "connect"
        case connectionLost = "reset"
        case cancelled
        case invalidKey = "invalid_key"
        case signatureRejected = "signature"
        case timestampRejected = "timestamp"
        case keywordMissing = "keyword"
        case ipNotAllowed = "ip_not_allowed"
        case tooLarge = "too_large"
        case badRequest = "bad_request"
        case forbidden
        case gone
        case rejected
        case httpStatus = "http_status"
        case redirect
        case unexpectedReply = "unexpected_reply"
        case tls
        case invalidURL = "invalid_url"
    }

    public var reason: Reason
    public var platform: NotifyTarget.Kind
    /// The HTTP status, when a reply came.
    public var status: Int?
    /// The platform's own code: `45009`, `310000`, `19021`, Slack's `no_team`.
    public var platformCode: String?
    /// The platform's message (`errmsg`, `msg`, Slack's text), masked and cut to 200 characters.
    public var platformMessage: String?
    /// The transport error, when no complete reply came.
    public var transportError: TransportError?

    public init(
        reason: Reason, platform: NotifyTarget.Kind, status: Int? = nil, platformCode: String? = nil,
        platformMessage: String? = nil, transportError: TransportError? = nil
    ) {
        self.reason = reason
        self.platform = platform
        self.status = status
        self.platformCode = platformCode
        self.platformMessage = platformMessage
        self.transportError = transportError
    }

    /// Whether the request may have been delivered although no success came back.
    public var outcomeUnknown: Bool { transportError?.outcomeUnknown ?? false }

    /// A label for metrics: the reason.
    public var shortDescription: String { reason.rawValue }

    public var description: String { message(.en) }

    /// What happened, in one sentence: who answered what, and what it means.
    public func message(_ language: Language) -> String {
        let platformName = platform.displayName(language)
        let what: String
        if transportError != nil {
            what = language.pick("发往\(platformName)的请求失败", "The request to \(platformName) failed")
        } else {
            var parts: [String] = []
            if let status { parts.append("HTTP \(status)") }
            if let platformCode { parts.append(language.pick("错误码 \(platformCode)", "code \(platformCode)")) }
            var answer = parts.joined(separator: ", ")
            if let platformMessage, !platformMessage.isEmpty {
                answer += language == .zh ? "（\(platformMessage)）" : " (\(platformMessage))"
            }
            what = language.pick("\(platformName)返回 \(answer)", "\(platformName) answered \(answer)")
        }
        return language == .zh ? "\(what)：\(explanation(.zh))。" : "\(what): \(explanation(.en))."
    }

    private func explanation(_ language: Language) -> String {
        switch reason {
        case .rateLimited: language.pick("机器人发送频率超限", "the bot is over its rate limit")
        case .throttled:
            language.pick("机器人每分钟发送超过 20 条，被限流 10 分钟", "the robot sent more than 20 messages a minute and is throttled for 10 minutes")
        case .platformBusy: language.pick("平台繁忙", "the platform is busy")
        case .serverError: language.pick("服务器出错", "the server failed")
        case .timedOut: language.pick("等待回复超时，通知可能已经送达", "no reply came in time, so the notice may have been delivered")
        case .connectionFailed: language.pick("无法连接，通知未发出", "could not connect, so nothing was sent")
        case .connectionLost:
            language.pick("连接在回复前断开，通知可能已经送达", "the connection closed before a reply, so the notice may have been delivered")
        case .cancelled:
            language.pick("发送在收到回复前被取消，通知可能已经送达", "the send was cancelled before a reply, so the notice may have been delivered")
        case .invalidKey:
            language.pick("Webhook 的 key 或 token 无效（填错、已重置或机器人已被移除）", "the webhook key or token is not valid (wrong, rotated, or the bot was removed)")
        case .signatureRejected: language.pick("签名校验失败", "the signature did not match")
        case .timestampRejected: language.pick("签名时间戳超出允许范围", "the signature's timestamp is outside the allowed window")
        case .keywordMissing: language.pick("消息中没有机器人的自定义关键词", "the message lacks the robot's custom keyword")
        case .ipNotAllowed: language.pick("本机 IP 不在机器人的 IP 白名单中", "this machine's IP address is not on the robot's whitelist")
        case .tooLarge: language.pick("消息过大", "the message is too large")
        case .badRequest: language.pick("消息格式被拒绝", "the message was rejected as malformed")
        case .forbidden: language.pick("没有发送权限", "posting is not allowed")
        case .gone: language.pick("Webhook 已停用或频道已归档", "the webhook is disabled or its channel is archived")
        case .rejected: language.pick("平台拒绝了这条消息", "the platform rejected the message")
        case .httpStatus: language.pick("接收方拒绝了请求", "the receiver rejected the request")
        case .redirect: language.pick("接收方要求重定向，通知不会跟随重定向", "the receiver answered with a redirect, which is not followed")
        case .unexpectedReply: language.pick("回复不是平台的成功应答", "the reply is not the platform's success answer")
        case .tls: language.pick("TLS 连接失败", "the TLS connection failed")
        case .invalidURL: language.pick("Webhook 地址不是有效的 http 或 https 地址", "the webhook URL is not a valid http or https URL")
        }
    }
}

/// What a person must change before a permanently failed notice can be sent.
public enum DeliveryFix: String, Hashable, Sendable, CaseIterable {
    case checkKey
    case checkSigningSecret
    case checkWebhookSecret
    case feishuKeyword
    case checkClock
    case addKeyword
    case allowIP
    case shortenMessage
    case checkMessageFormat
    case checkPermissions
    case recreateWebhook
    case checkURL
    case checkTLS
    case checkReceiver

    public func text(_ language: Language) -> String {
        switch self {
        case .checkKey:
            language.pick(
                "请检查通知目标的 key（key_env 或密钥文件）：可填写平台显示的完整 Webhook 地址，或只填 key/token。",
                "Check the target's key (key_env or the secrets file): give the full webhook URL the platform shows, or only the key or token.")
        case .checkSigningSecret:
            language.pick(
                "请核对签名密钥（secret_env）与机器人安全设置中的密钥一致，并确认本机时钟准确。",
                "Check that the signing secret (secret_env) matches the robot's security settings, and that this machine's clock is right.")
        case .checkWebhookSecret:
            language.pick(
                "请核对签名密钥（secret_env）与接收方验证签名所用的 whsec_ 密钥一致，并确认本机时钟准确；Webhook 地址本身无误。",
                "Check that the signing secret (secret_env) is the whsec_ secret the receiver verifies with, and that this machine's clock is right; the webhook URL itself was accepted.")
        case .feishuKeyword:
            language.pick(
                "飞书机器人开启了自定义关键词校验：请在该目标的模板（templates）中加入其中一个关键词，或在飞书群机器人的安全设置中修改或关闭关键词。",
                "The Feishu robot checks for custom keywords: put one of them into this target's templates ('templates'), or change or turn off the keywords in the robot's security settings in Feishu.")
        case .checkClock:
            language.pick(
                "请校准本机时钟：签名时间戳须在平台时间前后 1 小时内（Standard Webhooks 为 5 分钟）。",
                "Set this machine's clock right: signature timestamps must be within an hour of the platform's time (five minutes for Standard Webhooks).")
        case .addKeyword:
            language.pick(
                "请把通知目标的 'keyword' 设为机器人的自定义关键词之一。",
                "Set the target's 'keyword' to one of the robot's custom keywords.")
        case .allowIP:
            language.pick(
                "请把本机的公网 IP 加入机器人的 IP 白名单，或关闭白名单。",
                "Add this machine's public IP address to the robot's IP whitelist, or turn the whitelist off.")
        case .shortenMessage:
            language.pick("请缩短模板内容：消息超过了平台的大小限制。", "Shorten the template: the message is over the platform's size limit.")
        case .checkMessageFormat:
            language.pick(
                "请检查通知目标的 'format' 和模板设置。", "Check the target's 'format' and template overrides.")
        case .checkPermissions:
            language.pick(
                "请在平台设置中检查该 Webhook 的发送权限。", "Check the webhook's posting permissions in the platform's settings.")
        case .recreateWebhook:
            language.pick(
                "请重新创建 Webhook 并更新通知目标。", "Create a new webhook and update the target.")
        case .checkURL:
            language.pick(
                "请检查 Webhook 地址：通知不跟随重定向，地址须以 http:// 或 https:// 开头。",
                "Check the webhook URL: redirects are not followed, and it must start with http:// or https://.")
        case .checkTLS:
            language.pick(
                "请检查服务器证书；私有 CA 请配置 CA 证书文件。",
                "Check the server's certificate; for a private CA, configure a CA bundle.")
        case .checkReceiver:
            language.pick(
                "请查看接收方的日志，了解拒绝请求的原因。", "Check the receiver's logs for why it rejected the request.")
        }
    }
}
