import Crypto
import Foundation
import OutreachCore
import Synchronization

/// A fake of every chat platform on one ``FakeWebhookServer``: it routes by path, verifies signatures
/// with each platform's own algorithm and timestamp window, checks DingTalk/Feishu keywords, enforces
/// rate windows (with DingTalk's 10-minute throttle), and answers with the platforms' success and
/// error bodies, errors inside HTTP 200 included.
///
/// | path | platform |
/// |---|---|
/// | `/cgi-bin/webhook/send?key=K` | WeCom |
/// | `/robot/send?access_token=T[&timestamp=&sign=]` | DingTalk |
/// | `/open-apis/bot/v2/hook/T` | Feishu / Lark |
/// | `/services/T…/B…/X…` | Slack |
/// | `/workflows/…` | Teams Workflows |
/// | anything else | a Standard Webhooks receiver |
///
/// Signing checks use its own code (not OutreachCore's), so a signing bug cannot hide behind itself.
package final class FakePlatformServer: Sendable {
    /// One bot the server knows, by its key or token.
    package struct Bot: Sendable {
        package var secret: String?
        package var keywords: [String]
        package init(secret: String? = nil, keywords: [String] = []) {
            self.secret = secret
            self.keywords = keywords
        }
    }

    /// What the server made of one request.
    package struct Delivery: Sendable {
        package var platform: String
        package var request: RecordedRequest
        /// Whether a signature was present and verified; nil when the bot does not sign.
        package var signatureVerified: Bool?
        /// The platform code answered (0 for success; HTTP status for Slack, Teams, generic).
        package var code: Int
        package var accepted: Bool { code == 0 }
    }

    private struct State {
        var wecom: [String: Bot] = [:]
        var dingtalk: [String: Bot] = [:]
        var feishu: [String: Bot] = [:]
        var slack: Set<String> = []
        var webhookSecret: [UInt8]?
        var sends: [String: [Date]] = [:]
        var throttledUntil: [String: Date] = [:]
        var overrides: [FakeWebhookServer.Action] = []
        var deliveries: [Delivery] = []
        var enforceRates = true
        var weComWindow = (count: 20, period: TimeInterval(60))
        var countingDelay: (@Sendable (Int) -> Duration)?
        var weComRequests = 0
    }

    private let state = Mutex(State())
    private let now: @Sendable () -> Date
    package let http: FakeWebhookServer

    /// Starts the server on 127.0.0.1, port 0.
    /// - Parameter now: The platforms' clock, for timestamp windows and rate windows.
    package init(now: @escaping @Sendable () -> Date = { Date() }) throws(SocketError) {
        self.now = now
        let box = HandlerBox()
        http = try FakeWebhookServer { request in box.handle(request) }
        box.server.withLock { $0.value = self }
    }

    deinit { http.stop() }

    package func stop() { http.stop() }

    /// `http://127.0.0.1:<port>` + path.
    package func url(_ pathAndQuery: String) -> String { http.url(pathAndQuery) }

    package func addWeCom(key: String) { state.withLock { $0.wecom[key] = Bot() } }
    package func addDingTalk(token: String, bot: Bot) { state.withLock { $0.dingtalk[token] = bot } }
    package func addFeishu(token: String, bot: Bot) { state.withLock { $0.feishu[token] = bot } }
    package func addSlack(path: String) { state.withLock { _ = $0.slack.insert(path) } }
    /// The Standard Webhooks secret (`whsec_…`) of the generic receiver; nil accepts unsigned requests.
    package func setWebhookSecret(_ secret: String?) {
        let key = secret.flatMap { Data(base64Encoded: String($0.dropFirst(6))) }.map { Array($0) }
        state.withLock { $0.webhookSecret = key }
    }
    package func setEnforcesRateLimits(_ enforce: Bool) { state.withLock { $0.enforceRates = enforce } }

    /// WeCom's rate window (20 per 60 s unless set), counted strictly by arrival.
    package func setWeComWindow(count: Int, period: TimeInterval) { state.withLock { $0.weComWindow = (count, period) } }

    /// How long the n-th WeCom request (from 0) takes to reach the platform's counter: a request counts
    /// when it arrives, which can be well after the sender started it.
    package func setCountingDelay(_ delay: @escaping @Sendable (Int) -> Duration) { state.withLock { $0.countingDelay = delay } }

    /// Makes the next requests get these actions instead of the platform's answer (429, stall, drop…).
    package func override(next actions: FakeWebhookServer.Action...) {
        override(next: actions)
    }

    package func override(next actions: [FakeWebhookServer.Action]) {
        state.withLock { $0.overrides += actions }
    }

    /// Every request so far, with the verdict.
    package var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    // MARK: Handling

    fileprivate func handle(_ request: RecordedRequest) -> FakeWebhookServer.Action {
        if let override = state.withLock({ $0.overrides.isEmpty ? nil : $0.overrides.removeFirst() }) {
            record(Delivery(platform: "override", request: request, signatureVerified: nil, code: -999))
            return override
        }
        let path = request.path
        if path == "/cgi-bin/webhook/send" { return wecom(request) }
        if path == "/robot/send" { return dingtalk(request) }
        if path.hasPrefix("/open-apis/bot/v2/hook/") { return feishu(request) }
        if path.hasPrefix("/services/") { return slack(request) }
        if path.hasPrefix("/workflows/") { return teams(request) }
        return webhook(request)
    }

    private func record(_ delivery: Delivery) { state.withLock { $0.deliveries.append(delivery) } }

    private func answer(
        _ platform: String, _ request: RecordedRequest, verified: Bool?, code: Int, json: String, status: Int = 200
    ) -> FakeWebhookServer.Action {
        record(Delivery(platform: platform, request: request, signatureVerified: verified, code: code))
        return .json(json, status: status)
    }

    /// Counts a send against `windows` for `bot`; returns false when it is over.
    private func admit(_ bot: String, windows: [(Int, TimeInterval)]) -> Bool {
        let time = now()
        return state.withLock { state in
            guard state.enforceRates else { return true }
            let recent = (state.sends[bot] ?? []).filter { time.timeIntervalSince($0) < 3600 }
            for (count, period) in windows where recent.filter({ time.timeIntervalSince($0) < period }).count >= count {
                return false
            }
            state.sends[bot] = recent + [time]
            return true
        }
    }

    private func wecom(_ request: RecordedRequest) -> FakeWebhookServer.Action {
        let key = queryValue(request, "key") ?? ""
        guard state.withLock({ $0.wecom[key] }) != nil else {
            return answer(
                "wecom", request, verified: nil, code: 93000,
                json: #"{"errcode":93000,"errmsg":"invalid webhook url, hint: [1700000000_1_abc], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=93000"}"#)
        }
        guard let object = jsonObject(request.body), let type = object["msgtype"] as? String,
            let content = (object[type] as? [String: Any])?["content"] as? String
        else { return answer("wecom", request, verified: nil, code: 40008, json: #"{"errcode":40008,"errmsg":"invalid message type"}"#) }
        let limit = type == "text" ? 2048 : 4096
        if content.utf8.count > limit {
            return answer("wecom", request, verified: nil, code: 45002, json: #"{"errcode":45002,"errmsg":"content size out of limit"}"#)
        }
        let (window, delay) = state.withLock { state in
            defer { state.weComRequests += 1 }
            return (state.weComWindow, state.countingDelay?(state.weComRequests))
        }
        if let delay {
            let (seconds, attoseconds) = delay.components
            usleep(useconds_t(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
        }
        guard admit("wecom:\(key)", windows: [(window.count, window.period)]) else {
            return answer("wecom", request, verified: nil, code: 45009, json: #"{"errcode":45009,"errmsg":"api freq out of limit"}"#)
        }
        return answer("wecom", request, verified: nil, code: 0, json: #"{"errcode":0,"errmsg":"ok"}"#)
    }

    private func dingtalk(_ request: RecordedRequest) -> FakeWebhookServer.Action {
        let token = queryValue(request, "access_token") ?? ""
        guard let bot = state.withLock({ $0.dingtalk[token] }) else {
            return answer("dingtalk", request, verified: nil, code: 300005, json: #"{"errcode":300005,"errmsg":"token is not exist"}"#)
        }
        var verified: Bool?
        if let secret = bot.secret {
            guard let timestamp = queryValue(request, "timestamp"), let milliseconds = Int64(timestamp),
                abs(now().timeIntervalSince1970 * 1000 - Double(milliseconds)) <= 3_600_000
            else {
                return answer("dingtalk", request, verified: false, code: 310000, json: #"{"errcode":310000,"errmsg":"invalid timestamp"}"#)
            }
            // The query value is percent-decoded exactly once, as DingTalk does.
            let sign = queryValue(request, "sign")?.removingPercentEncoding ?? ""
            let expected = Data(
                HMAC<SHA256>.authenticationCode(
                    for: Array("\(timestamp)\n\(secret)".utf8), using: SymmetricKey(data: Array(secret.utf8)))
            ).base64EncodedString()
            guard sign == expected else {
                return answer("dingtalk", request, verified: false, code: 310000, json: #"{"errcode":310000,"errmsg":"sign not match"}"#)
            }
            verified = true
        }
        guard let object = jsonObject(request.body), let type = object["msgtype"] as? String,
            let message = object[type] as? [String: Any]
        else {
            return answer("dingtalk", request, verified: verified, code: 400105, json: #"{"errcode":400105,"errmsg":"不支持的消息类型"}"#)
        }
        if !bot.keywords.isEmpty {
            let text = [message["content"], message["text"], message["title"]].compactMap { $0 as? String }.joined()
            guard bot.keywords.contains(where: text.contains) else {
                return answer("dingtalk", request, verified: verified, code: 310000, json: #"{"errcode":310000,"errmsg":"keywords not in content"}"#)
            }
        }
        let identity = "dingtalk:\(token)"
        let time = now()
        let throttled = state.withLock { state -> Bool in
            if let until = state.throttledUntil[identity], until > time { return true }
            return false
        }
        if throttled || !admit(identity, windows: [(20, 60)]) {
            if !throttled { state.withLock { $0.throttledUntil[identity] = time.addingTimeInterval(600) } }
            return answer(
                "dingtalk", request, verified: verified, code: 130101,
                json: #"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#)
        }
        return answer("dingtalk", request, verified: verified, code: 0, json: #"{"errcode":0,"errmsg":"ok"}"#)
    }

    private func feishu(_ request: RecordedRequest) -> FakeWebhookServer.Action {
        let token = String(request.path.dropFirst("/open-apis/bot/v2/hook/".count))
        guard let bot = state.withLock({ $0.feishu[token] }) else {
            return answer(
                "feishu", request, verified: nil, code: 19001,
                json: #"{"code":19001,"data":{},"msg":"param invalid: incoming webhook access token invalid"}"#)
        }
        guard request.body.count <= 20_000, let object = jsonObject(request.body), let type = object["msg_type"] as? String
        else { return answer("feishu", request, verified: nil, code: 9499, json: #"{"code":9499,"data":{},"msg":"Bad Request"}"#, status: 400) }
        var verified: Bool?
        if let secret = bot.secret {
            let timestamp = object["timestamp"] as? String ?? ""
            let expected = Data(
                HMAC<SHA256>.authenticationCode(for: [UInt8](), using: SymmetricKey(data: Array("\(timestamp)\n\(secret)".utf8)))
            ).base64EncodedString()
            guard let seconds = Double(timestamp), abs(now().timeIntervalSince1970 - seconds) <= 3600,
                object["sign"] as? String == expected
            else {
                return answer(
                    "feishu", request, verified: false, code: 19021,
                    json: #"{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}"#)
            }
            verified = true
        }
        if type == "interactive", object["card"] == nil {
            return answer("feishu", request, verified: verified, code: 9499, json: #"{"code":9499,"data":{},"msg":"params error, unknown card value"}"#, status: 400)
        }
        if !bot.keywords.isEmpty {
            let text = request.bodyText
            guard bot.keywords.contains(where: text.contains) else {
                return answer("feishu", request, verified: verified, code: 19024, json: #"{"code":19024,"data":{},"msg":"Key Words Not Found"}"#)
            }
        }
        guard admit("feishu:\(token)", windows: [(5, 1), (100, 60)]) else {
            return answer("feishu", request, verified: verified, code: 11232, json: #"{"code":11232,"data":{},"msg":"frequency limited psm[lark.oapi.app_platform_runtime]appID[1]"}"#)
        }
        return answer("feishu", request, verified: verified, code: 0, json: #"{"StatusCode":0,"StatusMessage":"success","code":0,"data":{},"msg":"success"}"#)
    }

    private func slack(_ request: RecordedRequest) -> FakeWebhookServer.Action {
        let known = state.withLock { $0.slack.contains(request.path) }
        func text(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> FakeWebhookServer.Action {
            record(Delivery(platform: "slack", request: request, signatureVerified: nil, code: status == 200 ? 0 : status))
            return .respond(status: status, headers: [(name: "Content-Type", value: "text/plain")] + headers, body: Array(body.utf8))
        }
        guard known else { return text(404, "no_team") }
        guard let object = jsonObject(request.body), object["text"] != nil || object["blocks"] != nil else {
            return text(400, "invalid_payload")
        }
        guard admit("slack:\(request.path)", windows: [(1, 1)]) else {
            return text(429, #"{"ok":false,"error":"rate_limited"}"#, headers: [(name: "Retry-After", value: "1")])
        }
        return text(200, "ok")
    }

    private func teams(_ request: RecordedRequest) -> FakeWebhookServer.Action {
        guard let object = jsonObject(request.body), object["type"] as? String == "message",
            let attachments = object["attachments"] as? [[String: Any]],
            attachments.first?["contentType"] as? String == "application/vnd.microsoft.card.adaptive"
        else {
            record(Delivery(platform: "teams", request: request, signatureVerified: nil, code: 400))
            return .json(#"{"error":{"code":"InvalidRequestContent","message":"The input body for trigger 'manual' of type 'Request' did not match its schema definition."}}"#, status: 400)
        }
        record(Delivery(platform: "teams", request: request, signatureVerified: nil, code: 0))
        return .respond(status: 202, headers: [], body: [])
    }

    private func webhook(_ request: RecordedRequest) -> FakeWebhookServer.Action {
        guard let key = state.withLock({ $0.webhookSecret }) else {
            record(Delivery(platform: "webhook", request: request, signatureVerified: nil, code: 0))
            return .respond(status: 204, headers: [], body: [])
        }
        let id = request.header("webhook-id") ?? ""
        let timestamp = request.header("webhook-timestamp") ?? ""
        let signatures = (request.header("webhook-signature") ?? "").split(separator: " ")
        var message = Array("\(id).\(timestamp).".utf8)
        message += request.body
        let expected = "v1," + Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))).base64EncodedString()
        guard let seconds = Double(timestamp), abs(now().timeIntervalSince1970 - seconds) <= 300, !id.isEmpty,
            signatures.contains(where: { $0 == expected })
        else {
            record(Delivery(platform: "webhook", request: request, signatureVerified: false, code: 401))
            return .respond(status: 401, headers: [], body: Array("invalid signature".utf8))
        }
        record(Delivery(platform: "webhook", request: request, signatureVerified: true, code: 0))
        return .respond(status: 204, headers: [], body: [])
    }

    // MARK: Helpers

    private func queryValue(_ request: RecordedRequest, _ name: String) -> String? {
        for pair in (request.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[0] == name { return String(parts[1]) }
        }
        return nil
    }

    private func jsonObject(_ body: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }
}

/// Lets the HTTP handler reach the platform object, which is made after the server it wraps.
private final class HandlerBox: Sendable {
    struct WeakReference { weak var value: FakePlatformServer? }
    let server = Mutex(WeakReference())

    func handle(_ request: RecordedRequest) -> FakeWebhookServer.Action {
        guard let platform = server.withLock({ $0.value }) else { return .respond(status: 503, headers: [], body: []) }
        return platform.handle(request)
    }
}
