import Foundation

/// Calendar fields of a `Date` in UTC (proleptic Gregorian), computed without
/// `Calendar` or `DateFormatter` so the output never depends on the machine's locale.
struct XLSXUTCDateTime: Equatable, Sendable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    /// Splits a date into UTC fields. Dates outside the years 1...9999 are clamped
    /// to that range; a NaN interval counts as 1970-01-01.
    init(_ date: Date) {
        let lowest = -62_135_596_800.0  // 0001-01-01T00:00:00Z
        let highest = 253_402_300_799.0  // 9999-12-31T23:59:59Z
        let interval = date.timeIntervalSince1970
        let clamped = interval.isNaN ? 0 : min(max(interval.rounded(.down), lowest), highest)
        let seconds = Int(clamped)
        let days = Self.floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400

        // Howard Hinnant's civil_from_days.
        let shifted = days + 719_468
        let era = Self.floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        self.year = year
        self.month = month
        self.day = day
        self.hour = secondOfDay / 3_600
        self.minute = secondOfDay % 3_600 / 60
        self.second = secondOfDay % 60
    }

    /// The W3CDTF form used by `docProps/core.xml`, e.g. `2024-05-06T07:08:09Z`.
    var w3cdtf: String {
        "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))"
            + "T\(Self.padded(hour, 2)):\(Self.padded(minute, 2)):\(Self.padded(second, 2))Z"
    }

    /// The MS-DOS time of a ZIP entry (two-second resolution). Dates before 1980
    /// become 1980-01-01 00:00:00 and dates after 2107 become 2107-12-31 23:59:58.
    var dosTime: UInt16 {
        let fields = dosFields
        return UInt16(truncatingIfNeeded: fields.hour << 11 | fields.minute << 5 | fields.second / 2)
    }

    /// The MS-DOS date of a ZIP entry, clamped like ``dosTime``.
    var dosDate: UInt16 {
        let fields = dosFields
        return UInt16(truncatingIfNeeded: (fields.year - 1_980) << 9 | fields.month << 5 | fields.day)
    }

    private var dosFields: XLSXUTCDateTime {
        var fields = self
        if year < 1_980 {
            fields = XLSXUTCDateTime(year: 1_980, month: 1, day: 1, hour: 0, minute: 0, second: 0)
        } else if year > 2_107 {
            fields = XLSXUTCDateTime(year: 2_107, month: 12, day: 31, hour: 23, minute: 59, second: 58)
        }
        return fields
    }

    private init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
