import Foundation
import OutreachFormats

/// Reads the `notify:` section of `outreach.yaml` into a ``NotifyConfiguration``, reporting every
/// problem with its line and column (see `docs/notifications.md` for the format).
///
/// Secrets come from `key_env`/`secret_env` variables in the injected environment, or from the
/// secrets file (a YAML map of the same names to values) when the environment lacks them. Inline
/// `key`/`secret` values work but draw a warning. Messages name variables, never their values.
public enum NotifyConfigurationDecoder {
    static let configurationFields = [
        "targets", "routes", "quiet_hours", "urgent_in_quiet_hours", "time_zone", "secrets_file", "reminders", "digest",
        "off_track_margin",
        "rate_margin",
    ]
    static let targetFields = [
        "name", "kind", "key", "key_env", "secret", "secret_env", "keyword", "mentions", "format", "rate", "language",
        "templates",
    ]
    static let routeFields = ["to", "kinds", "branches", "campaigns"]
    static let mentionFields = ["mobiles", "users", "all"]

    /// Decodes the `notify:` section of a configuration file.
    /// - Parameters:
    ///   - file: The configuration file (`outreach.yaml`); other top-level sections are left alone.
    ///   - environment: The process environment (injected).
    ///   - knownBranches: Branch ids for checking routes, or nil to skip the check.
    ///   - readFile: Reads the secrets file named in `secrets_file`, as written; nil when it cannot be read.
    /// - Returns: The configuration (nil when there are errors, or no `notify:` section) and every issue.
    public static func decode(
        _ file: SourceFile, environment: [String: String], knownBranches: [Branch.ID]? = nil,
        readFile: @escaping (String) -> [UInt8]?
    ) -> (NotifyConfiguration?, [InputIssue]) {
        var issues = FileIssues(path: file.path)
        let text: String
        switch FileTextDecoder.decode(file.bytes) {
        case .text(let decoded): text = decoded
        case .problem(let problem):
            issues.issues.append(.error(problem, at: SourceLocation(path: file.path)))
            return (nil, issues.issues)
        }
        guard let root = FileTextDecoder.parseYAML(text, issues: &issues) else { return (nil, issues.issues) }
        guard case .mapping = root.content else {
            issues.error(.wrongShape(field: "notify", expected: .mapping, found: root.shape), at: root)
            return (nil, issues.issues)
        }
        guard let section = root["notify"] else { return (nil, issues.issues) }
        var decoder = Decoder(issues: issues, environment: environment, knownBranches: knownBranches, readFile: readFile)
        let configuration = decoder.configuration(section)
        let result = decoder.issues.issues
        return (result.hasErrors ? nil : configuration, result)
    }

    private struct Decoder {
        var issues: FileIssues
        let environment: [String: String]
        let knownBranches: [Branch.ID]?
        let readFile: (String) -> [UInt8]?
        var secrets: [String: String] = [:]
        var secretsFile: String?

        init(
            issues: FileIssues, environment: [String: String], knownBranches: [Branch.ID]?,
            readFile: @escaping (String) -> [UInt8]?
        ) {
            self.issues = issues
            self.environment = environment
            self.knownBranches = knownBranches
            self.readFile = readFile
        }

