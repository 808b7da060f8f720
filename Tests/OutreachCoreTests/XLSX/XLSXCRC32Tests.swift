import Testing
@testable import OutreachCore

struct XLSXCRC32Tests {
    @Test(arguments: [
        ("", UInt32(0)),
        ("a", UInt32(0xE8B7_BE43)),
        ("abc", UInt32(0x3524_41C2)),
        ("123456789", UInt32(0xCBF4_3926)),
        ("The quick brown fox jumps over the lazy dog", UInt32(0x414F_A339)),
    ])
    func knownAnswers(input: String, expected: UInt32) {
        #expect(XLSXCRC32.checksum(Array(input.utf8)) == expected)
    }

    @Test func incrementalUpdatesMatchOneShot() {
        let bytes = Array("咸宁分行外拓报表 123456789".utf8)
        var crc = XLSXCRC32()
        crc.update(bytes[..<7])
        crc.update(bytes[7...])
        #expect(crc.value == XLSXCRC32.checksum(bytes))
    }

    @Test func tableIsTheStandardOne() {
        #expect(XLSXCRC32.table.count == 256)
        #expect(XLSXCRC32.table[1] == 0x7707_3096)
        #expect(XLSXCRC32.table[255] == 0x2D02_EF8D)
    }
}
