import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OutreachApp
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Testing

@testable import OutreachWeb

/// A client of `/api/v1` with a personal token (or none), over any test client.
struct APIClient {
    let client: any TestClientProtocol
    var token: String?

    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var bytes: [UInt8]
        var text: String { String(decoding: bytes, as: UTF8.self) }
        var json: JSONValue? { try? JSONValue.parse(text) }

        /// A top-level field of the JSON answer.
        subscript(_ name: String) -> JSONValue? {
            guard case .object(let pairs)? = json else { return nil }
            return pairs.last { $0.0 == name }?.1
        }

        /// The problem's field errors, as `field: message`.
        var fieldErrors: [String] {
            guard case .array(let items)? = self["errors"] else { return [] }
            return items.compactMap { item in
                guard case .object(let pairs) = item, case .string(let field)? = pairs.first(where: { $0.0 == "field" })?.1,
                    case .string(let message)? = pairs.first(where: { $0.0 == "message" })?.1
                else { return nil }
                return "\(field): \(message)"
            }
        }

        var items: [JSONValue] {
            guard case .array(let items)? = self["items"] else { return [] }
            return items
        }
    }

    func send(_ uri: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: String? = nil) async throws -> Answer {
        var fields = headers
        if let token { fields[.authorization] = "Bearer " + token }
        if body != nil { fields[.contentType] = "application/json" }
        let response = try await client.executeRequest(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
        return Answer(status: response.status, headers: response.headers, bytes: Array(response.body.readableBytesView))
    }
}

extension JSONValue {
    subscript(_ name: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last { $0.0 == name }?.1
    }

    var string: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }
}

/// `/api/v1` over the shipped seeds and campaigns: authentication (tokens, the session with its form token),
/// every endpoint as each role with branch scope, ETags, If-Match, idempotent POSTs and problems.
struct APIRouteTests {
    /// A token for each shipped user.
    static func tokens(_ setup: ShippedWebSetup) async throws -> [String: String] {
        var tokens: [String: String] = [:]
        for (name, _, _, _) in ShippedWebSetup.users {
            tokens[name] = try await APITokens(store: setup.store).create(user: User.Name(name), name: "test", at: ShippedWebSetup.now).secret
        }
        return tokens
    }

    /// What a POST could change: statuses and audit of two events, the reach log of both.
    static func fingerprint(_ store: any OutreachStore) async throws -> String {
        try await RouteWalkTests.fingerprint(store)
    }

