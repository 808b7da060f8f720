import OutreachFormats

/// Reads a targets file (考核目标, `targets/2027.yaml`): per branch and period, events to hold and
/// person-times to reach per segment. Validated the same way as campaign files.
///
/// ```yaml
/// year: 2027
/// targets:
///   - branch: xn-xianan
///     period: 2027-Q1          # 2027, 2027-H1, 2027-Q1 or 2027-03
///     events: 30
///     person_times: {elderly: 3000, students: 2000}
/// ```
public enum TargetFileDecoder {
    /// Whether a YAML file is a targets file rather than a campaign (it has `targets:` at the top).
    public static func isTargetsFile(_ bytes: [UInt8]) -> Bool {
        // A scan of the bytes: this runs on every file of an import, most of them large campaign files.
        let key = Array("targets:".utf8)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        return bytes.withUnsafeBufferPointer { buffer in
            func keyAt(_ start: Int) -> Bool {
                start + key.count <= buffer.count && (0..<key.count).allSatisfy { buffer[start + $0] == key[$0] }
            }
            if keyAt(0) || (buffer.starts(with: bom) && keyAt(bom.count)) { return true }
            var index = 0
            while index < buffer.count {
                if buffer[index] == 0x0A, keyAt(index + 1) { return true }
                index += 1
            }
            return false
        }
    }

    public static func decode(bytes: [UInt8], path: String, reference: ReferenceData) -> (targets: [Target], issues: [InputIssue]) {
        var issues = FileIssues(path: path)
        guard case .text(let text) = FileTextDecoder.decode(bytes) else {
            return ([], [FileTextDecoder.notUTF8Issue(bytes, path: path)])
        }
        guard let root = FileTextDecoder.parseYAML(text, issues: &issues) else {
            if issues.issues.isEmpty {
                issues.issues.append(.error(.emptyFile(expected: .target), at: SourceLocation(path: path, line: 1, column: 1)))
            }
            return ([], issues.issues)
        }
        guard let fields = MappingReader(root, as: .target, field: "targets", issues: &issues) else { return ([], issues.issues) }
        fields.rejectUnknownFields(known: ["year", "targets", "notes"], issues: &issues)
        let year = fields.optionalCount("year", issues: &issues) ?? nil
        if !fields.has("year") { issues.error(.missingField("year", in: .target), at: root) }
        var targets: [Target] = []
        var seen: [String: SourceLocation] = [:]
        for item in fields.optionalList("targets", issues: &issues) ?? [] {
            guard let entry = MappingReader(item, as: .target, field: "targets", issues: &issues) else { continue }
            entry.rejectUnknownFields(known: ["branch", "period", "events", "person_times", "notes"], issues: &issues)
            let branch = CampaignFileDecoder.lookup("branch", in: entry, as: .branch, known: reference.known(.branch), issues: &issues)
            var period: ReportPeriod?
            if let (text, node) = entry.requiredText("period", issues: &issues) {
                if let parsed = ReportPeriod(text) {
                    if let year, parsed.year != year {
                        issues.error(.targetOutsideYear(period: text, year: year), at: node)
                    } else {
                        period = parsed
                    }
                } else {
                    issues.error(.invalidPeriod(field: "period", value: text), at: node)
                }
            }
            let events = entry.optionalCount("events", issues: &issues)
            var counts: [Target.SegmentCount] = []
            if let node = entry.value("person_times"),
                let map = MappingReader(node, as: .target, field: "person_times", issues: &issues)
            {
                for pair in map.entries {
                    guard CampaignFileDecoder.checkReference(pair.key, pair.keyNode, as: .segment, known: reference.known(.segment), issues: &issues)
                    else { continue }
                    guard let text = pair.value.text, let count = parseCount(text) else {
                        issues.error(Diagnostic.badCount(field: pair.key, value: pair.value.text ?? ""), at: pair.value)
                        continue
                    }
                    counts.append(Target.SegmentCount(segment: AudienceSegment.ID(pair.key), count: count))
                }
            }
            guard let branch, let period, let events else { continue }
            let key = "\(branch)|\(period)"
            if let first = seen[key] {
                issues.error(.duplicateID(.target, id: "\(branch) \(period)", first: first), at: item)
                continue
            }
            seen[key] = issues.location(item)
            targets.append(Target(branch: Branch.ID(branch), period: period, events: events, personTimes: counts))
        }
        return (issues.errorCount > 0 ? [] : targets, issues.issues)
    }
}
