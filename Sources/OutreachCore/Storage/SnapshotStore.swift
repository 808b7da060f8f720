import Foundation

/// One value of a store snapshot, in the embedded store's terms (SQLite's storage classes).
public enum SnapshotValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bytes([UInt8])
}

/// Every row of one kind of record, its columns named as `StoreSnapshot.layout` names them.
public struct SnapshotTable: Sendable, Equatable {
    public let name: String
    public var rows: [[SnapshotValue]]

    public init(name: String, rows: [[SnapshotValue]]) {
        self.name = name
        self.rows = rows
    }
}

/// How a column of the snapshot is written: the portable form is the embedded store's (instants as whole
/// milliseconds or `2026-11-29T02:30:05Z` text, days as text, lists joined, flags 0/1); a store that keeps them
/// otherwise converts on the way out and in.
public enum SnapshotColumnKind: Sendable, Hashable {
    /// An integer as it is.
    case integer
    /// Text as it is.
    case text
    /// Text that may hold NUL.
    case utf8
    /// Bytes.
    case blob
    /// An instant: whole milliseconds since 1970.
    case milliseconds
    /// An instant: `2026-11-29T02:30:05Z`.
    case stamp
    /// A calendar day: `2026-11-29`.
    case date
    /// A calendar day: days since 1970-01-01.
    case dayNumber
    /// A flag: 0 or 1.
    case flag
    /// JSON text.
    case json
    /// An event's start or end: `2026-11-29` for an all-day event, else `2026-11-29 09:30`.
    case eventTime
    /// Days joined by spaces.
    case dateList
    /// Texts joined by U+001F.
    case textList
}

/// Everything an install holds that moves with it: campaigns and events with their history, reach with its
/// batches, audit and rollup, targets, bulletins, the outbox and delivery log, users (without sessions), API tokens,
/// calendar feeds, the audit log, evidence, web edits, bulletin preparations. Sessions, failed sign-ins and
/// idempotency keys stay behind.
public enum StoreSnapshot {
    public struct Table: Sendable {
        public let name: String
        public let columns: [(name: String, kind: SnapshotColumnKind)]
        /// The identity column a store numbers new rows by, if any.
        public let identity: String?
    }

    private static func table(_ name: String, identity: String? = nil, _ spec: String) -> Table {
        let kinds: [String: SnapshotColumnKind] = [
            "i": .integer, "t": .text, "u": .utf8, "b": .blob, "ms": .milliseconds, "st": .stamp, "d": .date,
            "dn": .dayNumber, "f": .flag, "j": .json, "et": .eventTime, "dl": .dateList, "tl": .textList,
        ]
        let columns = spec.split(separator: " ").map { word -> (name: String, kind: SnapshotColumnKind) in
            let parts = word.split(separator: ":")
            return (String(parts[0]), parts.count > 1 ? kinds[String(parts[1])]! : .text)
        }
        return Table(name: name, columns: columns, identity: identity)
    }

    /// The tables in the order they are written (what a row refers to comes first).
    public static let layout: [Table] = [
        table("reference_items", "kind id position:i definition:j"),
        table("reference_meta", "name value"),
        table("campaigns", identity: "key",
            "key:i id title title_en kind start_date:d end_date:d owner branches:j segments:j channels:j notes source_path imported_at:st updated_at:st"),
        table("events", identity: "key",
            "key:i id campaign_key:i title title_en channel venue branch all_day:f starts:et ends:et rrule except_dates:dl staff:tl expected_reach:i capacity:i notes file_status status removed:f first_date:d last_date:d updated_at:st"),
        table("event_history", "event_key:i at:st change old_status new_status"),
        table("codes", "kind id code:i"),
        table("reach_batches", identity: "id",
            "id:i source file recorded_by:u recorded_at:st added:i replaced:i unchanged:i undone_at:st"),
        table("reach", "key:i count:i batch:i note:u evidence:u"),
        table("reach_audit", "key:i batch:i old_count:i old_batch:i old_note:u old_evidence:u new_count:i"),
        table("reach_cube", "cuboid:i month:i cells:b"),
        table("targets", identity: "id", "id:i source_path branch period start_date:d end_date:d events:i person_times:j"),
        table("bulletins", "month branch issued_at:st figures stated published_by"),
        table("outbox", identity: "id",
            "id:i key kind target bot notice:j urgent:f state due_at:ms next_attempt_at:ms attempts:i failures:i parts_sent:i first_attempt_at:ms lease_owner lease_expires_at:ms last_error created_at:ms updated_at:ms"),
        table("delivery_log", identity: "id",
            "id:i delivery_id:i part:i part_count:i target bot started_at:ms finished_at:ms outcome http_status:i platform_code message latency_ms:i"),
        table("bot_pauses", "bot paused_until:ms"),
        table("users", "name display_name role branch password_hash disabled:f created_at:ms"),
        table("calendar_feeds", "id scope_kind scope label created_at:ms revoked_at:ms"),
        table("audit_log", identity: "id",
            "id:i at:ms actor actor_display_name source event_id campaign_id what before after reason"),
        table("reach_evidence", "hash content_type bytes:i width:i height:i event_key:i day:dn batch:i added_by added_at:st"),
        table("web_edits", "event_id campaign_id edited_at:ms edited_by edited_by_display_name settled_at:ms"),
        table("bulletin_preparations",
            "month branch prepared_by prepared_by_display_name prepared_source prepared_at:ms approved_by approved_by_display_name approved_source approved_at:ms"),
        table("bulletin_audit", identity: "id", "id:i month branch action actor actor_display_name source at:ms"),
        table("api_tokens", "id user_name name created_at:ms last_used_at:ms revoked_at:ms"),
    ]

    /// Tables that do not move but go when a store's content is replaced, in the order they are emptied.
    public static let leftBehind = ["login_sessions", "login_failures", "idempotency_keys"]
    /// Tables a freshly initialised store already fills (the seeds' reference data): not counted as content.
    public static let reference: Set<String> = ["reference_items", "reference_meta"]
}

/// A store whose whole content can be read out and written into another, empty store (`outreach migrate`).
public protocol SnapshotStore: Sendable {
    /// Every row of one table of `StoreSnapshot.layout`, in the portable form.
    func snapshotRows(of table: StoreSnapshot.Table) async throws -> [[SnapshotValue]]
    /// Replaces everything the store holds (the layout's tables, and sessions, failed sign-ins and idempotency keys)
    /// with `tables`, in one transaction: all of it or, when anything fails, nothing changed.
    func replaceContent(with tables: [SnapshotTable]) async throws
    /// Up to `limit` rows of one table in the portable form, from `cursor` (0 for the first page), and the cursor of
    /// the next page (nil after the last).
    func snapshotPage(of table: StoreSnapshot.Table, from cursor: Int64, limit: Int) async throws
        -> (rows: [[SnapshotValue]], next: Int64?)
    /// Replaces everything the store holds with what `source` holds, read a page at a time, in one transaction on
    /// this store where it can hold one open while it reads (else the source is read whole first): all of it or,
    /// when anything fails, nothing changed.
    func replaceContent(from source: any SnapshotStore) async throws
    /// How many rows each table of the layout holds, by table name.
    func snapshotCounts() async throws -> [String: Int]
}
