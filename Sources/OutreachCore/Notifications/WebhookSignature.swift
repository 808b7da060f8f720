import Crypto
import Foundation

/// The request signatures of DingTalk, Feishu/Lark and Standard Webhooks (`reference/webhooks.md` §2.2,
/// §3.2, §5.1). All are HMAC-SHA256 and base64; they differ in key, message and where the result goes.
public enum WebhookSignature {
    /// DingTalk 加签: `base64(HMAC(key: secret, message: timestamp + "\n" + secret))`.
    /// - Parameters:
    ///   - secret: The `SEC…` secret, prefix included.
    ///   - timestampMilliseconds: Unix time in milliseconds, taken at send time.
    /// - Returns: The base64 signature, not yet URL-encoded.
    public static func dingTalk(secret: String, timestampMilliseconds: Int64) -> String {
        let message = "\(timestampMilliseconds)\n\(secret)"
        let code = HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return Data(code).base64EncodedString()
    }

    /// Feishu/Lark 签名校验: `base64(HMAC(key: timestamp + "\n" + secret, message: empty))`.
    /// - Parameters:
    ///   - secret: The bot's signing secret.
    ///   - timestampSeconds: Unix time in seconds, taken at send time.
    /// - Returns: The base64 signature, which travels in the JSON body.
    public static func feishu(secret: String, timestampSeconds: Int64) -> String {
        let key = "\(timestampSeconds)\n\(secret)"
        let code = HMAC<SHA256>.authenticationCode(for: [UInt8](), using: SymmetricKey(data: Array(key.utf8)))
        return Data(code).base64EncodedString()
    }

    /// Standard Webhooks v1: `v1,` + `base64(HMAC(key: decoded whsec key, message: id.timestamp.body))`.
    /// - Parameters:
    ///   - key: The HMAC key bytes (the base64-decoded part of `whsec_…`).
    ///   - id: The `webhook-id`, the same on every retry.
    ///   - timestampSeconds: The `webhook-timestamp` of this attempt.
    ///   - body: The exact body bytes sent.
    /// - Returns: The `webhook-signature` header value.
    public static func standardWebhooks(key: [UInt8], id: String, timestampSeconds: Int64, body: [UInt8]) -> String {
        var message = Array("\(id).\(timestampSeconds).".utf8)
        message.append(contentsOf: body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return "v1," + Data(code).base64EncodedString()
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters (`A–Z a–z 0–9 - . _ ~`), once.
    ///
    /// `CharacterSet.urlQueryAllowed` would leave `+`, `/` and `=` alone, and a server reads an
    /// unescaped `+` as a space: the signature then fails.
    public static func percentEncodeUnreserved(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += byte < 16 ? "%0\(hex)" : "%\(hex)"
            }
        }
        return out
    }
}

extension WebhookSignature {
    /// GitHub's `X-Hub-Signature-256` value, `sha256=<hex HMAC(key: secret, message: body)>`, for
    /// receivers that check GitHub-style signatures (`reference/webhooks.md` §5.2).
    public static func gitHubSHA256(secret: String, body: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + code.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}
