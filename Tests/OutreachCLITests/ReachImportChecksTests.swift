import Foundation
import OutreachCore
import OutreachSQLite
import OutreachTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `reach import` and `reach log` end to end: text kept byte for byte, counts over the limit, the
/// messages a newcomer meets, empty files, local times, and Ctrl-C.
@Suite(.timeLimit(.minutes(10)))
struct ReachImportChecksTests {
    let late = ["OUTREACH_NOW": "2026-11-30T18:00:00+08:00"]
    let header = "event,date,metric,count,segment,note,evidence\n"

    func imported() async throws -> CommandRunner { try await ReachCommandTests().imported() }

    /// The notes and evidence stored, in key order, read through the store.
    func storedTexts(_ runner: CommandRunner) async throws -> [(key: Int64, note: String?, evidence: String?)] {
        let store = try SQLiteFactory().open(runner.directory.appendingPathComponent("outreach.sqlite").path)
        return try await store.reachTexts()
    }

    /// A file with a 20 MB cell (no newline) as the event and as a column name: a message each, quoting the
    /// value's start and its length, nothing imported. It took minutes before ("Did you mean" compared the
    /// value with every event id) and printed the 20 MB back.
    @Test func hugeCellsGetShortMessagesAtOnce() async throws {
        let runner = try await imported()
        let huge = String(repeating: "x", count: 20_000_000)
        try runner.write("huge.csv", "event,date,metric,count\n\(huge),2026-11-01,readers,3\n")
        let result = try await runner.run(["reach", "import", "huge.csv", "--lang", "en"], environment: late)
        #expect(result.status == 65)
        #expect(
            result.stderr == "huge.csv:2: error: Unknown event '\(huge.prefix(60))… (20000000 characters)' in column 'event'.\n"
                + "1 error found; nothing was imported. Use --skip-invalid to import the good rows.\n")
        try runner.write("header.csv", huge + "\n")
        let header = try await runner.run(["reach", "import", "header.csv", "--lang", "en"], environment: late)
        #expect(header.status == 65)
        #expect(header.stderr.utf8.count < 2_000, "\(header.stderr.prefix(500))")
        #expect(header.stderr.contains("'\(huge.prefix(60))… (20000000 characters)'"))
    }

    @Test func randomNotesRoundTripThroughImportAndLog() async throws {
        let runner = try await imported()
        var generator = SeededGenerator(seed: 8)
        let segments = ["elderly", "students", "rural-residents", "general-public"]
        var csv = header
        var expected: [String: (String, String)] = [:]
        for day in 1...30 {
            for segment in segments {
                let note = RandomNoteText.string(using: &generator), evidence = RandomNoteText.string(maximumLength: 10, using: &generator)
                let date = "2026-11-\(day < 10 ? "0" : "")\(day)"
                expected["\(date)|\(segment)"] = (note, evidence)
                csv += "hh-bulletin-wenquanlu,\(date),readers,\(day),\(segment),\(RandomNoteText.quoted(note)),\(RandomNoteText.quoted(evidence))\n"
            }
        }
        try runner.write("notes.csv", csv)
        let result = try await runner.run(["reach", "import", "notes.csv", "--lang", "en"], environment: late)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Imported batch 1: 120 rows; 120 added, 0 corrected, 0 unchanged.\n")
        // Keys are in date order, then segment code: compare as sets of (note, evidence) per record.
        let stored = try await storedTexts(runner)
        #expect(stored.count == 120)
        let storedPairs = Set(stored.map { [Array(($0.note ?? "").utf8), Array(($0.evidence ?? "").utf8)] })
        let wanted = Set(expected.values.map { [Array($0.0.utf8), Array($0.1.utf8)] })
        #expect(storedPairs == wanted)

        // `reach log --note` keeps the note as given too.
        var notes: [[UInt8]] = []
        for i in 0..<8 {
            let note = RandomNoteText.string(using: &generator)
            notes.append(Array(note.utf8))
            let log = try await runner.run(
                ["reach", "log", "hh-bulletin-chibi-renmin", "readers=\(i + 1)", "--date", "2026-11-1\(i)", "--note=\(note)", "--lang", "en"],
                environment: late)
            #expect(log.status == 0, "\(log.stderr)")
        }
        let after = try await storedTexts(runner)
        #expect(Set(after.compactMap { $0.note.map { Array($0.utf8) } }).isSuperset(of: Set(notes)))
    }

    @Test func controlCharactersAreRefusedWithTheirPosition() async throws {
        let runner = try await imported()
        try runner.write("bad.csv", header + "hh-bulletin-wenquanlu,2026-11-02,readers,5,,\"签到\u{0}表\",\n")
        let result = try await runner.run(["reach", "import", "bad.csv", "--lang", "en"], environment: late)
        #expect(result.status == 65)
        #expect(
            result.stderr.hasPrefix(
                "bad.csv:2:48: error: The value in column 'note' holds U+0000 (a control character), which text may not hold: control characters other than tab and line breaks, U+007F, U+FFFE and U+FFFF are refused. Remove it.\n"
            ), "\(result.stderr)")
        #expect(try await storedTexts(runner).isEmpty)
        let log = try await runner.run(
            ["reach", "log", "hh-bulletin-wenquanlu", "readers=5", "--date", "2026-11-02", "--note", "a\u{7}b", "--lang", "en"], environment: late)
        #expect(log.status == 64)
        // On the command line the value came from an option, not a column.
        #expect(log.stderr.hasPrefix("Error: The value in option '--note' holds U+0007 (a control character)"), "\(log.stderr)")
        let zh = try await runner.run(
            ["reach", "log", "hh-bulletin-wenquanlu", "readers=5", "--date", "2026-11-02", "--note", "a\u{7}b"], environment: late)
        #expect(zh.stderr.hasPrefix("错误：选项 '--note' 的值含有 U+0007（控制字符）"), "\(zh.stderr)")
    }

    @Test func fullWidthDigitsInCountsAndDatesAreRead() async throws {
        let runner = try await imported()
        try runner.write("wide.csv", header + "hh-bulletin-wenquanlu,２０２６－１１－０２,readers,１，２００,,,\nhh-bulletin-wenquanlu,２０２６/１１/３,readers,４６,,,\n")
        let wide = try await runner.run(["reach", "import", "wide.csv", "--lang", "en"], environment: late)
        #expect(wide.status == 0, "\(wide.stderr)")
        #expect(wide.stdout == "Imported batch 1: 2 rows; 2 added, 0 corrected, 0 unchanged.\n")
        // The same rows in ASCII digits are the same records with the same counts.
        try runner.write("ascii.csv", header + "hh-bulletin-wenquanlu,2026-11-02,readers,1200,,,\nhh-bulletin-wenquanlu,2026-11-03,readers,46,,,\n")
        let ascii = try await runner.run(["reach", "import", "ascii.csv", "--lang", "en"], environment: late)
        #expect(ascii.stdout == "Imported batch 2: 2 rows; 0 added, 0 corrected, 2 unchanged.\n")
        // A full-width date past the month's end still says why.
        try runner.write("bad.csv", header + "hh-bulletin-wenquanlu,２０２６－１１－３１,readers,４６,,,\n")
        let bad = try await runner.run(["reach", "import", "bad.csv", "--lang", "en"], environment: late)
        #expect(bad.status == 65)
        #expect(
            bad.stderr.hasPrefix(
                "bad.csv:2: error: The value '２０２６－１１－３１' in column 'date' is not a date (November 2026 has 30 days). Expected a date like '2027-03-15' or '2027/3/15'.\n"),
            "\(bad.stderr)")
    }

    @Test func standardInputImportsLikeAFile() async throws {
        var shell = try ShellSession(now: "2026-11-30T18:00:00+08:00")
        shell.environment["OUTREACH_USER"] = "tester"
        #expect(try await shell.run("outreach init && outreach import campaigns targets").status == 0)
        let piped = try await shell.run("cat samples/reach-2026-11.csv | outreach reach import - --lang en")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout == "Imported batch 1: 10 rows; 10 added, 0 corrected, 0 unchanged.\n")
        // The same rows from the file change nothing; the batch names standard input as '-'.
        let file = try await shell.run("outreach reach import samples/reach-2026-11.csv --lang en")
        #expect(file.stdout == "Imported batch 2: 10 rows; 0 added, 0 corrected, 10 unchanged.\n")
        let batches = try await shell.run("outreach reach batches --format json")
        #expect(batches.stdout.contains(#""file": "-""#), "\(batches.stdout)")

        // Tab-separated with --format tsv; a bad row is named '-' and its line, and nothing is imported.
        let tsv = "event\tdate\tmetric\tcount\nhh-bulletin-wenquanlu\t2026-11-02\treaders\t5\nhh-bulletin-wenquanlu\t2026-11-03\treaders\tabc\n"
        try shell.runner.write("rows.txt", tsv)
        let bad = try await shell.run("outreach reach import - --format tsv --lang en < rows.txt")
        #expect(bad.status == 65)
        #expect(
            bad.stderr == """
                -:3: error: The value 'abc' in column 'count' is invalid. Expected a whole number of 0 or more.
                1 error found; nothing was imported. Use --skip-invalid to import the good rows.

                """, "\(bad.stderr)")
        let skipped = try await shell.run("outreach reach import - --format tsv --skip-invalid < rows.txt")
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stdout == "已导入批次 3：共 2 行，新增 1 条，更正 0 条，未变 0 条。\n1 行未导入，已写入 stdin.rejects.csv。\n")
        #expect(try shell.runner.read("stdin.rejects.csv").contains("hh-bulletin-wenquanlu\t2026-11-03\treaders\tabc\t3\t"))
        // Empty input is refused as an empty file is.
        let empty = try await shell.run("outreach reach import - --lang en < /dev/null")
        #expect(empty.status == 65)
        #expect(empty.stderr.hasPrefix("-: error: The file is empty; nothing to import."), "\(empty.stderr)")
    }

    /// The issue's case: 18 rows of 999999999999999999 used to import, and a report then showed a negative total.
    @Test func pastedIDNumbersAreRefusedAndNothingIsImported() async throws {
        let runner = try await imported()
        var csv = "event,date,metric,count\n"
        for day in 1...18 { csv += "hh-bulletin-wenquanlu,2026-11-\(day < 10 ? "0" : "")\(day),readers,999999999999999999\n" }
        try runner.write("ids.csv", csv)
        let result = try await runner.run(["reach", "import", "ids.csv", "--lang", "en"], environment: late)
        #expect(result.status == 65)
        #expect(
            result.stderr.hasPrefix(
                "ids.csv:2: error: The value '999999999999999999' in column 'count' looks like an ID number, not a count. A count is a whole number from 0 to 1,000,000,000.\n"))
        #expect(result.stderr.hasSuffix("18 errors found; nothing was imported. Use --skip-invalid to import the good rows.\n"))
        #expect(try await runner.run(["reach", "batches", "--format", "json"]).stdout == "[]\n")
        let zh = try await runner.run(["reach", "import", "ids.csv"], environment: late)
        #expect(zh.stderr.hasPrefix("ids.csv:2: error: 'count' 列的值 '999999999999999999' 看起来是身份证号码，而不是数量。"))
        let over = try await runner.run(["reach", "log", "hh-bulletin-wenquanlu", "readers=1000000001", "--date", "2026-11-02", "--lang", "en"], environment: late)
        #expect(over.status == 64)
        #expect(over.stderr.contains("The value '1000000001' in argument '<metric=count>' is over the limit: a count is a whole number from 0 to 1,000,000,000."))
    }

    /// Counts an older version stored over the limit: verify names them, reports refuse to add them up.
    @Test func verifyAndReportsCatchCountsOverTheLimit() async throws {
        let runner = try await imported()
        do {
            // What an older version wrote: 18 records of 999,999,999,999,999,999, one a month from January 2026
            // (so each stored rollup cell still holds; the sums over months are what cannot be held).
            let store = try SQLiteFactory().open(runner.directory.appendingPathComponent("outreach.sqlite").path)
            // An older version checked no campaign period either (these months run before the campaign's).
            let events = try await store.events(matching: EventQuery(ordered: false)).map {
                StoredEvent(
                    event: $0.event, fileStatus: $0.fileStatus, isRemovedFromFile: $0.isRemovedFromFile,
                    campaignTitle: $0.campaignTitle, campaignEnd: $0.campaignEnd, updatedAt: $0.updatedAt)
            }
            let index = ReachEventIndex(
                events: events, keys: try await store.eventKeys(),
                reference: try #require(try await store.referenceData()), codes: try await store.reachCodes())
            var validator = ReachRowValidator(index: index, path: "")
            var rows: [ReachRow] = []
            var issues: [InputIssue] = []
            for month in 0..<18 {
                let date = LocalDate(year: 2026 + month / 12, month: month % 12 + 1, day: 15)!
                let record = ReachRecord(event: "hh-bulletin-wenquanlu", date: date, metric: "readers", count: 1)
                if var row = validator.validate(record, flags: [:], at: nil, issues: &issues) {
                    row.count = 999_999_999_999_999_999
                    rows.append(row)
                }
            }
            #expect(rows.count == 18)
            _ = try await store.writeReachBatch(rows, source: .import, file: "old.csv", recordedBy: nil, at: Date())
        }
        let verify = try await runner.run(["reach", "verify", "--lang", "en"], environment: late)
        #expect(verify.status == 1)
        #expect(verify.stdout == "")
        #expect(
            verify.stderr.contains(
                "18 records hold counts outside 0 to 1,000,000,000 (written by an older version):\n  hh-bulletin-wenquanlu 2026-01-15 readers 999999999999999999\n"
            ), "\(verify.stderr)")
        #expect(verify.stderr.contains("  … and 13 more\nThe counts of all records add up beyond what a total can hold"))
        let overflow = "The figures add up beyond what a total can hold: some records hold counts over the limit of 1,000,000,000"
        let report = try await runner.run(["report", "--year", "2026", "--lang", "en"], environment: late)
        #expect(report.status == 65)
        #expect(report.stdout == "")
        #expect(report.stderr.contains(overflow), "\(report.stderr)")
        let bulletin = try await runner.run(["report", "bulletin", "--month", "2026-12", "--lang", "en"], environment: late)
        #expect(bulletin.status == 65)
        #expect(bulletin.stderr.contains(overflow), "\(bulletin.stderr)")
        let scorecard = try await runner.run(["report", "scorecard", "--year", "2026", "--lang", "en"], environment: late)
        #expect(scorecard.status == 65)
        #expect(scorecard.stderr.contains(overflow), "\(scorecard.stderr)")
    }

    @Test func emptyAndHeaderOnlyFilesAreRefused() async throws {
        let runner = try await imported()
        try runner.write("empty.csv", "")
        try runner.write("blank.csv", "\n\n")
        try runner.write("header.csv", "\u{FEFF}活动编号,日期,指标,数量\r\n")
        for (file, message) in [
            ("empty.csv", "empty.csv: error: The file is empty; nothing to import. It needs a header row and at least one row (see docs/reach-import.md).\n"),
            ("blank.csv", "blank.csv: error: The file is empty; nothing to import. It needs a header row and at least one row (see docs/reach-import.md).\n"),
            ("header.csv", "header.csv: error: The file has a header but no rows; nothing to import.\n"),
        ] {
            let result = try await runner.run(["reach", "import", file, "--lang", "en"], environment: late)
            #expect(result.status == 65, "\(file)")
            #expect(result.stderr == message, "\(file)")
            #expect(result.stdout == "")
        }
        let zh = try await runner.run(["reach", "import", "header.csv"], environment: late)
        #expect(zh.stderr == "header.csv: error: 文件只有表头，没有数据行，无可导入的内容。\n")
        // Nothing was recorded, not even an empty batch.
        #expect(try await runner.run(["reach", "batches", "--format", "json"]).stdout == "[]\n")
    }

    @Test func importMessagesNameTheColumnTheValueAndTheEarlierLine() async throws {
        let runner = try await imported()
        try runner.write(
            "m.csv",
            """
            活动编号,日期,指标,数量,客群
            hh-yangguang-talk-20261126,2026-11-26,播放次数,3,
            hh-yangguang-talk-20261126,2026-11-26,参与人数,46,elderly
            hh-yangguang-talk-20261126,2026-11-26,plays,4,老人
            hh-yangguang-talk-20261126,2027-02-29,参与人数,5,
            hh-yangguang-talk-20261126,2026-11-26,参与人数,47,elderly

            """)
        let result = try await runner.run(["reach", "import", "m.csv", "--lang", "en"], environment: late)
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "m.csv:2: error: The metric '播放次数' ('screen-plays') in column '指标' is not one the channel 'community-event' reports; it reports 'attendees', 'consultations' or 'leaflets'.",
                "m.csv:4: error: Unknown metric 'plays' in column '指标'. Did you mean 'screen-plays'? Accepted: 'attendees', 'consultations', 'leaflets', 'reads', 'shares', 'screen-plays', 'listeners' or 'readers'.",
                "m.csv:4: error: Unknown audience segment '老人' in column '客群'. Did you mean '老年人'? Accepted: 'students', 'elderly', 'rural-residents', 'new-urban-workers', 'special-groups', 'small-business', 'community-residents' or 'general-public'.",
                "m.csv:5: error: The value '2027-02-29' in column '日期' is not a date (February 2027 has 28 days). Expected a date like '2027-03-15' or '2027/3/15'.",
                "m.csv:6: error: This row repeats line 3 of the file (the same event, date, metric and segment).",
                "5 errors found; nothing was imported. Use --skip-invalid to import the good rows.",
            ], "\(result.stderr)")

        // --skip-invalid: the rejects file gives every error of a row; one good row is "1 row".
        let skipped = try await runner.run(["reach", "import", "m.csv", "--skip-invalid", "--lang", "en"], environment: late)
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stdout == "Imported batch 1: 5 rows; 1 added, 0 corrected, 0 unchanged.\n4 rows were not imported; see m.csv.rejects.csv.\n")
        // Each rejected row as written, its line in the file and every error of it, in line order.
        let rejects = try runner.read("m.csv.rejects.csv")
        let bom = "\u{FEFF}"
        #expect(
            rejects.replacingOccurrences(of: bom, with: "").components(separatedBy: "\r\n") == [
                "活动编号,日期,指标,数量,客群,line,reason",
                "hh-yangguang-talk-20261126,2026-11-26,播放次数,3,,2,\"The metric '播放次数' ('screen-plays') in column '指标' is not one the channel 'community-event' reports; it reports 'attendees', 'consultations' or 'leaflets'.\"",
                "hh-yangguang-talk-20261126,2026-11-26,plays,4,老人,4,\"Unknown metric 'plays' in column '指标'. Did you mean 'screen-plays'? Accepted: 'attendees', 'consultations', 'leaflets', 'reads', 'shares', 'screen-plays', 'listeners' or 'readers'. Unknown audience segment '老人' in column '客群'. Did you mean '老年人'? Accepted: 'students', 'elderly', 'rural-residents', 'new-urban-workers', 'special-groups', 'small-business', 'community-residents' or 'general-public'.\"",
                "hh-yangguang-talk-20261126,2027-02-29,参与人数,5,,5,The value '2027-02-29' in column '日期' is not a date (February 2027 has 28 days). Expected a date like '2027-03-15' or '2027/3/15'.",
                "hh-yangguang-talk-20261126,2026-11-26,参与人数,47,elderly,6,\"This row repeats line 3 of the file (the same event, date, metric and segment).\"",
                "",
            ], "\(rejects)")
        let zhSkipped = try await runner.run(["reach", "import", "m.csv", "--skip-invalid", "--dry-run"], environment: late)
        #expect(zhSkipped.status == 0, "\(zhSkipped.stderr)")
        #expect(try runner.read("m.csv.rejects.csv").replacingOccurrences(of: bom, with: "").hasPrefix("活动编号,日期,指标,数量,客群,行号,原因\r\n"))
        try runner.write("one.csv", "event,date,metric,count\nhh-yangguang-talk-20261126,2026-11-26,consultations,15\n")
        let one = try await runner.run(["reach", "import", "one.csv", "--lang", "en"], environment: late)
        #expect(one.stdout == "Imported batch 2: 1 row; 1 added, 0 corrected, 0 unchanged.\n")
        let dry = try await runner.run(["reach", "import", "one.csv", "--dry-run", "--lang", "en"], environment: late)
        #expect(dry.stderr == "Dry run: 1 row; would add 0, correct 0, leave 1 unchanged; 0 errors, 0 warnings. Nothing was written.\n")
    }

    @Test func batchesShowLocalTimeWithTheZone() async throws {
        let runner = try await imported()
        _ = try await runner.run(["reach", "import", "samples/reach-2026-11.csv"], environment: late)
        let table = try await runner.run(["reach", "batches", "--lang", "en"], environment: late)
        #expect(table.stdout.contains("At (Asia/Shanghai)"), "\(table.stdout)")
        #expect(table.stdout.contains("2026-11-30 18:00 +08:00"), "\(table.stdout)")
        #expect(!table.stdout.contains("10:00:00Z"))
        let zh = try await runner.run(["reach", "batches"], environment: late)
        #expect(zh.stdout.contains("时间（Asia/Shanghai）"))
        // JSON keeps the instant in UTC for programs.
        let json = try await runner.run(["reach", "batches", "--format", "json"], environment: late)
        #expect(json.stdout.contains("\"recordedAt\": \"2026-11-30T10:00:00Z\""), "\(json.stdout)")
    }

    /// A row repeating one read in an earlier 4 MiB chunk still names that row's line.
    @Test func aDuplicateAcrossChunksNamesTheEarlierLine() async throws {
        let runner = try await ReachCommandTests().bulk(rows: 100_000, badLine: nil)
        let text = try runner.read("reach.csv")
        #expect(text.utf8.count > 4 << 20)
        let second = text.split(separator: "\n", maxSplits: 2)[1]
        try runner.write("reach.csv", text + second + "\n")
        let result = try await runner.run(["reach", "import", "reach.csv", "--lang", "en"], timeout: 300)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("reach.csv:100001: error: This row repeats line 2 of the file (the same event, date, metric and segment).\n"), "\(result.stderr)")
        let skip = try await runner.run(["reach", "import", "reach.csv", "--skip-invalid", "--lang", "en"], timeout: 300)
        #expect(skip.stdout.hasSuffix("1 row was not imported; see reach.csv.rejects.csv.\n"), "\(skip.stdout)")
        #expect(try runner.read("reach.csv.rejects.csv").hasSuffix("\(second),100001,\"This row repeats line 2 of the file (the same event, date, metric and segment).\"\r\n"))
    }

    @Test func aDuplicateInAnotherFileNamesThatFile() async throws {
        let runner = try await imported()
        try runner.write("a.csv", "event,date,metric,count\nhh-yangguang-talk-20261126,2026-11-26,attendees,46\nhh-yangguang-talk-20261126,2026-11-26,consultations,15\n")
        try runner.write("b.csv", "event,date,metric,count\nhh-yangguang-talk-20261126,2026-11-26,consultations,16\n")
        let result = try await runner.run(["reach", "import", "a.csv", "b.csv", "--lang", "en"], environment: late)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("b.csv:2: error: This row repeats line 3 of 'a.csv' (the same event, date, metric and segment).\n"), "\(result.stderr)")
    }

    /// A real SIGINT during a large import: it says nothing was imported, and nothing is.
    @Test func ctrlCDuringAnImportImportsNothing() async throws {
        let runner = try await ReachCommandTests().bulk(rows: 300_000, badLine: nil)
        let process = SpawnedProcess()
        process.executableURL = runner.executable
        process.arguments = ["reach", "import", "reach.csv", "--progress", "always", "--lang", "en"]
        process.currentDirectoryURL = runner.directory
        process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "NO_COLOR": "1"]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        // Interrupt it once it reports rows read inside its open transaction.
        var seen = ""
        while process.isRunning, !seen.contains("rows/s") {
            let data = errors.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGINT)
        let rest = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        seen += String(decoding: rest, as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        #expect(seen.hasSuffix("Interrupted (Ctrl-C): nothing was imported; the database is as it was.\n"), "\(seen.suffix(300))")
        // Progress lines: rows with thousands separators, a rate and the time left.
        let progress = seen.split(separator: "\n").first { $0.hasPrefix("Importing ") }.map(String.init) ?? ""
        #expect(progress.range(of: #"^Importing [█░]{30} \d{1,3}%  \d{1,3}(,\d{3})* rows?  \d{1,3}(,\d{3})* rows/s(  about \d+:\d{2}(:\d{2})? left)?$"#, options: .regularExpression) != nil, "\(progress)")
        #expect(try await runner.run(["reach", "batches", "--format", "json"]).stdout == "[]\n")
        #expect(try await runner.run(["reach", "verify", "--lang", "en"]).stdout == "The rollup matches the records.\n")
        #expect(try await storedTexts(runner).isEmpty)
    }
}
