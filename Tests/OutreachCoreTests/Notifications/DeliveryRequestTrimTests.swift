import Foundation
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Testing

/// A worker keeps each claimed part without its JSON tree where no attempt needs it: the requests are the same.
struct DeliveryRequestTrimTests {
    static let time = Date(timeIntervalSince1970: 1_804_550_400)

    func targets() throws -> [NotifyTarget] {
        let secret = try #require(SigningSecret(standardWebhooks: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        return [
            NotifyTarget(name: "企业微信群", kind: .wecom, endpoint: try WebhookEndpoint.make(kind: .wecom, value: "k").get()),
            NotifyTarget(
                name: "钉钉群", kind: .dingtalk, endpoint: try WebhookEndpoint.make(kind: .dingtalk, value: "T").get(),
                signing: SigningSecret(text: "SECtest0123456789abcdef"), keyword: "宣传"),
            NotifyTarget(
                name: "飞书群", kind: .feishu, endpoint: try WebhookEndpoint.make(kind: .feishu, value: "tok").get(),
                signing: SigningSecret(text: "test-secret")),
            NotifyTarget(name: "飞书无签名", kind: .feishu, endpoint: try WebhookEndpoint.make(kind: .feishu, value: "tok2").get()),
            NotifyTarget(
                name: "relay", kind: .webhook, endpoint: try WebhookEndpoint.make(kind: .webhook, value: "https://hooks.example/x").get(),
                signing: secret),
        ]
    }

    @Test func aTrimmedPartMakesTheSameRequest() throws {
        for target in try targets() {
            for part in NoticeRenderer.render(.fixtureReminder(), for: target, deliveryID: "n-1") {
                let kept = DeliveryRequestBuilder.keepingWhatAttemptsRead(part, target: target)
                let full = DeliveryRequestBuilder.request(for: part, target: target, attempt: Self.time)
                let trimmed = DeliveryRequestBuilder.request(for: kept, target: target, attempt: Self.time)
                #expect(trimmed.url == full.url, "\(target.name)")
                #expect(trimmed.body == full.body, "\(target.name)")
                #expect(trimmed.headers.map(\.name) == full.headers.map(\.name), "\(target.name)")
                #expect(trimmed.headers.map(\.value) == full.headers.map(\.value), "\(target.name)")
                // Only a signed Feishu body is rebuilt per attempt (with its signature), so only it keeps its tree.
                let rebuilt = target.kind == .feishu && target.signing != nil
                #expect((kept.body == .null) == !rebuilt, "\(target.name)")
                #expect(part.bodyBytes != nil, "\(target.name): a notice of one part is serialized once, when rendered")
            }
        }
    }
}
