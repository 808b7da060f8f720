import Testing
@testable import OutreachFormats

struct XLSXColumnWidthTests {
    @Test(arguments: [
        ("", 0), ("abc", 3), ("咸宁分行", 8), ("A股", 3), ("（全角）", 8), ("第一行\n长一点的第二行", 14), ("é", 1), ("e\u{301}", 1), ("한국", 4),
    ])
    func textWidth(text: String, expected: Int) {
        #expect(XLSXColumnWidth.displayWidth(of: text) == expected)
    }

    @Test(arguments: [
        (XLSXCell.integer(0), 1), (.integer(1_234), 5), (.integer(-1_234_567), 10), (.number(5_678.9), 8),
        (.number(-0.5), 5), (.percent(0.25), 5), (.percent(1), 6), (.empty, 0), (.number(.nan), 0),
    ])
    func cellWidth(cell: XLSXCell, expected: Int) {
        #expect(XLSXColumnWidth.displayWidth(of: cell) == expected)
    }

    @Test func widthsArePaddedAndClamped() {
        let rows: [[XLSXCell]] = [
            [.text("a"), .text(String(repeating: "宽", count: 40)), .text("咸宁分行营业部")],
            [.empty, .integer(1), .empty, .text("1234567")],
        ]
        #expect(XLSXColumnWidth.widths(for: rows) == [6, 60, 16, 9])
        #expect(XLSXColumnWidth.widths(for: []) == [])
    }
}
