import Foundation

/// Converts local wall-clock times in one IANA zone to absolute minutes (UTC, since 1970).
///
/// Occurrences are generated as local wall times and converted one by one, so a weekly 09:00 talk
/// stays at 09:00 across a daylight-saving change. A local time that does not exist (in a spring-forward
/// gap) moves forward by the gap; an ambiguous one (in a fall-back overlap) takes the earlier instant.
public struct ZoneConverter: Sendable {
    public let identifier: String
    private let zone: TimeZone
    /// The offset in minutes when the zone has had no transitions since 2000 (Asia/Shanghai).
    private let fixedOffset: Int?

    /// Creates a converter, or returns nil for an unknown zone name.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.zone = zone
        let since2000 = Date(timeIntervalSince1970: 946_684_800)
        if zone.nextDaylightSavingTimeTransition(after: since2000) == nil {
            fixedOffset = zone.secondsFromGMT(for: since2000) / 60
        } else {
            fixedOffset = nil
        }
    }

    /// The zone's UTC offset in minutes at an absolute minute.
    public func offset(atUTCMinute minute: Int) -> Int {
        if let fixedOffset { return fixedOffset }
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(minute) * 60)) / 60
    }

    /// The absolute minute of a local wall-clock minute number.
    public func utcMinute(ofLocalMinute local: Int) -> Int {
        if let fixedOffset { return local - fixedOffset }
        let before = offset(atUTCMinute: local - 1440)
        let after = offset(atUTCMinute: local + 1440)
        let valid = Set([before, after]).map { local - $0 }.filter { local - offset(atUTCMinute: $0) == $0 }
        if let earliest = valid.min() { return earliest }
        // In a spring-forward gap: read the wall time with the offset from before the gap (RFC 5545 §3.3.5).
        return local - before
    }

    public func utcMinute(of local: LocalDateTime) -> Int { utcMinute(ofLocalMinute: local.minuteNumber) }

    /// The local wall time of an absolute minute.
    public func local(atUTCMinute minute: Int) -> LocalDateTime {
        LocalDateTime(minuteNumber: minute + offset(atUTCMinute: minute))
    }

    /// The local wall time of an instant.
    public func local(at date: Date) -> LocalDateTime {
        local(atUTCMinute: Int((date.timeIntervalSince1970 / 60).rounded(.down)))
    }

    /// The instant of a local wall time.
    public func date(of local: LocalDateTime) -> Date {
        Date(timeIntervalSince1970: TimeInterval(utcMinute(of: local)) * 60)
    }

    /// Offset formatted as `+08:00`.
    public func offsetText(atUTCMinute minute: Int) -> String {
        let offset = offset(atUTCMinute: minute)
        let sign = offset < 0 ? "-" : "+"
        return "\(sign)\(pad(abs(offset) / 60, 2)):\(pad(abs(offset) % 60, 2))"
    }

    /// The zone's offset transitions (UTC minute, offset before, offset after, is DST after) between two instants.
    public func transitions(from start: Date, to end: Date) -> [(utcMinute: Int, before: Int, after: Int, isDST: Bool)] {
        guard fixedOffset == nil else { return [] }
        var result: [(Int, Int, Int, Bool)] = []
        var cursor = start
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end {
            let minute = Int(next.timeIntervalSince1970 / 60)
            let before = zone.secondsFromGMT(for: next.addingTimeInterval(-1)) / 60
            let after = zone.secondsFromGMT(for: next) / 60
            result.append((minute, before, after, zone.isDaylightSavingTime(for: next)))
            cursor = next.addingTimeInterval(1)
        }
        return result
    }

    /// The zone's abbreviation (`CST`) at an instant, if it has one.
    public func abbreviation(at date: Date) -> String? { zone.abbreviation(for: date) }
}

extension ReferenceData {
    /// The date at `now` where a branch is (its zone, by `timeZone(of:)`); Asia/Shanghai's for nil (every
    /// branch). Nil only when not even Asia/Shanghai is known to the system.
    public func today(at now: Date, for branch: Branch.ID?) -> LocalDate? {
        let zone = branch.map(timeZone(of:)) ?? ReferenceData.defaultTimeZone
        return (ZoneConverter(identifier: zone) ?? ZoneConverter(identifier: ReferenceData.defaultTimeZone))?.local(at: now).date
    }
}
