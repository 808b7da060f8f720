import Foundation
import OutreachCore
import OutreachTestSupport
import Testing

/// Retry state machine, rate budgets, quiet hours, masking.
struct DeliveryPolicyTests {
    static let busy = DeliveryOutcome.transient(DeliveryFailure(reason: .platformBusy, platform: .wecom), retryAfter: nil, pause: nil)

    @Test func backoffGrowsWithFullJitterUpToTheCap() {
        let clock = TestClock()
        let policy = RetryPolicy(initialDelay: .seconds(5), maxDelay: .seconds(60), maxAttempts: 6, maxAge: .seconds(3600))
        var machine = DeliveryStateMachine(policy: policy, firstAttempt: clock.now)
        var random = SeededGenerator(seed: 7)
        var ceilings: [Duration] = []
        for attempt in 1...5 {
            let action = machine.attemptFinished(Self.busy, at: clock.now, random: &random)
            guard case .retry(let at, let pause) = action else {
                Issue.record("expected a retry, got \(action)")
                return
            }
            let wait = clock.now.duration(to: at)
            ceilings.append(policy.ceiling(afterAttempt: attempt))
            #expect(wait >= .zero && wait <= policy.ceiling(afterAttempt: attempt))
            #expect(pause == nil)
            clock.advance(by: wait)
        }
        #expect(ceilings == [.seconds(5), .seconds(10), .seconds(20), .seconds(40), .seconds(60)])
        guard case .dead(_, .attemptsExhausted(6)) = machine.attemptFinished(Self.busy, at: clock.now, random: &random) else {
            Issue.record("expected dead after 6 attempts")
            return
        }
    }

