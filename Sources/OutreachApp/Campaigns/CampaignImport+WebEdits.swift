import Foundation
import OutreachCore

/// An event edited in the web app since its campaign was last imported or exported, that importing a campaign
/// file would change: the file, the edit, and what the import would do to it field by field.
public struct WebEditConflict: Hashable, Sendable {
    /// The campaign file being imported.
    public var path: String
    public var event: Event.ID
    public var title: BilingualName
    public var edit: WebEdit
    /// Field by field: before is what the store holds (the web edit), after what the import would store.
    public var differences: [EventFields.Difference]
    /// The file has no such event: the import would cancel it.
    public var missingFromFile: Bool
}

extension CampaignImport {
    /// The events edited on the web since the last import or export of their campaign that these files would
    /// change (an event the file no longer has would be cancelled). Writes nothing. An import that goes ahead
    /// settles the web edits of the campaigns it imports.
    public func webEditConflicts(_ checked: Checked) async throws -> [WebEditConflict] {
        let campaigns = checked.report.campaigns
        guard !campaigns.isEmpty else { return [] }
        let pending = try await store.pendingWebEdits(campaigns: campaigns.map(\.campaign.id))
        var conflicts: [WebEditConflict] = []
        for edit in pending {
            guard let stored = try await store.event(edit.event), !stored.isRemovedFromFile,
                let decoded = campaigns.first(where: { $0.campaign.id == edit.campaign })
            else { continue }
            let incoming = campaigns.lazy.compactMap { $0.campaign.events.first { $0.id == edit.event } }.first
            // What the store would hold after the import: the file's event, with the current status unless the
            // file changed the status it last said (as `ImportPlanner` decides), or the event cancelled.
            var after: Event
            if let incoming {
                after = incoming
                if incoming.status == stored.fileStatus { after.status = stored.event.status }
            } else {
                after = stored.event
                after.status = .cancelled
            }
            let differences = EventFields.differences(from: stored.event, to: after)
            guard !differences.isEmpty else { continue }
            conflicts.append(
                WebEditConflict(
                    path: decoded.source.path, event: edit.event, title: stored.event.title, edit: edit,
                    differences: differences, missingFromFile: incoming == nil))
        }
        return conflicts
    }
}

extension CampaignExport {
    /// Records that these files were written: the web edits of their campaigns are in them, so importing them
    /// (or files edited from them) overwrites nothing unseen.
    public func settle(_ files: [File], at now: Date) async throws {
        try await store.settleWebEdits(campaigns: files.map(\.campaign), at: now)
    }
}
