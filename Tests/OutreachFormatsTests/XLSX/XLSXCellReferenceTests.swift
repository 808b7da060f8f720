import Testing
@testable import OutreachFormats

struct XLSXCellReferenceTests {
    @Test(arguments: [
        (0, 0, "A1"), (0, 25, "Z1"), (0, 26, "AA1"), (0, 27, "AB1"), (0, 51, "AZ1"), (0, 52, "BA1"),
        (0, 701, "ZZ1"), (0, 702, "AAA1"), (0, 16_383, "XFD1"), (9, 2, "C10"), (1_048_575, 16_383, "XFD1048576"),
    ])
    func reference(row: Int, column: Int, expected: String) {
        #expect(XLSXCellReference.reference(row: row, column: column) == expected)
    }

    @Test func columnNamesAreBijectiveForTheFirstColumns() {
        let names = (0..<1_000).map(XLSXCellReference.columnName)
        #expect(Set(names).count == 1_000)
        #expect(names.allSatisfy { $0.allSatisfy { $0 >= "A" && $0 <= "Z" } })
    }

    @Test func ranges() {
        #expect(XLSXCellReference.range(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: 0) == "A1")
        #expect(XLSXCellReference.range(firstRow: 0, firstColumn: 0, lastRow: 9, lastColumn: 27) == "A1:AB10")
    }
}
