/// The comments of a campaign file, attached to the fields they stand before or after, so that a file
/// written anew (`outreach campaign clone`) can carry them over.
///
/// A comment line belongs to the next field line (`key:` or `- key:`); a comment after a value on the
/// same line belongs to that field. Fields are named by their key and, inside `events`, by the event's
/// id. Lines inside `|` and `>` blocks are text, not comments.
public struct CampaignComments: Sendable, Equatable {
    public struct Key: Hashable, Sendable {
        /// The event's id, or nil for a field of the campaign itself.
        public var event: String?
        public var field: String

        public init(event: String?, field: String) {
            self.event = event
            self.field = field
        }
    }

    /// Whole-line comments before a field, as written without their indentation (`# 说明`).
    public var before: [Key: [String]] = [:]
    /// A comment after a field's value on the same line (`# 说明`).
    public var trailing: [Key: String] = [:]
    /// Comments after the last field of the file.
    public var end: [String] = []

    public init() {}

    public var isEmpty: Bool { before.isEmpty && trailing.isEmpty && end.isEmpty }

    /// Reads the comments of campaign file text.
    public static func read(_ text: String) -> CampaignComments {
        var comments = CampaignComments()
        var pending: [String] = []
        var inEvents = false
        var eventsIndent = -1
        var event: (id: String?, waiting: [(String, [String], String?)])?
        var blockIndent: Int?

        func attach(_ key: Key, before lines: [String], trailing: String?) {
            if !lines.isEmpty { comments.before[key, default: []] += lines }
            if let trailing { comments.trailing[key] = trailing }
        }
        func finishEvent() {
            guard let current = event else { return }
            // Fields read before the event's id was known are attached now.
            for (field, lines, trailing) in current.waiting {
                attach(Key(event: current.id, field: field), before: lines, trailing: trailing)
            }
            event = nil
        }

        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for raw in lines {
            let line = Substring(raw)
            let indent = line.prefix { $0 == " " }.count
            let body = line.dropFirst(indent)
            if let block = blockIndent {
                if body.isEmpty || indent > block { continue }
                blockIndent = nil
            }
            if body.isEmpty { continue }
            if body.first == "#" {
                pending.append(String(body))
                continue
            }
            guard let (isItem, key, value) = fieldLine(body) else { continue }
            let (valueText, trailing) = splitComment(value)
            if valueText.hasPrefix("|") || valueText.hasPrefix(">") { blockIndent = indent }
            if !inEvents || indent <= eventsIndent && !isItem {
                finishEvent()
                inEvents = key == "events" && indent == 0
                if inEvents { eventsIndent = indent }
                attach(Key(event: nil, field: key), before: pending, trailing: trailing)
                pending = []
                continue
            }
            if isItem {
                finishEvent()
                event = (nil, [])
            }
            if key == "id", event?.id == nil {
                event?.id = valueText.trimmingCharacters(in: " ")
            }
            event?.waiting.append((key, pending, trailing))
            pending = []
        }
        finishEvent()
        comments.end = pending
        return comments
    }

    /// `key: value` or `- key: value`, with a plain key of letters, digits and `_`.
    private static func fieldLine(_ body: Substring) -> (isItem: Bool, key: String, value: Substring)? {
        var rest = body
        var isItem = false
        if rest.hasPrefix("- ") {
            isItem = true
            rest = rest.dropFirst(2).drop { $0 == " " }
        }
        let key = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard !key.isEmpty, rest.dropFirst(key.count).first == ":" else { return nil }
        let after = rest.dropFirst(key.count + 1)
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        return (isItem, String(key), after.drop { $0 == " " || $0 == "\t" })
    }

    /// A value and the comment after it (`# …`), when the `#` follows a space outside quotes.
    private static func splitComment(_ value: Substring) -> (Substring, String?) {
        var quote: Character?
        var previous: Character = " "
        var index = value.startIndex
        while index < value.endIndex {
            let c = value[index]
            if let open = quote {
                if c == open { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#", previous == " " || previous == "\t" {
                var text = value[..<index]
                while text.last == " " || text.last == "\t" { text = text.dropLast() }
                return (text, String(value[index...]))
            }
            previous = c
            index = value.index(after: index)
        }
        return (value, nil)
    }
}
