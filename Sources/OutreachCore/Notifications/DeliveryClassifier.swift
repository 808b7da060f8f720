import Foundation

/// Decides what a reply (or its absence) means, per platform: success only when the platform says so
/// in the body, and every failure sorted into transient or permanent (`reference/webhooks.md` §0–5).
public enum DeliveryClassifier {
    /// DingTalk's penalty after more than 20 messages a minute.
    public static let dingTalkThrottlePause: Duration = .seconds(600)
    /// How long a WeCom bot is left alone after `45009`.
    public static let weComRateLimitPause: Duration = .seconds(60)
    /// The platform codes that refuse a request for rate (besides HTTP 429): WeCom 45009, DingTalk
    /// 130101 and 410100, Feishu/Lark 11232.
    public static let rateRefusalCodes = ["45009", "130101", "410100", "11232"]

    /// Classifies one attempt.
    /// - Parameters:
    ///   - kind: The target's platform.
    ///   - response: The reply, when one came.
    ///   - error: The transport error, when no complete reply came.
    ///   - masker: Masks secrets in the platform's message; pass the target's.
    ///   - signed: Whether the request carried a signature (the target has a signing secret): a generic
    ///     receiver's 401 or 403 then means the signature did not match, not that the URL is wrong.
    /// - Returns: The outcome.
    public static func classify(
        kind: NotifyTarget.Kind, response: HTTPResponse?, error: TransportError?, masker: SecretMasker = SecretMasker(),
        signed: Bool = false
    ) -> DeliveryOutcome {
        guard let response else { return classify(kind: kind, error: error ?? .cancelled) }
        let status = response.status
        let retryAfter = retryAfterDuration(response.header("Retry-After"))
        func failure(_ reason: DeliveryFailure.Reason, code: String? = nil, message: String? = nil) -> DeliveryFailure {
            DeliveryFailure(
                reason: reason, platform: kind, status: status, platformCode: code,
                platformMessage: message.map { masker.mask(String($0.prefix(200))) })
        }

        switch kind {
        case .wecom, .dingtalk, .feishu, .lark:
            if let reply = PlatformReply(body: response.body) {
                if reply.code == 0 {
                    return (200..<300).contains(status)
                        ? .sent : .transient(failure(.serverError, code: "0", message: reply.message), retryAfter: retryAfter, pause: nil)
                }
                return classifyCode(kind: kind, reply: reply, status: status, retryAfter: retryAfter, failure: failure)
            }
            return classifyStatus(status, retryAfter: retryAfter, success: false, failure: failure(_:code:message:), body: response.body)

        case .slack:
            let text = String(decoding: response.body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if status == 200, text == "ok" { return .sent }
            if status == 429 {
                return .transient(failure(.rateLimited, code: nil, message: nil), retryAfter: retryAfter, pause: retryAfter)
            }
            switch text {
            case "invalid_payload", "no_text", "too_many_attachments", "invalid_blocks", "invalid_blocks_format":
                return .permanent(failure(.badRequest, code: text), fix: .checkMessageFormat)
            case "action_prohibited", "posting_to_general_channel_denied":
                return .permanent(failure(.forbidden, code: text), fix: .checkPermissions)
            case "channel_not_found", "no_service", "no_team", "invalid_token", "no_service_id", "team_disabled":
                return .permanent(failure(.invalidKey, code: text), fix: .checkKey)
            case "channel_is_archived":
                return .permanent(failure(.gone, code: text), fix: .recreateWebhook)
            case "rollup_error":
                return .transient(failure(.serverError, code: text), retryAfter: retryAfter, pause: nil)
            default:
                return classifyStatus(status, retryAfter: retryAfter, success: false, failure: failure(_:code:message:), body: response.body)
            }

        case .teams:
            if status == 200 || status == 202 { return .sent }
            return classifyStatus(status, retryAfter: retryAfter, success: false, failure: failure(_:code:message:), body: response.body)

        case .webhook:
            if signed, status == 401 || status == 403 {
                let snippet = response.body.isEmpty ? nil : String(decoding: response.body.prefix(200), as: UTF8.self)
                return .permanent(failure(.signatureRejected, message: snippet), fix: .checkWebhookSecret)
            }
            return classifyStatus(status, retryAfter: retryAfter, success: true, failure: failure(_:code:message:), body: response.body)
        }
    }

    private static func classify(kind: NotifyTarget.Kind, error: TransportError) -> DeliveryOutcome {
        let reason: DeliveryFailure.Reason
        switch error {
        case .couldNotResolveHost, .couldNotConnect: reason = .connectionFailed
        case .timedOut: reason = .timedOut
        case .connectionReset: reason = .connectionLost
        case .cancelled: reason = .cancelled
        case .tls:
            return .permanent(DeliveryFailure(reason: .tls, platform: kind, transportError: error), fix: .checkTLS)
        case .invalidURL:
            return .permanent(DeliveryFailure(reason: .invalidURL, platform: kind, transportError: error), fix: .checkURL)
        case .other:
            reason = .connectionLost
        }
        return .transient(DeliveryFailure(reason: reason, platform: kind, transportError: error), retryAfter: nil, pause: nil)
    }

    /// Decides by status alone: 2xx (when `success` allows it), 3xx, 429, 5xx, other 4xx.
    private static func classifyStatus(
        _ status: Int, retryAfter: Duration?, success: Bool,
        failure: (DeliveryFailure.Reason, String?, String?) -> DeliveryFailure, body: [UInt8]
    ) -> DeliveryOutcome {
        let snippet = body.isEmpty ? nil : String(decoding: body.prefix(200), as: UTF8.self)
        switch status {
        case 200..<300:
            if success { return .sent }
            return .permanent(failure(.unexpectedReply, nil, snippet), fix: .checkURL)
        case 300..<400:
            return .permanent(failure(.redirect, nil, nil), fix: .checkURL)
        case 429:
            return .transient(failure(.rateLimited, nil, nil), retryAfter: retryAfter, pause: retryAfter)
        case 408:
            return .transient(failure(.timedOut, nil, nil), retryAfter: retryAfter, pause: nil)
        case 500..<600:
            return .transient(failure(.serverError, nil, snippet), retryAfter: retryAfter, pause: nil)
        case 401, 404:
            return .permanent(failure(.invalidKey, nil, snippet), fix: .checkKey)
        case 403:
            return .permanent(failure(.forbidden, nil, snippet), fix: .checkPermissions)
        case 410:
            return .permanent(failure(.gone, nil, snippet), fix: .recreateWebhook)
        case 413:
            return .permanent(failure(.tooLarge, nil, snippet), fix: .shortenMessage)
        default:
            return .permanent(failure(.httpStatus, nil, snippet), fix: .checkReceiver)
        }
    }

    /// The error-code tables of WeCom, DingTalk and Feishu/Lark.
    private static func classifyCode(
        kind: NotifyTarget.Kind, reply: PlatformReply, status: Int, retryAfter: Duration?,
        failure: (DeliveryFailure.Reason, String?, String?) -> DeliveryFailure
    ) -> DeliveryOutcome {
        let code = String(reply.code)
        let message = reply.message
        func transient(_ reason: DeliveryFailure.Reason, pause: Duration? = nil) -> DeliveryOutcome {
            .transient(failure(reason, code, message), retryAfter: max(retryAfter, pause), pause: pause)
        }
        func permanent(_ reason: DeliveryFailure.Reason, _ fix: DeliveryFix) -> DeliveryOutcome {
            .permanent(failure(reason, code, message), fix: fix)
        }
        switch (kind, reply.code) {
        case (.wecom, 45009): return transient(.rateLimited, pause: weComRateLimitPause)
        case (.wecom, -1), (.dingtalk, -1): return transient(.platformBusy)
        case (.wecom, 93000): return permanent(.invalidKey, .checkKey)
        case (.wecom, 45002): return permanent(.tooLarge, .shortenMessage)
        case (.wecom, 40008), (.wecom, 44004), (.wecom, 40058): return permanent(.badRequest, .checkMessageFormat)

        case (.dingtalk, 310000):
            let text = (message ?? "").lowercased()
            if text.contains("keyword") { return permanent(.keywordMissing, .addKeyword) }
            if text.contains("timestamp") { return permanent(.timestampRejected, .checkClock) }
            if text.contains("sign") { return permanent(.signatureRejected, .checkSigningSecret) }
            if text.contains("ip") || text.contains("whitelist") { return permanent(.ipNotAllowed, .allowIP) }
            return permanent(.rejected, .checkSigningSecret)
        case (.dingtalk, 300001), (.dingtalk, 300005), (.dingtalk, 400101), (.dingtalk, 400106):
            return permanent(.invalidKey, .checkKey)
        case (.dingtalk, 130101), (.dingtalk, 410100): return transient(.throttled, pause: dingTalkThrottlePause)
        case (.dingtalk, 400013), (.dingtalk, 400102): return permanent(.gone, .recreateWebhook)
        case (.dingtalk, 400105): return permanent(.badRequest, .checkMessageFormat)
        case (.dingtalk, 430101...430104): return permanent(.rejected, .checkMessageFormat)

        case (.feishu, 9499), (.lark, 9499): return permanent(.badRequest, .checkMessageFormat)
        case (.feishu, 19001), (.lark, 19001): return permanent(.invalidKey, .checkKey)
        case (.feishu, 19021), (.lark, 19021): return permanent(.signatureRejected, .checkSigningSecret)
        case (.feishu, 19022), (.lark, 19022): return permanent(.ipNotAllowed, .allowIP)
        case (.feishu, 19024), (.lark, 19024): return permanent(.keywordMissing, .feishuKeyword)
        case (.feishu, 11232), (.lark, 11232): return transient(.rateLimited)

        default:
            if status == 429 { return transient(.rateLimited, pause: retryAfter) }
            if (500..<600).contains(status) { return transient(.serverError) }
            return permanent(.rejected, .checkMessageFormat)
        }
    }

    private static func max(_ a: Duration?, _ b: Duration?) -> Duration? {
        switch (a, b) {
        case (nil, nil): nil
        case (let a?, nil): a
        case (nil, let b?): b
        case (let a?, let b?): Swift.max(a, b)
        }
    }

    /// `Retry-After` in whole seconds; an HTTP date is not read (no platform here sends one).
    static func retryAfterDuration(_ value: String?) -> Duration? {
        guard let value, let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return .seconds(Swift.min(seconds, 86_400))
    }
}

/// The `{errcode, errmsg}` / `{code, msg}` / `{StatusCode, StatusMessage}` envelope.
struct PlatformReply {
    var code: Int
    var message: String?

    init?(body: [UInt8]) {
        guard !body.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        else { return nil }
        let pairs: [(String, String)] = [("errcode", "errmsg"), ("code", "msg"), ("StatusCode", "StatusMessage")]
        for (codeKey, messageKey) in pairs {
            if let number = object[codeKey] as? NSNumber {
                code = number.intValue
                message = object[messageKey] as? String
                return
            }
        }
        return nil
    }
}