        mutating func configuration(_ node: YAMLNode) -> NotifyConfiguration? {
            guard let fields = MappingReader(node, as: .configuration, field: "notify", issues: &issues) else { return nil }
            fields.rejectUnknownFields(known: NotifyConfigurationDecoder.configurationFields, issues: &issues)
            var configuration = NotifyConfiguration()

            if let (path, pathNode) = fields.optionalText("secrets_file", issues: &issues) {
                loadSecrets(path, at: pathNode)
            }
            if let (zone, zoneNode) = fields.optionalText("time_zone", issues: &issues) {
                if ZoneConverter(identifier: zone) == nil {
                    issues.error(.invalidTimeZone(field: "time_zone", value: zone), at: zoneNode)
                } else {
                    configuration.timeZone = zone
                }
            }
            if let (hours, hoursNode) = fields.optionalText("quiet_hours", issues: &issues) {
                if ["off", "none", "false", "no"].contains(hours.lowercased()) {
                    configuration.quietHours = nil
                } else if let parsed = QuietHours(parsing: hours) {
                    configuration.quietHours = parsed
                } else {
                    issues.error(.invalidQuietHours(field: "quiet_hours", value: hours), at: hoursNode)
                }
            }
            if let urgent = fields.optionalBool("urgent_in_quiet_hours", issues: &issues) {
                configuration.quietHours?.urgentOverrides = urgent
            }
            if let values = fields.optionalTextList("reminders", issues: &issues) {
                configuration.reminders = []
                for (text, node) in values where !["off", "none"].contains(text.lowercased()) {
                    if let offset = ReminderOffset(parsing: text) {
                        if !configuration.reminders.contains(offset) { configuration.reminders.append(offset) }
                    } else {
                        issues.error(.invalidReminder(field: "reminders", value: text), at: node)
                    }
                }
            }
            if let (text, node) = fields.optionalText("digest", issues: &issues) {
                if ["off", "none", "false", "no"].contains(text.lowercased()) {
                    configuration.digestTime = nil
                } else if let time = LocalTime(text.trimmingCharacters(in: .whitespaces)) {
                    configuration.digestTime = time
                } else {
                    issues.error(.invalidTime(field: "digest", value: text), at: node)
                }
            }

            if let (text, node) = fields.optionalText("off_track_margin", issues: &issues) {
                if let margin = Int(text.trimmingCharacters(in: .whitespaces)), (1...100).contains(margin) {
                    configuration.offTrackMargin = margin
                } else {
                    issues.error(.invalidOffTrackMargin(field: "off_track_margin", value: text), at: node)
                }
            }

            if let (text, node) = fields.optionalText("rate_margin", issues: &issues) {
                if let margin = RateMargin(parsing: text) {
                    configuration.rateMargin = margin
                } else {
                    issues.error(.invalidRateMargin(field: "rate_margin", value: text), at: node)
                }
            }

            var firstByName: [String: SourceLocation] = [:]
            for item in fields.optionalList("targets", issues: &issues) ?? [] {
                guard let target = target(item) else { continue }
                if let first = firstByName[target.name] {
                    issues.error(.duplicateID(.notifyTarget, id: target.name, first: first), at: item)
                    continue
                }
                firstByName[target.name] = issues.location(item)
                configuration.targets.append(target)
            }
            let names = configuration.targets.map(\.name)
            for item in fields.optionalList("routes", issues: &issues) ?? [] {
                if let route = route(item, targetNames: names) { configuration.routes.append(route) }
            }
            return configuration
        }

        // MARK: Secrets

        private mutating func loadSecrets(_ path: String, at node: YAMLNode) {
            secretsFile = path
            guard let bytes = readFile(path) else {
                issues.error(.unreadableSecretsFile(path: path), at: node)
                return
            }
            var fileIssues = FileIssues(path: path)
            guard case .text(let text) = FileTextDecoder.decode(bytes),
                let root = FileTextDecoder.parseYAML(text, issues: &fileIssues)
            else {
                if fileIssues.issues.isEmpty { fileIssues.issues.append(.error(.notUTF8(byteOffset: 0), at: SourceLocation(path: path))) }
                issues.issues += fileIssues.issues
                return
            }
            guard case .mapping(let entries) = root.content else {
                issues.issues.append(
                    .error(.wrongShape(field: "secrets_file", expected: .mapping, found: root.shape), at: fileIssues.location(root)))
                return
            }
            for entry in entries {
                guard let name = entry.key.text else { continue }
                guard let value = entry.value.text else {
                    issues.issues.append(
                        .error(.wrongShape(field: name, expected: .scalar, found: entry.value.shape), at: fileIssues.location(entry.value)))
                    continue
                }
                secrets[name] = value
            }
        }

        /// A secret from `inline` (warned), or from `env` looked up in the environment, then the secrets file.
        /// A variable with no value is no error: it goes to `unset`, and the target's notices wait for it.
        private mutating func secret(
            _ fields: MappingReader, inline: String, env: String, required: Bool, unset: inout NotifyTarget.UnsetSecret?
        ) -> (String, YAMLNode)? {
            let inlineValue = fields.optionalText(inline, issues: &issues)
            let envValue = fields.optionalText(env, issues: &issues)
            switch (inlineValue, envValue) {
            case (let inlineValue?, nil):
                issues.warning(.secretInline(field: inline, instead: env), at: inlineValue.1)
                return inlineValue
            case (nil, let (variable, node)?):
                if let value = environment[variable] ?? secrets[variable], !value.isEmpty { return (value, node) }
                if unset == nil { unset = NotifyTarget.UnsetSecret(field: env, variable: variable, secretsFile: secretsFile) }
                return nil
            case (_?, let envValue?):
                issues.error(.conflictingFields(inline, env), at: envValue.1)
                return nil
            case (nil, nil):
                if required { issues.error(.missingOneOf([inline, env], in: .notifyTarget), at: fields.startNode) }
                return nil
            }
        }

        // MARK: Targets

