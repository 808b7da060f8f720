import Foundation
import OutreachCore

/// The date and time parsers behind fields and flags. Invariants: the string and byte parsers agree; a
/// parsed value written out reads back the same; a compact date and a timestamp round-trip too.
enum DatesTarget {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let bytesOfText = Array(text.utf8)

        let date = LocalDate(text)
        require(bytesOfText.withUnsafeBufferPointer { LocalDate(utf8: $0) } == date, "the date parsers disagree on '\(text)'")
        if let date { require(LocalDate(date.description) == date, "\(date) does not read back") }
        if let compact = LocalDate(compact: text) {
            require(LocalDate(compact: compact.compactDescription) == compact, "\(compact.compactDescription) does not read back")
        }

        let time = LocalTime(text)
        require(bytesOfText.withUnsafeBufferPointer { LocalTime(utf8: $0) } == time, "the time parsers disagree on '\(text)'")
        if let time { require(LocalTime(time.description) == time, "\(time) does not read back") }

        let dateTime = LocalDateTime(text)
        require(bytesOfText.withUnsafeBufferPointer { LocalDateTime(utf8: $0) } == dateTime, "the date-time parsers disagree on '\(text)'")
        if let dateTime { require(LocalDateTime(dateTime.description) == dateTime, "\(dateTime) does not read back") }

        let stamp = Timestamp.date(from: text)
        require(bytesOfText.withUnsafeBufferPointer { Timestamp.date(utf8: $0) } == stamp, "the timestamp parsers disagree on '\(text)'")
        if let stamp {
            // Timestamps are written in whole seconds.
            let whole = Date(timeIntervalSince1970: stamp.timeIntervalSince1970.rounded(.down))
            require(Timestamp.date(from: Timestamp.string(from: stamp)) == whole, "timestamp \(text) does not read back")
        }
    }
}
