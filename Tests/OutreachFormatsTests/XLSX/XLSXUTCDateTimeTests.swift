import Foundation
import Testing
@testable import OutreachFormats

struct XLSXUTCDateTimeTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_709_251_199.0, "2024-02-29T23:59:59Z"),
        (1_714_979_289.9, "2024-05-06T07:08:09Z"),
        (-1.0, "1969-12-31T23:59:59Z"),
        (951_782_400.0, "2000-02-29T00:00:00Z"),
        (4_102_444_800.0, "2100-01-01T00:00:00Z"),
        (1e300, "9999-12-31T23:59:59Z"),
        (-1e300, "0001-01-01T00:00:00Z"),
    ])
    func w3cdtf(interval: Double, expected: String) {
        #expect(XLSXUTCDateTime(Date(timeIntervalSince1970: interval)).w3cdtf == expected)
    }

    @Test func dosDateAndTime() {
        let fields = XLSXUTCDateTime(Date(timeIntervalSince1970: 1_714_979_289))  // 2024-05-06T07:08:09Z
        #expect(fields.dosDate == UInt16((2024 - 1980) << 9 | 5 << 5 | 6))
        #expect(fields.dosTime == UInt16(7 << 11 | 8 << 5 | 9 / 2))
    }

    @Test func dosDateIsClampedTo1980Through2107() {
        let early = XLSXUTCDateTime(Date(timeIntervalSince1970: 0))
        #expect(early.dosDate == UInt16(0 << 9 | 1 << 5 | 1))
        #expect(early.dosTime == 0)
        let late = XLSXUTCDateTime(Date(timeIntervalSince1970: 1e12))
        #expect(late.dosDate == UInt16(127 << 9 | 12 << 5 | 31))
        #expect(late.dosTime == UInt16(23 << 11 | 59 << 5 | 29))
    }
}