        private mutating func target(_ node: YAMLNode) -> NotifyTarget? {
            guard let fields = MappingReader(node, as: .notifyTarget, field: "targets", issues: &issues) else { return nil }
            fields.rejectUnknownFields(known: NotifyConfigurationDecoder.targetFields, issues: &issues)
            let errorsBefore = issues.errorCount
            let name = fields.requiredText("name", issues: &issues)?.0
            let kind: NotifyTarget.Kind?
            if fields.has("kind") {
                kind = fields.optionalChoice("kind", as: NotifyTarget.Kind.self, issues: &issues) ?? nil
            } else {
                issues.error(.missingField("kind", in: .notifyTarget), at: node)
                kind = nil
            }
            var unset: NotifyTarget.UnsetSecret?
            guard let kind else {
                _ = secret(fields, inline: "key", env: "key_env", required: false, unset: &unset)
                return nil
            }

            // The endpoint; a stand-in, never used, while its variable is not set.
            var endpoint: WebhookEndpoint?
            if let (value, valueNode) = secret(fields, inline: "key", env: "key_env", required: true, unset: &unset) {
                let field = fields.has("key_env") ? "key_env" : "key"
                switch WebhookEndpoint.make(kind: kind, value: value) {
                case .success(let made):
                    endpoint = made
                    if made.isPlainHTTP {
                        issues.warning(
                            .plainHTTPWebhook(target: name ?? "", origin: RedactedURL.schemeAndHost(of: made.url)), at: valueNode)
                    }
                case .failure(.needsFullURL):
                    issues.error(.webhookNeedsURL(field: field, kind: kind.rawValue), at: valueNode)
                case .failure(.malformed):
                    issues.error(.invalidWebhook(field: field, kind: kind.rawValue), at: valueNode)
                }
            } else if unset != nil {
                endpoint = try? WebhookEndpoint.make(kind: .webhook, value: "https://unset.invalid/").get()
            }

            // Signing secret and keyword.
            var signing: SigningSecret?
            let signingKinds: [NotifyTarget.Kind] = [.dingtalk, .feishu, .lark, .webhook]
            if fields.has("secret") || fields.has("secret_env") {
                if !signingKinds.contains(kind) {
                    let field = fields.has("secret") ? "secret" : "secret_env"
                    reportNotForKind(field, kind: kind, kinds: signingKinds, fields: fields)
                } else if let (value, valueNode) = secret(fields, inline: "secret", env: "secret_env", required: false, unset: &unset) {
                    let field = fields.has("secret_env") ? "secret_env" : "secret"
                    if kind == .webhook {
                        signing = SigningSecret(standardWebhooks: value)
                        if signing == nil { issues.error(.invalidSigningSecret(field: field), at: valueNode) }
                    } else {
                        signing = SigningSecret(text: value)
                    }
                }
            }
            var keyword: String?
            if let (text, _) = fields.optionalText("keyword", issues: &issues) {
                if kind == .dingtalk { keyword = text } else { reportNotForKind("keyword", kind: kind, kinds: [.dingtalk], fields: fields) }
            }

            // Format and mentions.
            let allowedFormats = NotifyTarget.Format.allowed(for: kind)
            var format: NotifyTarget.Format?
            if let (text, formatNode) = fields.optionalText("format", issues: &issues) {
                let choices = allowedFormats.map(\.rawValue)
                if let chosen = NotifyTarget.Format(rawValue: text), allowedFormats.contains(chosen) {
                    format = chosen
                } else {
                    issues.error(
                        .invalidChoice(field: "format", value: text, choices: choices, suggestion: nearest(to: text, in: choices)),
                        at: formatNode)
                }
            }
            let mentions = self.mentions(fields, kind: kind, format: &format)

            // Rate, language, templates.
            let rate = self.rate(fields)
            let language = fields.optionalChoice("language", as: Language.self, issues: &issues) ?? nil
            let templates = self.templates(fields)

            guard issues.errorCount == errorsBefore, let name, let endpoint else { return nil }
            var target = NotifyTarget(
                name: name, kind: kind, endpoint: endpoint, signing: signing, keyword: keyword, mentions: mentions,
                format: format, rateOverride: rate, language: language, templates: templates)
            target.unsetSecret = unset
            return target
        }

        private mutating func reportNotForKind(
            _ field: String, kind: NotifyTarget.Kind, kinds: [NotifyTarget.Kind], fields: MappingReader
        ) {
            issues.error(
                .fieldNotForKind(field: field, kind: kind.rawValue, kinds: kinds.map(\.rawValue)),
                at: fields.keyNode(field) ?? fields.startNode)
        }

