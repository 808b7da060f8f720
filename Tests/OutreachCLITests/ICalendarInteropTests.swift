import Foundation
import OutreachTestSupport
import Testing

/// `plan --format ics` read back by a standard iCalendar library (Python's `icalendar` with
/// `recurring-ical-events`): every event and its Chinese text intact, and the same occurrences as
/// `plan --format json`.
@Suite(.timeLimit(.minutes(5)))
struct ICalendarInteropTests {
    static let checker = #"""
        import json, sys, datetime
        try:
            import icalendar, recurring_ical_events
        except ImportError as error:
            print("MISSING: " + str(error) + " (pip install icalendar recurring-ical-events)")
            sys.exit(3)
        calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
        start = datetime.date.fromisoformat(sys.argv[2])
        end = datetime.date.fromisoformat(sys.argv[3]) + datetime.timedelta(days=1)
        events = [c for c in calendar.walk("VEVENT")]
        occurrences = []
        for occurrence in recurring_ical_events.of(calendar).between(start, end):
            begin = occurrence.get("DTSTART").dt
            text = begin.isoformat() if isinstance(begin, datetime.datetime) else begin.isoformat()
            occurrences.append([str(occurrence.get("UID")), text, str(occurrence.get("SUMMARY"))])
        print(json.dumps({"events": len(events), "uids": sorted(str(e.get("UID")) for e in events),
                          "occurrences": sorted(occurrences)}, ensure_ascii=False))
        """#

    @Test func standardLibraryReadsTheSameOccurrences() async throws {
        let runner = try CommandRunner(files: ["check.py": Self.checker])
        try runner.copyFromRepository("seeds")
        try runner.copyFromRepository("campaigns")
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["import", "campaigns"]).status == 0)
        let window = ["--from", "2026-11-01", "--to", "2027-12-31"]
        let ics = try await runner.run(["plan"] + window + ["--format", "ics", "--output", "plan.ics"])
        #expect(ics.status == 0, "\(ics.stderr)")
        let json = try await runner.run(["plan"] + window + ["--format", "json"])
        let planned = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(planned.count > 100)

        let python = try await runner.runProgram("/usr/bin/env", ["python3", "check.py", "plan.ics", "2026-11-01", "2027-12-31"])
        #expect(!python.stdout.hasPrefix("MISSING"), "Install the iCalendar readers: pip install icalendar recurring-ical-events")
        let read = try #require(try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [String: Any], "\(python.stderr)")

        let expectedUIDs = Set(planned.compactMap { $0["uid"] as? String })
        #expect(read["events"] as? Int == expectedUIDs.count)
        #expect(Set(read["uids"] as? [String] ?? []) == expectedUIDs)
        let expected = planned.map { item -> [String] in
            [item["uid"] as? String ?? "", item["start"] as? String ?? "", item["title"] as? String ?? ""]
        }.sorted { $0.lexicographicallyPrecedes($1) }
        let found = (read["occurrences"] as? [[String]] ?? []).sorted { $0.lexicographicallyPrecedes($1) }
        #expect(found.count == expected.count)
        #expect(found == expected)
    }
}

extension CommandRunner {
    /// Runs another program in the folder, with this process's environment (swift-subprocess, not Foundation's
    /// `Process`, whose `run` can crash on Linux: swift-corelibs-foundation #5472).
    func runProgram(_ path: String, _ arguments: [String]) async throws -> (stdout: String, stderr: String, status: Int32) {
        let outcome = try await ChildProcess.run(
            path, arguments: arguments, environment: ProcessInfo.processInfo.environment, workingDirectory: directory.path,
            timeout: .seconds(300))
        return (outcome.standardOutput, outcome.standardError, outcome.status)
    }
}
