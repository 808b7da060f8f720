import OutreachFormats

/// How one target's platform wants a notice: escaping, size limit and JSON body
/// (see `reference/webhooks.md` §1–5 for each shape).
struct PlatformDialect {
    let target: NotifyTarget
    let notice: Notice
    let language: Language

    /// Limits in UTF-8 bytes, except Slack's section limit in characters.
    enum Limit {
        static let wecomText = 2048
        static let wecomMarkdown = 4096
        static let dingtalkBody = 20_000
        /// Feishu's 20 KB covers the whole body; the signature fields added per attempt are reserved.
        static let feishuBody = 20_000 - 160
        static let slackSectionCharacters = 3000
        static let slackHeaderCharacters = 150
        static let teamsBody = 28_000
        static let webhookBody = 20_000
    }

    var escaping: Template.Escaping {
        switch (target.kind, target.format) {
        case (.wecom, .markdown), (.dingtalk, .markdown), (.feishu, .card), (.lark, .card): .markdown
        case (.slack, _): .slack
        default: .plain
        }
    }

    /// Whether the platform shows the title in a field of its own (so the title line leaves the body).
    private var hasTitleField: Bool {
        switch target.kind {
        case .feishu, .lark, .slack, .teams: true
        case .wecom, .dingtalk, .webhook: false
        }
    }

    // MARK: Measuring

    /// The whole-body byte limit, for the platforms whose limit is on the body (nil for WeCom and Slack,
    /// whose limits are on one field).
    var bodyLimit: Int? {
        switch target.kind {
        case .wecom, .slack: nil
        case .dingtalk: Limit.dingtalkBody
        case .feishu, .lark: Limit.feishuBody
        case .teams: Limit.teamsBody
        case .webhook: Limit.webhookBody
        }
    }

    func fits(chunk: [RenderLine], title: String, label: String?, isFirst: Bool) -> Bool {
        switch (target.kind, target.format) {
        case (.wecom, .text):
            return wecomContent(chunk, title: title, label: label, isFirst: isFirst).utf8.count <= Limit.wecomText
        case (.wecom, _):
            return wecomContent(chunk, title: title, label: label, isFirst: isFirst).utf8.count <= Limit.wecomMarkdown
        case (.slack, _):
            return slackSection(chunk, label: label, isFirst: isFirst).count <= Limit.slackSectionCharacters
        default:
            let limit =
                switch target.kind {
                case .dingtalk: Limit.dingtalkBody
                case .feishu, .lark: Limit.feishuBody
                case .teams: Limit.teamsBody
                default: Limit.webhookBody
                }
            let body = body(chunk: chunk, title: title, label: label, isFirst: isFirst, index: 1, count: label == nil ? 1 : 2)
            return body.serialized().utf8.count <= limit
        }
    }

    // MARK: Bodies

