import Foundation
import OutreachTestSupport
import Testing

/// `campaign clone` keeps the comments of the campaign's file and says which texts still name the old year.
@Suite(.timeLimit(.minutes(5)))
struct CampaignCloneCommentsTests {
    @Test func cloneKeepsCommentsAndPointsAtTheOldYear() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        try runner.copyFromRepository("campaigns")
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["import", "campaigns"]).status == 0)
        let result = try await runner.run(["campaign", "clone", "2027-315-xianning", "--year", "2028", "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        let path = "campaigns/2028-315-xianning.yaml"
        let copy = try runner.read(path)
        let original = try runner.read("campaigns/2027-315-xianning.yaml")
        // Every comment of the original is in the copy.
        let comments = { (text: String) in
            text.split(separator: "\n").compactMap { line in line.firstRange(of: "# ").map { String(line[$0.lowerBound...]) } }
        }
        #expect(Set(comments(original)).subtracting(comments(copy)).isEmpty)
        #expect(copy.contains("# 网点LED显示屏：全程滚动播放宣传标语\n  - id: 315-led-"))
        // Texts that name 2027 are pointed at in the new file, with line and column.
        let lines = copy.split(separator: "\n", omittingEmptySubsequences: false)
        let notesLine = try #require(lines.firstIndex { $0.contains("2027年3月15日为星期一") }) + 1
        #expect(result.stderr.contains(
            "\(path):\(notesLine):28: warning: The field 'notes' still mentions 2027: '分行消保部牵头，办公室配合，各支行、网点组织实施。2027年3月15日为星期一。'. Check it for 2028."))
        #expect(result.stderr.contains("\(path):2:3: warning: A comment still mentions 2027: '# 2027年“3·15”金融消费者权益保护教育宣传周（咸宁分行）'. Check it for 2028."))
        #expect(!result.stderr.contains("warning: The field 'title'"))
        // The copy still imports.
        #expect(try await runner.run(["import", "campaigns"]).status == 0)
    }
}
