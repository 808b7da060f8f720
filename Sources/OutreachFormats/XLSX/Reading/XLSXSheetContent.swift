/// The first worksheet of a workbook as read by ``XLSXReader``: its name and its non-empty rows in order.
public struct XLSXSheetContent: Sendable {
    /// The sheet's name as the workbook gives it (`Sheet1`, `触达记录`).
    public var name: String
    /// Rows that hold at least one cell, in ascending order.
    public var rows: [XLSXRow]
    /// Whether the workbook counts dates from 1904 (`<workbookPr date1904="1"/>`) rather than 1900.
    public var date1904: Bool
    /// The cells read (rows' cells together).
    public var cellCount: Int
    /// The size of the .xlsx file the sheet was read from, in bytes (0 when not known).
    public var fileSize = 0

    /// The columns of the first row (the header of a table), up to its last cell.
    public var headerWidth: Int { rows.first.map { ($0.cells.last?.column ?? -1) + 1 } ?? 0 }

    public init(name: String, rows: [XLSXRow], date1904: Bool, cellCount: Int) {
        self.name = name
        self.rows = rows
        self.date1904 = date1904
        self.cellCount = cellCount
    }
}

/// One row of a sheet: its 1-based number and its cells, by ascending column.
public struct XLSXRow: Sendable, Equatable {
    public var number: Int
    public var cells: [XLSXReadCell]

    public init(number: Int, cells: [XLSXReadCell]) {
        self.number = number
        self.cells = cells
    }
}

/// A cell read from a sheet: its 0-based column and its value.
public struct XLSXReadCell: Sendable, Equatable {
    public var column: Int
    public var value: XLSXValue

    public init(column: Int, value: XLSXValue) {
        self.column = column
        self.value = value
    }
}

/// A cell's value as the sheet stores it.
public enum XLSXValue: Sendable, Equatable {
    /// A shared, inline or formula string (rich-text runs joined).
    case text(String)
    /// A number, with the text it was written as (`46`, `46.0`, `4.6E1`); `isDate` when its style formats it
    /// as a date or time.
    case number(Double, written: String, isDate: Bool)
    case boolean(Bool)
    /// An error value such as `#N/A` or `#DIV/0!`.
    case error(String)

    /// The value as text: a whole number without a decimal point (`46.0` → `46`), a date-styled number as
    /// `2026-12-05` (with ` 09:30:00` when it has a time), booleans as `TRUE`/`FALSE`.
    public func text(date1904: Bool) -> String {
        switch self {
        case .text(let text): return text
        case .boolean(let value): return value ? "TRUE" : "FALSE"
        case .error(let text): return text
        case .number(let value, let written, let isDate):
            if isDate, let date = XLSXSerialDate.text(serial: value, date1904: date1904) { return date }
            return XLSXValue.numberText(value, written: written)
        }
    }

    /// A number as text: whole numbers (below 2^63) in plain digits, others as written.
    public static func numberText(_ value: Double, written: String) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 9.2e18 {
            return String(Int64(value))
        }
        return written
    }
}

/// Excel's serial dates: days since 1899-12-30 (1900 system; serial 60 is the 29 February 1900 Excel
/// keeps from Lotus 1-2-3) or since 1904-01-01 (1904 system), the fraction being the time of day.
public enum XLSXSerialDate {
    /// `2026-12-05` for a whole serial, `2026-12-05 09:30:00` with a time; nil out of 0…2,958,465 (9999-12-31).
    public static func text(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        let date: String
        if !date1904, days == 60 {
            date = "1900-02-29"
        } else {
            // Days from 1970-01-01 of the epoch: 1899-12-30 is -25,569; 1904-01-01 is -24,107. Before
            // 1 March 1900 the 1900 system is a day off (the fictitious 29 February).
            let epoch = date1904 ? -24_107 : (days < 60 ? -25_568 : -25_569)
            let (y, m, d) = civil(fromDays: epoch + days)
            date = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
        }
        guard seconds > 0 else { return date }
        return "\(date) \(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
    }

    /// The serial of a calendar date (inverse of `text` for whole days), for tests and generators.
    public static func serial(year: Int, month: Int, day: Int, date1904: Bool = false) -> Int {
        let days = daysFromCivil(year, month, day)
        if date1904 { return days + 24_107 }
        return days + (days + 25_568 < 60 ? 25_568 : 25_569)
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count from 1970-01-01.
    static func civil(fromDays z: Int) -> (Int, Int, Int) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
