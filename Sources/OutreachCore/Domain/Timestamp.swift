import Foundation

/// UTC timestamps as ISO 8601 text (`2026-11-29T02:30:05Z`), formatted without a formatter object.
public enum Timestamp {
    public static func string(from date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - day * 86400
        let d = LocalDate(dayNumber: day)
        return "\(d)T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))Z"
    }

    /// Parses `2026-11-29T02:30:05Z` (also with a `+08:00` style offset, or fractional seconds).
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
                let oh = digits(u, i + 1, 2), u[i + 3] == UInt8(ascii: ":"), let om = digits(u, i + 4, 2)
            {
                offset = (oh * 60 + om) * (u[i] == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        } else {
            return nil
        }
        let seconds = day.dayNumber * 86400 + h * 3600 + m * 60 + s - offset * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }
}
