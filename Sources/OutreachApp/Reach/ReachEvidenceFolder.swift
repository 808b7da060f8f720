import Foundation
import OutreachCore
import OutreachFormats

/// The data folder that holds evidence photos by content hash: `<folder>/ab/cdef….jpg` for a photo whose
/// SHA-256 is `abcdef…`. A photo sent twice is written once.
public struct ReachEvidenceFolder: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The folder beside a database: `<database>.evidence`.
    public static func beside(database: String) -> ReachEvidenceFolder { ReachEvidenceFolder(path: database + ".evidence") }

    /// Where a photo of a hash and type is kept.
    public func file(hash: String, contentType: String) -> String {
        let ext = contentType == "image/png" ? "png" : "jpg"
        let start = hash.startIndex, split = hash.index(start, offsetBy: 2)
        return "\(path)/\(hash[start..<split])/\(hash[split...]).\(ext)"
    }

    /// Writes a photo unless it is there already (written to a temporary name first, then moved into place).
    /// - Returns: Its hash.
    public func store(_ bytes: [UInt8], as header: ImageHeader) throws -> String {
        let hash = ReachEvidence.hash(of: bytes)
        let target = file(hash: hash, contentType: header.format.contentType)
        let manager = FileManager.default
        if manager.fileExists(atPath: target) { return hash }
        let directory = (target as NSString).deletingLastPathComponent
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = directory + "/.\(UUID().uuidString).part"
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        do {
            try manager.moveItem(atPath: temporary, toPath: target)
        } catch {
            try? manager.removeItem(atPath: temporary)
            // Another request stored the same photo a moment ago.
            if !manager.fileExists(atPath: target) { throw error }
        }
        return hash
    }

    /// A stored photo's bytes, or nil.
    public func read(hash: String, contentType: String) -> Data? {
        guard ReachEvidence.isHash(hash) else { return nil }
        return FileManager.default.contents(atPath: file(hash: hash, contentType: contentType))
    }
}

extension ReachLog {
    /// A photo checked by its content.
    public struct Photo: Sendable {
        public var bytes: [UInt8]
        public var header: ImageHeader
        public init(bytes: [UInt8], header: ImageHeader) {
            self.bytes = bytes
            self.header = header
        }
    }

    /// Stores photos in the evidence folder and links them to a logged batch of an event's day.
    ///
    /// - Returns: The photos' hashes, in order.
    @discardableResult
    public func attach(
        _ photos: [Photo], to event: Event.ID, on day: LocalDate, batch: Int, by: String?, at now: Date, folder: ReachEvidenceFolder
    ) async throws -> [String] {
        guard !photos.isEmpty, let key = try await store.eventKeys()[event] else { return [] }
        var evidence: [ReachEvidence] = []
        for photo in photos {
            let hash = try folder.store(photo.bytes, as: photo.header)
            evidence.append(
                ReachEvidence(
                    hash: hash, contentType: photo.header.format.contentType, byteCount: photo.bytes.count, width: photo.header.width,
                    height: photo.header.height, event: key, date: day, batch: batch, addedBy: by, addedAt: now))
        }
        try await store.addEvidence(evidence)
        return evidence.map(\.hash)
    }

    /// The days of each occurrence of an event (a recurring one up to its campaign's end).
    public static func occurrenceDays(of stored: StoredEvent) -> [ClosedRange<LocalDate>] {
        let event = stored.event
        return (event.recurrence == nil ? [event.timing] : event.occurrences(through: stored.campaignEnd)).map { $0.startDate...$0.endDate }
    }

    /// The day to log for when none is given: today when the event is held today, else nil and the nearest
    /// occurrences (two before today, two after) to choose from.
    public static func defaultDay(of stored: StoredEvent, today: LocalDate) -> (day: LocalDate?, nearest: [ClosedRange<LocalDate>]) {
        let days = occurrenceDays(of: stored)
        if days.contains(where: { $0.contains(today) }) { return (today, []) }
        let before = days.filter { $0.upperBound < today }.suffix(2)
        let after = days.filter { $0.lowerBound > today }.prefix(2)
        return (nil, Array(before + after))
    }
}
