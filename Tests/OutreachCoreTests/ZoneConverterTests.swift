import OutreachCore
import Testing

struct ZoneConverterTests {
    @Test func shanghaiIsAFixedOffset() throws {
        let zone = try #require(ZoneConverter(identifier: "Asia/Shanghai"))
        let local = LocalDateTime("2027-03-15 09:30")!
        #expect(zone.utcMinute(of: local) == local.minuteNumber - 480)
        #expect(zone.offsetText(atUTCMinute: 0) == "+08:00")
    }

    @Test func weeklyMeetingKeepsItsWallClockTimeAcrossDaylightSaving() throws {
        let zone = try #require(ZoneConverter(identifier: "Europe/London"))
        // 2027-03-28 is the spring-forward Sunday in London.
        let before = zone.utcMinute(of: LocalDateTime("2027-03-21 09:00")!)
        let after = zone.utcMinute(of: LocalDateTime("2027-03-28 09:00")!)
        #expect(zone.local(atUTCMinute: before).description == "2027-03-21 09:00")
        #expect(zone.local(atUTCMinute: after).description == "2027-03-28 09:00")
        #expect(after - before == 7 * 1440 - 60)
    }

    @Test func aTimeInTheSpringGapMovesForward() throws {
        let zone = try #require(ZoneConverter(identifier: "Europe/London"))
        let minute = zone.utcMinute(of: LocalDateTime("2027-03-28 01:30")!)
        #expect(zone.local(atUTCMinute: minute).description == "2027-03-28 02:30")
    }

    @Test func anAmbiguousAutumnTimeTakesTheEarlierInstant() throws {
        let zone = try #require(ZoneConverter(identifier: "Europe/London"))
        let minute = zone.utcMinute(of: LocalDateTime("2027-10-31 01:30")!)
        #expect(zone.offset(atUTCMinute: minute) == 60)
    }

    @Test func unknownZoneIsRejected() {
        #expect(ZoneConverter(identifier: "Asia/Xianning") == nil)
    }
}
