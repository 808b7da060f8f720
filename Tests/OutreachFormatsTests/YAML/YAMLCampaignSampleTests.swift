import OutreachFormats
import Testing

/// A realistic campaign file of about 200 lines, shaped like the files Outreach reads.
struct YAMLCampaignSampleTests {
    static let campaign = """
        # 2027年"3·15"金融消费者权益保护教育宣传
        id: 2027-315-xianning
        title: 2027年"3·15"金融消费者权益保护教育宣传周
        title_en: "2027 Consumer Rights Day (3·15) campaign"
        kind: consumer-rights-day
        period: {start: 2027-03-08, end: 2027-03-21}
        owner: xn-city
        branches: [xn-xianan, xn-chibi, xn-jiayu]
        segments:
          - segment: elderly
            target_population: 52000
          - {segment: students, target_population: 31000}
        notes: |
          以"清朗金融网络 守护安心消费"为主题。
          各网点LED屏统一播放宣传标语。
        contacts:
          lead: 王芳   # 城区支行
          phone: "0715-8123456"
        events:
          - id: 315-event-01
            title: 网点宣传活动 第1场
            channel: led-screen
            venue: outlet-wenquan
            start: 2027-03-08 14:30
            end: 16:00
            staff: [张伟, 李娜]
            expected_reach: 80
            status: confirmed
            repeat: FREQ=WEEKLY;BYDAY=TU;COUNT=3   # every Tuesday
            except: [2027-03-15]
            # reviewed
          - id: 315-event-02
            title: '社区"守护钱袋子"讲座 第2场'
            channel: community-event
            venue: community-yangguang
            start: 2027-03-09 14:30
            end: 16:00
            staff: [李娜, 王芳]
            expected_reach: 90
            status: planned
            summary: >-
              面向老年客户讲解
              防范电信诈骗知识。
            # reviewed
          - id: 315-event-03
            title: 网点宣传活动 第3场
            channel: outlet-counter
            venue: outlet-chibi
            start: 2027-03-10 14:30
            end: 16:00
            staff: [王芳, 刘洋]
            expected_reach: 100
            status: done
            repeat: FREQ=WEEKLY;BYDAY=TU;COUNT=3   # every Tuesday
            except: [2027-03-17]
            # reviewed
          - id: 315-event-04
            title: 网点宣传活动 第4场
            channel: campus-talk
            venue: school-xianning-no1
            start: 2027-03-11 14:30
            end: 16:00
            staff: [刘洋, 陈静]
            expected_reach: 110
            status: confirmed
            summary: >-
              面向老年客户讲解
              防范电信诈骗知识。
            # reviewed
          - id: 315-event-05
            title: '社区"守护钱袋子"讲座 第5场'
            channel: wechat-article
            venue: market-jiayu
            start: 2027-03-12 14:30
            end: 16:00
            staff: [陈静, 张伟]
            expected_reach: 120
            status: planned
            repeat: FREQ=WEEKLY;BYDAY=TU;COUNT=3   # every Tuesday
            except: [2027-03-19]
            # reviewed
          - id: 315-event-06
            title: 网点宣传活动 第6场
            channel: led-screen
            venue: outlet-wenquan
            start: 2027-03-13 14:30
            end: 16:00
            staff: [张伟, 李娜]
            expected_reach: 130
            status: done
            summary: >-
              面向老年客户讲解
              防范电信诈骗知识。
            # reviewed
          - id: 315-event-07
            title: 网点宣传活动 第7场
            channel: community-event
            venue: community-yangguang
            start: 2027-03-14 14:30
            end: 16:00
            staff: [李娜, 王芳]
            expected_reach: 140
            status: confirmed
            repeat: FREQ=WEEKLY;BYDAY=TU;COUNT=3   # every Tuesday
            except: [2027-03-21]
            # reviewed
          - id: 315-event-08
            title: '社区"守护钱袋子"讲座 第8场'
            channel: outlet-counter
            venue: outlet-chibi
            start: 2027-03-15 14:30
            end: 16:00
            staff: [王芳, 刘洋]
            expected_reach: 150
            status: planned
            summary: >-
              面向老年客户讲解
              防范电信诈骗知识。
            # reviewed
          - id: 315-event-09
            title: 网点宣传活动 第9场
            channel: campus-talk
            venue: school-xianning-no1
            start: 2027-03-16 14:30
            end: 16:00
            staff: [刘洋, 陈静]
            expected_reach: 160
            status: done
            repeat: FREQ=WEEKLY;BYDAY=TU;COUNT=3   # every Tuesday
            except: [2027-03-23]
            # reviewed
          - id: 315-event-10
            title: 网点宣传活动 第10场
            channel: wechat-article
            venue: market-jiayu
            start: 2027-03-17 14:30
            end: 16:00
            staff: [陈静, 张伟]
            expected_reach: 170
            status: confirmed
            summary: >-
              面向老年客户讲解
              防范电信诈骗知识。
            # reviewed
          - id: 315-event-11
            title: '社区"守护钱袋子"讲座 第11场'
            channel: led-screen
            venue: outlet-wenquan
            start: 2027-03-18 14:30
            end: 16:00
            staff: [张伟, 李娜]
            expected_reach: 180
            status: planned
            repeat: FREQ=WEEKLY;BYDAY=TU;COUNT=3   # every Tuesday
            except: [2027-03-25]
            # reviewed
          - id: 315-event-12
            title: 网点宣传活动 第12场
            channel: community-event
            venue: community-yangguang
            start: 2027-03-19 14:30
            end: 16:00
            staff: [李娜, 王芳]
            expected_reach: 190
            status: done
            summary: >-
              面向老年客户讲解
              防范电信诈骗知识。
            # reviewed
          - id: 315-event-13
            title: 网点宣传活动 第13场
            channel: outlet-counter
            venue: outlet-chibi
            start: 2027-03-20 14:30
            end: 16:00
            staff: [王芳, 刘洋]
            expected_reach: 200
            status: confirmed
            repeat: FREQ=WEEKLY;BYDAY=TU;COUNT=3   # every Tuesday
            except: [2027-03-27]
            # reviewed
          - id: 315-event-14
            title: '社区"守护钱袋子"讲座 第14场'
            channel: campus-talk
            venue: school-xianning-no1
            start: 2027-03-21 14:30
            end: 16:00
            staff: [刘洋, 陈静]
            expected_reach: 210
            status: planned
            summary: >-
              面向老年客户讲解
              防范电信诈骗知识。
            # reviewed
          - id: 315-event-15
            title: 网点宣传活动 第15场
            channel: wechat-article
            venue: market-jiayu
            start: 2027-03-22 14:30
            end: 16:00
            staff: [陈静, 张伟]
            expected_reach: 220
            status: done
            repeat: FREQ=WEEKLY;BYDAY=TU;COUNT=3   # every Tuesday
            except: [2027-03-29]
            # reviewed

        """