    @Test(.timeLimit(.minutes(2)))
    func tokensSessionsAndNobody() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await Self.tokens(setup)
        try await setup.application.test(.router) { client in
            // Nobody: 401 with WWW-Authenticate, as a problem, in Chinese by default.
            let nobody = try await APIClient(client: client).send("/api/v1/campaigns")
            #expect(nobody.status == .unauthorized)
            #expect(nobody.headers[.wwwAuthenticate] == "Bearer realm=\"outreach\"")
            #expect(nobody.headers[.contentType] == "application/problem+json; charset=utf-8")
            #expect(nobody["title"]?.string == "未登录")
            #expect(nobody["status"] == .int(401))
            #expect(nobody["detail"]?.string == "需要有效的 API 令牌：请求头 'Authorization: Bearer otk_…'（用 'outreach token create' 创建）。")
            let english = try await APIClient(client: client).send("/api/v1/campaigns", headers: [.acceptLanguage: "en-GB,en;q=0.9"])
            #expect(english["title"]?.string == "Not signed in")
            let asked = try await APIClient(client: client).send("/api/v1/campaigns?lang=en")
            #expect(asked["title"]?.string == "Not signed in")
            // A wrong token, a token without its prefix, another scheme.
            for header in ["Bearer otk_nonsense", "Bearer " + String(tokens["wang.fang"]!.dropFirst(4)), "Basic d2FuZzp4"] {
                let wrong = try await APIClient(client: client).send("/api/v1/campaigns", headers: [.authorization: header])
                #expect(wrong.status == .unauthorized, "\(header)")
            }
            // The OpenAPI document is open.
            #expect(try await APIClient(client: client).send("/api/v1/openapi.json").status == .ok)
            // A token works; revoked, it no longer does.
            let admin = APIClient(client: client, token: tokens["wang.fang"])
            #expect(try await admin.send("/api/v1/campaigns").status == .ok)
            let handle = APIToken.id(forSecret: tokens["wang.fang"]!).rawValue
            _ = try await APITokens(store: setup.store).revoke(String(handle.prefix(10)), at: ShippedWebSetup.now)
            let revoked = try await admin.send("/api/v1/campaigns")
            #expect(revoked.status == .unauthorized)
            #expect(!revoked.text.contains(tokens["wang.fang"]!))

            // The web session: only with its form token in X-CSRF-Token, for every method.
            var browser = Browser(client)
            _ = try await browser.signIn("chen.jing")
            let formToken = try #require(try await browser.request("/").hiddenCSRF)
            let cookie = browser.cookieHeader
            let bare = try await client.executeRequest(uri: "/api/v1/campaigns", method: .get, headers: cookie, body: nil)
            #expect(bare.status == .forbidden)
            #expect(String(buffer: bare.body).contains("X-CSRF-Token"))
            var wrong = cookie
            wrong[.csrfToken] = (formToken.hasPrefix("x") ? "y" : "x") + formToken.dropFirst()
            #expect(try await client.executeRequest(uri: "/api/v1/campaigns", method: .get, headers: wrong, body: nil).status == .forbidden)
            let before = try await Self.fingerprint(setup.store)
            let post = try await client.executeRequest(uri: "/api/v1/events/315-desk-yongan/confirm", method: .post, headers: cookie, body: nil)
            #expect(post.status == .forbidden)
            #expect(try await Self.fingerprint(setup.store) == before)
            var good = cookie
            good[.csrfToken] = formToken
            #expect(try await client.executeRequest(uri: "/api/v1/campaigns", method: .get, headers: good, body: nil).status == .ok)
            let confirmed = try await client.executeRequest(uri: "/api/v1/events/315-desk-yongan/confirm", method: .post, headers: good, body: nil)
            #expect(confirmed.status == .ok)
            #expect(try await setup.store.event("315-desk-yongan")?.event.status == .confirmed)
            #expect(try await setup.store.auditEntries(event: "315-desk-yongan").last?.actor == "chen.jing")
            #expect(try await setup.store.auditEntries(event: "315-desk-yongan").last?.source == .api)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func readsAsEachRoleWithinTheirScope() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await Self.tokens(setup)
        try await setup.application.test(.router) { client in
            let admin = APIClient(client: client, token: tokens["wang.fang"])
            let staff = APIClient(client: client, token: tokens["li.ming"])
            let viewer = APIClient(client: client, token: tokens["zhao.lei"])

            // Campaigns.
            let campaigns = try await admin.send("/api/v1/campaigns")
            #expect(campaigns.status == .ok)
            #expect(campaigns.items.contains { $0["id"]?.string == "2027-315-xianning" })
            let campaign = try await staff.send("/api/v1/campaigns/2027-315-xianning")
            #expect(campaign.status == .ok)
            #expect(campaign.text.contains("315-bd-wanda"))
            #expect(!campaign.text.contains("315-bd-chibi-street"))
            #expect(try await staff.send("/api/v1/campaigns/no-such").status == .notFound)

            // One event: another branch's is 404 for branch staff, as one that does not exist.
            let wanda = try await staff.send("/api/v1/events/315-bd-wanda")
            #expect(wanda.status == .ok)
            #expect(wanda["status"]?.string == "confirmed")
            #expect(wanda.text.contains("\"start\": \"2027-03-13T10:00:00+08:00\""))
            let foreign = try await staff.send("/api/v1/events/315-bd-chibi-street")
            #expect(foreign.status == .notFound)
            #expect(foreign["title"]?.string == "不存在")
            #expect(foreign.text == (try await staff.send("/api/v1/events/no-such")).text)
            #expect(try await viewer.send("/api/v1/events/315-bd-chibi-street").status == .ok)

            // The list: branch staff see their subtree; asking for another branch is 404.
            let window = "/api/v1/events?from=2027-03-13&to=2027-03-14"
            let all = try await admin.send(window)
            #expect(all.text.contains("315-bd-wanda") && all.text.contains("315-bd-chibi-street"))
            let own = try await staff.send(window)
            #expect(own.text.contains("\"event\": \"315-bd-wanda\""))
            #expect(!own.text.contains("315-bd-chibi-street"))
            #expect(try await staff.send(window + "&branch=xn-chibi").status == .notFound)
            #expect(try await admin.send(window + "&branch=xn-chibi").text.contains("315-bd-chibi-street"))
            let planned = try await admin.send(window + "&status=planned&channel=business-district-event")
            #expect(planned.text.contains("315-bd-chibi-street") && !planned.text.contains("315-bd-wanda"))

            // Reports and scorecard: the pages' question; another branch is 404 for branch staff.
            let report = try await staff.send("/api/v1/reports?period=month&month=2027-03&by=channel")
            #expect(report.status == .ok)
            #expect(report.json != nil)
            #expect(try await staff.send("/api/v1/reports?period=month&month=2027-03&branch=xn-chibi").status == .notFound)
            #expect(try await viewer.send("/api/v1/reports?period=month&month=2027-03&branch=xn-chibi").status == .ok)
            let card = try await admin.send("/api/v1/scorecard?period=month&month=2027-03")
            #expect(card.status == .ok)
            #expect(card.json != nil)
            #expect(try await staff.send("/api/v1/scorecard?period=month&month=2027-03&branch=xn-chibi").status == .notFound)

            // Users: admins only.
            let users = try await admin.send("/api/v1/users")
            #expect(users.status == .ok)
            #expect(users.items.count == ShippedWebSetup.users.count)
            #expect(users.text.contains("\"createdAt\": \"2027-03-16T10:00:00+08:00\""))
            #expect(!users.text.contains("hash"))
            for name in ["chen.jing", "li.ming", "zhao.lei", "liu.yang"] {
                let refused = try await APIClient(client: client, token: tokens[name]).send("/api/v1/users?lang=en")
                #expect(refused.status == .forbidden)
                #expect(refused["detail"]?.string == "Only administrators may list the users.")
            }
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func changesAsEachRoleWithinTheirScope() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await Self.tokens(setup)
        try await setup.application.test(.router) { client in
            let staff = APIClient(client: client, token: tokens["li.ming"])
            let viewer = APIClient(client: client, token: tokens["zhao.lei"])
            let reach = #"{"event":"315-bd-chibi-street","date":"2027-03-14","metric":"attendees","count":9}"#
            // Viewers change nothing; branch staff nothing of another branch.
            let before = try await Self.fingerprint(setup.store)
            for (who, uri, body) in [
                (viewer, "/api/v1/events/315-bd-wanda/done", nil), (viewer, "/api/v1/reach", reach),
                (staff, "/api/v1/events/315-bd-chibi-street/confirm", nil), (staff, "/api/v1/events/315-bd-chibi-street/cancel", #"{"reason":"雨"}"#),
                (staff, "/api/v1/reach", reach),
            ] {
                let answer = try await who.send(uri, method: .post, body: body)
                #expect(answer.status == (who.token == tokens["zhao.lei"] ? .forbidden : .notFound), "\(uri)")
                #expect(answer.headers[.contentType] == "application/problem+json; charset=utf-8")
            }
            #expect(try await viewer.send("/api/v1/events/315-bd-wanda/done?lang=en", method: .post)["detail"]?.string
                == "Read-only users cannot change an event's status.")
            #expect(try await Self.fingerprint(setup.store) == before)

            // Branch staff change their own: done, reach.
            let done = try await staff.send("/api/v1/events/315-bd-wanda/done", method: .post)
            #expect(done.status == .ok)
            #expect(done["status"]?.string == "done")
            let logged = try await staff.send(
                "/api/v1/reach", method: .post, body: #"{"event":"315-bd-wanda","date":"2027-03-13","metric":"attendees","count":120,"note":"雨天"}"#)
            #expect(logged.status == .created)
            #expect(logged["added"] == .int(1))
            #expect(logged["recordedBy"]?.string == "li.ming")
            let key = try #require(try await setup.store.eventKeys()["315-bd-wanda"])
            #expect(try await setup.store.reachLog(event: key).map(\.count) == [120])

            // A change the status does not allow: 409 with the command line's message.
            let again = try await staff.send("/api/v1/events/315-bd-wanda/confirm", method: .post)
            #expect(again.status == .conflict)
            #expect(again["detail"]?.string?.isEmpty == false)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func problemsNameTheFieldsInTheCatalogueWords() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await Self.tokens(setup)
        try await setup.application.test(.router) { client in
            let planner = APIClient(client: client, token: tokens["chen.jing"])
            let bad = try await planner.send(
                "/api/v1/reach?lang=en", method: .post, body: #"{"event":"315-bd-wanda","date":"2027-13-45","metric":"attendees","count":"many"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.headers[.contentType] == "application/problem+json; charset=utf-8")
            #expect(bad["type"]?.string == "urn:outreach:problem:invalid-body")
            #expect(bad.fieldErrors == [
                "count: " + Diagnostic.reachInvalidCount(column: "count", value: "\"many\"").message(.en),
                "date: The date '2027-13-45' is invalid. Expected a date like '2026-12-05'.",
            ])
            let future = try await planner.send(
                "/api/v1/reach", method: .post, body: #"{"event":"315-bd-wanda","date":"2027-03-20","metric":"attendees","count":3}"#)
            #expect(future.fieldErrors == ["date: 日期 '2027-03-20' 在今天（2027-03-16）之后：尚未到来的日子不能登记触达。"])
            let metric = try await planner.send(
                "/api/v1/reach?lang=en", method: .post, body: #"{"event":"315-bd-wanda","date":"2027-03-13","metric":"listeners","count":3}"#)
            #expect(metric.status == .unprocessableContent)
            #expect(metric.fieldErrors.first?.hasPrefix("metric: ") == true)
            let missing = try await planner.send("/api/v1/reach?lang=en", method: .post, body: #"{}"#)
            #expect(missing.fieldErrors == ["event: 'event' is missing.", "date: 'date' is missing.", "metric: 'metric' is missing.", "count: 'count' is missing."])
            let notJSON = try await planner.send("/api/v1/reach?lang=en", method: .post, body: "count=3")
            #expect(notJSON.status == .badRequest)
            #expect(notJSON["detail"]?.string == "The request body is not a valid JSON object.")
            let reason = try await planner.send("/api/v1/events/315-desk-yongan/cancel", method: .post, body: "{}")
            #expect(reason.status == .unprocessableContent)
            #expect(reason.fieldErrors == ["reason: 请填写取消原因。"])
            let dates = try await planner.send("/api/v1/events?from=2027-02-30&status=maybe&limit=900&lang=en")
            #expect(dates.status == .badRequest)
            #expect(dates.fieldErrors.map { String($0.prefix { $0 != ":" }) } == ["from", "status", "limit"])
            #expect(dates.fieldErrors.contains("limit: The value '900' is invalid for 'limit': expected a whole number from 1 to 500."))
            // `limit=` with nothing is not a number either (schemathesis found it answered 200).
            let empty = try await planner.send("/api/v1/events?limit=&lang=en")
            #expect(empty.status == .badRequest)
            #expect(empty.fieldErrors == ["limit: The value '' is invalid for 'limit': expected a whole number from 1 to 500."])
            let report = try await planner.send("/api/v1/reports?period=month&month=2027-14&by=colour&lang=en")
            #expect(report.status == .badRequest)
            #expect(report.fieldErrors.map { String($0.prefix { $0 != ":" }) } == ["month", "by"])
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func pagesFollowTheirCursors() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await Self.tokens(setup)
        try await setup.application.test(.router) { client in
            let planner = APIClient(client: client, token: tokens["chen.jing"])
            let window = "/api/v1/events?from=2027-03-01&to=2027-03-31"
            let whole = try await planner.send(window + "&limit=500")
            #expect(whole["nextCursor"] == .null)
            let expected = whole.items.map(\.serializedForTest)
            #expect(expected.count > 5)
            var seen: [String] = []
            var uri = window + "&limit=3"
            while true {
                let page = try await planner.send(uri)
                #expect(page.status == .ok)
                #expect(page.items.count <= 3)
                seen += page.items.map(\.serializedForTest)
                guard let next = page["nextCursor"]?.string else { break }
                uri = window + "&limit=3&cursor=" + next
            }
            #expect(seen == expected)
            // A cursor of another question, or made up, is refused.
            let first = try await planner.send(window + "&limit=3")
            let cursor = try #require(first["nextCursor"]?.string)
            let other = try await planner.send("/api/v1/events?from=2027-03-02&to=2027-03-31&limit=3&cursor=" + cursor)
            #expect(other.status == .badRequest)
            #expect(other.fieldErrors.first?.hasPrefix("cursor: ") == true)
            #expect(try await planner.send(window + "&cursor=%21%21").status == .badRequest)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func etagsAndPreconditions() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await Self.tokens(setup)
        try await setup.application.test(.router) { client in
            let planner = APIClient(client: client, token: tokens["chen.jing"])
            for uri in [
                "/api/v1/campaigns", "/api/v1/campaigns/2027-315-xianning", "/api/v1/events?from=2027-03-01&to=2027-03-31",
                "/api/v1/events/315-desk-yongan", "/api/v1/reports?period=month&month=2027-03", "/api/v1/scorecard?month=2027-03",
            ] {
                let first = try await planner.send(uri)
                let tag = try #require(first.headers[.eTag], "\(uri)")
                #expect(tag == "\"" + ReachEvidence.hash(of: first.bytes) + "\"")
                let again = try await planner.send(uri, headers: [.ifNoneMatch: tag])
                #expect(again.status == .notModified, "\(uri)")
                #expect(again.bytes.isEmpty)
                #expect(try await planner.send(uri, headers: [.ifNoneMatch: "\"other\""]).status == .ok)
            }
            // If-Match: stale → 412, nothing changed; current → the change, whose answer carries the new tag.
            let read = try await planner.send("/api/v1/events/315-desk-yongan")
            let tag = try #require(read.headers[.eTag])
            let before = try await setup.store.auditEntries(event: "315-desk-yongan").count
            let stale = try await planner.send("/api/v1/events/315-desk-yongan/confirm", method: .post, headers: [.ifMatch: "\"stale\""])
            #expect(stale.status == .preconditionFailed)
            #expect(stale["type"]?.string == "urn:outreach:problem:precondition-failed")
            #expect(try await setup.store.event("315-desk-yongan")?.event.status == .planned)
            #expect(try await setup.store.auditEntries(event: "315-desk-yongan").count == before)
            let confirmed = try await planner.send("/api/v1/events/315-desk-yongan/confirm", method: .post, headers: [.ifMatch: tag])
            #expect(confirmed.status == .ok)
            let newTag = try #require(confirmed.headers[.eTag])
            #expect(newTag != tag)
            #expect(try await planner.send("/api/v1/events/315-desk-yongan").headers[.eTag] == newTag)
            // The old tag is stale now.
            let late = try await planner.send("/api/v1/events/315-desk-yongan/cancel", method: .post, headers: [.ifMatch: tag], body: #"{"reason":"x"}"#)
            #expect(late.status == .preconditionFailed)
            #expect(try await setup.store.event("315-desk-yongan")?.event.status == .confirmed)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func everyPostRepeatedWithItsKeyWritesOnce() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await Self.tokens(setup)
        try await setup.application.test(.router) { client in
            let planner = APIClient(client: client, token: tokens["chen.jing"])
            let posts: [(String, String?)] = [
                ("/api/v1/events/315-bd-wanda/done", nil),
                ("/api/v1/events/315-bd-chibi-street/confirm", nil),
                ("/api/v1/reach", #"{"event":"315-bd-wanda","date":"2027-03-13","metric":"attendees","count":50}"#),
                ("/api/v1/reach", #"{"event":"315-bd-chibi-street","date":"2027-03-14","metric":"leaflets","count":7,"segment":"elderly"}"#),
                ("/api/v1/events/315-bd-chibi-street/cancel", #"{"reason":"暴雨"}"#),
            ]
            for (index, (uri, body)) in posts.enumerated() {
                let key: HTTPFields = [.idempotencyKey: "key-\(index)"]
                let first = try await planner.send(uri, method: .post, headers: key, body: body)
                #expect((200..<300).contains(first.status.code), "\(uri): \(first.text)")
                #expect(first.headers[.idempotentReplayed] == nil)
                let written = try await Self.fingerprint(setup.store)
                let batches = try await setup.store.reachBatches().count
                let retry = try await planner.send(uri, method: .post, headers: key, body: body)
                #expect(retry.status == first.status)
                #expect(retry.bytes == first.bytes, "\(uri)")
                #expect(retry.headers[.idempotentReplayed] == "true")
                #expect(try await Self.fingerprint(setup.store) == written, "\(uri) wrote again")
                #expect(try await setup.store.reachBatches().count == batches)
                // The same key with another request: refused, nothing written.
                let other = try await planner.send(uri + "?lang=en", method: .post, headers: key, body: #"{"reason":"another"}"#)
                #expect(other.status == .unprocessableContent)
                #expect(other["detail"]?.string == "This Idempotency-Key was used for a different request: use a new key for each new request.")
                #expect(try await Self.fingerprint(setup.store) == written)
            }
            // A request that failed is not kept: the corrected retry with the same key goes through.
            let key: HTTPFields = [.idempotencyKey: "retry-after-fix"]
            let refused = try await planner.send("/api/v1/events/315-desk-yongan/cancel", method: .post, headers: key, body: "{}")
            #expect(refused.status == .unprocessableContent)
            let fixed = try await planner.send("/api/v1/events/315-desk-yongan/cancel", method: .post, headers: key, body: "{}")
            #expect(fixed.status == .unprocessableContent)
            #expect(fixed.headers[.idempotentReplayed] == nil)
            // Keys are per user: another user's same key is theirs.
            let admin = APIClient(client: client, token: tokens["wang.fang"])
            let theirs = try await admin.send("/api/v1/events/315-desk-yongan/confirm", method: .post, headers: [.idempotencyKey: "key-0"])
            #expect(theirs.status == .ok)
            #expect(theirs.headers[.idempotentReplayed] == nil)
            // A claim still being answered: 409.
            let fingerprint = ReachEvidence.hash(of: Array("POST\n/api/v1/events/315-desk-yongan/done\n\n".utf8))
            _ = try await setup.store.claimIdempotencyKey(
                IdempotentRequest(principal: "user:chen.jing", key: "busy", fingerprint: fingerprint, createdAt: ShippedWebSetup.now),
                staleAfter: 120)
            let busy = try await planner.send("/api/v1/events/315-desk-yongan/done", method: .post, headers: [.idempotencyKey: "busy"])
            #expect(busy.status == .conflict)
            #expect(busy["type"]?.string == "urn:outreach:problem:idempotency-in-progress")
        }
    }
}

extension JSONValue {
    var serializedForTest: String { serialized() }
}

extension APIRouteTests {
    @Test(.timeLimit(.minutes(2)))
    func batchesUploadedListedAndUndoneWithinScope() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await Self.tokens(setup)
        try await setup.application.test(.router) { client in
            let staff = APIClient(client: client, token: tokens["li.ming"])
            let admin = APIClient(client: client, token: tokens["wang.fang"])
            let viewer = APIClient(client: client, token: tokens["zhao.lei"])
            let own = "event,date,metric,count\n315-bd-wanda,2027-03-13,attendees,80\n315-bd-wanda,2027-03-13,consultations,12\n"
            let foreign = "event,date,metric,count\n315-bd-wanda,2027-03-13,leaflets,5\n315-bd-chibi-street,2027-03-14,attendees,9\n"
            let csv: HTTPFields = [.contentType: "text/csv"]
            #expect(try await viewer.send("/api/v1/reach/batches?name=v.csv", method: .post, headers: csv, body: own).status == .forbidden)
            // Another branch's row: nothing imported, the row's place and the import's message.
            let refused = try await staff.send("/api/v1/reach/batches?name=mixed.csv&lang=en", method: .post, headers: csv, body: foreign)
            #expect(refused.status == .unprocessableContent)
            #expect(refused["detail"]?.string == "1 error found, so nothing was imported (all or nothing); correct the file and upload it again; see errors.")
            #expect(refused.fieldErrors.count == 1)
            #expect(refused.fieldErrors.first?.hasPrefix("mixed.csv:3") == true, "\(refused.fieldErrors)")
            #expect(!refused.text.contains("outreach-api-uploads"))
            #expect(try await setup.store.reachBatches().isEmpty)
            // Their own rows: one batch, replayed with its key and not imported twice.
            let key: HTTPFields = [.contentType: "text/csv", .idempotencyKey: "upload-1"]
            let imported = try await staff.send("/api/v1/reach/batches?name=wanda.csv", method: .post, headers: key, body: own)
            #expect(imported.status == .created)
            #expect(imported["added"] == .int(2))
            #expect(imported["file"]?.string == "wanda.csv")
            let replay = try await staff.send("/api/v1/reach/batches?name=wanda.csv", method: .post, headers: key, body: own)
            #expect(replay.bytes == imported.bytes)
            #expect(replay.headers[.idempotentReplayed] == "true")
            #expect(try await setup.store.reachBatches().count == 1)
            let ownBatch = try #require(imported["id"])
            // The admin's batch: branch staff neither list nor undo it.
            let theirs = try await admin.send(
                "/api/v1/reach", method: .post, body: #"{"event":"315-bd-chibi-street","date":"2027-03-14","metric":"attendees","count":30}"#)
            let adminBatch = try #require(theirs["batch"])
            #expect(try await staff.send("/api/v1/reach/batches").items.compactMap { $0["id"] } == [ownBatch])
            #expect(try await admin.send("/api/v1/reach/batches").items.compactMap { $0["id"] } == [adminBatch, ownBatch])
            #expect(try await staff.send("/api/v1/reach/batches/\(adminBatch.serialized())/undo", method: .post).status == .notFound)
            #expect(try await viewer.send("/api/v1/reach/batches/\(ownBatch.serialized())/undo", method: .post).status == .forbidden)
            let key2 = try #require(try await setup.store.eventKeys()["315-bd-wanda"])
            #expect(try await setup.store.reachLog(event: key2).count == 2)
            let undone = try await staff.send("/api/v1/reach/batches/\(ownBatch.serialized())/undo", method: .post)
            #expect(undone.status == .ok)
            #expect(undone["deleted"] == .int(2))
            #expect(try await setup.store.reachLog(event: key2).isEmpty)
            let again = try await staff.send("/api/v1/reach/batches/\(ownBatch.serialized())/undo", method: .post)
            #expect(again.status == .conflict)
        }
    }
}

extension APIRouteTests {
    @Test(.timeLimit(.minutes(2)))
    func bulletinsArePreparedByOneAndPublishedByAnother() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await Self.tokens(setup)
        try await setup.application.test(.router) { client in
            let planner = APIClient(client: client, token: tokens["chen.jing"])
            let approver = APIClient(client: client, token: tokens["liu.yang"])
            let staff = APIClient(client: client, token: tokens["li.ming"])
            let viewer = APIClient(client: client, token: tokens["zhao.lei"])
            let draft = try await planner.send("/api/v1/bulletins/2027-03")
            #expect(draft.status == .ok)
            #expect(draft["branch"]?.string == "xn-city")
            #expect(draft["published"] == .null)
            #expect(draft["figures"]?["personTimes"] != nil)
            #expect(try await planner.send("/api/v1/bulletins/2027-13").status == .badRequest)
            // Branch staff: their own branch by default, another one is 404.
            #expect(try await staff.send("/api/v1/bulletins/2027-03")["branch"]?.string == "xn-wenquan")
            #expect(try await staff.send("/api/v1/bulletins/2027-03?branch=xn-chibi").status == .notFound)
            #expect(try await staff.send("/api/v1/bulletins?branch=xn-chibi").status == .notFound)
            // Who may do which step.
            #expect(try await viewer.send("/api/v1/bulletins/2027-03/prepare", method: .post).status == .forbidden)
            #expect(try await approver.send("/api/v1/bulletins/2027-03/prepare", method: .post).status == .forbidden)
            let early = try await approver.send("/api/v1/bulletins/2027-03/publish", method: .post)
            #expect(early.status == .conflict)
            #expect(early["detail"]?.string == BulletinFourEyesMessages.notPrepared(month: "2027-03").text(.zh))
            let prepared = try await planner.send("/api/v1/bulletins/2027-03/prepare", method: .post, headers: [.idempotencyKey: "prep"])
            #expect(prepared.status == .ok)
            #expect(prepared["preparedBy"]?.string == "chen.jing")
            let own = try await planner.send("/api/v1/bulletins/2027-03/publish", method: .post)
            #expect(own.status == .forbidden)
            let published = try await approver.send("/api/v1/bulletins/2027-03/publish", method: .post, headers: [.idempotencyKey: "pub"])
            #expect(published.status == .ok)
            #expect(published["approvedBy"]?.string == "liu.yang")
            #expect(published["published"]?["publishedBy"] != nil)
            let replay = try await approver.send("/api/v1/bulletins/2027-03/publish", method: .post, headers: [.idempotencyKey: "pub"])
            #expect(replay.bytes == published.bytes)
            #expect(replay.headers[.idempotentReplayed] == "true")
            #expect(try await approver.send("/api/v1/bulletins/2027-03/publish", method: .post).status == .conflict)
            let list = try await viewer.send("/api/v1/bulletins")
            #expect(list.items.count == 1)
            #expect(list.items.first?["month"]?.string == "2027-03")
            #expect(try await setup.store.bulletins(branch: "xn-city").count == 1)
        }
    }
}

extension APIRouteTests {
    @Test(.timeLimit(.minutes(2)))
    func noticesForAdminsOnlyWithoutKeys() async throws {
        let (setup, web) = try await RouteWalkTests.setUp()
        defer { setup.close() }
        let tokens = try await Self.tokens(setup)
        // A dead notice to retry.
        _ = try await setup.store.enqueue(
            [
                OutboxEntry(
                    key: "api-test", notice: .fixtureReminder(), target: "企业微信群", bot: BotIdentity(rawValue: "b0b0b0b0b0b0b0b0b0b0b0b0"),
                    dueAt: ShippedWebSetup.now)
            ], at: ShippedWebSetup.now)
        try await RouteWalkTests.application(web).test(.router) { client in
            let admin = APIClient(client: client, token: tokens["wang.fang"])
            for name in ["chen.jing", "liu.yang", "li.ming", "zhao.lei"] {
                let other = APIClient(client: client, token: tokens[name])
                #expect(try await other.send("/api/v1/notices").status == .forbidden)
                #expect(try await other.send("/api/v1/notices/log").status == .forbidden)
                #expect(try await other.send("/api/v1/notices/retry", method: .post).status == .forbidden)
            }
            let queue = try await admin.send("/api/v1/notices")
            #expect(queue.status == .ok)
            #expect(queue["counts"]?["pending"] == .int(1))
            #expect(queue.items.first?["target"]?.string == "企业微信群")
            let log = try await admin.send("/api/v1/notices/log?limit=10")
            #expect(log.status == .ok)
            #expect(try await admin.send("/api/v1/notices/log?limit=0").status == .badRequest)
            let retried = try await admin.send("/api/v1/notices/retry?lang=en", method: .post)
            #expect(retried.status == .ok)
            #expect(retried["queuedAgain"] == .int(0))
            for answer in [queue, log, retried] { #expect(!answer.text.contains(RouteWalkTests.webhookKey)) }
        }
    }
}

extension APIRouteTests {
    @Test(.timeLimit(.minutes(2)))
    func eventsArePlannedAndChangedAsTheFormDoes() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await Self.tokens(setup)
        try await setup.application.test(.router) { client in
            let planner = APIClient(client: client, token: tokens["chen.jing"])
            let staff = APIClient(client: client, token: tokens["li.ming"])
            let viewer = APIClient(client: client, token: tokens["zhao.lei"])
            let new = #"{"id": "api-new-desk", "title": "接口新增咨询台", "channel": "outlet-desk", "venue": "outlet-xianan-yongan", "start": "2027-03-19 09:00", "end": "11:00", "expected_reach": 30}"#
            let uri = "/api/v1/campaigns/2027-315-xianning/events"
            #expect(try await staff.send(uri, method: .post, body: new).status == .forbidden)
            #expect(try await viewer.send(uri + "?lang=en", method: .post, body: new)["detail"]?.string == "Only admins and planners can plan events.")
            #expect(try await planner.send("/api/v1/campaigns/no-such/events", method: .post, body: new).status == .notFound)
            #expect(try await setup.store.event("api-new-desk") == nil)
            let key: HTTPFields = [.idempotencyKey: "plan-1"]
            let made = try await planner.send(uri, method: .post, headers: key, body: new)
            #expect(made.status == .created, "\(made.text)")
            #expect(made["status"]?.string == "planned")
            #expect(made["expectedReach"] == .int(30))
            let stored = try #require(try await setup.store.event("api-new-desk"))
            #expect(stored.event.title.zh == "接口新增咨询台")
            #expect(try await setup.store.auditEntries(event: "api-new-desk").last?.source == .api)
            let replay = try await planner.send(uri, method: .post, headers: key, body: new)
            #expect(replay.bytes == made.bytes)
            #expect(replay.headers[.idempotentReplayed] == "true")
            // The same id again, a channel and a start that are wrong: each error under its field.
            let again = try await planner.send(uri, method: .post, body: new)
            #expect(again.status == .unprocessableContent)
            #expect(again.fieldErrors.first?.hasPrefix("id: ") == true, "\(again.fieldErrors)")
            let bad = try await planner.send(
                uri, method: .post,
                body: #"{"id": "api-bad", "title": "x", "channel": "nope", "venue": "outlet-xianan-yongan", "start": "tomorrow", "end": "11:00"}"#)
            #expect(bad.status == .unprocessableContent)
            let fields = Set(bad.fieldErrors.map { String($0.prefix { $0 != ":" }) })
            #expect(fields.contains("channel") && fields.contains("start"), "\(bad.fieldErrors)")
            #expect(try await setup.store.event("api-bad") == nil)

            // PATCH: the fields named change, with If-Match.
            let read = try await planner.send("/api/v1/events/api-new-desk")
            let tag = try #require(read.headers[.eTag])
            let stale = try await planner.send(
                "/api/v1/events/api-new-desk", method: .patch, headers: [.ifMatch: "\"old\""], body: #"{"title": "改名"}"#)
            #expect(stale.status == .preconditionFailed)
            #expect(try await setup.store.event("api-new-desk")?.event.title.zh == "接口新增咨询台")
            let changed = try await planner.send("/api/v1/events/api-new-desk", method: .patch, headers: [.ifMatch: tag], body: #"{"title": "改名"}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(changed["title"]?.string == "改名")
            #expect(changed["expectedReach"] == .int(30))
            #expect(changed.headers[.eTag] == (try await planner.send("/api/v1/events/api-new-desk")).headers[.eTag])
            #expect(try await staff.send("/api/v1/events/315-bd-chibi-street", method: .patch, body: #"{"title": "x"}"#).status == .notFound)
            #expect(try await staff.send("/api/v1/events/315-bd-wanda", method: .patch, body: #"{"title": "x"}"#).status == .forbidden)
        }
    }
}

/// Every message of the API has both languages.
struct APIMessagesTests {
    @Test func apiMessagesHaveBothLanguages() {
        let samples: [Message] = [
            APIMessages.unauthorizedTitle, APIMessages.unauthorized, APIMessages.csrfTitle, APIMessages.csrfMissing,
            APIMessages.forbiddenTitle, APIMessages.adminsOnly, APIMessages.notFoundTitle, APIMessages.notFound,
            APIMessages.badRequestTitle, APIMessages.invalidFields, APIMessages.badJSON,
            APIMessages.wrongType("reason", expected: "string"), APIMessages.wrongType("count", expected: "integer"),
            APIMessages.invalidLimit("0"), APIMessages.invalidCursor("x"), APIMessages.invalidStatus("x"),
            APIMessages.windowTooLong(days: 400), APIMessages.conflictTitle, APIMessages.preconditionTitle,
            APIMessages.preconditionFailed, APIMessages.idempotencyMismatchTitle, APIMessages.idempotencyMismatch,
            APIMessages.idempotencyInProgressTitle, APIMessages.idempotencyInProgress, APIMessages.invalidIdempotencyKey(300),
            APIMessages.tooLargeTitle, APIMessages.tooLarge, APIMessages.unavailableTitle, APIMessages.noReferenceData,
            APIMessages.nothingImported(errors: 1), APIMessages.nothingImported(errors: 3),
            APIMessages.importTitle, APIMessages.undoTitle, APIMessages.noticesAdminsOnly,
            APIMessages.serverErrorTitle, APIMessages.serverError, APIMessages.methodNotAllowedTitle,
            APIMessages.methodNotAllowed("DELETE", allowed: "GET, POST"),
        ]
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }
}
