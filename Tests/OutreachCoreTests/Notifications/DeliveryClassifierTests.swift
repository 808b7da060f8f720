import OutreachCore
import Testing

/// Every row of the platforms' error tables (`reference/webhooks.md` §1.5, §2.5, §3.4, §4, §5.1).
struct DeliveryClassifierTests {
    enum Expected: Equatable {
        case sent
        case transient(DeliveryFailure.Reason, retryAfter: Int?, pause: Int?)
        case permanent(DeliveryFailure.Reason, DeliveryFix)
    }

    static func expected(_ outcome: DeliveryOutcome) -> Expected {
        switch outcome {
        case .sent: .sent
        case .transient(let failure, let retryAfter, let pause):
            .transient(failure.reason, retryAfter: retryAfter.map { Int($0.components.seconds) }, pause: pause.map { Int($0.components.seconds) })
        case .permanent(let failure, let fix): .permanent(failure.reason, fix)
        }
    }

    static func reply(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    static let rows: [(NotifyTarget.Kind, HTTPResponse, Expected)] = [
        // WeCom
        (.wecom, reply(200, #"{"errcode":0,"errmsg":"ok"}"#), .sent),
        (.wecom, reply(200, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#), .transient(.rateLimited, retryAfter: 60, pause: 60)),
        (.wecom, reply(200, #"{"errcode":-1,"errmsg":"system busy"}"#), .transient(.platformBusy, retryAfter: nil, pause: nil)),
        (.wecom, reply(200, #"{"errcode":93000,"errmsg":"invalid webhook url, from ip: 1.2.3.4"}"#), .permanent(.invalidKey, .checkKey)),
        (.wecom, reply(200, #"{"errcode":45002,"errmsg":"content size out of limit"}"#), .permanent(.tooLarge, .shortenMessage)),
        (.wecom, reply(200, #"{"errcode":40008,"errmsg":"invalid message type"}"#), .permanent(.badRequest, .checkMessageFormat)),
        (.wecom, reply(200, #"{"errcode":44004,"errmsg":"empty content"}"#), .permanent(.badRequest, .checkMessageFormat)),
        (.wecom, reply(200, #"{"errcode":40058,"errmsg":"invalid parameter"}"#), .permanent(.badRequest, .checkMessageFormat)),
        (.wecom, reply(502, "<html>bad gateway</html>"), .transient(.serverError, retryAfter: nil, pause: nil)),
        (.wecom, reply(200, "<html>portal</html>"), .permanent(.unexpectedReply, .checkURL)),
        // DingTalk
        (.dingtalk, reply(200, #"{"errcode":0,"errmsg":"ok"}"#), .sent),
        (.dingtalk, reply(200, #"{"errcode":310000,"errmsg":"keywords not in content"}"#), .permanent(.keywordMissing, .addKeyword)),
        (.dingtalk, reply(200, #"{"errcode":310000,"errmsg":"invalid timestamp"}"#), .permanent(.timestampRejected, .checkClock)),
        (.dingtalk, reply(200, #"{"errcode":310000,"errmsg":"sign not match"}"#), .permanent(.signatureRejected, .checkSigningSecret)),
        (.dingtalk, reply(200, #"{"errcode":310000,"errmsg":"ip 1.2.3.4 not in whitelist"}"#), .permanent(.ipNotAllowed, .allowIP)),
        (.dingtalk, reply(200, #"{"errcode":300001,"errmsg":"robot 不存在"}"#), .permanent(.invalidKey, .checkKey)),
        (.dingtalk, reply(200, #"{"errcode":300005,"errmsg":"token is not exist"}"#), .permanent(.invalidKey, .checkKey)),
        (.dingtalk, reply(200, #"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#), .transient(.throttled, retryAfter: 600, pause: 600)),
        (.dingtalk, reply(200, #"{"errcode":410100,"errmsg":"发送速度太快而限流"}"#), .transient(.throttled, retryAfter: 600, pause: 600)),
        (.dingtalk, reply(200, #"{"errcode":-1,"errmsg":"系统繁忙"}"#), .transient(.platformBusy, retryAfter: nil, pause: nil)),
        (.dingtalk, reply(200, #"{"errcode":400013,"errmsg":"群已被解散"}"#), .permanent(.gone, .recreateWebhook)),
        // Feishu and Lark
        (.feishu, reply(200, #"{"code":0,"data":{},"msg":"success"}"#), .sent),
        (.feishu, reply(200, #"{"Extra":null,"StatusCode":0,"StatusMessage":"success"}"#), .sent),
        (.lark, reply(200, #"{"code":0,"data":{},"msg":"success"}"#), .sent),
        (.feishu, reply(400, #"{"code":9499,"data":{},"msg":"Bad Request"}"#), .permanent(.badRequest, .checkMessageFormat)),
        (.feishu, reply(200, #"{"code":19001,"msg":"param invalid: incoming webhook access token invalid"}"#), .permanent(.invalidKey, .checkKey)),
        (.feishu, reply(200, #"{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}"#), .permanent(.signatureRejected, .checkSigningSecret)),
        (.feishu, reply(200, #"{"code":19022,"msg":"Ip Not Allowed"}"#), .permanent(.ipNotAllowed, .allowIP)),
        (.lark, reply(200, #"{"code":19024,"msg":"Key Words Not Found"}"#), .permanent(.keywordMissing, .feishuKeyword)),
        (.feishu, reply(200, #"{"code":11232,"msg":"frequency limited"}"#), .transient(.rateLimited, retryAfter: nil, pause: nil)),
        // Slack
        (.slack, reply(200, "ok"), .sent),
        (.slack, reply(429, #"{"ok":false}"#, headers: [(name: "Retry-After", value: "30")]), .transient(.rateLimited, retryAfter: 30, pause: 30)),
        (.slack, reply(400, "invalid_payload"), .permanent(.badRequest, .checkMessageFormat)),
        (.slack, reply(400, "no_text"), .permanent(.badRequest, .checkMessageFormat)),
        (.slack, reply(400, "too_many_attachments"), .permanent(.badRequest, .checkMessageFormat)),
        (.slack, reply(403, "action_prohibited"), .permanent(.forbidden, .checkPermissions)),
        (.slack, reply(403, "posting_to_general_channel_denied"), .permanent(.forbidden, .checkPermissions)),
        (.slack, reply(404, "channel_not_found"), .permanent(.invalidKey, .checkKey)),
        (.slack, reply(404, "no_service"), .permanent(.invalidKey, .checkKey)),
        (.slack, reply(404, "no_team"), .permanent(.invalidKey, .checkKey)),
        (.slack, reply(410, "channel_is_archived"), .permanent(.gone, .recreateWebhook)),
        (.slack, reply(500, "rollup_error"), .transient(.serverError, retryAfter: nil, pause: nil)),
        (.slack, reply(200, #"{"ok":true}"#), .permanent(.unexpectedReply, .checkURL)),
        // Teams
        (.teams, reply(200, ""), .sent),
        (.teams, reply(202, ""), .sent),
        (.teams, reply(429, "", headers: [(name: "Retry-After", value: "7")]), .transient(.rateLimited, retryAfter: 7, pause: 7)),
        (.teams, reply(503, ""), .transient(.serverError, retryAfter: nil, pause: nil)),
        (.teams, reply(400, #"{"error":{}}"#), .permanent(.httpStatus, .checkReceiver)),
        (.teams, reply(401, ""), .permanent(.invalidKey, .checkKey)),
        // Generic Standard Webhooks receivers
        (.webhook, reply(200, ""), .sent),
        (.webhook, reply(204, ""), .sent),
        (.webhook, reply(301, ""), .permanent(.redirect, .checkURL)),
        (.webhook, reply(410, ""), .permanent(.gone, .recreateWebhook)),
        (.webhook, reply(413, ""), .permanent(.tooLarge, .shortenMessage)),
        (.webhook, reply(429, "", headers: [(name: "Retry-After", value: "120")]), .transient(.rateLimited, retryAfter: 120, pause: 120)),
        (.webhook, reply(502, ""), .transient(.serverError, retryAfter: nil, pause: nil)),
        (.webhook, reply(504, ""), .transient(.serverError, retryAfter: nil, pause: nil)),
        (.webhook, reply(422, ""), .permanent(.httpStatus, .checkReceiver)),
    ]

    @Test(arguments: rows)
    func classifiesReply(kind: NotifyTarget.Kind, response: HTTPResponse, expected: Expected) {
        #expect(Self.expected(DeliveryClassifier.classify(kind: kind, response: response, error: nil)) == expected)
    }

    @Test(arguments: [
        (TransportError.couldNotResolveHost, DeliveryFailure.Reason.connectionFailed, false),
        (.couldNotConnect, .connectionFailed, false),
        (.timedOut, .timedOut, true),
        (.connectionReset, .connectionLost, true),
        (.cancelled, .cancelled, true),
        (.other(code: 55, message: "send failure"), .connectionLost, true),
    ])
    func transportErrorsAreTransient(error: TransportError, reason: DeliveryFailure.Reason, unknown: Bool) {
        let outcome = DeliveryClassifier.classify(kind: .wecom, response: nil, error: error)
        #expect(Self.expected(outcome) == .transient(reason, retryAfter: nil, pause: nil))
        #expect(outcome.outcomeUnknown == unknown)
    }

    @Test func tlsAndBadURLArePermanent() {
        #expect(Self.expected(DeliveryClassifier.classify(kind: .slack, response: nil, error: .tls("certificate expired"))) == .permanent(.tls, .checkTLS))
        #expect(Self.expected(DeliveryClassifier.classify(kind: .teams, response: nil, error: .invalidURL)) == .permanent(.invalidURL, .checkURL))
    }

    @Test func messagesSayWhatToFixInBothLanguages() {
        let outcome = DeliveryClassifier.classify(
            kind: .dingtalk, response: Self.reply(200, #"{"errcode":310000,"errmsg":"keywords not in content"}"#), error: nil)
        #expect(
            outcome.message(.en)
                == "DingTalk answered HTTP 200, code 310000 (keywords not in content): the message lacks the robot's custom keyword. Set the target's 'keyword' to one of the robot's custom keywords.")
        #expect(
            outcome.message(.zh)
                == "钉钉返回 HTTP 200, 错误码 310000（keywords not in content）：消息中没有机器人的自定义关键词。请把通知目标的 'keyword' 设为机器人的自定义关键词之一。")
        let busy = DeliveryClassifier.classify(kind: .wecom, response: nil, error: .timedOut)
        #expect(busy.message(.en) == "The request to WeCom failed: no reply came in time, so the notice may have been delivered. It will be retried.")
        #expect(busy.message(.zh) == "发往企业微信的请求失败：等待回复超时，通知可能已经送达。稍后会自动重试。")
    }

    /// Issue 9: advice names the setting that fixes it — never a field the configuration refuses.
    @Test func adviceNamesTheRealFix() {
        // A signed generic webhook answered 401: the signing secret, not the key.
        let signed = DeliveryClassifier.classify(kind: .webhook, response: Self.reply(401, "invalid signature"), error: nil, signed: true)
        #expect(Self.expected(signed) == .permanent(.signatureRejected, .checkWebhookSecret))
        #expect(
            signed.message(.en)
                == "generic webhook answered HTTP 401 (invalid signature): the signature did not match. Check that the signing secret (secret_env) is the whsec_ secret the receiver verifies with, and that this machine's clock is right; the webhook URL itself was accepted.")
        #expect(
            signed.message(.zh)
                == "通用 Webhook返回 HTTP 401（invalid signature）：签名校验失败。请核对签名密钥（secret_env）与接收方验证签名所用的 whsec_ 密钥一致，并确认本机时钟准确；Webhook 地址本身无误。")
        // Unsigned, a 401 is still about the URL.
        let unsigned = DeliveryClassifier.classify(kind: .webhook, response: Self.reply(401, ""), error: nil)
        #expect(Self.expected(unsigned) == .permanent(.invalidKey, .checkKey))
        // Feishu's keyword check is the robot's setting: Feishu targets take no 'keyword'.
        let feishu = DeliveryClassifier.classify(kind: .feishu, response: Self.reply(200, #"{"code":19024,"msg":"Key Words Not Found"}"#), error: nil)
        #expect(
            feishu.message(.en)
                == "Feishu answered HTTP 200, code 19024 (Key Words Not Found): the message lacks the robot's custom keyword. The Feishu robot checks for custom keywords: put one of them into this target's templates ('templates'), or change or turn off the keywords in the robot's security settings in Feishu.")
        #expect(!feishu.message(.en).contains("Set the target's 'keyword'"))
        #expect(
            feishu.message(.zh)
                == "飞书返回 HTTP 200, 错误码 19024（Key Words Not Found）：消息中没有机器人的自定义关键词。飞书机器人开启了自定义关键词校验：请在该目标的模板（templates）中加入其中一个关键词，或在飞书群机器人的安全设置中修改或关闭关键词。")
    }

    @Test func platformMessagesAreMasked() {
        let masker = SecretMasker(secrets: ["693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"])
        let outcome = DeliveryClassifier.classify(
            kind: .wecom,
            response: Self.reply(200, #"{"errcode":93000,"errmsg":"invalid webhook url https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"}"#),
            error: nil, masker: masker)
        #expect(outcome.failure?.platformMessage == "invalid webhook url https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***")
        #expect(!outcome.message(.en).contains("693a91f6"))
    }
}
