import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachApp
import OutreachCore
import Testing

/// `/feeds/TOKEN.ics`: a branch's or a user's events as iCalendar, without signing in; unknown, revoked and
/// malformed tokens all answer 404.
struct FeedRouteTests {
    func feeds(_ setup: WebSetup) async throws -> CalendarFeeds {
        CalendarFeeds(store: setup.store, reference: try #require(try await setup.store.referenceData()))
    }

    @Test func aBranchFeedHoldsThatSubtreesEventsAndNoOthers() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        let (_, token) = try await feeds(setup).add(.branch("east"), label: "东区大屏", at: WebSetup.now)
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            let zh = try await browser.request("/feeds/\(token).ics")
            #expect(zh.status == .ok)
            #expect(zh.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(zh.text.hasPrefix("BEGIN:VCALENDAR\r\n"))
            #expect(zh.text.contains("X-WR-CALNAME:金融知识宣传活动 · "), "\(zh.text)")
            #expect(zh.text.contains("SUMMARY:温泉路防诈骗讲座"))
            #expect(zh.text.contains("SUMMARY:银泉网点养老金讲座"))
            #expect(!zh.text.contains("人民路反洗钱宣传"), "another branch's event is in the feed")
            #expect(zh.text.components(separatedBy: "BEGIN:VEVENT").count - 1 == 4)
            let en = try await browser.request("/feeds/\(token).ics?lang=en")
            #expect(en.text.contains("SUMMARY:Talk east-talk"))
        }
    }

    @Test func revokedUnknownAndMalformedTokensAreNotFound() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        let feeds = try await feeds(setup)
        let (feed, token) = try await feeds.add(.branch("east"), label: "东区大屏", at: WebSetup.now)
        let other = String(token.reversed())
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.request("/feeds/\(token).ics").status == .ok)
            _ = try await feeds.revoke("东区大屏", at: WebSetup.now)
            for path in [
                "/feeds/\(token).ics", "/feeds/\(other).ics", "/feeds/\(token)", "/feeds/short.ics",
                "/feeds/..%2F..%2Foutreach.sqlite", "/feeds/\(token.prefix(42))%00.ics",
            ] {
                #expect(try await browser.request(path).status == .notFound, "\(path)")
            }
        }
        #expect(try await feeds.list().first?.revokedAt == WebSetup.now)
        #expect(try await feeds.list().first?.id == feed.id)
    }

    @Test func aUserFeedFollowsTheUsersScopeAndEndsWhenTheUserIsDisabled() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        let (_, token) = try await feeds(setup).add(.user("li.ming"), label: "李明的手机", at: WebSetup.now)
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            let feed = try await browser.request("/feeds/\(token).ics")
            #expect(feed.status == .ok)
            #expect(feed.text.contains("SUMMARY:温泉路防诈骗讲座"))
            #expect(!feed.text.contains("人民路反洗钱宣传"))
            _ = try await setup.store.disableUser("li.ming")
            #expect(try await browser.request("/feeds/\(token).ics").status == .notFound)
        }
    }

    @Test func addingRefusesUnknownBranchesAndUsersWithTheNearestOne() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        let feeds = try await feeds(setup)
        await #expect(throws: CalendarFeeds.Failure.unknownBranch("eats", suggestion: "east")) {
            try await feeds.add(.branch("eats"), label: "x", at: WebSetup.now)
        }
        await #expect(throws: CalendarFeeds.Failure.unknownUser("li.mng", suggestion: "li.ming")) {
            try await feeds.add(.user("li.mng"), label: "x", at: WebSetup.now)
        }
        #expect(CalendarFeeds.Failure.unknownBranch("eats", suggestion: "east").message.text(.en) == "No branch with id 'eats'. Did you mean 'east'?")
        #expect(CalendarFeeds.Failure.unknownBranch("eats", suggestion: "east").message.text(.zh) == "没有编号为 'eats' 的机构。您是不是要找 'east'？")
        _ = try await feeds.add(.branch("east"), label: "同名", at: WebSetup.now)
        _ = try await feeds.add(.branch("west"), label: "同名", at: WebSetup.now)
        await #expect(throws: CalendarFeeds.Failure.ambiguousFeed("同名", matches: 2)) { try await feeds.revoke("同名", at: WebSetup.now) }
        await #expect(throws: CalendarFeeds.Failure.unknownFeed("nothing")) { try await feeds.revoke("nothing", at: WebSetup.now) }
        #expect(try await feeds.list().allSatisfy { $0.revokedAt == nil })
    }
}
