import Foundation
import OutreachFormats

/// The outbox's stored form of a notice: the payload as the generic webhook's `data.notice` JSON
/// (``Notice/Payload/json``, which carries every fact) inside a small envelope:
/// `{"v":1,"kind":"event-reminder","urgent":false,"language":"zh","created_at":1804550400.5,"data":{…}}`.
///
/// Reading it back uses ``JSONValue/parse(_:)`` instead of `JSONDecoder`: a claimed batch of notices
/// is decoded on every delivery, and the generic decoder cost more than rendering them.
extension Notice {
    /// Why stored text is not a notice.
    public struct StorageError: Error, Hashable, Sendable {
        public var field: String
        public init(field: String) { self.field = field }
    }

    /// The stored JSON text.
    public var storageJSON: String {
        JSONValue.object([
            ("v", .int(1)), ("kind", .string(kind.rawValue)), ("urgent", .bool(urgent)), ("language", .string(language.rawValue)),
            ("created_at", .double(createdAt.timeIntervalSince1970)), ("data", payload.json),
        ]).serialized()
    }

    /// Reads a notice from ``storageJSON``.
    /// - Parameter text: The stored JSON.
    /// - Throws: ``StorageError`` naming the first field that is missing or wrong.
    public init(storageJSON text: String) throws(StorageError) {
        let root: JSONValue
        do {
            root = try JSONValue.parse(text)
        } catch {
            throw StorageError(field: "json")
        }
        guard root["v"]?.intValue == 1 else { throw StorageError(field: "v") }
        guard let kindText = root["kind"]?.stringValue, let kind = Kind(rawValue: kindText) else {
            throw StorageError(field: "kind")
        }
        guard let languageText = root["language"]?.stringValue, let language = Language(rawValue: languageText) else {
            throw StorageError(field: "language")
        }
        guard let created = root["created_at"]?.doubleValue else { throw StorageError(field: "created_at") }
        let data = try Self.field(root, "data")
        let payload: Payload
        switch kind {
        case .eventReminder:
            payload = .eventReminder(
                EventReminder(event: try Self.summary(try Self.field(data, "event")), offsetLabel: try Self.names(data, "offset")))
        case .eventCancelled:
            payload = .eventCancelled(
                EventCancelled(event: try Self.summary(try Self.field(data, "event")), wasAt: try Self.dateTime(data, "was_at")))
        case .dailyDigest:
            guard let date = data["date"]?.stringValue.flatMap({ LocalDate($0) }) else { throw StorageError(field: "date") }
            guard let events = data["events"]?.arrayValue else { throw StorageError(field: "events") }
            var branchName: BilingualName?
            if let value = data["branch_name"], !value.isNull { branchName = try Self.names(value, field: "branch_name") }
            payload = .dailyDigest(
                DailyDigest(
                    date: date, branch: data["branch"]?.stringValue.map { Branch.ID($0) }, branchName: branchName,
                    events: try events.map { (event) throws(StorageError) in try Self.summary(event) }))
        case .bulletinPublished:
            payload = .bulletinPublished(
                BulletinPublished(
                    year: try Self.int(data, "year"), month: try Self.int(data, "month"),
                    branch: Branch.ID(try Self.text(data, "branch")), branchName: try Self.names(data, "branch_name"),
                    eventsHeld: try Self.int(data, "events_held"), personTimes: try Self.int(data, "person_times"),
                    link: try Self.text(data, "link")))
        case .offTrackAlert:
            payload = .offTrackAlert(
                OffTrackAlert(
                    branch: Branch.ID(try Self.text(data, "branch")), branchName: try Self.names(data, "branch_name"),
                    period: try Self.names(data, "period"), segment: try Self.names(data, "segment"),
                    achieved: try Self.int(data, "achieved"), target: try Self.int(data, "target"),
                    expectedPercent: try Self.int(data, "expected_percent"),
                    more: try Self.measures(data["more"]),
                    others: try (data["others"]?.arrayValue ?? []).map { other throws(StorageError) in
                        OffTrackAlert.BranchBehind(
                            branch: Branch.ID(try Self.text(other, "branch")), branchName: try Self.names(other, "branch_name"),
                            measures: try Self.measures(other["measures"]))
                    }))
        case .test:
            payload = .test(TestNotice(target: try Self.text(data, "target"), message: data["message"]?.stringValue))
        }
        self.init(
            payload, urgent: root["urgent"]?.boolValue ?? false, language: language,
            createdAt: Date(timeIntervalSince1970: created))
    }

    private static func measures(_ list: JSONValue?) throws(StorageError) -> [OffTrackAlert.Measure] {
        try (list?.arrayValue ?? []).map { measure throws(StorageError) in
            OffTrackAlert.Measure(
                segment: try Self.names(measure, "segment"), achieved: try Self.int(measure, "achieved"),
                target: try Self.int(measure, "target"))
        }
    }

    private static func field(_ object: JSONValue, _ key: String) throws(StorageError) -> JSONValue {
        guard let value = object[key], !value.isNull else { throw StorageError(field: key) }
        return value
    }

    private static func text(_ object: JSONValue, _ key: String) throws(StorageError) -> String {
        guard let text = object[key]?.stringValue else { throw StorageError(field: key) }
        return text
    }

    private static func int(_ object: JSONValue, _ key: String) throws(StorageError) -> Int {
        guard let number = object[key]?.intValue else { throw StorageError(field: key) }
        return number
    }

    private static func names(_ object: JSONValue, _ key: String) throws(StorageError) -> BilingualName {
        try names(try field(object, key), field: key)
    }

    private static func names(_ value: JSONValue, field: String) throws(StorageError) -> BilingualName {
        guard let zh = value["zh"]?.stringValue else { throw StorageError(field: field) }
        return BilingualName(zh: zh, en: value["en"]?.stringValue)
    }

    private static func dateTime(_ object: JSONValue, _ key: String) throws(StorageError) -> LocalDateTime {
        guard let value = LocalDateTime(try text(object, key)) else { throw StorageError(field: key) }
        return value
    }

    private static func summary(_ value: JSONValue) throws(StorageError) -> EventSummary {
        EventSummary(
            event: Event.ID(try text(value, "id")), campaign: Campaign.ID(try text(value, "campaign")),
            title: try names(value, "title"), venue: try names(value, "venue"), branch: Branch.ID(try text(value, "branch")),
            branchName: try names(value, "branch_name"), start: try dateTime(value, "start"), end: try dateTime(value, "end"),
            timeZone: try text(value, "time_zone"),
            staff: (value["staff"]?.arrayValue ?? []).compactMap(\.stringValue))
    }
}
