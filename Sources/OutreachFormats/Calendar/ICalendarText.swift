/// The text rules of RFC 5545 iCalendar files, knowing nothing of what the events are.
public enum ICalendarText {
    /// Escapes TEXT values: backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11).
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Folds a content line at 75 octets, never splitting a UTF-8 character, and ends it with CRLF.
    public static func fold(_ line: String) -> String {
        var out = ""
        var octets = 0
        let limit = 75  // octets per line, the leading space of a continuation included
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if octets + size > limit {
                out += "\r\n "
                octets = 1
            }
            out.unicodeScalars.append(scalar)
            octets += size
        }
        return out + "\r\n"
    }
}
