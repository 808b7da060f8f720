import Foundation
import OutreachTestSupport
import Testing

/// Text written in a campaign file comes back from the store byte for byte (`campaign show --format
/// json`), or the file is refused with the position of the first character YAML does not allow.
@Suite(.timeLimit(.minutes(5)))
struct CampaignTextRoundTripTests {
    struct Shown: Decodable {
        struct ShownEvent: Decodable {
            var id: String
            var title: String
            var titleEn: String?
            var notes: String?
        }
        var title: String
        var titleEn: String?
        var notes: String?
        var events: [ShownEvent]
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func randomUnicodeTextRoundTripsThroughImportAndShow(seed: UInt64) async throws {
        var random = RandomText(seed: seed)
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)

        let campaignTitle = random.string(), campaignTitleEN = random.string(), campaignNotes = random.string(maximum: 30)
        var text = """
            id: rt
            title: \(random.yamlScalar(campaignTitle))
            title_en: \(random.yamlScalar(campaignTitleEN))
            kind: households
            period: {start: 2026-12-01, end: 2026-12-31}
            owner: xn-city
            notes: \(random.yamlScalar(campaignNotes))
            events:

            """
        var expected: [(title: String, titleEN: String, notes: String)] = []
        for n in 0..<100 {
            let event = (title: random.string(), titleEN: random.string(), notes: random.string(maximum: 30))
            expected.append(event)
            text += """
                  - id: rt-\(n)
                    title: \(random.yamlScalar(event.title))
                    title_en: \(random.yamlScalar(event.titleEN))
                    channel: leaflet
                    venue: outlet-wenquan-wenquanlu
                    start: 2026-12-07
                    notes: \(random.yamlScalar(event.notes))

                """
        }
        try runner.write("rt.yaml", text)
        let imported = try await runner.run(["import", "rt.yaml"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let shown = try await runner.run(["campaign", "show", "rt", "--format", "json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let campaign = try JSONDecoder().decode(Shown.self, from: Data(shown.stdout.utf8))
        // Compare bytes: Swift's `==` on strings would call "é" and "e\u{301}" equal.
        #expect(Array(campaign.title.utf8) == Array(campaignTitle.utf8))
        #expect(campaign.titleEn.map { Array($0.utf8) } == Array(campaignTitleEN.utf8))
        #expect(campaign.notes.map { Array($0.utf8) } == Array(campaignNotes.utf8))
        #expect(campaign.events.count == expected.count)
        for event in campaign.events {
            let n = try #require(Int(event.id.dropFirst(3)))
            #expect(Array(event.title.utf8) == Array(expected[n].title.utf8), "event \(event.id), seed \(seed)")
            #expect(event.titleEn.map { Array($0.utf8) } == Array(expected[n].titleEN.utf8), "event \(event.id)")
            #expect(event.notes.map { Array($0.utf8) } == Array(expected[n].notes.utf8), "event \(event.id)")
        }
    }

    static let file = """
        id: rt
        title: 测试宣传活动
        kind: households
        period: {start: 2026-12-01, end: 2026-12-31}
        owner: xn-city
        events:
          - id: rt-1
            title: 讲座
            channel: leaflet
            venue: outlet-wenquan-wenquanlu
            start: 2026-12-07
            notes: NOTES

        """

    @Test(arguments: [
        ("\"a\\0b\"", "--lang", "en", "rt.yaml:12:14: error: The escape '\\0' gives the character U+0000, which is not allowed in text. Control characters other than tab and line breaks, and U+FFFE and U+FFFF, are refused (see docs/yaml-subset.md); remove it."),
        ("带\u{0}零", "--lang", "zh", "rt.yaml:12:13: error: YAML 文件中不允许出现字符 U+0000。除制表符和换行以外的控制字符，以及 U+FFFE 和 U+FFFF，一律不接受（见 docs/yaml-subset.md）；请删除该字符。"),
        ("'响铃\u{7}'", "--lang", "en", "rt.yaml:12:15: error: The character U+0007 is not allowed in a YAML file. Control characters other than tab and line breaks, and U+FFFE and U+FFFF, are refused (see docs/yaml-subset.md); remove it."),
        ("\"\\uFFFF\"", "--lang", "zh", "rt.yaml:12:13: error: 转义 '\\uFFFF' 表示字符 U+FFFF，文本中不允许出现该字符。除制表符和换行以外的控制字符，以及 U+FFFE 和 U+FFFF，一律不接受（见 docs/yaml-subset.md）；请删除该转义。"),
    ])
    func refusedCharactersStopValidateAndImport(notes: String, flag: String, language: String, message: String) async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        try runner.write("rt.yaml", Self.file.replacingOccurrences(of: "NOTES", with: notes))
        let validated = try await runner.run(["validate", "rt.yaml", "--seeds", "seeds", flag, language])
        #expect(validated.status == 65)
        #expect(validated.stderr.split(separator: "\n").first.map(String.init) == message)
        let imported = try await runner.run(["import", "rt.yaml", flag, language])
        #expect(imported.status == 65)
        #expect(imported.stderr.contains(message))
        // Nothing was stored.
        let shown = try await runner.run(["campaign", "show", "rt", "--format", "json"])
        #expect(shown.status != 0)
    }
}
