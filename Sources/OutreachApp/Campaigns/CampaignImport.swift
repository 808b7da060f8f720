import Foundation
import OutreachCore

/// Imports campaign and target files (`outreach import`): every file is checked, together with the campaigns
/// already stored, and only when none has an error is anything written. The campaigns go in one unit of work
/// with the notices they call for, planned by the `notify:` configuration's reminder policy; target files
/// then replace the targets that came from the same file.
///
/// ```swift
/// let importer = CampaignImport(store: store, reference: reference, notify: configuration)
/// let checked = try await importer.check(files)
/// guard !checked.hasErrors else { … }   // report checked.issues: nothing was written
/// let summary = try await importer.store(checked, at: now)
/// ```
public struct CampaignImport: Sendable {
    public let store: any OutreachStore
    public let reference: ReferenceData
    /// Plans the reminders of the events an import touches; nil plans none (no `notify:` configuration).
    public let reminders: ReminderPlanner?

    public init(store: any OutreachStore, reference: ReferenceData, notify: NotifyConfiguration?) {
        self.store = store
        self.reference = reference
        reminders = notify.map { ReminderPlanner(configuration: $0, reference: reference) }
    }

    /// Files read and checked, ready to store.
    public struct Checked: Sendable {
        /// The campaign files' validation (campaigns and issues).
        public var report: ValidationReport
        /// Each target file's targets, in the order given.
        public var targets: [(path: String, targets: [Target])]
        /// Whether any of the files was a campaign file (not only target files).
        public var hasCampaignFiles: Bool
        /// Every issue, campaign files' first.
        public var issues: [InputIssue] { report.issues }
        public var hasErrors: Bool { report.hasErrors }
        public var targetCount: Int { targets.reduce(0) { $0 + $1.targets.count } }
    }

    /// Decodes and validates the files: target files (a top-level `targets:` key) on their own, campaign
    /// files together and against the events already stored. Writes nothing.
    public func check(_ files: [SourceFile]) async throws -> Checked {
        let isTargets = files.map { TargetFileDecoder.isTargetsFile($0.bytes) }
        let campaignFiles = files.indices.filter { !isTargets[$0] }.map { files[$0] }
        var targets: [(path: String, targets: [Target])] = []
        var targetIssues: [InputIssue] = []
        for file in files.indices.filter({ isTargets[$0] }).map({ files[$0] }) {
            let (decoded, issues) = TargetFileDecoder.decode(bytes: file.bytes, path: file.path, reference: reference)
            targets.append((file.path, decoded))
            targetIssues += issues
        }
        let stored = try await store.events(matching: EventQuery(ordered: false))
        let others = stored.map { ScheduledEvent(event: $0.event, campaignEnd: $0.campaignEnd, location: nil) }
        var report = await CampaignValidator.validate(campaignFiles, reference: reference, others: others)
        report.issues += targetIssues
        return Checked(report: report, targets: targets, hasCampaignFiles: !campaignFiles.isEmpty)
    }

    /// Stores checked files: the campaigns and their reminders in one unit of work, then each target file's
    /// targets. Stores nothing when the check found errors.
    ///
    /// - Returns: what the import changed, or nil when there were errors.
    @discardableResult
    public func store(_ checked: Checked, at now: Date) async throws -> ImportSummary? {
        guard !checked.hasErrors else { return nil }
        let campaigns = checked.report.campaigns
        let sources = Dictionary(campaigns.map { ($0.campaign.id, $0.source.path) }, uniquingKeysWith: { a, _ in a })
        let summary = try await store.importCampaigns(
            campaigns.map(\.campaign), sources: sources, reminders: reminders, at: now)
        for (path, targets) in checked.targets {
            try await store.replaceTargets(targets, source: path)
        }
        return summary
    }
}