        private mutating func mentions(
            _ fields: MappingReader, kind: NotifyTarget.Kind, format: inout NotifyTarget.Format?
        ) -> NotifyTarget.Mentions {
            guard let node = fields.value("mentions"),
                let reader = MappingReader(node, as: .notifyTarget, field: "mentions", issues: &issues)
            else { return NotifyTarget.Mentions() }
            reader.rejectUnknownFields(known: NotifyConfigurationDecoder.mentionFields, issues: &issues)
            var mentions = NotifyTarget.Mentions(
                mobiles: (reader.optionalTextList("mobiles", issues: &issues) ?? []).map(\.0),
                users: (reader.optionalTextList("users", issues: &issues) ?? []).map(\.0),
                all: reader.optionalBool("all", issues: &issues) ?? false)
            func ignore(_ field: String, _ label: String) {
                if let keyNode = reader.keyNode(field) {
                    issues.warning(.mentionsIgnored(field: "mentions.\(field)", kind: label), at: keyNode)
                }
            }
            switch kind {
            case .wecom:
                if format == nil, !mentions.mobiles.isEmpty || mentions.all { format = .text }
                if format == .markdown {
                    if !mentions.mobiles.isEmpty { ignore("mobiles", "wecom markdown") }
                    if mentions.all { ignore("all", "wecom markdown") }
                    mentions.mobiles = []
                    mentions.all = false
                }
            case .dingtalk:
                break
            case .feishu, .lark, .slack:
                if !mentions.mobiles.isEmpty { ignore("mobiles", kind.rawValue) }
                mentions.mobiles = []
            case .teams, .webhook:
                for field in NotifyConfigurationDecoder.mentionFields { ignore(field, kind.rawValue) }
                mentions = NotifyTarget.Mentions()
            }
            return mentions
        }

        private mutating func rate(_ fields: MappingReader) -> [RateWindow]? {
            guard let values = fields.optionalTextList("rate", issues: &issues) else { return nil }
            var windows: [RateWindow] = []
            for (text, node) in values {
                if text.lowercased() == "unlimited" { continue }
                if let window = RateWindow(parsing: text) {
                    windows.append(window)
                } else {
                    issues.error(.invalidRate(field: "rate", value: text), at: node)
                }
            }
            return windows
        }

        private mutating func templates(_ fields: MappingReader) -> [Notice.Kind: Template] {
            guard let node = fields.value("templates"),
                let reader = MappingReader(node, as: .notifyTarget, field: "templates", issues: &issues)
            else { return [:] }
            let kinds = Notice.Kind.allCases.map(\.rawValue)
            reader.rejectUnknownFields(known: kinds, issues: &issues)
            var templates: [Notice.Kind: Template] = [:]
            for kind in Notice.Kind.allCases {
                guard let (text, textNode) = reader.optionalText(kind.rawValue, issues: &issues) else { continue }
                do {
                    templates[kind] = try Template(parsing: text)
                } catch {
                    issues.error(.invalidTemplate(field: "templates.\(kind.rawValue)", reason: error), at: textNode)
                }
            }
            return templates
        }

        // MARK: Routes

        private mutating func route(_ node: YAMLNode, targetNames: [String]) -> NotifyRoute? {
            guard let fields = MappingReader(node, as: .route, field: "routes", issues: &issues) else { return nil }
            fields.rejectUnknownFields(known: NotifyConfigurationDecoder.routeFields, issues: &issues)
            let errorsBefore = issues.errorCount
            var targets: [String] = []
            if let names = fields.optionalTextList("to", issues: &issues) {
                for (name, nameNode) in names {
                    if targetNames.contains(name) {
                        targets.append(name)
                    } else {
                        issues.error(
                            .unknownReference(.notifyTarget, value: name, suggestion: nearest(to: name, in: targetNames)),
                            at: nameNode)
                    }
                }
            } else if fields.keyNode("to") == nil {
                issues.error(.missingField("to", in: .route), at: node)
            } else if let keyNode = fields.keyNode("to") {
                issues.error(.emptyValue(field: "to"), at: keyNode)
            }
            var kinds: Set<Notice.Kind>?
            if let values = fields.optionalTextList("kinds", issues: &issues) {
                let choices = Notice.Kind.allCases.map(\.rawValue)
                kinds = []
                for (text, valueNode) in values {
                    if let kind = Notice.Kind(rawValue: text) {
                        kinds?.insert(kind)
                    } else {
                        issues.error(
                            .invalidChoice(field: "kinds", value: text, choices: choices, suggestion: nearest(to: text, in: choices)),
                            at: valueNode)
                    }
                }
            }
            var branches: [Branch.ID]?
            if let values = fields.optionalTextList("branches", issues: &issues) {
                branches = []
                let known = knownBranches?.map(\.rawValue)
                for (text, valueNode) in values {
                    if let known, !known.contains(text) {
                        issues.error(.unknownReference(.branch, value: text, suggestion: nearest(to: text, in: known)), at: valueNode)
                    } else {
                        branches?.append(Branch.ID(text))
                    }
                }
            }
            let campaigns = fields.optionalTextList("campaigns", issues: &issues)?.map { Campaign.ID($0.0) }
            guard issues.errorCount == errorsBefore else { return nil }
            return NotifyRoute(targets: targets, kinds: kinds, branches: branches, campaigns: campaigns)
        }
    }
}