    func body(chunk: [RenderLine], title: String, label: String?, isFirst: Bool, index: Int, count: Int) -> JSONValue {
        let heading = label.map { "\(shortTitle(title)) \($0)" } ?? shortTitle(title)
        switch target.kind {
        case .wecom:
            let content = wecomContent(chunk, title: title, label: label, isFirst: isFirst)
            if target.format == .text {
                var text: [(String, JSONValue)] = [("content", .string(content))]
                if isFirst {
                    let users = target.mentions.users + (target.mentions.all ? ["@all"] : [])
                    if !users.isEmpty { text.append(("mentioned_list", .array(users.map { .string($0) }))) }
                    if !target.mentions.mobiles.isEmpty {
                        text.append(("mentioned_mobile_list", .array(target.mentions.mobiles.map { .string($0) })))
                    }
                }
                return .object([("msgtype", "text"), ("text", .object(text))])
            }
            return .object([("msgtype", "markdown"), ("markdown", .object([("content", .string(content))]))])

        case .dingtalk:
            let at: JSONValue = .object([
                ("atMobiles", .array(isFirst ? target.mentions.mobiles.map { .string($0) } : [])),
                ("atUserIds", .array(isFirst ? target.mentions.users.map { .string($0) } : [])),
                ("isAtAll", .bool(isFirst && target.mentions.all)),
            ])
            var raw = labelled(chunk, title: title, label: label)
            if let keyword = target.keyword, !raw.map(\.text).joined().contains(keyword), !raw.isEmpty {
                raw[0].text = "【\(keyword)】" + raw[0].text
            }
            var lines = raw.map { line in
                line.isTitle && target.format == .markdown ? "#### \(line.text)" : line.text
            }
            if isFirst {
                let mentions = target.mentions.mobiles.map { "@\($0)" } + target.mentions.users.map { "@\($0)" }
                if !mentions.isEmpty { lines.append(mentions.joined(separator: " ")) }
            }
            if target.format == .text {
                return .object([
                    ("msgtype", "text"), ("text", .object([("content", .string(lines.joined(separator: "\n")))])),
                    ("at", at),
                ])
            }
            var markdownTitle = heading
            if let keyword = target.keyword, !markdownTitle.contains(keyword) { markdownTitle = "【\(keyword)】" + markdownTitle }
            return .object([
                ("msgtype", "markdown"),
                ("markdown", .object([("title", .string(markdownTitle)), ("text", .string(lines.joined(separator: "\n\n")))])),
                ("at", at),
            ])

        case .feishu, .lark:
            let lines = chunk.filter { !$0.isTitle }.map(\.text)
            if target.format == .card {
                var content = lines.joined(separator: "\n")
                if isFirst {
                    let ats = target.mentions.users.map { "<at id=\($0)></at>" } + (target.mentions.all ? ["<at id=all></at>"] : [])
                    if !ats.isEmpty { content += (content.isEmpty ? "" : "\n") + ats.joined(separator: " ") }
                }
                return .object([
                    ("msg_type", "interactive"),
                    (
                        "card",
                        .object([
                            (
                                "header",
                                .object([
                                    ("title", .object([("tag", "plain_text"), ("content", .string(heading))])),
                                    ("template", .string(notice.urgent ? "red" : "blue")),
                                ])
                            ),
                            (
                                "elements",
                                .array([
                                    .object([("tag", "div"), ("text", .object([("tag", "lark_md"), ("content", .string(content))]))])
                                ])
                            ),
                        ])
                    ),
                ])
            }
            var rows: [JSONValue] = lines.map { .array([.object([("tag", "text"), ("text", .string($0))])]) }
            if isFirst {
                var ats: [JSONValue] = target.mentions.users.map { .object([("tag", "at"), ("user_id", .string($0))]) }
                if target.mentions.all { ats.append(.object([("tag", "at"), ("user_id", "all")])) }
                if !ats.isEmpty { rows.append(.array(ats)) }
            }
            let locale = language == .zh ? "zh_cn" : "en_us"
            return .object([
                ("msg_type", "post"),
                (
                    "content",
                    .object([
                        ("post", .object([(locale, .object([("title", .string(heading)), ("content", .array(rows))]))]))
                    ])
                ),
            ])

        case .slack:
            var header = heading
            if header.count > Limit.slackHeaderCharacters {
                header = String(header.prefix(Limit.slackHeaderCharacters - 1)) + "…"
            }
            var blocks: [JSONValue] = [
                .object([("type", "header"), ("text", .object([("type", "plain_text"), ("text", .string(header))]))])
            ]
            let section = slackSection(chunk, label: label, isFirst: isFirst)
            if !section.isEmpty {
                blocks.append(.object([("type", "section"), ("text", .object([("type", "mrkdwn"), ("text", .string(section))]))]))
            }
            return .object([("text", .string(heading)), ("blocks", .array(blocks))])

        case .teams:
            let text = chunk.filter { !$0.isTitle }.map(\.text).joined(separator: "\n\n")
            var blocks: [JSONValue] = [
                .object([("type", "TextBlock"), ("text", .string(heading)), ("wrap", true), ("weight", "Bolder")])
            ]
            if !text.isEmpty { blocks.append(.object([("type", "TextBlock"), ("text", .string(text)), ("wrap", true)])) }
            return .object([
                ("type", "message"),
                (
                    "attachments",
                    .array([
                        .object([
                            ("contentType", "application/vnd.microsoft.card.adaptive"),
                            ("contentUrl", .null),
                            (
                                "content",
                                .object([
                                    ("$schema", "http://adaptivecards.io/schemas/adaptive-card.json"),
                                    ("type", "AdaptiveCard"),
                                    ("version", "1.4"),
                                    ("body", .array(blocks)),
                                    ("msteams", .object([("width", "full")])),
                                ])
                            ),
                        ])
                    ])
                ),
            ])

        case .webhook:
            var data: [(String, JSONValue)] = [
                ("kind", .string(notice.kind.rawValue)),
                ("urgent", .bool(notice.urgent)),
                ("language", .string(language.rawValue)),
                ("title", .string(title)),
                ("text", .string(labelled(chunk, title: title, label: label).map(\.text).joined(separator: "\n"))),
                ("part", .object([("index", .int(index)), ("count", .int(count))])),
            ]
            // The structured facts go with a notice sent whole; a split one carries its text only.
            if count == 1 { data.append(("notice", notice.payload.json)) }
            return .object([
                ("type", .string("notice.\(notice.kind.rawValue)")),
                ("timestamp", .string(Timestamp.string(from: notice.createdAt))),
                ("data", .object(data)),
            ])
        }
    }

    // MARK: Pieces

    /// The lines with the "(1/3)" label in front of the first. A later part starts with the title again,
    /// so every part of a split notice says what it belongs to: "(2/3) title".
    private func labelled(_ chunk: [RenderLine], title: String, label: String?) -> [RenderLine] {
        guard let label, let first = chunk.first else { return chunk }
        if first.needsTitleBefore { return [RenderLine(text: "\(label) \(shortTitle(title))", isTitle: true)] + chunk }
        return [RenderLine(text: "\(label) \(first.text)", isTitle: first.isTitle)] + chunk.dropFirst()
    }

    private func wecomContent(_ chunk: [RenderLine], title: String, label: String?, isFirst: Bool) -> String {
        var lines = labelled(chunk, title: title, label: label).map { line in
            line.isTitle && target.format == .markdown ? "**\(line.text)**" : line.text
        }
        if isFirst, target.format == .markdown, !target.mentions.users.isEmpty {
            lines.append(target.mentions.users.map { "<@\($0)>" }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    private func slackSection(_ chunk: [RenderLine], label: String?, isFirst: Bool) -> String {
        var lines = chunk.filter { !$0.isTitle }.map(\.text)
        if isFirst {
            let mentions = target.mentions.users.map { "<@\($0)>" } + (target.mentions.all ? ["<!channel>"] : [])
            if !mentions.isEmpty { lines.append(mentions.joined(separator: " ")) }
        }
        return lines.joined(separator: "\n")
    }

    /// The title for title fields: at most 100 characters.
    private func shortTitle(_ title: String) -> String {
        title.count > 100 ? String(title.prefix(99)) + "…" : title
    }
}
