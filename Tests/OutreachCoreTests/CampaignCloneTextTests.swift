import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Testing

/// Writing a campaign back out (`campaign clone`): text comes back byte for byte, comments stay with their
/// fields, and texts that still name the old year are pointed out.
struct CampaignCloneTextTests {
    let reference = ReferenceData.fixture()

    func decode(_ text: String) -> (DecodedCampaign?, [InputIssue]) {
        CampaignFileDecoder.decode(bytes: Array(text.utf8), path: "t.yaml", reference: reference)
    }

    /// Found by the yaml fuzz target: a key written plainly as `...  ...iid` at the start of a line read as
    /// the end-of-document marker followed by junk.
    @Test func textStartingWithADocumentMarkerIsQuotedSoItReadsBackAtTheStartOfALine() throws {
        for text in ["...", "...  ...iid", "--- x", "---"] {
            let written = CampaignFileEncoder.scalar(text) + ": 1\n"
            let root = try #require(try YAMLParser.parse(written), "\(written)")
            guard case .mapping(let entries) = root.content, case .scalar(let key, _) = entries.first?.key.content else {
                Issue.record("not a mapping: \(written)")
                continue
            }
            #expect(key == text, "\(written)")
        }
    }

    @Test func randomTextSurvivesEncodingAndDecoding() throws {
        var random = RandomText(seed: 0xC10E)
        for _ in 0..<1000 {
            var campaign = Campaign(
                id: "c1", title: BilingualName(zh: random.string(), en: random.string()), kind: "households",
                start: LocalDate("2026-12-01")!, end: LocalDate("2026-12-31")!, owner: "city",
                notes: random.string(maximum: 30))
            campaign.events = [
                Event(
                    id: "e1", campaign: "c1", title: BilingualName(zh: random.string(), en: random.string()), channel: "leaflet",
                    venue: "outlet-1", branch: "east-1", timing: .allDay(start: LocalDate("2026-12-05")!, end: LocalDate("2026-12-05")!),
                    staff: [random.string(maximum: 3)], notes: random.string(maximum: 30))
            ]
            let text = CampaignFileEncoder.encode(campaign)
            let (decoded, issues) = decode(text)
            #expect(issues.errors.isEmpty, "\(issues.map { $0.rendered(.en) }) in\n\(text)")
            guard let back = decoded?.campaign, let event = back.events.first else {
                Issue.record("not decoded:\n\(text)")
                continue
            }
            let bytes = { (s: String?) in s.map { Array($0.utf8) } }
            #expect(bytes(back.title.zh) == bytes(campaign.title.zh), "\(text)")
            #expect(bytes(back.title.en) == bytes(campaign.title.en), "\(text)")
            #expect(bytes(back.notes) == bytes(campaign.notes), "\(text)")
            #expect(bytes(event.title.zh) == bytes(campaign.events[0].title.zh), "\(text)")
            #expect(bytes(event.notes) == bytes(campaign.events[0].notes), "\(text)")
            #expect(event.staff.map { Array($0.utf8) } == campaign.events[0].staff.map { Array($0.utf8) }, "\(text)")
        }
    }

    static let commented = """
        # 2027年宣传活动
        id: c1   # 编号不要改
        title: 社区金融知识宣传
        kind: households
        period: {start: 2027-03-01, end: 2027-03-31}
        owner: city
        # 说明
        notes: |
          2027年3月15日为星期一。
          # 这一行是文字，不是注释
        events:
          # 第一场
          - id: e1
            title: "讲座 # 不是注释"  # 标题注释
            channel: leaflet
            venue: outlet-1
            start: 2027-03-15   # 周一
        # 文件末尾
        """

    @Test func commentsAreReadWithTheFieldsTheyBelongTo() {
        let comments = CampaignComments.read(Self.commented)
        typealias Key = CampaignComments.Key
        #expect(comments.before == [
            Key(event: nil, field: "id"): ["# 2027年宣传活动"],
            Key(event: nil, field: "notes"): ["# 说明"],
            Key(event: "e1", field: "id"): ["# 第一场"],
        ])
        #expect(comments.trailing == [
            Key(event: nil, field: "id"): "# 编号不要改",
            Key(event: "e1", field: "title"): "# 标题注释",
            Key(event: "e1", field: "start"): "# 周一",
        ])
        #expect(comments.end == ["# 文件末尾"])
    }

    @Test func aClonedFileKeepsTheCommentsAndNamesTextsWithTheOldYear() throws {
        let (decoded, _) = decode(Self.commented)
        let source = try #require(decoded?.campaign)
        let copy = try CampaignCloner.clone(source, toYear: 2028)
        let text = CampaignFileEncoder.encode(
            copy, header: "由 clone c1 生成 2027", comments: CampaignComments.read(Self.commented),
            sourceIDs: [copy.events[0].id: "e1"])
        #expect(text == """
            # 由 clone c1 生成 2027
            # 2027年宣传活动
            id: c1-2028  # 编号不要改
            title: 社区金融知识宣传
            kind: households
            period: {start: 2028-03-01, end: 2028-03-31}
            owner: city
            # 说明
            notes: |
              2027年3月15日为星期一。
              # 这一行是文字，不是注释
            events:
              # 第一场
              - id: e1-2028
                title: "讲座 # 不是注释"  # 标题注释
                channel: leaflet
                venue: outlet-1
                branch: east-1
                start: 2028-03-15  # 周一
                status: planned
            # 文件末尾

            """)
        let (again, issues) = decode(text)
        #expect(issues.errors.isEmpty)
        #expect(again?.campaign.events.first?.title.zh == "讲座 # 不是注释")
        #expect(CampaignCloner.oldYearMentions(in: text, path: "c.yaml", from: 2027, to: 2028, skippingLines: 1).map { $0.rendered(.en) } == [
            "c.yaml:2:3: warning: A comment still mentions 2027: '# 2027年宣传活动'. Check it for 2028.",
            "c.yaml:10:3: warning: The field 'notes' still mentions 2027: '2027年3月15日为星期一。'. Check it for 2028.",
        ])
        #expect(CampaignCloner.oldYearMentions(in: text, path: "c.yaml", from: 2027, to: 2028, skippingLines: 1)[1].rendered(.zh)
            == "c.yaml:10:3: warning: 字段 'notes' 仍提到 2027 年：'2027年3月15日为星期一。'。请按 2028 年核对。")
    }
}
