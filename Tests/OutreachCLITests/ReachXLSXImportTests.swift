import Foundation
import OutreachCore
import OutreachSQLite
import OutreachTestSupport
import Testing

/// `reach import FILE.xlsx` end to end with the built binary: the same rows as the equivalent CSV, the same
/// messages placed by sheet and cell, and hostile or damaged workbooks refused with nothing imported.
@Suite(.timeLimit(.minutes(10)))
struct ReachXLSXImportTests {
    let late = ["OUTREACH_NOW": "2026-11-30T18:00:00+08:00"]

    func imported() async throws -> CommandRunner { try await ReachCommandTests().imported() }

    /// Runs scripts/reach-xlsx.py in the runner's folder.
    func makeWorkbook(_ runner: CommandRunner, from csv: String, to xlsx: String, _ flags: [String] = []) async throws {
        let script = runner.directory.appendingPathComponent("reach-xlsx.py").path
        try? FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent("scripts/reach-xlsx.py").path, toPath: script)
        let result = try await PythonRunner.run(
            [script, runner.directory.appendingPathComponent(csv).path, runner.directory.appendingPathComponent(xlsx).path] + flags)
        #expect(result.status == 0, "\(result.standardError)")
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every stored record (key and count) and text, read through the store.
    func stored(_ runner: CommandRunner) async throws -> (entries: [ReachEntry], texts: [String]) {
        let store = try SQLiteFactory().open(runner.directory.appendingPathComponent("outreach.sqlite").path)
        let entries = try await store.reachEntries(from: LocalDate(year: 2026, month: 1, day: 1)!, through: LocalDate(year: 2026, month: 12, day: 31)!)
        let texts = try await store.reachTexts().map { "\($0.key)|\($0.note ?? "-")|\($0.evidence ?? "-")" }
        return (entries.sorted { $0.key < $1.key }, texts.sorted())
    }

    @Test(arguments: [["--shared-strings"], ["--float-counts"], ["--text-dates", "--shared-strings"]])
    func importsTheSameRowsAsTheEquivalentCSV(flags: [String]) async throws {
        let csvRunner = try await imported()
        let csv = try await csvRunner.run(["reach", "import", "samples/reach-2026-11.csv", "--lang", "en"], environment: late)
        #expect(csv.status == 0, "\(csv.stderr)")
        let xlsxRunner = try await imported()
        try await makeWorkbook(xlsxRunner, from: "samples/reach-2026-11.csv", to: "reach.xlsx", flags)
        let xlsx = try await xlsxRunner.run(["reach", "import", "reach.xlsx", "--lang", "en"], environment: late)
        #expect(xlsx.status == 0, "\(xlsx.stderr)")
        #expect(xlsx.stdout == "Imported batch 1: 10 rows; 10 added, 0 corrected, 0 unchanged.\n")
        let (a, b) = (try await stored(csvRunner), try await stored(xlsxRunner))
        #expect(a.entries.count == 10)
        #expect(a.entries == b.entries)
        #expect(a.texts == b.texts)
        // Importing the CSV over the workbook's records changes nothing.
        let again = try await xlsxRunner.run(["reach", "import", "samples/reach-2026-11.csv", "--lang", "en"], environment: late)
        #expect(again.stdout == "Imported batch 2: 10 rows; 0 added, 0 corrected, 10 unchanged.\n")
    }

    @Test func chosenByContentNotName() async throws {
        let runner = try await imported()
        try await makeWorkbook(runner, from: "samples/reach-2026-11.csv", to: "reach.xlsx")
        try FileManager.default.moveItem(
            at: runner.directory.appendingPathComponent("reach.xlsx"), to: runner.directory.appendingPathComponent("week-48.dat"))
        let result = try await runner.run(["reach", "import", "week-48.dat", "--lang", "en"], environment: late)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Imported batch 1: 10 rows; 10 added, 0 corrected, 0 unchanged.\n")
    }

    @Test func aBadCellIsPlacedBySheetAndCellAndNothingIsImported() async throws {
        let runner = try await imported()
        var csv = try runner.read("samples/reach-2026-11.csv").replacingOccurrences(of: "\u{FEFF}", with: "")
            .replacingOccurrences(of: "\r\n", with: "\n")
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] = "event,date,metric,count,segment,note,evidence"
        // Row 7 of the sheet: the metric misspelt; row 4: a count that is not a number.
        var row7 = lines[6].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        row7[2] = "plays"
        lines[6] = row7.joined(separator: ",")
        var row4 = lines[3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        row4[3] = "4b"
        lines[3] = row4.joined(separator: ",")
        csv = lines.joined(separator: "\n")
        try runner.write("bad.csv", csv)
        try await makeWorkbook(runner, from: "bad.csv", to: "reach.xlsx")
        let result = try await runner.run(["reach", "import", "reach.xlsx", "--lang", "en"], environment: late)
        #expect(result.status == 65)
        #expect(
            result.stderr == """
                reach.xlsx: Sheet1!D4: error: The value '4b' in column 'count' is invalid. Expected a whole number of 0 or more.
                reach.xlsx: Sheet1!C7: error: Unknown metric 'plays' in column 'metric'. Did you mean 'screen-plays'? Accepted: 'attendees', 'consultations', 'leaflets', 'reads', 'shares', 'screen-plays', 'listeners' or 'readers'.
                2 errors found; nothing was imported. Use --skip-invalid to import the good rows.

                """, "\(result.stderr)")
        #expect(try await stored(runner).entries.isEmpty)
        let zh = try await runner.run(["reach", "import", "reach.xlsx", "--lang", "zh"], environment: late)
        #expect(zh.stderr.hasPrefix("reach.xlsx: Sheet1!D4: error: 'count' 列的值 '4b' 无效。应为大于或等于 0 的整数。\n"), "\(zh.stderr)")

