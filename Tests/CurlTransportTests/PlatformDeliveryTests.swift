import CurlTransport
import Foundation
import OutreachCore
import OutreachTestSupport
import Testing

/// End to end: render, build, send with libcurl to the fake platforms, classify the reply.
struct PlatformDeliveryTests {
    struct Setup {
        let server: FakePlatformServer
        let transport: CurlNoticeTransport
    }

    func send(_ target: NotifyTarget, _ transport: CurlNoticeTransport, notice: Notice = .fixtureReminder()) async -> [DeliveryOutcome] {
        var outcomes: [DeliveryOutcome] = []
        for part in NoticeRenderer.render(notice, for: target, deliveryID: "n-1") {
            let request = DeliveryRequestBuilder.request(for: part, target: target, attempt: Date())
            do {
                let response = try await transport.send(request)
                outcomes.append(DeliveryClassifier.classify(kind: target.kind, response: response, error: nil, masker: SecretMasker(targets: [target])))
            } catch {
                outcomes.append(DeliveryClassifier.classify(kind: target.kind, response: nil, error: error))
            }
        }
        return outcomes
    }

    func target(_ kind: NotifyTarget.Kind, _ url: String, secret: String? = nil, keyword: String? = nil) throws -> NotifyTarget {
        let signing = secret.map { kind == .webhook ? SigningSecret(standardWebhooks: $0) : SigningSecret(text: $0) } ?? nil
        return NotifyTarget(
            name: "群", kind: kind, endpoint: try WebhookEndpoint.make(kind: kind, value: url).get(), signing: signing, keyword: keyword)
    }

