import Foundation

/// UTC timestamps as ISO 8601 text (`2026-11-29T02:30:05Z`), formatted without a formatter object.
public enum Timestamp {
    /// Whole milliseconds since 1970, rounded down: how the outbox and the delivery log count time.
    public static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    public static func string(from date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - day * 86400
        let d = LocalDate(dayNumber: day)
        return "\(d)T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))Z"
    }

    /// The instants a timestamp may name: 0001-01-01T00:00:00Z up to the end of 9999-12-31 in UTC, the dates
    /// `LocalDate` reads and writes (so every accepted timestamp is written back as it reads).
    static let seconds = LocalDate(year: 1, month: 1, day: 1)!.dayNumber * 86400..<(LocalDate(year: 9999, month: 12, day: 31)!.dayNumber + 1) * 86400

    /// Parses `2026-11-29T02:30:05Z` (also with a `+08:00` style offset, or fractional seconds). An offset is
    /// hours 00–23 and minutes 00–59 (RFC 3339), and the instant must fall within `seconds`.
    public static func date(from text: String) -> Date? {
        var text = text
        return text.withUTF8 { date(utf8: $0) }
    }

    /// Parses a timestamp from UTF-8 bytes.
    public static func date(utf8 u: UnsafeBufferPointer<UInt8>) -> Date? {
        guard u.count >= 19, u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " "),
            let day = LocalDate(utf8: UnsafeBufferPointer(rebasing: u[0..<10])),
            u[13] == UInt8(ascii: ":"), u[16] == UInt8(ascii: ":"),
            let h = digits(u, 11, 2), let m = digits(u, 14, 2), let s = digits(u, 17, 2), h < 24, m < 60, s < 61
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                fraction += Double(u[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        var offset = 0
        if i < u.count {
            if u[i] == UInt8(ascii: "Z"), i + 1 == u.count {
                offset = 0
            } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-"), u.count == i + 6,
                let oh = digits(u, i + 1, 2), u[i + 3] == UInt8(ascii: ":"), let om = digits(u, i + 4, 2), oh < 24, om < 60
            {
                offset = (oh * 60 + om) * (u[i] == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        } else {
            return nil
        }
        let seconds = day.dayNumber * 86400 + h * 3600 + m * 60 + s - offset * 60
        guard Self.seconds.contains(seconds) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }
}
