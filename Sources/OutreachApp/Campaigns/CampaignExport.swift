import OutreachCore

/// Writes stored campaigns back out as campaign files (`outreach export campaigns DIR`): the store's
/// campaigns with their events' current status (a confirmed event reads `status: confirmed`), events
/// removed from their file left out, in start order, with the comments of the file each came from when
/// the caller can still read it. Importing the files again changes nothing.
///
/// Every file is read back before it is handed out: one that would not decode to the same campaign is a
/// failure (``Failure/notFaithful(_:)``), never a file that imports as something else.
///
/// ```swift
/// let files = try await CampaignExport(store: store, reference: reference).files(of: nil) { path in
///     CampaignComments.read(text(at: path))
/// }
/// for file in files { write(file.text, to: directory + "/" + file.name) }
/// ```
public struct CampaignExport: Sendable {
    public let store: any OutreachStore
    public let reference: ReferenceData

    public init(store: any OutreachStore, reference: ReferenceData) {
        self.store = store
        self.reference = reference
    }

    /// One campaign file to write.
    public struct File: Sendable, Equatable {
        /// `<campaign id>.yaml`.
        public var name: String
        public var campaign: Campaign.ID
        public var text: String
        /// Events written (those removed from their file are not).
        public var events: Int
    }

    /// Why no file could be had.
    public enum Failure: Error, Equatable, Sendable {
        /// The written file would not read back as the stored campaign.
        case notFaithful(Campaign.ID)
    }

    /// The files of the campaigns `ids` (every stored campaign when nil), in id order.
    /// - Parameter comments: The comments of a campaign's source file, given its stored path (nil when the
    ///   file is gone or unreadable).
    /// - Throws: `StoreError.campaignNotFound` (with the nearest id) for an unknown id; ``Failure``.
    public func files(
        of ids: [Campaign.ID]?, comments: (String) -> CampaignComments? = { _ in nil }
    ) async throws -> [File] {
        let lookup = EventLookup(store: store)
        var chosen = ids ?? []
        if ids == nil { chosen = try await store.campaignIDs() }
        var files: [File] = []
        for id in Set(chosen).sorted(by: { $0.rawValue < $1.rawValue }) {
            let stored = try await lookup.campaign(id)
            let removed = Set(
                try await store.events(matching: EventQuery(campaign: id)).filter(\.isRemovedFromFile).map(\.event.id))
            var campaign = stored.campaign
            campaign.events = campaign.events.filter { !removed.contains($0.id) }
            let text = CampaignFileEncoder.encode(
                campaign, comments: stored.sourcePath.flatMap(comments) ?? CampaignComments())
            let name = "\(id.rawValue).yaml"
            let (again, issues) = CampaignFileDecoder.decode(bytes: Array(text.utf8), path: name, reference: reference)
            guard !issues.hasErrors, again?.campaign == campaign else { throw Failure.notFaithful(id) }
            files.append(File(name: name, campaign: id, text: text, events: campaign.events.count))
        }
        return files
    }
}