    private func root() throws -> YAMLNode {
        try #require(try YAMLParser.parse(Self.campaign))
    }

    @Test func topLevelKeysInDocumentOrder() throws {
        let keys = try root().mapping?.map { $0.key.scalar }
        #expect(
            keys == [
                "id", "title", "title_en", "kind", "period", "owner", "branches", "segments", "notes", "contacts",
                "events",
            ]
        )
    }

    @Test func headerValues() throws {
        let root = try root()
        #expect(root["id"]?.content == .scalar("2027-315-xianning", .plain))
        #expect(root["title"]?.content == .scalar("2027年\"3·15\"金融消费者权益保护教育宣传周", .plain))
        #expect(root["title_en"]?.content == .scalar("2027 Consumer Rights Day (3·15) campaign", .doubleQuoted))
        #expect(root["period"]?["start"]?.scalar == "2027-03-08")
        #expect(root["period"]?["end"]?.scalar == "2027-03-21")
        #expect(root["branches"]?.sequence?.compactMap(\.scalar) == ["xn-xianan", "xn-chibi", "xn-jiayu"])
        #expect(root["segments"]?.sequence?.count == 2)
        #expect(root["segments"]?.sequence?.first?["target_population"]?.scalar == "52000")
        #expect(root["segments"]?.sequence?.last?["segment"]?.scalar == "students")
        #expect(
            root["notes"]?.content
                == .scalar("以\"清朗金融网络 守护安心消费\"为主题。\n各网点LED屏统一播放宣传标语。\n", .literal)
        )
        #expect(root["contacts"]?["lead"]?.scalar == "王芳")
        #expect(root["contacts"]?["phone"]?.content == .scalar("0715-8123456", .doubleQuoted))
    }

    @Test func everyEventHasItsFields() throws {
        let events = try #require(try root()["events"]?.sequence)
        #expect(events.count == 15)
        for (index, event) in events.enumerated() {
            let number = index + 1 < 10 ? "0\(index + 1)" : "\(index + 1)"
            #expect(event["id"]?.scalar == "315-event-\(number)")
            for key in ["title", "channel", "venue", "start", "end", "staff", "expected_reach", "status"] {
                #expect(event[key] != nil, "event \(index + 1) has no \(key)")
            }
            #expect(event["end"]?.content == .scalar("16:00", .plain))
            #expect(event["staff"]?.sequence?.count == 2)
        }
    }

    @Test func eventDetails() throws {
        let events = try #require(try root()["events"]?.sequence)
        let first = events[0]
        #expect(first["start"]?.scalar == "2027-03-08 14:30")
        #expect(first["repeat"]?.scalar == "FREQ=WEEKLY;BYDAY=TU;COUNT=3")
        #expect(first["except"]?.sequence?.map(\.scalar) == ["2027-03-15"])
        #expect(first["staff"]?.sequence?.map(\.scalar) == ["张伟", "李娜"])
        let second = events[1]
        #expect(second["title"]?.content == .scalar("社区\"守护钱袋子\"讲座 第2场", .singleQuoted))
        #expect(second["summary"]?.content == .scalar("面向老年客户讲解 防范电信诈骗知识。", .folded))
        #expect(second["repeat"] == nil)
    }

    @Test func positionsDeepInTheFile() throws {
        let events = try #require(try root()["events"]?.sequence)
        let last = try #require(events.last)
        #expect(last.position == YAMLPosition(line: 195, column: 5))
        let entry = try #require(last.mapping?.first)
        #expect(entry.key.position == YAMLPosition(line: 195, column: 5))
        #expect(entry.value.position == YAMLPosition(line: 195, column: 9))
        #expect(entry.value.endPosition == YAMLPosition(line: 195, column: 21))
        let staff = try #require(last["staff"]?.sequence)
        #expect(staff.map(\.position) == [YAMLPosition(line: 201, column: 13), YAMLPosition(line: 201, column: 17)])
    }
}
