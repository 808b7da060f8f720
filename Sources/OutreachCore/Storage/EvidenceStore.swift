import Crypto
import Foundation

/// A photo kept as evidence of an event's reach on a day: stored once by its content's SHA-256, linked to the
/// batch that logged it.
public struct ReachEvidence: Hashable, Sendable {
    /// The SHA-256 of the bytes, 64 lower-case hex digits (also the file's name in the evidence folder).
    public var hash: String
    /// `image/jpeg` or `image/png`, from the content.
    public var contentType: String
    public var byteCount: Int
    public var width: Int
    public var height: Int
    /// The event's store key (from `eventKeys()`).
    public var event: Int
    public var date: LocalDate
    public var batch: Int
    public var addedBy: String?
    public var addedAt: Date

    public init(
        hash: String, contentType: String, byteCount: Int, width: Int, height: Int, event: Int, date: LocalDate, batch: Int,
        addedBy: String?, addedAt: Date
    ) {
        self.hash = hash
        self.contentType = contentType
        self.byteCount = byteCount
        self.width = width
        self.height = height
        self.event = event
        self.date = date
        self.batch = batch
        self.addedBy = addedBy
        self.addedAt = addedAt
    }

    /// The SHA-256 of bytes as 64 lower-case hex digits.
    public static func hash(of bytes: [UInt8]) -> String {
        lowercaseHex(SHA256.hash(data: bytes))
    }

    /// Whether a text is a hash as `hash(of:)` writes it (so it can name a file safely).
    public static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

/// A reach record of one event as stored, with the batch that last set it: who recorded it and when.
public struct ReachLogEntry: Hashable, Sendable {
    public var key: Int64
    public var count: Int
    public var note: String?
    public var batch: Int
    public var recordedBy: String?
    public var recordedAt: Date

    public init(key: Int64, count: Int, note: String?, batch: Int, recordedBy: String?, recordedAt: Date) {
        self.key = key
        self.count = count
        self.note = note
        self.batch = batch
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    public var day: Int { ReachKey.day(key) }
    public var metric: Int { ReachKey.metric(key) }
    public var segment: Int { ReachKey.segment(key) }
}

/// Persistence for reach evidence (photos) and the reach log of one event.
public protocol EvidenceStore: Sendable {
    /// Links photos to the batch that logged them; a photo already linked to the same event and day is kept once.
    func addEvidence(_ evidence: [ReachEvidence]) async throws

    /// Every link of a photo (the same photo may be evidence of several events), oldest first.
    func evidence(hash: String) async throws -> [ReachEvidence]

    /// The photos of an event (its store key), oldest first, each once per day.
    func evidence(event key: Int) async throws -> [ReachEvidence]

    /// The reach records of an event (its store key) with the batch that last set each, by day, metric and segment.
    func reachLog(event key: Int) async throws -> [ReachLogEntry]
}
