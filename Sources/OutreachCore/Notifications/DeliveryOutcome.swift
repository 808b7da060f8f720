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
        case .sent: return NoticeMessages.delivered.text(language)
        case .transient(let failure, _, _):
            return failure.message(language) + NoticeMessages.willBeRetried.text(language)
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
            what = NoticeMessages.requestFailed(platform: platformName).text(language)
        } else {
            var parts: [String] = []
            if let status { parts.append("HTTP \(status)") }
            if let platformCode { parts.append(NoticeMessages.platformCode(code: platformCode).text(language)) }
            var answer = parts.joined(separator: ", ")
            if let platformMessage, !platformMessage.isEmpty {
                answer += NoticeMessages.platformSaid(platformMessage).text(language)
            }
            what = NoticeMessages.platformAnswered(platform: platformName, answer: answer).text(language)
        }
        return NoticeMessages.failure(what: what, meaning: explanation(language)).text(language)
    }

    private func explanation(_ language: Language) -> String {
        switch reason {
        case .rateLimited: NoticeMessages.rateLimited.text(language)
        case .throttled:
            NoticeMessages.throttled.text(language)
        case .platformBusy: NoticeMessages.platformBusy.text(language)
        case .serverError: NoticeMessages.serverError.text(language)
        case .timedOut: NoticeMessages.timedOut.text(language)
        case .connectionFailed: NoticeMessages.connectionFailed.text(language)
        case .connectionLost:
            NoticeMessages.connectionLost.text(language)
        case .cancelled:
            NoticeMessages.cancelled.text(language)
        case .invalidKey:
            NoticeMessages.invalidKey.text(language)
        case .signatureRejected: NoticeMessages.signatureRejected.text(language)
        case .timestampRejected: NoticeMessages.timestampRejected.text(language)
        case .keywordMissing: NoticeMessages.keywordMissing.text(language)
        case .ipNotAllowed: NoticeMessages.ipNotAllowed.text(language)
        case .tooLarge: NoticeMessages.tooLarge.text(language)
        case .badRequest: NoticeMessages.badRequest.text(language)
        case .forbidden: NoticeMessages.forbidden.text(language)
        case .gone: NoticeMessages.gone.text(language)
        case .rejected: NoticeMessages.rejected.text(language)
        case .httpStatus: NoticeMessages.httpStatus.text(language)
        case .redirect: NoticeMessages.redirect.text(language)
        case .unexpectedReply: NoticeMessages.unexpectedReply.text(language)
        case .tls: NoticeMessages.tls.text(language)
        case .invalidURL: NoticeMessages.invalidURL.text(language)
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
            NoticeMessages.checkKey.text(language)
        case .checkSigningSecret:
            NoticeMessages.checkSigningSecret.text(language)
        case .checkWebhookSecret:
            NoticeMessages.checkWebhookSecret.text(language)
        case .feishuKeyword:
            NoticeMessages.feishuKeyword.text(language)
        case .checkClock:
            NoticeMessages.checkClock.text(language)
        case .addKeyword:
            NoticeMessages.addKeyword.text(language)
        case .allowIP:
            NoticeMessages.allowIP.text(language)
        case .shortenMessage:
            NoticeMessages.shortenMessage.text(language)
        case .checkMessageFormat:
            NoticeMessages.checkMessageFormat.text(language)
        case .checkPermissions:
            NoticeMessages.checkPermissions.text(language)
        case .recreateWebhook:
            NoticeMessages.recreateWebhook.text(language)
        case .checkURL:
            NoticeMessages.checkURL.text(language)
        case .checkTLS:
            NoticeMessages.checkTLS.text(language)
        case .checkReceiver:
            NoticeMessages.checkReceiver.text(language)
        }
    }
}
