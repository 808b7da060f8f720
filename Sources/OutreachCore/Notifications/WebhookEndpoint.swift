import Crypto
import Foundation

/// Where a target's requests go: the platform URL built from a bare key/token, or the full URL the
/// platform shows (which may point at any host: a relay or a local test server).
///
/// `description` shows only the scheme and host.
public struct WebhookEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// Why a configured value does not make an endpoint. The value itself is never part of it.
    public enum Failure: Error, Hashable, Sendable {
        /// The kind needs the full URL (Teams, generic webhooks).
        case needsFullURL
        /// Not an `http(s)://host…` URL, or a bare key with characters a key never has.
        case malformed
    }

    /// The absolute URL requests are posted to (signing parameters are added per attempt).
    public let url: String
    /// The key or token as configured, when a bare one was given.
    public let bareKey: String?
    /// The rate-budget key of the bot behind this endpoint: the same for every target that uses the
    /// same key/token/URL, never the secret itself (a SHA-256 prefix), so it can be stored in a log.
    public let botIdentity: BotIdentity

    private init(url: String, bareKey: String?) {
        self.url = url
        self.bareKey = bareKey
        botIdentity = Self.identity(of: url)
    }

    /// Builds the endpoint of `kind` from a bare key/token or a full URL.
    /// - Parameters:
    ///   - kind: The platform.
    ///   - value: A bare key/token (`693a91f6-…`, a DingTalk access token, a Feishu hook token, Slack
    ///     `T…/B…/X…`) or a full `http(s)://` URL.
    /// - Returns: The endpoint, or why the value is not usable.
    public static func make(kind: NotifyTarget.Kind, value: String) -> Result<WebhookEndpoint, Failure> {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains("://") {
            let lowered = trimmed.lowercased()
            let afterScheme = trimmed.drop { $0 != ":" }.dropFirst(3)
            let host = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), !host.isEmpty,
                !trimmed.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F })
            else { return .failure(.malformed) }
            return .success(WebhookEndpoint(url: trimmed, bareKey: nil))
        }
        let allowed = kind == .slack ? keyCharacters + "/" : keyCharacters
        guard !trimmed.isEmpty, trimmed.allSatisfy({ allowed.contains($0) }) else { return .failure(.malformed) }
        let url: String
        switch kind {
        case .wecom: url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=\(trimmed)"
        case .dingtalk: url = "https://oapi.dingtalk.com/robot/send?access_token=\(trimmed)"
        case .feishu: url = "https://open.feishu.cn/open-apis/bot/v2/hook/\(trimmed)"
        case .lark: url = "https://open.larksuite.com/open-apis/bot/v2/hook/\(trimmed)"
        case .slack:
            let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return .failure(.malformed) }
            url = "https://hooks.slack.com/services/\(trimmed)"
        case .teams, .webhook: return .failure(.needsFullURL)
        }
        return .success(WebhookEndpoint(url: url, bareKey: trimmed))
    }

    private static let keyCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."

    /// Whether requests would travel unencrypted (`http://`).
    public var isPlainHTTP: Bool { url.lowercased().hasPrefix("http://") }

    private static func identity(of url: String) -> BotIdentity {
        let digest = SHA256.hash(data: Array(url.utf8))
        let hex = digest.prefix(12).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
        return BotIdentity(rawValue: hex)
    }

    /// The parts of the URL that are secret: the bare key, the URL itself.
    var secretValues: [String] { [url] + (bareKey.map { [$0] } ?? []) }

    public var description: String { "\(RedactedURL.schemeAndHost(of: url))/…" }
}

/// Identifies one bot (webhook) for rate budgets, shared by every target and process that sends to it.
public struct BotIdentity: Hashable, Sendable, Codable, CustomStringConvertible {
    /// 24 hex digits of the SHA-256 of the endpoint URL.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { "bot-\(rawValue)" }
}