        // With --skip-invalid the good rows go in and the bad ones to the rejects file, numbered by their row.
        let skipped = try await runner.run(["reach", "import", "reach.xlsx", "--skip-invalid", "--lang", "en"], environment: late)
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(try await stored(runner).entries.count == 8)
        let rejects = try runner.read("reach.xlsx.rejects.csv")
        let rejectLines = rejects.split(separator: "\r\n").map(String.init)
        #expect(rejectLines.count == 3)
        #expect(rejectLines[0].hasSuffix("event,date,metric,count,segment,note,evidence,line,reason"))
        #expect(rejectLines[1].hasPrefix("hh-yangguang-talk-20261126,2026-11-26,咨询人次,4b,"), "\(rejects)")
        #expect(rejectLines[1].hasSuffix(",4,The value '4b' in column 'count' is invalid. Expected a whole number of 0 or more."), "\(rejects)")
        #expect(rejectLines[2].contains(",plays,") && rejectLines[2].contains(",7,"), "\(rejects)")
    }

    @Test func aRepeatedRowNamesTheEarlierRowOfTheSheet() async throws {
        let runner = try await imported()
        let row = "hh-yangguang-talk-20261126,2026-11-26,参与人数,46,elderly,,"
        try runner.write("dup.csv", "event,date,metric,count,segment,note,evidence\n\(row)\n\(row)\n")
        try await makeWorkbook(runner, from: "dup.csv", to: "dup.xlsx", ["--sheet", "Week 48"])
        let result = try await runner.run(["reach", "import", "dup.xlsx", "--lang", "en"], environment: late)
        #expect(result.status == 65)
        #expect(
            result.stderr == """
                dup.xlsx: 'Week 48'!3:3: error: This row repeats row 2 of the sheet (the same event, date, metric and segment).
                1 error found; nothing was imported. Use --skip-invalid to import the good rows.

                """, "\(result.stderr)")
        #expect(try await stored(runner).entries.isEmpty)
    }

    @Test func aZipBombIsRefused() async throws {
        let runner = try await imported()
        try await makeWorkbook(runner, from: "samples/reach-2026-11.csv", to: "reach.xlsx")
        let path = runner.directory.appendingPathComponent("reach.xlsx").path
        // The sheet replaced by 200 MiB of spaces: about 200 KB compressed, more than 1,000 times smaller.
        let script = """
            import sys, zipfile
            source = zipfile.ZipFile(sys.argv[1])
            parts = {n: source.read(n) for n in source.namelist()}
            parts["xl/worksheets/sheet1.xml"] = b" " * (200 << 20)
            with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
                for name, data in parts.items():
                    out.writestr(name, data)
            """
        let made = try await PythonRunner.run(["-c", script, path, runner.directory.appendingPathComponent("bomb.xlsx").path])
        #expect(made.status == 0, "\(made.standardError)")
        let result = try await runner.run(["reach", "import", "bomb.xlsx", "--lang", "en"], environment: late)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("bomb.xlsx: error: The workbook's part 'xl/worksheets/sheet1.xml' expands to more than "), "\(result.stderr)")
        #expect(result.stderr.contains("(a zip bomb), and is refused."))
        #expect(try await stored(runner).entries.isEmpty)
    }

    @Test func truncatedAndFakeWorkbooksAreRefused() async throws {
        let runner = try await imported()
        try await makeWorkbook(runner, from: "samples/reach-2026-11.csv", to: "reach.xlsx")
        let whole = try Data(contentsOf: runner.directory.appendingPathComponent("reach.xlsx"))
        try runner.write("cut.xlsx", whole.prefix(whole.count / 2))
        let cut = try await runner.run(["reach", "import", "cut.xlsx", "--lang", "en"], environment: late)
        #expect(cut.status == 65)
        #expect(
            cut.stderr
                == "cut.xlsx: error: The workbook is cut short (its ZIP archive ends early), as a copy or download that stopped half way leaves it. Copy or download it again.\n",
            "\(cut.stderr)")
        let cutZh = try await runner.run(["reach", "import", "cut.xlsx", "--lang", "zh"], environment: late)
        #expect(cutZh.stderr == "cut.xlsx: error: 工作簿不完整（ZIP 压缩包提前结束），可能是复制或下载时被截断。请重新复制或下载该文件。\n")
        try runner.write("fake.xlsx", "event,date,metric,count\n")
        let fake = try await runner.run(["reach", "import", "fake.xlsx", "--lang", "en"], environment: late)
        #expect(fake.status == 65)
        #expect(
            fake.stderr
                == "fake.xlsx: error: The file is named .xlsx but is not an .xlsx workbook (it is not a ZIP archive). Accepted: an .xlsx workbook (its first sheet is read) or a CSV or TSV text file.\n")
        #expect(try await stored(runner).entries.isEmpty)
    }
}
