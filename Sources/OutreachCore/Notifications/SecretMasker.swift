import Foundation

/// Masks webhook credentials in any text before it is shown or logged.
///
/// Masked: the values of `key=`, `access_token=`, `token=`, `sig=`, `sign=`, `secret=` and
/// `timestamp`-free signature parameters; the token in `/hook/<token>`; Slack's `/services/T…/B…/X…`;
/// `whsec_…` and `SEC…` secrets; and every configured secret value anywhere in the text.
///
/// ```swift
/// let masker = SecretMasker(secrets: target.secretValues)
/// masker.mask("POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…")
/// // "POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***"
/// ```
public struct SecretMasker: Sendable, Hashable {
    /// What replaces a secret.
    public static let mask = "***"

    private let secrets: [String]

    /// - Parameter secrets: Configured secret values (keys, tokens, full URLs, signing secrets);
    ///   values shorter than 4 characters are ignored, since masking them would garble ordinary text.
    public init(secrets: [String] = []) {
        self.secrets = Array(Set(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    /// A masker for every secret of these targets.
    public init(targets: [NotifyTarget]) {
        self.init(secrets: targets.flatMap(\.secretValues))
    }

    /// Returns `text` with every credential replaced by `***`.
    public func mask(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacing(secret, with: Self.mask)
        }
        out = Self.maskQueryParameters(out)
        out = Self.maskPathSecrets(out)
        out = Self.maskPrefixedSecrets(out)
        return out
    }

    private static let parameterNames = ["key", "access_token", "token", "sig", "sign", "secret", "signature"]

    /// `name=value` where name is a credential parameter, preceded by `?`, `&`, a space, a quote or the start.
    private static func maskQueryParameters(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let equals = rest.firstIndex(of: "=") {
            let before = rest[..<equals]
            let nameStart = before.lastIndex { !isNameCharacter($0) }.map { before.index(after: $0) } ?? before.startIndex
            let name = before[nameStart...].lowercased()
            out += rest[...equals]
            rest = rest[rest.index(after: equals)...]
            guard parameterNames.contains(name) else { continue }
            let value = rest.prefix { !isValueTerminator($0) }
            guard !value.isEmpty, value != Substring(mask) else { continue }
            out += mask
            rest = rest[value.endIndex...]
        }
        return out + rest
    }

    /// `/hook/<token>` (Feishu, Lark) and `/services/<T>/<B>/<X>` (Slack).
    private static func maskPathSecrets(_ text: String) -> String {
        var out = text
        for marker in ["/hook/", "/services/"] {
            var result = ""
            var rest = Substring(out)
            while let range = rest.range(of: marker) {
                result += rest[..<range.upperBound]
                rest = rest[range.upperBound...]
                let allowSlash = marker == "/services/"
                let secret = rest.prefix { !isValueTerminator($0) && (allowSlash || $0 != "/") && $0 != "?" }
                if !secret.isEmpty, secret != Substring(mask) {
                    result += mask
                    rest = rest[secret.endIndex...]
                }
            }
            out = result + rest
        }
        return out
    }

    /// `whsec_…` and DingTalk `SEC` + 20 or more hex/alphanumerics.
    private static func maskPrefixedSecrets(_ text: String) -> String {
        var out = text
        for prefix in ["whsec_", "SEC"] {
            var result = ""
            var rest = Substring(out)
            while let range = rest.range(of: prefix) {
                let precededByWord = range.lowerBound > rest.startIndex && isNameCharacter(rest[rest.index(before: range.lowerBound)])
                let body = rest[range.upperBound...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }
                result += rest[..<range.upperBound]
                rest = rest[range.upperBound...]
                if !precededByWord, body.count >= (prefix == "SEC" ? 20 : 8) {
                    result += mask
                    rest = rest[body.endIndex...]
                }
            }
            out = result + rest
        }
        return out
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_")
    }

    private static func isValueTerminator(_ character: Character) -> Bool {
        character == "&" || character == "#" || character == "\"" || character == "'" || character.isWhitespace
            || character == "," || character == ")" || character == ">" || character == "]" || character == "}"
    }
}
