import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachApp
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import OutreachWeb
import Testing

/// The feeds page (`/feeds`) and uploads by branch staff (`/reach/upload`, limited to their subtree).
struct FeedsPageRouteTests {
    /// The feed address a page shows once, as `/feeds/TOKEN.ics`.
    static func feedPath(in text: String) -> String? {
        guard let start = text.range(of: "/feeds/"), text[start.upperBound...].prefix(47).hasSuffix(".ics") else { return nil }
        return String(text[start.lowerBound...].prefix(7 + 47))
    }

    @Test func aUserAddsTheirOwnFeedSeesItsAddressOnceAndRevokesIt() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var staff = Browser(client)
            _ = try await staff.signIn("li.ming")
            let empty = try await staff.request("/feeds")
            #expect(empty.status == .ok)
            #expect(empty.text.contains("还没有日历订阅。"))
            #expect(empty.text.contains("<a href=\"/feeds\">日历订阅</a>"))
            // Branch staff add only their own feed: no scope to choose.
            #expect(!empty.text.contains("name=\"scope\""))
            let token = try #require(empty.hiddenCSRF)

            let added = try await staff.request(
                "/feeds", method: .post, form: [("csrf", token), ("action", "add"), ("label", "李明的<手机>")])
            #expect(added.status == .ok)
            #expect(added.text.contains("已添加订阅 "))
            #expect(added.text.contains("（李明的&lt;手机&gt;）。订阅地址只显示这一次，请现在复制到日历应用中："))
            let path = try #require(Self.feedPath(in: added.text), "\(added.text)")
            #expect(added.text.contains("<td>用户 li.ming</td>"))
            // The address works, and is never shown again.
            let calendar = try await client.executeRequest(uri: path, method: .get, headers: [:], body: nil)
            #expect(calendar.status == .ok)
            #expect(String(buffer: calendar.body).contains("温泉路防诈骗讲座"))
            #expect(!String(buffer: calendar.body).contains("人民路反洗钱宣传"))
            let again = try await staff.request("/feeds")
            #expect(!again.text.contains(path))
            #expect(again.text.contains("<td>有效</td>"))

            // A branch feed is for planners and admins; an empty label is refused; a forged form does nothing.
            let branch = try await staff.request(
                "/feeds", method: .post, form: [("csrf", token), ("action", "add"), ("label", "大屏"), ("scope", "east")])
            #expect(branch.status == .forbidden)
            #expect(branch.text.contains("机构订阅只有计划员和管理员可以添加或撤销。"))
            let blank = try await staff.request("/feeds?lang=en", method: .post, form: [("csrf", token), ("action", "add"), ("label", "  ")])
            #expect(blank.status == .unprocessableContent)
            #expect(blank.text.contains("Give the feed a label: lists show it."))
            let forged = try await staff.request("/feeds?lang=zh", method: .post, form: [("csrf", "x"), ("action", "add"), ("label", "x")])
            #expect(forged.status == .forbidden)
            #expect(try await setup.store.calendarFeeds().count == 1)

