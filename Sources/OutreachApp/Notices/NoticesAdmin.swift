import Foundation
import OutreachCore

/// The chat-group notices as an admin manages them (the web app's `/notices`, `outreach notify targets|test|queue|
/// log|retry`): the targets with their secrets masked, a test notice to one target, the queue, the delivery log,
/// and the dead notices queued again.
///
/// Nothing it returns holds a webhook key, token, URL path or signing secret: targets show the scheme and host of
/// their endpoint only (`https://qyapi.weixin.qq.com/…`), and the platform answers are stored masked.
public struct NoticesAdmin: Sendable {
    public let store: any OutreachStore
    /// The `notify:` configuration; nil when there is none (no targets, nothing can be tested).
    public let configuration: NotifyConfiguration?
    /// Sends a test now (the composition root builds it over the delivery worker and a transport); nil when the
    /// front end cannot send.
    public let sender: ImmediateSender?

    /// The most log entries or queue entries shown at once.
    public static let maximumLimit = 500

    public init(store: any OutreachStore, configuration: NotifyConfiguration?, sender: ImmediateSender?) {
        self.store = store
        self.configuration = configuration
        self.sender = sender
    }

    /// One target as shown: never its key, token, URL path or secret.
    public struct TargetSummary: Equatable, Sendable {
        public var name: String
        public var kind: NotifyTarget.Kind
        /// The endpoint's scheme and host only, as `https://qyapi.weixin.qq.com/…`.
        public var maskedEndpoint: String
        /// Whether requests are signed (the secret is never shown).
        public var signs: Bool
        /// The variable naming its secret, when it is not set: nothing can be sent to it until it is.
        public var unsetSecret: NotifyTarget.UnsetSecret?
    }

    /// The targets of the configuration, in its order (none without one).
    public func targets() -> [TargetSummary] {
        (configuration?.targets ?? []).map { target in
            TargetSummary(
                name: target.name, kind: target.kind, maskedEndpoint: target.endpoint.description, signs: target.signs,
                unsetSecret: target.unsetSecret)
        }
    }

    /// The queue: how many notices are in each state, and the next ones not yet sent.
    public struct Queue: Sendable {
        public var counts: [OutboxDelivery.State: Int]
        /// Pending, in flight, failed and dead notices, next due first.
        public var next: [OutboxDelivery]

        public func count(_ state: OutboxDelivery.State) -> Int { counts[state] ?? 0 }
    }

    /// The queue's counts and at most `limit` of its next entries (`limit` is kept within 1…`maximumLimit`).
    public func queue(limit: Int) async throws -> Queue {
        let counts = try await store.stateCounts()
        let next = try await store.deliveries(matching: OutboxQuery(limit: Self.clamp(limit)))
        return Queue(counts: counts, next: next)
    }

    /// The delivery log, newest first: at most `limit` attempts (kept within 1…`maximumLimit`).
    public func log(limit: Int, target: String? = nil) async throws -> [DeliveryAttempt] {
        try await store.attempts(matching: DeliveryLogQuery(target: target, limit: Self.clamp(limit)))
    }

    /// Queues every dead notice again (pending, due now); the worker sends them.
    /// - Returns: How many.
    public func retryDead(at now: Date) async throws -> Int {
        try await NoticeRetry(outbox: store).retryAllDead(at: now)
    }

    /// What became of a test notice.
    public enum TestResult: Equatable, Sendable {
        /// The platform confirmed delivery.
        case delivered
        /// The platform answered and refused it: what it said (its code and message) and what to fix.
        case refused(String)
        /// No answer came: a timeout or a connection that failed; what happened.
        case noReply(String)
        /// It waits in the queue (a rate budget or a pause) until a time.
        case waiting(OutboxDelivery.ID, until: Date)
        /// No target has this name.
        case unknownTarget(String)
        /// The target's secret comes from a variable that is not set.
        case cannotSend(NotifyTarget.UnsetSecret)
        /// There is no `notify:` configuration, or this front end cannot send.
        case notConfigured
    }

    /// Sends a test notice to the target named `name` now, through the queue and the delivery log (as `outreach
    /// notify test` does), and says what became of it in `language`.
    public func test(targetNamed name: String, message: String? = nil, language: Language, at now: Date) async throws -> TestResult {
        guard let configuration, let sender else { return .notConfigured }
        guard let target = configuration.target(named: name) else { return .unknownTarget(name) }
        if let unset = target.unsetSecret { return .cannotSend(unset) }
        let sending = NoticeSending(store: store, configuration: configuration, sender: sender)
        let (outcome, answered) = try await sending.testAnswer(to: target, message: message, language: language, at: now)
        switch outcome {
        case .sent:
            return .delivered
        case .waiting(let id, let until, let lastError):
            if let lastError {
                let said = Self.line(lastError, language)
                return answered ? .refused(said) : .noReply(said)
            }
            return .waiting(id, until: until)
        case .notDelivered(let lastMessage):
            let said = lastMessage.map { Self.line($0, language) } ?? ""
            return answered ? .refused(said) : .noReply(said)
        case .nothingQueued, .noDigestToday:
            return .notConfigured
        }
    }

    /// The line of a stored two-language message (Chinese first, then English) for a language.
    public static func line(_ message: String, _ language: Language) -> String {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count >= 2 else { return message }
        return String(language == .zh ? lines[0] : lines[1])
    }

    static func clamp(_ limit: Int) -> Int { min(max(limit, 1), maximumLimit) }
}

/// The words of the notices admin, for every front end. Both languages side by side.
public enum NoticesAdminMessages {
    /// What became of a test notice to `target`; `time` shows an instant in local time.
    public static func testResult(_ result: NoticesAdmin.TestResult, target: String, time: (Date) -> String) -> Message {
        switch result {
        case .delivered:
            Message(zh: "已向 '\(target)' 发送测试通知，平台已确认送达。",
                    en: "Sent a test notice to '\(target)'; the platform confirmed delivery.")
        case .refused(let said):
            Message(zh: "平台拒收了发往 '\(target)' 的测试通知。\(said)",
                    en: "The platform refused the test notice to '\(target)'. \(said)")
        case .noReply(let said):
            Message(zh: "发往 '\(target)' 的测试通知没有及时得到平台答复。\(said)",
                    en: "No reply came in time for the test notice to '\(target)'. \(said)")
        case .waiting(let id, let until):
            Message(zh: "发往 '\(target)' 的测试通知（编号 \(id)）暂未发送，已排队至 \(time(until))。",
                    en: "The test notice to '\(target)' (notice \(id)) is queued until \(time(until)).")
        case .unknownTarget(let name):
            Message(zh: "没有名为 '\(name)' 的通知目标。",
                    en: "No notify target is named '\(name)'.")
        case .cannotSend(let unset):
            Message(zh: "无法发送到 '\(target)'：\(unset.text(.zh))。请设置后重启服务；在此之前通知照常排队。",
                    en: "Cannot send to '\(target)': \(unset.text(.en)). Set it and restart the server; until then notices are queued as usual.")
        case .notConfigured:
            Message(zh: "没有通知配置（outreach.yaml 的 'notify:' 部分），无法发送测试通知。",
                    en: "There is no notify configuration (the 'notify:' section of outreach.yaml), so no test notice can be sent.")
        }
    }

    public static func deadPendingAgain(count: Int) -> Message {
        Message(zh: "已重新排队 \(count) 条已放弃的通知。",
                en: "\(count) dead notice\(count == 1 ? " is" : "s are") pending again.")
    }
}
