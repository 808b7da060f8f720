import Foundation
import OutreachTestSupport
import Testing

/// `outreach export campaigns DIR`: the store written back as campaign files that import unchanged.
struct ExportCommandTests {
    func imported() async throws -> CommandRunner {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        try runner.copyFromRepository("campaigns")
        #expect(try await runner.run(["init"]).status == 0)
        let result = try await runner.run(["import", "campaigns"])
        #expect(result.status == 0, "\(result.stderr)")
        return runner
    }

    @Test func exportedFilesImportUnchangedAndKeepStatusCommentsAndChineseText() async throws {
        let runner = try await imported()
        #expect(try await runner.run(["event", "confirm", "hh-bulletin-wenquanlu"]).status == 0)
        let before = try await runner.run(["campaign", "show", "2026-2027-households", "--format", "json"])

        let result = try await runner.run(["export", "campaigns", "exported", "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        for id in ["2026-2027-households", "2027-315-xianning", "2027-autumn-campus", "2027-september-literacy"] {
            #expect(result.stdout.contains("Wrote exported/\(id).yaml: campaign \(id), "), "\(result.stdout)")
            #expect(runner.exists("exported/\(id).yaml"))
        }
        let text = try runner.read("exported/2026-2027-households.yaml")
        #expect(text.contains("title: 2026—2027年度“金融知识进万家”常态化宣传\n"), "\(text)")
        // The confirmation made in the store is in the file; the source file's comments are kept.
        let original = try runner.read("campaigns/2026-2027-households.yaml")
        for comment in original.split(separator: "\n").filter({ $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }) {
            #expect(text.contains(comment), "comment lost: \(comment)")
        }

        let again = try await runner.run(["import", "exported", "--lang", "en"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            again.stdout.contains(
                "Imported 4 campaigns (0 added, 0 updated, 4 unchanged); events: 0 added, 0 updated,"),
            "\(again.stdout)")
        #expect(again.stdout.contains(" 0 cancelled because they left their file."), "\(again.stdout)")
        let after = try await runner.run(["campaign", "show", "2026-2027-households", "--format", "json"])
        // The same campaign, now read from the exported file.
        let withoutSource = { (json: String) in json.split(separator: "\n").filter { !$0.contains("\"source\"") } }
        #expect(withoutSource(after.stdout) == withoutSource(before.stdout))
        #expect(after.stdout.contains("\"source\": \"exported/2026-2027-households.yaml\""))
        #expect(after.stdout.contains("\"confirmed\""))

        // Written again, byte for byte the same.
        #expect(try await runner.run(["export", "campaigns", "again"]).status == 0)
        for id in ["2026-2027-households", "2027-315-xianning"] {
            #expect(try runner.read("again/\(id).yaml") == runner.read("exported/\(id).yaml"))
        }
    }

    @Test func existingFilesStopTheExportBeforeAnythingIsWritten() async throws {
        let runner = try await imported()
        try runner.write("exported/2027-315-xianning.yaml", "# mine\n")
        let result = try await runner.run(["export", "campaigns", "exported", "--lang", "en"])
        #expect(result.status == 64)
        #expect(
            result.stderr == "Error: These files already exist, so nothing was written: exported/2027-315-xianning.yaml. Use --force to overwrite them, or choose another folder.\n",
            "\(result.stderr)")
        #expect(try runner.read("exported/2027-315-xianning.yaml") == "# mine\n")
        #expect(!runner.exists("exported/2027-autumn-campus.yaml"))

        let zh = try await runner.run(["export", "campaigns", "exported", "--lang", "zh"])
        #expect(zh.stderr.contains("这些文件已存在，未写入任何文件：exported/2027-315-xianning.yaml。使用 --force 覆盖，或换一个目录。"), "\(zh.stderr)")

        let forced = try await runner.run(["export", "campaigns", "exported", "--campaign", "2027-315-xianning", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try runner.read("exported/2027-315-xianning.yaml").contains("id: 2027-315-xianning\n"))
        #expect(!runner.exists("exported/2027-autumn-campus.yaml"))
    }

    @Test func anUnknownCampaignGetsTheNearestIdAndAFileIsNotAFolder() async throws {
        let runner = try await imported()
        let unknown = try await runner.run(["export", "campaigns", "out", "--campaign", "2027-315-xianing", "--lang", "en"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("2027-315-xianing"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("Did you mean '2027-315-xianning'?"), "\(unknown.stderr)")
        #expect(!runner.exists("out"))

        try runner.write("plain.txt", "x")
        let file = try await runner.run(["export", "campaigns", "plain.txt", "--lang", "en"])
        #expect(file.status == 64)
        #expect(file.stderr == "Error: 'plain.txt' is a file, not a folder. Give the folder to write to.\n", "\(file.stderr)")
    }
}
