import Foundation

/// One chat group (or generic receiver) that notices are sent to, as configured under `notify.targets`.
///
/// `description` never shows the key, token, URL path or secret; see ``SecretMasker``.
public struct NotifyTarget: Hashable, Sendable, CustomStringConvertible {
    /// The platform, which decides the URL form, the body dialect, signing, limits and error codes.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case wecom, dingtalk, feishu, lark, slack, teams, webhook

        /// The platform's name as users know it.
        public func displayName(_ language: Language) -> String {
            switch self {
            case .wecom: NoticeMessages.platformWeCom.text(language)
            case .dingtalk: NoticeMessages.platformDingTalk.text(language)
            case .feishu: NoticeMessages.platformFeishu.text(language)
            case .lark: "Lark"
            case .slack: "Slack"
            case .teams: "Teams"
            case .webhook: NoticeMessages.platformWebhook.text(language)
            }
        }
    }

    /// The message type sent on platforms that offer a choice.
    public enum Format: String, Hashable, Sendable, CaseIterable {
        /// WeCom and DingTalk markdown.
        case markdown
        /// WeCom text (needed for mentions by mobile number or `@all`).
        case text
        /// Feishu/Lark rich text (`msg_type: post`).
        case post
        /// Feishu/Lark interactive card (`msg_type: interactive`).
        case card
        /// Slack Block Kit blocks with a `text` fallback.
        case blocks
        /// Teams Workflows adaptive card.
        case adaptiveCard = "adaptive-card"
        /// Standard Webhooks JSON `{"type","timestamp","data"}`.
        case json

        /// The formats a kind accepts; the first is the default.
        public static func allowed(for kind: Kind) -> [Format] {
            switch kind {
            case .wecom: [.markdown, .text]
            case .dingtalk: [.markdown, .text]
            case .feishu, .lark: [.post, .card]
            case .slack: [.blocks]
            case .teams: [.adaptiveCard]
            case .webhook: [.json]
            }
        }
    }

    /// Who to @-mention in each notice (first part only).
    public struct Mentions: Hashable, Sendable {
        /// Mobile numbers (WeCom text, DingTalk).
        public var mobiles: [String]
        /// Platform user ids: WeCom userid, DingTalk userId, Feishu `ou_…`, Slack `U…`.
        public var users: [String]
        /// Mention everyone in the group.
        public var all: Bool

        public init(mobiles: [String] = [], users: [String] = [], all: Bool = false) {
            self.mobiles = mobiles
            self.users = users
            self.all = all
        }

        public var isEmpty: Bool { mobiles.isEmpty && users.isEmpty && !all }
    }

    /// The name used in routes, the CLI and the outbox (`城东支行群`).
    public var name: String
    public var kind: Kind
    public var endpoint: WebhookEndpoint
    /// DingTalk `SEC…` secret, Feishu/Lark signing secret, or Standard Webhooks `whsec_…` key.
    public var signing: SigningSecret?
    /// DingTalk custom keyword; put into every message so the robot's keyword check passes.
    public var keyword: String?
    public var mentions: Mentions
    public var format: Format
    /// Overrides the platform's default rate windows; `[]` means unlimited.
    public var rateOverride: [RateWindow]?
    /// Renders in this language instead of the notice's.
    public var language: Language?
    /// Template text per notice kind, replacing the shipped default.
    public var templates: [Notice.Kind: Template]
    /// A secret named by an environment variable that is not set (`key_env: OUTREACH_WECOM_EAST`): notices
    /// for the target are still queued, but nothing can be sent to it until the variable is set. The endpoint
    /// (or signing secret) is then a stand-in that is never used.
    public var unsetSecret: UnsetSecret?

    /// A `key_env` or `secret_env` whose variable has no value.
    public struct UnsetSecret: Hashable, Sendable {
        /// `key_env` or `secret_env`.
        public var field: String
        public var variable: String
        /// The secrets file also looked in, if the configuration names one.
        public var secretsFile: String?

        public init(field: String, variable: String, secretsFile: String? = nil) {
            self.field = field
            self.variable = variable
            self.secretsFile = secretsFile
        }

        /// "the environment variable 'X' (key_env) is not set", or with a secrets file, "is set neither …".
        public func text(_ language: Language) -> String {
            if let secretsFile {
                return NoticeMessages.secretSetNowhere(variable: variable, field: field, secretsFile: secretsFile).text(language)
            }
            return NoticeMessages.environmentVariableNotSet(variable: variable, field: field).text(language)
        }
    }

    public init(
        name: String, kind: Kind, endpoint: WebhookEndpoint, signing: SigningSecret? = nil, keyword: String? = nil,
        mentions: Mentions = Mentions(), format: Format? = nil, rateOverride: [RateWindow]? = nil,
        language: Language? = nil, templates: [Notice.Kind: Template] = [:]
    ) {
        self.name = name
        self.kind = kind
        self.endpoint = endpoint
        self.signing = signing
        self.keyword = keyword
        self.mentions = mentions
        self.format = format ?? Format.allowed(for: kind)[0]
        self.rateOverride = rateOverride
        self.language = language
        self.templates = templates
    }

    /// The rate windows in force: the override, or the platform's defaults.
    public var rateWindows: [RateWindow] { rateOverride ?? RateWindow.defaults(for: kind) }

    /// Whether requests to this target are signed.
    public var signs: Bool { signing != nil }

    /// Every secret value of this target, for masking.
    public var secretValues: [String] {
        var values = endpoint.secretValues
        if let signing { values.append(signing.text) }
        return values
    }

    /// `城东支行群 (wecom, https://qyapi.weixin.qq.com/…)`: no key, token or secret.
    public var description: String {
        "\(name) (\(kind.rawValue), \(RedactedURL.schemeAndHost(of: endpoint.url))/…)"
    }
}

/// A signing secret. `description` never shows it.
public struct SigningSecret: Hashable, Sendable, CustomStringConvertible {
    /// The secret as configured (`SEC…`, a Feishu secret, `whsec_…`).
    public let text: String
    /// The HMAC key bytes: the UTF-8 of `text`, or for `whsec_` secrets the base64-decoded part.
    public let keyBytes: [UInt8]

    /// A DingTalk or Feishu/Lark secret, used as UTF-8 text.
    public init(text: String) {
        self.text = text
        self.keyBytes = Array(text.utf8)
    }

    /// A Standard Webhooks secret `whsec_<base64>`; nil when it is not one (padding may be left out).
    public init?(standardWebhooks text: String) {
        guard text.hasPrefix("whsec_"), let key = decodeBase64(String(text.dropFirst(6))), !key.isEmpty else {
            return nil
        }
        self.text = text
        self.keyBytes = key
    }

    public var description: String { "<secret>" }
}

/// Decodes standard base64, with or without `=` padding.
func decodeBase64(_ text: String) -> [UInt8]? {
    var padded = text
    let remainder = padded.utf8.count % 4
    if remainder == 1 { return nil }
    if remainder > 0 { padded += String(repeating: "=", count: 4 - remainder) }
    return Data(base64Encoded: padded).map { Array($0) }
}
