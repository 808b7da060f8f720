import Foundation
import OutreachCore

/// Classifying a platform's reply. Input: a byte for the platform and whether the request was signed,
/// two for the status, header lines up to a blank line, then the body.
/// Invariants: the outcome reads in both languages (Chinese with Chinese in it); `sent` only with a 2xx
/// status; the target's secret never shows in a message, even when the reply echoes it.
enum DeliveryTarget {
    static let secret = "SECRETKEY0123456789abcdef"

    static func run(_ bytes: [UInt8]) {
        guard bytes.count >= 3 else { return }
        let kinds = NotifyTarget.Kind.allCases
        let kind = kinds[Int(bytes[0]) % kinds.count]
        let signed = bytes[0] & 0x80 != 0
        let status = Int(bytes[1]) << 8 | Int(bytes[2])
        var rest = Array(bytes.dropFirst(3))
        var headers: [(name: String, value: String)] = []
        while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: rest[..<newline], as: UTF8.self)
            rest.removeFirst(newline + 1)
            guard !line.isEmpty else { break }
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            headers.append((String(parts[0]), parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : ""))
        }
        let body = Array(String(decoding: rest, as: UTF8.self).replacing("SECRET", with: secret).utf8)
        let response = HTTPResponse(status: status, headers: headers, body: body)
        let outcome = DeliveryClassifier.classify(
            kind: kind, response: response, error: nil, masker: SecretMasker(secrets: [secret]), signed: signed)
        let zh = outcome.message(.zh), en = outcome.message(.en)
        require(!zh.isEmpty && !en.isEmpty, "an outcome without words: \(outcome)")
        require(zh.unicodeScalars.contains { $0.value >= 0x3000 }, "a Chinese message without Chinese: \(zh)")
        if case .sent = outcome { require((200..<300).contains(status), "sent with status \(status)") }
        for text in [zh, en, outcome.failure?.description ?? ""] {
            require(!text.contains(secret), "a message shows the secret: \(text)")
        }
    }
}
