import Foundation
import OutreachFormats
import Testing

struct ICalendarTextTests {
    @Test func foldsAt75OctetsWithoutSplittingCharacters() {
        let line = "SUMMARY:" + String(repeating: "金融知识进万家", count: 12)
        let folded = ICalendarText.fold(line)
        let physical = folded.components(separatedBy: "\r\n").dropLast()
        #expect(physical.count > 1)
        for part in physical { #expect(part.utf8.count <= 75) }
        for part in physical.dropFirst() { #expect(part.hasPrefix(" ")) }
        #expect(physical.enumerated().map { $0.offset == 0 ? String($0.element) : String($0.element.dropFirst()) }.joined() == line)
        #expect(ICalendarText.fold("VERSION:2.0") == "VERSION:2.0\r\n")
    }

    @Test func escapesText() {
        #expect(ICalendarText.escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne")
    }
}