            // Revoke: the address answers 404 from then on.
            let feed = try #require(try await setup.store.calendarFeeds().first)
            let revoked = try await staff.request("/feeds", method: .post, form: [("csrf", token), ("action", "revoke"), ("handle", feed.handle)])
            #expect(revoked.status == .ok)
            #expect(revoked.text.contains("已撤销订阅 \(feed.handle)（李明的&lt;手机&gt;）：其地址从此返回“未找到”。"))
            #expect(revoked.text.contains("<td>已于 2026-12-05 10:00 撤销</td>"))
            #expect(try await client.executeRequest(uri: path, method: .get, headers: [:], body: nil).status == .notFound)
        }
    }

    @Test func plannersAndAdminsAddBranchFeedsOthersNeitherSeeNorRevokeThemAndViewersChangeNothing() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var admin = Browser(client)
            _ = try await admin.signIn("wang.fang")
            let form = try await admin.request("/feeds")
            #expect(form.text.contains("<option value=\"west\">赤壁支行 (west)</option>"))
            let token = try #require(form.hiddenCSRF)
            let unknown = try await admin.request(
                "/feeds", method: .post, form: [("csrf", token), ("action", "add"), ("label", "大屏"), ("scope", "wst")])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("没有编号为 &#39;wst&#39; 的机构。您是不是要找 &#39;west&#39;？"))
            let added = try await admin.request(
                "/feeds", method: .post, form: [("csrf", token), ("action", "add"), ("label", "赤壁支行大屏"), ("scope", "west")])
            #expect(added.status == .ok)
            #expect(added.text.contains("<td>赤壁支行大屏</td><td>赤壁支行</td>"))
            let path = try #require(Self.feedPath(in: added.text))
            let calendar = String(buffer: try await client.executeRequest(uri: path, method: .get, headers: [:], body: nil).body)
            #expect(calendar.contains("人民路反洗钱宣传"))
            #expect(!calendar.contains("温泉路防诈骗讲座"))
            let feed = try #require(try await setup.store.calendarFeeds().first)

            // Branch staff do not see it and cannot revoke it (no such feed, for them).
            var staff = Browser(client)
            _ = try await staff.signIn("li.ming")
            let list = try await staff.request("/feeds")
            #expect(!list.text.contains(feed.handle))
            let staffToken = try #require(list.hiddenCSRF)
            let refused = try await staff.request(
                "/feeds", method: .post, form: [("csrf", staffToken), ("action", "revoke"), ("handle", feed.handle)])
            #expect(refused.status == .notFound)
            #expect(refused.text.contains("没有这个订阅，或它已被撤销。"))

            // Viewers see the page without forms and cannot post.
            var viewer = Browser(client)
            _ = try await viewer.signIn("zhao.lei")
            let page = try await viewer.request("/feeds")
            #expect(page.status == .ok)
            #expect(!page.text.contains("action=\"/feeds\""))
            let viewerToken = try #require(page.hiddenCSRF)
            let post = try await viewer.request("/feeds", method: .post, form: [("csrf", viewerToken), ("action", "add"), ("label", "x")])
            #expect(post.status == .forbidden)
            #expect(post.text.contains("只读用户不能添加或撤销订阅。"))
            #expect(try await setup.store.calendarFeeds().count == 1)
            #expect(try await setup.store.calendarFeeds().first?.revokedAt == nil)

            // Signed out: the sign-in page.
            let nobody = try await client.executeRequest(uri: "/feeds", method: .get, headers: [:], body: nil)
            #expect(nobody.status == .seeOther)
            #expect(nobody.headers[.location] == "/login")
        }
    }

    @Test func branchStaffUploadOnlyTheirSubtreesReachAndAnotherBranchsRowIsALocatedError() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var staff = Browser(client)
            _ = try await staff.signIn("li.ming")
            let form = try await staff.request("/reach/upload")
            #expect(form.status == .ok)
            #expect(form.text.contains("name=\"file\""))
            let token = try #require(form.hiddenCSRF)
            func upload(_ bytes: [UInt8], name: String, skip: Bool, lang: String = "zh") async throws -> Browser.Page {
                try await ReachRouteTests.post(
                    staff, "/reach/upload?lang=\(lang)", fields: [("csrf", token)] + (skip ? [("skip", "1")] : []),
                    files: [ReachRouteTests.Upload(name: "file", filename: name, type: "text/csv", bytes: bytes)])
            }
            let csv = "活动场次,日期,指标,数量\neast-talk,2026-12-05,attendees,30\nwest-talk,2026-12-05,attendees,12\n"
            let refused = try await upload(Array(csv.utf8), name: "reach.csv", skip: false)
            #expect(refused.status == .unprocessableContent)
            #expect(
                refused.text.contains("第 3 行：&#39;活动场次&#39; 列中的活动场次 &#39;west-talk&#39; 不是咸安支行（east）及其下级机构的活动场次。"),
                "\(refused.text)")
            #expect(refused.text.contains("只接受该机构范围内的活动场次。"))
            #expect(refused.text.contains("有 1 处错误，未导入任何内容。"))
            #expect(try await ReachRouteTests().reachLog(setup, "east-talk").isEmpty)
            // An unknown event gets the same answer: ids of other branches cannot be probed.
            let unknown = try await upload(Array("event,date,metric,count\nno-such,2026-12-05,attendees,1\n".utf8), name: "x.csv", skip: false, lang: "en")
            #expect(unknown.text.contains("Line 2: The event &#39;no-such&#39; in column &#39;event&#39; is not an event of Xian&#39;an (east) or the branches below it."), "\(unknown.text)")
            #expect(unknown.text.contains("Accepted: the events of that branch subtree only."))

            // In a workbook, placed by sheet and cell.
            let workbook = try XLSXWorkbook(
                sheets: [
                    XLSXSheet(
                        name: "登记表",
                        rows: [
                            [.text("活动场次"), .text("日期"), .text("指标"), .text("数量")],
                            [.text("east-talk"), .text("2026-12-05"), .text("attendees"), .integer(30)],
                            [.text("west-talk"), .text("2026-12-05"), .text("attendees"), .integer(12)],
                        ])
                ], created: WebSetup.now
            ).data()
            let xlsx = try await upload(Array(workbook), name: "reach.xlsx", skip: false)
            #expect(xlsx.status == .unprocessableContent)
            #expect(xlsx.text.contains("登记表!A3：&#39;活动场次&#39; 列中的活动场次 &#39;west-talk&#39; 不是咸安支行（east）"), "\(xlsx.text)")

            // Skipping bad rows imports their own branch's row only.
            let skipped = try await upload(Array(csv.utf8), name: "reach.csv", skip: true)
            #expect(skipped.status == .ok)
            #expect(skipped.text.contains("1 行未导入"))
            #expect(try await ReachRouteTests().reachLog(setup, "east-talk").map(\.count) == [30])
            #expect(try await ReachRouteTests().reachLog(setup, "west-talk").isEmpty)

            // An admin imports the same row of 赤壁支行 (west).
            var admin = Browser(client)
            _ = try await admin.signIn("wang.fang")
            let adminToken = try #require(try await admin.request("/reach/upload").hiddenCSRF)
            let accepted = try await ReachRouteTests.post(
                admin, "/reach/upload", fields: [("csrf", adminToken)],
                files: [ReachRouteTests.Upload(name: "file", filename: "w.csv", type: "text/csv", bytes: Array("event,date,metric,count\nwest-talk,2026-12-05,attendees,12\n".utf8))])
            #expect(accepted.status == .ok)
            #expect(try await ReachRouteTests().reachLog(setup, "west-talk").map(\.count) == [12])
        }
    }
}