    @Test(.timeLimit(.minutes(1)))
    func everyPlatformVerifiesAndAccepts() async throws {
        let server = try FakePlatformServer()
        defer { server.stop() }
        server.addWeCom(key: "wk")
        server.addDingTalk(token: "dt", bot: .init(secret: "SECtest0123456789abcdef", keywords: ["宣传"]))
        server.addFeishu(token: "fs", bot: .init(secret: "feishu-secret"))
        server.addFeishu(token: "lk", bot: .init(secret: "lark-secret"))
        server.addSlack(path: "/services/T1/B2/X3")
        server.setWebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let transport = makeTransport()
        let targets = [
            try target(.wecom, server.url("/cgi-bin/webhook/send?key=wk")),
            try target(.dingtalk, server.url("/robot/send?access_token=dt"), secret: "SECtest0123456789abcdef", keyword: "宣传"),
            try target(.feishu, server.url("/open-apis/bot/v2/hook/fs"), secret: "feishu-secret"),
            try target(.lark, server.url("/open-apis/bot/v2/hook/lk"), secret: "lark-secret"),
            try target(.slack, server.url("/services/T1/B2/X3")),
            try target(.teams, server.url("/workflows/abc/triggers/manual/paths/invoke?sig=S")),
            try target(.webhook, server.url("/outreach"), secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        ]
        for target in targets {
            #expect(await send(target, transport) == [.sent], "\(target.kind)")
        }
        await transport.shutdown()
        let deliveries = server.deliveries
        #expect(deliveries.map(\.platform) == ["wecom", "dingtalk", "feishu", "feishu", "slack", "teams", "webhook"])
        #expect(deliveries.map(\.signatureVerified) == [nil, true, true, true, nil, nil, true])
        #expect(deliveries[0].request.bodyText.contains("社区\\\"守护钱袋子\\\"防诈骗讲座"))
    }

    @Test(.timeLimit(.minutes(1)))
    func errorsInsideHTTP200AreClassifiedFromTheBody() async throws {
        let server = try FakePlatformServer()
        defer { server.stop() }
        server.addWeCom(key: "wk")
        server.addDingTalk(token: "dt", bot: .init(secret: "SECright", keywords: ["宣传"]))
        let transport = makeTransport()
        let wecom = try target(.wecom, server.url("/cgi-bin/webhook/send?key=wk"))
        let unknownKey = try target(.wecom, server.url("/cgi-bin/webhook/send?key=nope"))
        let noKeyword = try target(.dingtalk, server.url("/robot/send?access_token=dt"), secret: "SECright")
        let wrongSecret = try target(.dingtalk, server.url("/robot/send?access_token=dt"), secret: "SECwrong", keyword: "宣传")

        let missing = await send(unknownKey, transport)
        #expect(missing.first?.failure?.reason == .invalidKey)
        #expect(missing.first?.failure?.status == 200)
        #expect(missing.first?.message(.en).contains("nope") == false)
        guard case .permanent(let keywordFailure, .addKeyword)? = await send(noKeyword, transport).first else {
            Issue.record("expected keyword failure")
            return
        }
        #expect(keywordFailure.platformCode == "310000")
        guard case .permanent(_, .checkSigningSecret)? = await send(wrongSecret, transport).first else {
            Issue.record("expected signature failure")
            return
        }
        // The 21st message in a minute: WeCom answers 45009 inside HTTP 200.
        for _ in 0..<20 { #expect(await send(wecom, transport) == [.sent]) }
        guard case .transient(let failure, _, let pause)? = await send(wecom, transport).first else {
            Issue.record("expected a transient failure")
            return
        }
        #expect(failure.platformCode == "45009")
        #expect(pause == .seconds(60))
        await transport.shutdown()
    }

    @Test(.timeLimit(.minutes(1)))
    func dingTalkThrottlesForTenMinutes() async throws {
        let server = try FakePlatformServer()
        defer { server.stop() }
        server.addDingTalk(token: "dt", bot: .init(keywords: ["活动"]))
        let transport = makeTransport()
        let ding = try target(.dingtalk, server.url("/robot/send?access_token=dt"))
        for _ in 0..<20 { _ = await send(ding, transport) }
        for _ in 0..<2 {
            guard case .transient(let failure, let retryAfter, let pause)? = await send(ding, transport).first else {
                Issue.record("expected throttling")
                return
            }
            #expect(failure.reason == .throttled)
            #expect(retryAfter == .seconds(600) && pause == .seconds(600))
        }
        await transport.shutdown()
    }

    @Test(.timeLimit(.minutes(1)))
    func slack429StallsAndDropsAreTransient() async throws {
        let server = try FakePlatformServer()
        defer { server.stop() }
        server.addSlack(path: "/services/T1/B2/X3")
        let transport = makeTransport(.init(connectTimeout: .seconds(2), totalTimeout: .milliseconds(500)))
        let slack = try target(.slack, server.url("/services/T1/B2/X3"))
        server.override(next: .respond(status: 429, headers: [(name: "Retry-After", value: "3")], body: Array("rate_limited".utf8)))
        guard case .transient(_, .seconds(3)?, .seconds(3)?)? = await send(slack, transport).first else {
            Issue.record("expected Retry-After 3 s")
            return
        }
        server.override(next: .stall(.seconds(10)))
        let stalled = await send(slack, transport).first
        #expect(stalled?.failure?.reason == .timedOut)
        #expect(stalled?.outcomeUnknown == true)
        await transport.shutdown()
        // A dropped connection shows at once; a generous total timeout keeps a loaded machine from turning
        // the drop into a timeout.
        let patient = makeTransport(.init(connectTimeout: .seconds(2), totalTimeout: .seconds(10)))
        server.override(next: .dropConnection, .dropConnection)
        let dropped = await send(slack, patient).first
        #expect(dropped?.failure?.reason == .connectionLost)
        #expect(dropped?.outcomeUnknown == true)
        await patient.shutdown()
    }

    @Test(.timeLimit(.minutes(1)))
    func splitPartsEachArriveAndFitWeCom() async throws {
        let server = try FakePlatformServer()
        defer { server.stop() }
        server.addWeCom(key: "wk")
        let transport = makeTransport()
        let wecom = try target(.wecom, server.url("/cgi-bin/webhook/send?key=wk"))
        let outcomes = await send(wecom, transport, notice: .fixtureDigest(count: 60))
        #expect(outcomes.count > 1)
        #expect(outcomes.allSatisfy { $0 == .sent })
        #expect(server.deliveries.allSatisfy { $0.accepted })
        await transport.shutdown()
    }
}
