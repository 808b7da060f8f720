import Foundation
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Testing

/// Every known-answer vector of `reference/webhooks.md` §7.
struct WebhookSignatureTests {
    @Test(arguments: [
        ("SECtest0123456789abcdef", "/lfnxUUu80FwVTsIlv2F1cMGBb+PxEKAwYh/bsRxXcc=", "%2FlfnxUUu80FwVTsIlv2F1cMGBb%2BPxEKAwYh%2FbsRxXcc%3D"),
        ("this is secret", "sSFWELbV2YwjdDQhWZwTcWlX5BWUx5J6TPpsZmuPii0=", "sSFWELbV2YwjdDQhWZwTcWlX5BWUx5J6TPpsZmuPii0%3D"),
    ])
    func dingTalkSignature(secret: String, base64: String, encoded: String) {
        let sign = WebhookSignature.dingTalk(secret: secret, timestampMilliseconds: 1_700_000_000_000)
        #expect(sign == base64)
        #expect(WebhookSignature.percentEncodeUnreserved(sign) == encoded)
    }

    @Test func dingTalkRequestCarriesTheSignatureEncodedOnce() throws {
        let endpoint = try WebhookEndpoint.make(kind: .dingtalk, value: "T").get()
        let target = NotifyTarget(name: "钉钉群", kind: .dingtalk, endpoint: endpoint, signing: SigningSecret(text: "SECtest0123456789abcdef"))
        let part = RenderedPart(target: "钉钉群", index: 1, count: 1, messageID: "m", text: "x", body: .object([("msgtype", "text")]))
        let request = DeliveryRequestBuilder.request(
            for: part, target: target, attempt: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(
            request.url
                == "https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000000&sign=%2FlfnxUUu80FwVTsIlv2F1cMGBb%2BPxEKAwYh%2FbsRxXcc%3D")
        #expect(!request.url.contains("%252F"))  // the WRONG double encoding
    }

    @Test(arguments: [
        ("100", "demo", "jquNHnVOwmDRfw+vqTIrY5dooJAgi5EcRtLsQE4wfXg="),
        ("1700000000", "test-secret", "mbm4Y4oluIPQ00qlBIhX8vAZ0EKv3nw0LuTb91jPL84="),
    ])
    func feishuSignature(timestamp: String, secret: String, expected: String) throws {
        let sign = WebhookSignature.feishu(secret: secret, timestampSeconds: try #require(Int64(timestamp)))
        #expect(sign == expected)
        #expect(sign != "ioThkp939qla5DvK7aF+h4LQRcKvYhihlJbNgHokY3s=")  // the WRONG DingTalk-style value
    }

    @Test func feishuSignatureGoesFirstInTheBody() throws {
        let endpoint = try WebhookEndpoint.make(kind: .feishu, value: "tok").get()
        let target = NotifyTarget(name: "飞书群", kind: .feishu, endpoint: endpoint, signing: SigningSecret(text: "test-secret"))
        let part = RenderedPart(
            target: "飞书群", index: 1, count: 1, messageID: "m", text: "…",
            body: .object([("msg_type", "text"), ("content", .object([("text", "…")]))]))
        let request = DeliveryRequestBuilder.request(for: part, target: target, attempt: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == #"{"timestamp":"1700000000","sign":"mbm4Y4oluIPQ00qlBIhX8vAZ0EKv3nw0LuTb91jPL84=","msg_type":"text","content":{"text":"…"}}"#)
        #expect(request.url == "https://open.feishu.cn/open-apis/bot/v2/hook/tok")
    }

    @Test func standardWebhooksOfficialVector() throws {
        let secret = try #require(SigningSecret(standardWebhooks: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        #expect(secret.keyBytes.count == 24)
        let signature = WebhookSignature.standardWebhooks(
            key: secret.keyBytes, id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestampSeconds: 1_614_265_330,
            body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func standardWebhooksKeepsTheIDAndRenewsTheTimestampPerAttempt() throws {
        let endpoint = try WebhookEndpoint.make(kind: .webhook, value: "https://hooks.example.org/outreach").get()
        let secret = try #require(SigningSecret(standardWebhooks: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let target = NotifyTarget(name: "relay", kind: .webhook, endpoint: endpoint, signing: secret)
        let part = try #require(NoticeRenderer.render(.fixtureReminder(), for: target, deliveryID: "n-42.1").first)
        let first = DeliveryRequestBuilder.request(for: part, target: target, attempt: Date(timeIntervalSince1970: 1_800_000_000))
        let retry = DeliveryRequestBuilder.request(for: part, target: target, attempt: Date(timeIntervalSince1970: 1_800_000_090))
        #expect(first.header("webhook-id") == "msg_n-42_1")
        #expect(retry.header("webhook-id") == "msg_n-42_1")
        #expect(first.header("webhook-timestamp") == "1800000000")
        #expect(retry.header("webhook-timestamp") == "1800000090")
        #expect(first.body == retry.body)
        let expected = WebhookSignature.standardWebhooks(
            key: secret.keyBytes, id: "msg_n-42_1", timestampSeconds: 1_800_000_090, body: retry.body)
        #expect(retry.header("webhook-signature") == expected)
        #expect(first.header("webhook-signature") != retry.header("webhook-signature"))
    }

    @Test func gitHubVector() {
        #expect(
            WebhookSignature.gitHubSHA256(secret: "It's a Secret to Everybody", body: Array("Hello, World!".utf8))
                == "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
    }

    @Test func unpaddedWhsecSecretsAreAccepted() throws {
        let padded = try #require(SigningSecret(standardWebhooks: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let unpadded = try #require(SigningSecret(standardWebhooks: "whsec_YWJjZA"))
        #expect(padded.keyBytes.count == 24)
        #expect(unpadded.keyBytes == Array("abcd".utf8))
        #expect(SigningSecret(standardWebhooks: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") == nil)
    }
}
