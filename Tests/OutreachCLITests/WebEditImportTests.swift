import Foundation
import OutreachCore
import OutreachSQLite
import OutreachTestSupport
import Testing

@testable import outreach

/// `outreach import` never overwrites an event edited in the web app silently: it stops (exit 65) with the
/// differences, field by field, and changes nothing, unless `--overwrite-web-edits`; `outreach export campaigns`
/// writes the web edits as files that import cleanly.
struct WebEditImportTests {
    static let editedAt = Timestamp.date(from: "2026-11-29T01:30:00Z")!  // 09:30 in Shanghai

    /// The shipped files imported, then two web edits: 315-bd-chibi-street retitled and made longer, and a new
    /// event that no file has.
    func edited() async throws -> (CommandRunner, any OutreachStore) {
        let runner = try CommandRunner()
        for folder in ["seeds", "campaigns"] { try runner.copyFromRepository(folder) }
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["import", "campaigns"]).status == 0)
        let store = try SQLiteFactory().open(runner.directory.appendingPathComponent("outreach.sqlite").path)
        let actor = AuditActor(name: "wang.fang", displayName: "王芳", source: .web)
        var chibi = try #require(try await store.event("315-bd-chibi-street")).event
        chibi.title = BilingualName(zh: "赤壁步行街防诈骗宣传（网页）")
        chibi.timing = .timed(start: LocalDateTime("2027-03-14 09:30")!, end: LocalDateTime("2027-03-14 12:30")!)
        _ = try await store.saveEvent(chibi, reminders: nil, at: Self.editedAt, recording: actor)
        var added = chibi
        added.id = "315-web-added"
        added.title = BilingualName(zh: "网页新增讲座")
        added.timing = .timed(start: LocalDateTime("2027-03-20 14:00")!, end: LocalDateTime("2027-03-20 15:00")!)
        added.staff = []
        _ = try await store.saveEvent(added, reminders: nil, at: Self.editedAt, recording: actor)
        return (runner, store)
    }

    @Test func anImportThatWouldOverwriteAWebEditStopsWithTheDifferencesAndChangesNothing() async throws {
        let (runner, store) = try await edited()
        let before = try await runner.run(["campaign", "show", "2027-315-xianning", "--format", "json"])
        let result = try await runner.run(["import", "campaigns", "--lang", "en"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("""
            campaigns/2027-315-xianning.yaml: event '315-bd-chibi-street' (赤壁步行街防诈骗宣传（网页）) was edited on the web \
            by 王芳 (wang.fang) at 2026-11-29 09:30, after the last import or export; importing the file would change:
              title: 赤壁步行街防诈骗宣传（网页） → 赤壁商业步行街“3·15”防诈骗宣传
              end: 12:30 → 12:00

            """), "\(result.stderr)")
        #expect(result.stderr.contains("""
            campaigns/2027-315-xianning.yaml: event '315-web-added' (网页新增讲座) was edited on the web by 王芳 (wang.fang) \
            at 2026-11-29 09:30, after the last import or export; importing the file would change:
              The file does not have this event: importing it would cancel the event.
              status: planned → cancelled

            """), "\(result.stderr)")
        #expect(result.stderr.hasSuffix(
            "2 events edited on the web would be overwritten; nothing was imported. Write the web edits to files first with "
                + "'outreach export campaigns DIR', or give --overwrite-web-edits to let the files win.\n"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        // Nothing changed.
        #expect(try await runner.run(["campaign", "show", "2027-315-xianning", "--format", "json"]).stdout == before.stdout)
        #expect(try await store.pendingWebEdits(campaigns: nil).count == 2)

        // The same in Chinese.
        let zh = try await runner.run(["import", "campaigns/2027-315-xianning.yaml", "--lang", "zh"])
        #expect(zh.status == 65)
        #expect(zh.stderr.contains("  title：赤壁步行街防诈骗宣传（网页） → 赤壁商业步行街“3·15”防诈骗宣传\n"), "\(zh.stderr)")
        #expect(zh.stderr.contains("网页上修改过的 2 个活动场次会被覆盖，未导入任何内容。"), "\(zh.stderr)")

        // Files of other campaigns import as before.
        let other = try await runner.run(["import", "campaigns/2027-autumn-campus.yaml"])
        #expect(other.status == 0, "\(other.stderr)")
    }

    @Test func overwriteWebEditsLetsTheFilesWin() async throws {
        let (runner, store) = try await edited()
        let result = try await runner.run(["import", "campaigns", "--overwrite-web-edits", "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Overwrote 2 events edited on the web with the files (--overwrite-web-edits).\n"))
        #expect(try await store.event("315-bd-chibi-street")?.event.title.zh == "赤壁商业步行街“3·15”防诈骗宣传")
        #expect(try await store.event("315-web-added")?.event.status == .cancelled)
        #expect(try await store.pendingWebEdits(campaigns: nil).isEmpty)
        // Settled: the next import goes through.
        #expect(try await runner.run(["import", "campaigns"]).status == 0)
    }

    @Test func exportThenImportIsCleanAndKeepsTheWebEdits() async throws {
        let (runner, store) = try await edited()
        let exported = try await runner.run(["export", "campaigns", "exported"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let text = try runner.read("exported/2027-315-xianning.yaml")
        #expect(text.contains("  - id: 315-web-added\n    title: 网页新增讲座\n"), "\(text)")
        #expect(text.contains("    title: 赤壁步行街防诈骗宣传（网页）\n"))
        #expect(try await store.pendingWebEdits(campaigns: nil).isEmpty)

        let again = try await runner.run(["import", "exported", "--lang", "en"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("events: 0 added, 0 updated,"), "\(again.stdout)")
        #expect(again.stdout.contains(" 0 cancelled because they left their file."), "\(again.stdout)")
        #expect(try await store.event("315-bd-chibi-street")?.event.title.zh == "赤壁步行街防诈骗宣传（网页）")
        #expect(try await store.event("315-web-added")?.event.status == .planned)
    }

    @Test func webEditMessagesHaveBothLanguages() {
        let samples: [Message] = [
            WebEditCommandMessages.conflict(path: "x.yaml", id: "e1", title: BilingualName(zh: "讲座", en: "Talk"), by: "wang", at: "2027-03-01 09:00"),
            WebEditCommandMessages.missingFromFile,
            WebEditCommandMessages.difference(EventFields.Difference(field: "end", before: "12:00", after: "")),
            WebEditCommandMessages.difference(EventFields.Difference(field: "end", before: "", after: "12:00")),
            WebEditCommandMessages.nothingImported(count: 2),
            WebEditCommandMessages.overwritten(count: 1),
        ]
        #expect(MessageCatalogueCheck.problems(in: samples, englishMayQuote: ["讲座"]) == [])
    }
}
