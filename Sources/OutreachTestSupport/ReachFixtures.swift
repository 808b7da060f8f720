import Foundation
import OutreachCore
import OutreachFormats

/// A small reach world: four events on the fixture reference data, with store keys and codes.
package enum ReachFixture {
    /// `csv` (a header line, then rows) checked as an import checks it, against the store's own event keys and
    /// reach codes: the rows that passed and the issues found.
    package static func rows(_ csv: String, in store: any OutreachStore) async throws -> (rows: [ReachRow], issues: [InputIssue]) {
        let index = ReachEventIndex(
            events: try await store.events(matching: EventQuery()), keys: try await store.eventKeys(), reference: reference(),
            codes: try await store.reachCodes())
        var validator = ReachRowValidator(index: index, path: "r.csv")
        var reader = CSVReader()
        var rows: [ReachRow] = []
        var issues: [InputIssue] = []
        var header = true
        _ = try Array(csv.utf8).withUnsafeBufferPointer { buffer in
            try reader.parse(buffer, isFinal: true) { record in
                if header {
                    header = false
                    _ = validator.readHeader(record)
                } else if let row = validator.validate(record, issues: &issues) {
                    rows.append(row)
                }
            }
        }
        return (rows, issues)
    }

    package static let now = Date(timeIntervalSince1970: 1_800_000_000)

    package static func reference() -> ReferenceData {
        var reference = ReferenceData.fixture()
        reference.populations = [
            Population(year: 2027, branch: "east", segment: "elderly", count: 1000),
            Population(year: 2027, branch: "east", segment: "students", count: 500),
            Population(year: 2027, branch: "west", segment: "elderly", count: 2000),
        ]
        return reference
    }

    package static let codes = ReachCodes(
        metrics: ["attendees": 1, "consultations": 2, "leaflets": 3, "screen-plays": 4, "listeners": 5],
        segments: ["students": 1, "elderly": 2, "new-urban-workers": 3],
        channels: ["led-screen": 1, "leaflet": 2, "radio": 3, "community-event": 4, "campus-event": 5],
        campaigns: ["c1": 1, "c2": 2],
        branches: ["city": 1, "east": 2, "east-1": 3, "east-2": 4, "west": 5, "west-1": 6])

    package static func day(_ text: String) -> LocalDate { LocalDate(text) ?? LocalDate(dayNumber: 0) }

    package static func events() -> [StoredEvent] {
        func stored(_ event: Event) -> StoredEvent {
            StoredEvent(
                event: event, fileStatus: event.status, isRemovedFromFile: false, campaignTitle: BilingualName(zh: "三·一五宣传"),
                campaignEnd: day("2027-03-31"), updatedAt: now)
        }
        return [
            stored(
                Event(
                    id: "talk", campaign: "c1", title: BilingualName(zh: "社区讲座"), channel: "community-event", venue: "community-1",
                    branch: "east",
                    timing: .timed(start: LocalDateTime("2027-03-12 14:30")!, end: LocalDateTime("2027-03-12 16:00")!),
                    expectedReach: 80)),
            stored(
                Event(
                    id: "weekly", campaign: "c1", title: BilingualName(zh: "校园课堂"), channel: "campus-event", venue: "school-1",
                    branch: "east",
                    timing: .timed(start: LocalDateTime("2027-03-09 10:00")!, end: LocalDateTime("2027-03-09 11:00")!),
                    recurrence: try? RecurrenceRule.parse("FREQ=WEEKLY;COUNT=3"), expectedReach: 30)),
            stored(
                Event(
                    id: "led", campaign: "c1", title: BilingualName(zh: "LED屏"), channel: "led-screen", venue: "outlet-1", branch: "east-1",
                    timing: .allDay(start: day("2027-03-01"), end: day("2027-03-31")))),
            stored(
                Event(
                    id: "radio", campaign: "c2", title: BilingualName(zh: "广播"), channel: "radio", venue: "radio-1", branch: "city",
                    timing: .allDay(start: day("2027-03-20"), end: day("2027-03-20")))),
        ]
    }

    package static let keys: [Event.ID: Int] = ["talk": 1, "weekly": 2, "led": 3, "radio": 4]

    package static func index() -> ReachEventIndex {
        ReachEventIndex(events: events(), keys: keys, reference: reference(), codes: codes)
    }

    /// The hand-computed records of the report tests.
    package static let csv = """
        event,date,metric,count,segment
        talk,2027-03-12,attendees,40,elderly
        talk,2027-03-12,attendees,10,students
        talk,2027-03-12,consultations,5,elderly
        talk,2027-03-12,leaflets,100,
        weekly,2027-03-09,attendees,30,students
        weekly,2027-03-16,attendees,25,students
        led,2027-03-15,screen-plays,500,
        led,2027-03-16,screen-plays,480,
        radio,2027-03-20,listeners,3000,

        """

    /// Checks CSV text with the fixture's index; returns the rows and every rendered issue (English).
    package static func check(_ text: String, path: String = "r.csv") throws -> ([ReachRow], [String]) {
        var validator = ReachRowValidator(index: index(), path: path)
        var reader = CSVReader()
        var rows: [ReachRow] = []
        var issues: [InputIssue] = []
        var header = true
        let bytes = Array(text.utf8)
        _ = try bytes.withUnsafeBufferPointer { buffer in
            try reader.parse(buffer, isFinal: true) { record in
                if header {
                    header = false
                    issues += validator.readHeader(record)
                    return
                }
                if let row = validator.validate(record, issues: &issues) { rows.append(row) }
            }
        }
        return (rows, issues.map { $0.rendered(.en) })
    }

    /// The rollup of some rows, with every stored cuboid.
    package static func cube(_ rows: [ReachRow]) -> ReachCubeReader {
        var delta = ReachCubeDelta()
        for row in rows {
            delta.add(Int64(row.count), day: row.day, attribution: row.attribution, segment: row.segmentCode, metric: row.metricCode)
        }
        var months: [ReachCuboid: [ReachCubeMonth]] = [:]
        for part in ReachCuboid.derive(delta.takeAll()) {
            months[part.cuboid, default: []].append(ReachCubeMonth(month: part.month, keys: part.keys, totals: part.totals))
        }
        var reader = ReachCubeReader()
        for cuboid in ReachCuboid.stored {
            reader.add(cuboid, range: 0...(2100 * 12), months: months[cuboid] ?? [])
        }
        return reader
    }
}
