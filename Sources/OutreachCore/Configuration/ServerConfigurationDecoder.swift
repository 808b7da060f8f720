import Foundation
import OutreachFormats

/// Reads the `server:` section of `outreach.yaml` into a ``ServerConfiguration``, reporting every problem with
/// its line and column, as the `notify:` section is read. Other top-level sections are left alone.
public enum ServerConfigurationDecoder {
    static let fields = ["host", "port", "secure_cookies", "session_lifetime", "evidence_folder", "trusted_proxies"]

    /// - Returns: The configuration (the defaults when there is no `server:` section; nil when there are errors)
    ///   and every issue.
    public static func decode(_ file: SourceFile) -> (ServerConfiguration?, [InputIssue]) {
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
            issues.error(.wrongShape(field: "server", expected: .mapping, found: root.shape), at: root)
            return (nil, issues.issues)
        }
        var configuration = ServerConfiguration()
        guard let section = root["server"] else { return (configuration, issues.issues) }
        guard let reader = MappingReader(section, as: .configuration, field: "server", issues: &issues) else {
            return (nil, issues.issues)
        }
        reader.rejectUnknownFields(known: fields, issues: &issues)
        if let (host, node) = reader.optionalText("host", issues: &issues) {
            let trimmed = host.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.contains(" ") || trimmed.contains("/") {
                issues.error(.invalidHost(field: "host", value: host), at: node)
            } else {
                configuration.host = trimmed
            }
        }
        if let (text, node) = reader.optionalText("port", issues: &issues) {
            if let port = Int(text.trimmingCharacters(in: .whitespaces)), (0...65535).contains(port) {
                configuration.port = port
            } else {
                issues.error(.invalidPort(field: "port", value: text), at: node)
            }
        }
        if let secure = reader.optionalBool("secure_cookies", issues: &issues) { configuration.secureCookies = secure }
        if let (text, node) = reader.optionalText("session_lifetime", issues: &issues) {
            if let seconds = sessionLifetime(text) {
                configuration.sessionLifetimeSeconds = seconds
            } else {
                issues.error(.invalidSessionLifetime(field: "session_lifetime", value: text), at: node)
            }
        }
        if let (text, _) = reader.optionalText("evidence_folder", issues: &issues) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            configuration.evidenceFolder = trimmed.isEmpty ? nil : trimmed
        }
        if let proxies = reader.optionalTextList("trusted_proxies", issues: &issues) {
            for (text, node) in proxies {
                if let range = AddressRange(text) {
                    configuration.trustedProxies.ranges.append(range)
                } else {
                    issues.error(.invalidTrustedProxy(field: "trusted_proxies", value: text), at: node)
                }
            }
        }
        let result = issues.issues
        return (result.hasErrors ? nil : configuration, result)
    }

    /// `90m`, `12h`, `7d` as seconds, from 5 minutes to 30 days; nil otherwise.
    static func sessionLifetime(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last, let count = Int(trimmed.dropLast()), count > 0 else { return nil }
        let seconds: Int
        switch unit {
        case "m": seconds = count * 60
        case "h": seconds = count * 3600
        case "d": seconds = count * 86400
        default: return nil
        }
        return (300...(30 * 86400)).contains(seconds) ? seconds : nil
    }
}
