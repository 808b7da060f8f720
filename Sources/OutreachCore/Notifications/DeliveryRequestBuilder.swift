import Foundation
import OutreachFormats

/// Turns a rendered part into the HTTP request of one attempt, signing it with the attempt's time.
///
/// Call it again for every retry: DingTalk and Feishu reject timestamps more than an hour off and
/// Standard Webhooks receivers more than five minutes off, so signatures are never reused.
public enum DeliveryRequestBuilder {
    /// The part with only what ``request(for:target:attempt:)`` reads: its JSON tree is dropped when its bytes are
    /// kept and no attempt changes them (only a signed Feishu or Lark body is rebuilt, with the attempt's
    /// signature). A worker holds each claimed part until its send ends; the tree is dozens of small allocations.
    public static func keepingWhatAttemptsRead(_ part: RenderedPart, target: NotifyTarget) -> RenderedPart {
        guard part.bodyBytes != nil, !((target.kind == .feishu || target.kind == .lark) && target.signing != nil) else {
            return part
        }
        var part = part
        part.body = .null
        return part
    }

    /// Builds the request of one attempt.
    /// - Parameters:
    ///   - part: The rendered part.
    ///   - target: The target it was rendered for.
    ///   - time: The wall-clock time of this attempt (from the injected `now`).
    /// - Returns: A `POST` with a JSON body and, where the platform signs, the signature in the query
    ///   (DingTalk), the body (Feishu/Lark) or the headers (Standard Webhooks).
    public static func request(for part: RenderedPart, target: NotifyTarget, attempt time: Date) -> HTTPRequest {
        let seconds = Int64((time.timeIntervalSince1970).rounded(.down))
        var url = target.endpoint.url
        var body = part.body
        var bodyChanged = false
        var headers: [(name: String, value: String)] = [(name: "Content-Type", value: "application/json; charset=utf-8")]

        switch target.kind {
        case .dingtalk:
            if let secret = target.signing {
                let milliseconds = Timestamp.milliseconds(time)
                let sign = WebhookSignature.dingTalk(secret: secret.text, timestampMilliseconds: milliseconds)
                url += (url.contains("?") ? "&" : "?")
                    + "timestamp=\(milliseconds)&sign=\(WebhookSignature.percentEncodeUnreserved(sign))"
            }
        case .feishu, .lark:
            if let secret = target.signing, case .object(let pairs) = body {
                let sign = WebhookSignature.feishu(secret: secret.text, timestampSeconds: seconds)
                body = .object([("timestamp", .string(String(seconds))), ("sign", .string(sign))] + pairs)
                bodyChanged = true
            }
        case .webhook:
            headers.append((name: "webhook-id", value: part.messageID))
            headers.append((name: "webhook-timestamp", value: String(seconds)))
        case .wecom, .slack, .teams:
            break
        }

        var bytes: [UInt8]
        if let known = part.bodyBytes, !bodyChanged {
            bytes = known
        } else {
            bytes = []
            bytes.reserveCapacity(1024)
            body.write(into: &bytes, pretty: false, indent: 0)
        }
        if target.kind == .webhook, let secret = target.signing {
            let signature = WebhookSignature.standardWebhooks(
                key: secret.keyBytes, id: part.messageID, timestampSeconds: seconds, body: bytes)
            headers.append((name: "webhook-signature", value: signature))
        }
        return HTTPRequest(url: url, headers: headers, body: bytes)
    }
}