    @Test func retryAfterAndPlatformPauseAreHonoured() {
        let clock = TestClock()
        var machine = DeliveryStateMachine(policy: RetryPolicy(), firstAttempt: clock.now)
        var random = SeededGenerator(seed: 1)
        let throttled = DeliveryClassifier.classify(
            kind: .dingtalk, response: HTTPResponse(status: 200, body: Array(#"{"errcode":130101,"errmsg":"send too fast"}"#.utf8)), error: nil)
        #expect(machine.attemptFinished(throttled, at: clock.now, random: &random) == .retry(at: clock.now.advanced(by: .seconds(600)), pauseBotUntil: clock.now.advanced(by: .seconds(600))))
        let slack = DeliveryClassifier.classify(
            kind: .slack, response: HTTPResponse(status: 429, headers: [(name: "Retry-After", value: "30")]), error: nil)
        guard case .retry(let at, _) = machine.attemptFinished(slack, at: clock.now, random: &random) else {
            Issue.record("expected a retry")
            return
        }
        #expect(clock.now.duration(to: at) >= .seconds(30))
    }

    @Test func permanentGoesDeadAtOnceAndSentIsDone() {
        let clock = TestClock()
        var machine = DeliveryStateMachine(policy: RetryPolicy(), firstAttempt: clock.now)
        var random = SeededGenerator(seed: 1)
        let failure = DeliveryFailure(reason: .invalidKey, platform: .wecom, status: 200, platformCode: "93000")
        #expect(machine.attemptFinished(.permanent(failure, fix: .checkKey), at: clock.now, random: &random) == .dead(failure, .permanent(.checkKey)))
        var fresh = DeliveryStateMachine(policy: RetryPolicy(), firstAttempt: clock.now)
        #expect(fresh.attemptFinished(.sent, at: clock.now, random: &random) == .done)
    }

    @Test func tooOldNoticesAreNotRetried() {
        let clock = TestClock()
        var machine = DeliveryStateMachine(policy: RetryPolicy(maxAge: .seconds(60)), firstAttempt: clock.now)
        var random = SeededGenerator(seed: 3)
        clock.advance(by: .seconds(59))
        let pause = DeliveryOutcome.transient(DeliveryFailure(reason: .rateLimited, platform: .wecom), retryAfter: .seconds(60), pause: nil)
        guard case .dead(_, .tooOld) = machine.attemptFinished(pause, at: clock.now, random: &random) else {
            Issue.record("expected tooOld")
            return
        }
    }

    @Test func wallInstantsWorkWithTheMachine() {
        let start = WallInstant(Notice.fixtureDate)
        var machine = DeliveryStateMachine(policy: RetryPolicy(), firstAttempt: start)
        var random = SeededGenerator(seed: 9)
        guard case .retry(let at, _) = machine.attemptFinished(Self.busy, at: start, random: &random) else {
            Issue.record("expected a retry")
            return
        }
        #expect(at.date >= start.date && at.date <= start.date.addingTimeInterval(5))
    }

    @Test func rateBudgetQueuesBursts() {
        let now = Notice.fixtureDate
        let budget = RateBudget(windows: RateWindow.defaults(for: .wecom))
        let twenty = (0..<20).map { now.addingTimeInterval(Double(-50 + $0)) }
        #expect(budget.nextAllowed(after: now, recentSends: Array(twenty.prefix(19))) == now)
        #expect(budget.nextAllowed(after: now, recentSends: twenty) == now.addingTimeInterval(10))
        #expect(budget.nextAllowed(after: now, recentSends: [], pausedUntil: now.addingTimeInterval(600)) == now.addingTimeInterval(600))
        let feishu = RateBudget(windows: RateWindow.defaults(for: .feishu))
        let five = (0..<5).map { now.addingTimeInterval(Double($0) * -0.1) }
        #expect(feishu.nextAllowed(after: now, recentSends: five) == now.addingTimeInterval(0.6))
        let hundred = (0..<100).map { now.addingTimeInterval(Double(-59 + $0 / 2)) }
        #expect(feishu.nextAllowed(after: now, recentSends: hundred) == now.addingTimeInterval(1))
        #expect(RateBudget(windows: RateWindow.defaults(for: .webhook)).nextAllowed(after: now, recentSends: twenty) == now)
        #expect(RateWindow(parsing: "100/min") == RateWindow(count: 100, period: .seconds(60)))
        #expect(RateWindow(parsing: "20/minute") == nil)
    }

    @Test func botIdentityIsPerURLNotPerTarget() throws {
        let a = try WebhookEndpoint.make(kind: .wecom, value: "k1").get()
        let b = try WebhookEndpoint.make(kind: .wecom, value: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1").get()
        let c = try WebhookEndpoint.make(kind: .wecom, value: "k2").get()
        #expect(a.botIdentity == b.botIdentity)
        #expect(a.botIdentity != c.botIdentity)
        #expect(!a.botIdentity.description.contains("k1"))
    }

    @Test func quietHoursAndFeishuMinutes() throws {
        let zone = try #require(ZoneConverter(identifier: "Asia/Shanghai"))
        func at(_ text: String) throws -> Date { zone.date(of: try #require(LocalDateTime(text))) }
        let quiet = QuietHours.standard
        #expect(SendWindow.adjustedSendTime(try at("2027-03-09 23:10"), urgent: false, quietHours: quiet, zone: zone, kind: .wecom) == (try at("2027-03-10 08:00")))
        #expect(SendWindow.adjustedSendTime(try at("2027-03-09 06:00"), urgent: false, quietHours: quiet, zone: zone, kind: .wecom) == (try at("2027-03-09 08:00")))
        #expect(SendWindow.adjustedSendTime(try at("2027-03-09 23:10"), urgent: true, quietHours: quiet, zone: zone, kind: .wecom) == (try at("2027-03-09 23:10")))
        #expect(SendWindow.adjustedSendTime(try at("2027-03-09 12:00"), urgent: false, quietHours: nil, zone: zone, kind: .wecom) == (try at("2027-03-09 12:00")))
        #expect(SendWindow.adjustedSendTime(try at("2027-03-09 06:00"), urgent: false, quietHours: quiet, zone: zone, kind: .feishu) == (try at("2027-03-09 08:02")))
        #expect(SendWindow.adjustedSendTime(try at("2027-03-09 10:30"), urgent: false, quietHours: quiet, zone: zone, kind: .lark) == (try at("2027-03-09 10:32")))
        #expect(SendWindow.adjustedSendTime(try at("2027-03-09 10:31"), urgent: false, quietHours: quiet, zone: zone, kind: .feishu) == (try at("2027-03-09 10:31")))
        #expect(QuietHours(parsing: "22:00-08:00") == .standard)
    }

    @Test(arguments: [
        ("POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4", "POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***"),
        ("https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1&sign=%2Fab", "https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1&sign=***"),
        ("url=https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-aaaa 失败", "url=https://open.feishu.cn/open-apis/bot/v2/hook/*** 失败"),
        ("https://hooks.slack.com/services/T000/B000/XXXXXXXX", "https://hooks.slack.com/services/***"),
        ("https://x.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=1&sig=Zm9v", "https://x.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=1&sig=***"),
        ("secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw and SECtest0123456789abcdef01", "secret whsec_*** and SEC***"),
    ])
    func maskingPatterns(input: String, expected: String) {
        #expect(SecretMasker().mask(input) == expected)
    }

    @Test func configuredSecretsNeverAppearInDescriptionsOrLogs() throws {
        let key = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
        let dingSecret = "SECtest0123456789abcdef"
        let wecom = NotifyTarget(name: "城东群", kind: .wecom, endpoint: try WebhookEndpoint.make(kind: .wecom, value: key).get())
        let ding = NotifyTarget(
            name: "钉钉", kind: .dingtalk, endpoint: try WebhookEndpoint.make(kind: .dingtalk, value: "tok-secret-123").get(),
            signing: SigningSecret(text: dingSecret))
        let masker = SecretMasker(targets: [wecom, ding])
        let request = DeliveryRequestBuilder.request(
            for: try #require(NoticeRenderer.render(.fixtureReminder(), for: ding, deliveryID: "n").first), target: ding,
            attempt: Notice.fixtureDate)
        let texts = [
            wecom.description, ding.description, "\(wecom.endpoint)", "\(request)", "\(ding.signing.map { "\($0)" } ?? "")",
            masker.mask("sending to \(wecom.endpoint.url) and \(request.url) with \(dingSecret)"),
            masker.mask("odd place: \(key) / tok-secret-123"),
        ]
        for text in texts {
            #expect(!text.contains(key) && !text.contains("tok-secret-123") && !text.contains(dingSecret), "\(text)")
        }
    }
}
