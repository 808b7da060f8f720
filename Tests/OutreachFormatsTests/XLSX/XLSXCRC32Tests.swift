import Testing
@testable import OutreachFormats

struct XLSXCRC32Tests {
    @Test(arguments: [
        ("", UInt32(0)),
        ("a", UInt32(0xE8B7_BE43)),
        ("abc", UInt32(0x3524_41C2)),
        ("123456789", UInt32(0xCBF4_3926)),
        ("The quick brown fox jumps over the lazy dog", UInt32(0x414F_A339)),
        ("咸宁分行外拓报表 123456789", UInt32(0x221B_B00E)),
    ])
    func knownAnswers(input: String, expected: UInt32) {
        #expect(XLSXDeflate.crc32(Array(input.utf8)) == expected)
    }
}
