import OutreachFormats

/// Renders a notice for one target: template → text → platform body, split into numbered parts when
/// the platform's size limit (counted in UTF-8 bytes, or characters for Slack) would be passed.
///
/// ```swift
/// let parts = NoticeRenderer.render(notice, for: target, deliveryID: "n-42")
/// for part in parts {
///     let request = DeliveryRequestBuilder.request(for: part, target: target, attempt: now())
/// }
/// ```
public enum NoticeRenderer {
    /// Renders `notice` in `target`'s dialect.
    /// - Parameters:
    ///   - notice: The notice.
    ///   - target: The target; its template overrides, language, mentions, keyword and format apply.
    ///   - deliveryID: The outbox's stable id for this notice and target (the idempotency key); part
    ///     message ids are derived from it.
    /// - Returns: One part per request, in order; at least one.
    public static func render(_ notice: Notice, for target: NotifyTarget, deliveryID: String) -> [RenderedPart] {
        let language = target.language ?? notice.language
        let template = target.templates[notice.kind] ?? DefaultTemplates.template(for: notice.kind, language: language)
        let dialect = PlatformDialect(target: target, notice: notice, language: language)
        let text = template.render(notice.templateFields(language), escaping: dialect.escaping)
        // Split on the UTF-8 newline byte: a Character-level split walks grapheme clusters, which costs
        // more than the rest of rendering for Chinese text.
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
        }
        while let last = lines.last, last.allSatisfy(\.isWhitespace), lines.count > 1 { lines.removeLast() }
        let title = lines.first ?? ""
        let id = standardWebhooksID(deliveryID)
        let renderLines = lines.enumerated().map { RenderLine(text: $1, isTitle: $0 == 0) }

        // The common case, one part: build and measure the body once, and keep its bytes for sending.
        let whole = dialect.body(chunk: renderLines, title: title, label: nil, isFirst: true, index: 1, count: 1)
        if let limit = dialect.bodyLimit {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(1024)
            whole.write(into: &bytes, pretty: false, indent: 0)
            if bytes.count <= limit {
                return [
                    RenderedPart(
                        target: target.name, index: 1, count: 1, messageID: id, text: lines.joined(separator: "\n"), body: whole,
                        bodyBytes: bytes)
                ]
            }
        } else if dialect.fits(chunk: renderLines, title: title, label: nil, isFirst: true) {
            // Serialized here once, as every attempt would: a worker can then drop the tree.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(1024)
            whole.write(into: &bytes, pretty: false, indent: 0)
            return [
                RenderedPart(
                    target: target.name, index: 1, count: 1, messageID: id, text: lines.joined(separator: "\n"), body: whole,
                    bodyBytes: bytes)
            ]
        }

        let chunks = split(
            renderLines,
            fits: { chunk, label, isFirst in dialect.fits(chunk: chunk, title: title, label: label, isFirst: isFirst) }
        )
        return chunks.enumerated().map { offset, chunk in
            let index = offset + 1
            let label = chunks.count > 1 ? "(\(index)/\(chunks.count))" : nil
            var plain = chunk.enumerated().map { $0 == 0 && label != nil ? "\(label ?? "") \($1.text)" : $1.text }
            // A later part starts with the title again: "(2/3) title".
            if let label, chunk.first?.needsTitleBefore == true { plain.insert("\(label) \(title)", at: 0) }
            return RenderedPart(
                target: target.name,
                index: index,
                count: chunks.count,
                messageID: chunks.count > 1 ? "\(id)_\(index)" : id,
                text: plain.joined(separator: "\n"),
                body: dialect.body(
                    chunk: chunk, title: title, label: label, isFirst: index == 1, index: index, count: chunks.count)
            )
        }
    }

    /// A Standard Webhooks id has no `.` and no spaces: other characters become `_`.
    static func standardWebhooksID(_ deliveryID: String) -> String {
        var bytes: [UInt8] = Array("msg_".utf8)
        bytes.reserveCapacity(deliveryID.utf8.count + 4)
        var inScalar = false
        for byte in deliveryID.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                bytes.append(byte)
                inScalar = false
            case 0x80..<0xC0 where inScalar:
                continue  // the rest of a multi-byte character already replaced
            default:
                bytes.append(UInt8(ascii: "_"))
                inScalar = byte >= 0xC0
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Splits lines into chunks that each fit; a line too long on its own is cut between characters.
    ///
    /// The label used while measuring is the widest one for the assumed number of parts, and the
    /// assumption grows (9, 99, …) until the real count has no more digits than it.
    static func split(
        _ lines: [RenderLine], fits: (_ chunk: [RenderLine], _ label: String?, _ isFirst: Bool) -> Bool
    ) -> [[RenderLine]] {
        if fits(lines, nil, true) { return [lines] }
        var assumed = 9
        while true {
            let label = "(\(assumed)/\(assumed))"
            let chunks = greedy(lines) { fits($0, label, $1) }
            if chunks.count <= assumed || assumed >= 999_999 { return chunks }
            assumed = assumed * 10 + 9
        }
    }

    private static func greedy(_ lines: [RenderLine], fits: ([RenderLine], Bool) -> Bool) -> [[RenderLine]] {
        var chunks: [[RenderLine]] = []
        var current: [RenderLine] = []
        var pending = lines[...]
        while let line = pending.first {
            if fits(current + [line], chunks.isEmpty) {
                current.append(line)
                pending.removeFirst()
                continue
            }
            if !current.isEmpty {
                chunks.append(current)
                current = []
                continue
            }
            // The line alone is too long: cut off the longest prefix of whole characters that fits.
            let characters = Array(line.text)
            var low = 0
            var high = characters.count
            while low < high {
                let mid = (low + high + 1) / 2
                let piece = RenderLine(text: String(characters[..<mid]), isTitle: line.isTitle)
                if fits([piece], chunks.isEmpty) { low = mid } else { high = mid - 1 }
            }
            let cut = max(low, 1)
            chunks.append([RenderLine(text: String(characters[..<cut]), isTitle: line.isTitle)])
            pending.removeFirst()
            if cut < characters.count {
                pending.insert(
                    RenderLine(text: String(characters[cut...]), isTitle: false, continuesTitle: line.isTitle || line.continuesTitle),
                    at: pending.startIndex)
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }
}

/// One line of rendered text; the first line of a notice is its title.
struct RenderLine: Hashable, Sendable {
    var text: String
    var isTitle: Bool
    /// The rest of a title too long for one part: the part it starts needs no title in front.
    var continuesTitle = false

    /// Whether a part starting with this line must repeat the title.
    var needsTitleBefore: Bool { !isTitle && !continuesTitle }
}
