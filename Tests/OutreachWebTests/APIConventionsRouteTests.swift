import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachApp
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Testing

@testable import OutreachWeb

/// `/api/v1` beyond single endpoints: every endpoint as every role with branch scope, cursors that belong to their
/// question, 405 with `Allow` for a method a path does not have.
struct APIConventionsRouteTests {
    /// The shipped users by role: admin, planner, approver, branch staff (温泉, not 赤壁), viewer.
    static let roles = ["wang.fang", "chen.jing", "liu.yang", "li.ming", "zhao.lei"]

    @Test(.timeLimit(.minutes(2)))
    func everyReadAsEveryRoleWithinTheirScope() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await APIRouteTests.tokens(setup)
        try await setup.application.test(.router) { client in
            // The status each role gets: admin, planner, approver, branch staff, viewer.
            let all: [HTTPResponse.Status] = [.ok, .ok, .ok, .ok, .ok]
            let notStaff: [HTTPResponse.Status] = [.ok, .ok, .ok, .notFound, .ok]
            let admins: [HTTPResponse.Status] = [.ok, .forbidden, .forbidden, .forbidden, .forbidden]
            let reads: [(String, [HTTPResponse.Status])] = [
                ("/api/v1/openapi.json", all),
                ("/api/v1/campaigns", all),
                ("/api/v1/campaigns/2027-315-xianning", all),
                ("/api/v1/events?from=2027-03-01&to=2027-03-31", all),
                ("/api/v1/events?from=2027-03-01&to=2027-03-31&branch=xn-wenquan", all),
                ("/api/v1/events?from=2027-03-01&to=2027-03-31&branch=xn-chibi", notStaff),
                ("/api/v1/events/315-bd-wanda", all),
                ("/api/v1/events/315-bd-chibi-street", notStaff),
                ("/api/v1/reach/batches", all),
                ("/api/v1/reports?period=month&month=2027-03&by=channel", all),
                ("/api/v1/reports?period=month&month=2027-03&branch=xn-chibi", notStaff),
                ("/api/v1/scorecard?period=month&month=2027-03", all),
                ("/api/v1/scorecard?period=month&month=2027-03&branch=xn-chibi", notStaff),
                ("/api/v1/bulletins", all),
                ("/api/v1/bulletins?branch=xn-chibi", notStaff),
                ("/api/v1/bulletins/2027-03", all),
                ("/api/v1/bulletins/2027-03?branch=xn-chibi", notStaff),
                ("/api/v1/notices", admins),
                ("/api/v1/notices/log", admins),
                ("/api/v1/users", admins),
            ]
            for (uri, expected) in reads {
                for (role, status) in zip(Self.roles, expected) {
                    let answer = try await APIClient(client: client, token: tokens[role]).send(uri)
                    #expect(answer.status == status, "\(role) GET \(uri): \(answer.text)")
                    if status == .notFound {
                        // As an id that does not exist: the same problem.
                        #expect(answer["type"]?.string == "urn:outreach:problem:not-found", "\(role) GET \(uri)")
                    }
                }
            }
            // What branch staff do see is their subtree only.
            let staff = APIClient(client: client, token: tokens["li.ming"])
            let listed = try await staff.send("/api/v1/events?from=2027-03-01&to=2027-03-31&limit=500")
            #expect(!listed.items.isEmpty)
            #expect(!listed.text.contains("315-bd-chibi-street"))
            let campaign = try await staff.send("/api/v1/campaigns/2027-315-xianning")
            #expect(!campaign.text.contains("315-bd-chibi-street"))
            // The campaign list counts the events they may see, cancelled ones not counted; an admin counts all.
            let counted = try await staff.send("/api/v1/campaigns")
            let admin = try await APIClient(client: client, token: tokens["wang.fang"]).send("/api/v1/campaigns")
            #expect(CountedEvents.of(counted) == [
                "2026-2027-households": 4, "2027-autumn-campus": 2, "2027-september-literacy": 2, "2027-315-xianning": 4,
            ])
            #expect(CountedEvents.of(admin) == [
                "2026-2027-households": 22, "2027-autumn-campus": 8, "2027-september-literacy": 7, "2027-315-xianning": 19,
            ])
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func everyChangeRefusedOutsideTheRoleOrScopeWritesNothing() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await APIRouteTests.tokens(setup)
        try await setup.application.test(.router) { client in
            let admin = APIClient(client: client, token: tokens["wang.fang"])
            // An admin's batch, for the undo.
            let theirs = try await admin.send(
                "/api/v1/reach", method: .post, body: #"{"event":"315-bd-chibi-street","date":"2027-03-14","metric":"attendees","count":30}"#)
            let batch = try #require(theirs["batch"]).serialized()
            let before = try await APIRouteTests.fingerprint(setup.store)
            let batches = try await setup.store.reachBatches().count
            let plan = #"{"id": "refused-desk", "title": "x", "channel": "outlet-desk", "venue": "outlet-xianan-yongan", "start": "2027-03-19 09:00", "end": "11:00"}"#
            let foreignReach = #"{"event":"315-bd-chibi-street","date":"2027-03-14","metric":"attendees","count":9}"#
            // (role, method, uri, body, status)
            let refused: [(String, HTTPRequest.Method, String, String?, HTTPResponse.Status)] = [
                ("liu.yang", .post, "/api/v1/campaigns/2027-315-xianning/events", plan, .forbidden),
                ("li.ming", .post, "/api/v1/campaigns/2027-315-xianning/events", plan, .forbidden),
                ("zhao.lei", .post, "/api/v1/campaigns/2027-315-xianning/events", plan, .forbidden),
                ("liu.yang", .patch, "/api/v1/events/315-bd-chibi-street", #"{"title":"x"}"#, .forbidden),
                ("li.ming", .patch, "/api/v1/events/315-bd-chibi-street", #"{"title":"x"}"#, .notFound),
                ("zhao.lei", .patch, "/api/v1/events/315-bd-chibi-street", #"{"title":"x"}"#, .forbidden),
                ("li.ming", .post, "/api/v1/events/315-bd-chibi-street/confirm", nil, .notFound),
                ("li.ming", .post, "/api/v1/events/315-bd-chibi-street/done", nil, .notFound),
                ("li.ming", .post, "/api/v1/events/315-bd-chibi-street/cancel", #"{"reason":"雨"}"#, .notFound),
                ("zhao.lei", .post, "/api/v1/events/315-bd-chibi-street/confirm", nil, .forbidden),
                ("zhao.lei", .post, "/api/v1/events/315-bd-wanda/done", nil, .forbidden),
                ("zhao.lei", .post, "/api/v1/events/315-bd-wanda/cancel", #"{"reason":"雨"}"#, .forbidden),
                ("li.ming", .post, "/api/v1/reach", foreignReach, .notFound),
                ("zhao.lei", .post, "/api/v1/reach", foreignReach, .forbidden),
                ("li.ming", .post, "/api/v1/reach/batches/\(batch)/undo", nil, .notFound),
                ("zhao.lei", .post, "/api/v1/reach/batches/\(batch)/undo", nil, .forbidden),
                ("li.ming", .post, "/api/v1/bulletins/2027-03/prepare?branch=xn-chibi", nil, .notFound),
                ("li.ming", .post, "/api/v1/bulletins/2027-03/publish?branch=xn-chibi", nil, .notFound),
                ("liu.yang", .post, "/api/v1/bulletins/2027-03/prepare", nil, .forbidden),
                ("zhao.lei", .post, "/api/v1/bulletins/2027-03/prepare", nil, .forbidden),
                ("zhao.lei", .post, "/api/v1/bulletins/2027-03/publish", nil, .forbidden),
                ("chen.jing", .post, "/api/v1/notices/retry", nil, .forbidden),
                ("liu.yang", .post, "/api/v1/notices/retry", nil, .forbidden),
                ("li.ming", .post, "/api/v1/notices/retry", nil, .forbidden),
                ("zhao.lei", .post, "/api/v1/notices/retry", nil, .forbidden),
            ]
            for (role, method, uri, body, status) in refused {
                let answer = try await APIClient(client: client, token: tokens[role]).send(uri, method: method, body: body)
                #expect(answer.status == status, "\(role) \(method) \(uri): \(answer.text)")
                #expect(answer.headers[.contentType] == "application/problem+json; charset=utf-8", "\(role) \(method) \(uri)")
            }
            // A file with another branch's row: refused as a bad row; a viewer's file: refused outright.
            let csv: HTTPFields = [.contentType: "text/csv"]
            let file = "event,date,metric,count\n315-bd-chibi-street,2027-03-14,leaflets,5\n"
            let staff = APIClient(client: client, token: tokens["li.ming"])
            #expect(try await staff.send("/api/v1/reach/batches?name=a.csv", method: .post, headers: csv, body: file).status == .unprocessableContent)
            let viewer = APIClient(client: client, token: tokens["zhao.lei"])
            #expect(try await viewer.send("/api/v1/reach/batches?name=a.csv", method: .post, headers: csv, body: file).status == .forbidden)
            #expect(try await APIRouteTests.fingerprint(setup.store) == before)
            #expect(try await setup.store.reachBatches().count == batches)
            #expect(try await setup.store.event("refused-desk") == nil)
            #expect(try await setup.store.bulletins(branch: "xn-chibi").isEmpty)
            #expect(try await setup.store.bulletins(branch: "xn-city").isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func aCursorBelongsToItsQuestionAndLeadsToTheNextPage() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await APIRouteTests.tokens(setup)
        try await setup.application.test(.router) { client in
            let planner = APIClient(client: client, token: tokens["chen.jing"])
            let question = "/api/v1/events?from=2027-03-01&to=2027-03-31&campaign=2027-315-xianning"
            let whole = try await planner.send(question + "&limit=500")
            let expected = whole.items.map(\.serializedForTest)
            #expect(expected.count >= 4, "\(expected.count)")
            let first = try await planner.send(question + "&limit=2")
            #expect(first.items.map(\.serializedForTest) == Array(expected.prefix(2)))
            let cursor = try #require(first["nextCursor"]?.string)
            // Page 2 is the next two, whatever order the parameters come in.
            let second = try await planner.send("/api/v1/events?cursor=\(cursor)&limit=2&campaign=2027-315-xianning&to=2027-03-31&from=2027-03-01")
            #expect(second.status == .ok)
            #expect(second.items.map(\.serializedForTest) == Array(expected.dropFirst(2).prefix(2)))
            // The same page size is not part of the question: a larger page goes on from the same place.
            let rest = try await planner.send(question + "&limit=500&cursor=" + cursor)
            #expect(rest.items.map(\.serializedForTest) == Array(expected.dropFirst(2)))
            #expect(rest["nextCursor"] == .null)
            // With any other filter, or as another user: 400 with the cursor's message.
            for other in [
                "/api/v1/events?from=2027-03-01&to=2027-03-31",
                "/api/v1/events?from=2027-03-02&to=2027-03-31&campaign=2027-315-xianning",
                "/api/v1/events?from=2027-03-01&to=2027-03-30&campaign=2027-315-xianning",
                question + "&channel=business-district-event",
                question + "&status=planned",
                question + "&branch=xn-city",
            ] {
                let refused = try await planner.send(other + "&limit=2&lang=en&cursor=" + cursor)
                #expect(refused.status == .badRequest, "\(other)")
                #expect(refused.headers[.contentType] == "application/problem+json; charset=utf-8")
                #expect(refused["type"]?.string == "urn:outreach:problem:invalid-parameters")
                #expect(refused.fieldErrors == ["cursor: " + APIMessages.invalidCursor(cursor).text(.en)], "\(other)")
            }
            let admin = APIClient(client: client, token: tokens["wang.fang"])
            let theirs = try await admin.send(question + "&limit=2&cursor=" + cursor)
            #expect(theirs.status == .badRequest)
            #expect(theirs.fieldErrors == ["cursor: " + APIMessages.invalidCursor(cursor).text(.zh)])
        }
    }

    /// The question a cursor is signed over is written out field by field: a filter added to `PlanQuery` fails here
    /// until it is added to the signed text too.
    @Test func theCursorSignsEveryFilterOfTheQuestionByName() throws {
        let user = User(name: "chen.jing", displayName: "陈静", role: .planner, createdAt: ShippedWebSetup.now)
        let query = PlanQuery(
            from: LocalDate("2027-03-01")!, through: LocalDate("2027-03-31")!, branch: "xn-chibi", campaign: "2027-315-xianning",
            channel: "outlet-desk", statuses: [.planned, .confirmed])
        #expect(Mirror(reflecting: query).children.map { $0.label ?? "" } == ["from", "through", "branch", "campaign", "channel", "statuses"])
        #expect(APIEventList.canonical(query, user: user) == #"{"v":1,"from":"2027-03-01","to":"2027-03-31","branch":"xn-chibi","campaign":"2027-315-xianning","channel":"outlet-desk","status":["confirmed","planned"],"user":"chen.jing"}"#)
        let bare = PlanQuery(from: LocalDate("2027-03-01")!, through: LocalDate("2027-03-31")!)
        #expect(APIEventList.canonical(bare, user: user) == #"{"v":1,"from":"2027-03-01","to":"2027-03-31","branch":null,"campaign":null,"channel":null,"status":null,"user":"chen.jing"}"#)
        // Each filter changes the signature; the same question signs the same.
        var variants = [bare]
        variants.append(PlanQuery(from: LocalDate("2027-03-02")!, through: LocalDate("2027-03-31")!))
        variants.append(PlanQuery(from: LocalDate("2027-03-01")!, through: LocalDate("2027-03-30")!))
        variants.append(PlanQuery(from: LocalDate("2027-03-01")!, through: LocalDate("2027-03-31")!, branch: "xn-city"))
        variants.append(PlanQuery(from: LocalDate("2027-03-01")!, through: LocalDate("2027-03-31")!, campaign: "c"))
        variants.append(PlanQuery(from: LocalDate("2027-03-01")!, through: LocalDate("2027-03-31")!, channel: "c"))
        variants.append(PlanQuery(from: LocalDate("2027-03-01")!, through: LocalDate("2027-03-31")!, statuses: [.done]))
        let signatures = variants.map { APIEventList.signature(of: $0, user: user) }
        #expect(Set(signatures).count == variants.count)
        #expect(APIEventList.signature(of: query, user: user) == APIEventList.signature(of: query, user: user))
        #expect(signatures.allSatisfy { $0.count == 12 })
    }

    @Test(.timeLimit(.minutes(2)))
    func aMethodThePathDoesNotHaveIs405WithAllow() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let tokens = try await APIRouteTests.tokens(setup)
        try await setup.application.test(.router) { client in
            let planner = APIClient(client: client, token: tokens["chen.jing"])
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.delete, "/api/v1/campaigns", "GET"),
                (.put, "/api/v1/campaigns/2027-315-xianning", "GET"),
                (.get, "/api/v1/campaigns/2027-315-xianning/events", "POST"),
                (.post, "/api/v1/events/315-bd-wanda", "GET, PATCH"),
                (.delete, "/api/v1/events/no-such-event", "GET, PATCH"),
                (.get, "/api/v1/events/315-bd-wanda/confirm", "POST"),
                (.put, "/api/v1/reach", "POST"),
                (.get, "/api/v1/reach", "POST"),
                (.delete, "/api/v1/reach/batches", "GET, POST"),
                (.get, "/api/v1/reach/batches/1/undo", "POST"),
                (.patch, "/api/v1/bulletins/2027-03", "GET"),
                (.get, "/api/v1/bulletins/2027-03/publish", "POST"),
                (.post, "/api/v1/users", "GET"),
                (.options, "/api/v1/notices", "GET"),
                (.head, "/api/v1/campaigns", "GET"),
                (.post, "/api/v1/openapi.json", "GET"),
            ]
            for (method, uri, allow) in cases {
                let answer = try await planner.send(uri, method: method)
                #expect(answer.status == .methodNotAllowed, "\(method) \(uri): \(answer.status)")
                #expect(answer.headers[.allow] == allow, "\(method) \(uri)")
                #expect(answer.headers[.contentType] == "application/problem+json; charset=utf-8", "\(method) \(uri)")
                guard method != .head else { continue }
                #expect(answer["type"]?.string == "urn:outreach:problem:method-not-allowed")
                #expect(answer["status"] == .int(405))
            }
            let chinese = try await planner.send("/api/v1/events/315-bd-wanda", method: .delete)
            #expect(chinese["title"]?.string == "方法不支持")
            #expect(chinese["detail"]?.string == "此路径不支持 DELETE 请求，支持的方法：GET, PATCH（见响应头 Allow）。")
            let english = try await planner.send("/api/v1/events/315-bd-wanda?lang=en", method: .delete)
            #expect(english["title"]?.string == "Method not allowed")
            #expect(english["detail"]?.string == "This path does not take DELETE requests; it takes GET, PATCH (see the Allow header).")
            // Nothing changed, and a path that does not exist is still 404; so are the pages'.
            #expect(try await setup.store.event("315-bd-wanda")?.event.status == .confirmed)
            #expect(try await planner.send("/api/v1/no-such", method: .delete).status == .notFound)
            #expect(try await planner.send("/api/v1/events/315-bd-wanda/confirm/more", method: .post).status == .notFound)
            #expect(try await client.executeRequest(uri: "/calendar", method: .delete, headers: [:], body: nil).status == .notFound)
        }
    }
}

extension APIConventionsRouteTests {
    /// What any POST or PATCH could change: every event as stored, the reach batches and records, the bulletins of
    /// March, the outbox's counts, and the fingerprint of the route walk.
    static func snapshot(_ store: any OutreachStore) async throws -> String {
        var parts = [try await APIRouteTests.fingerprint(store)]
        parts.append(try await store.events(matching: EventQuery(ordered: false)).map { "\($0.event)" }.sorted().joined(separator: "\n"))
        parts.append("\(try await store.reachBatches().sorted { $0.id < $1.id })")
        parts.append("\(try await store.reachEntries(from: LocalDate("2027-01-01")!, through: LocalDate("2027-12-31")!).map { "\($0)" }.sorted())")
        for branch in ["xn-city", "xn-wenquan"] {
            parts.append("\(try await store.bulletins(branch: Branch.ID(branch)))")
            parts.append("\(String(describing: try await store.bulletinPreparation(month: "2027-03", branch: Branch.ID(branch))))")
        }
        parts.append("\(try await store.stateCounts().sorted { $0.key.rawValue < $1.key.rawValue })")
        return parts.joined(separator: "\n--\n")
    }

    /// The POSTs (and the PATCH) `APIRouteTests.everyPostRepeatedWithItsKeyWritesOnce` does not send: each sent
    /// again with its Idempotency-Key gets the first answer byte for byte and leaves the store as the first left it.
    @Test(.timeLimit(.minutes(2)))
    func theOtherWritesRepeatedWithTheirKeysWriteOnce() async throws {
        let (setup, web) = try await RouteWalkTests.setUp()
        defer { setup.close() }
        let tokens = try await APIRouteTests.tokens(setup)
        try await RouteWalkTests.application(web).test(.router) { client in
            let planner = APIClient(client: client, token: tokens["chen.jing"])
            let approver = APIClient(client: client, token: tokens["liu.yang"])
            let admin = APIClient(client: client, token: tokens["wang.fang"])
            func twice(
                _ who: APIClient, _ method: HTTPRequest.Method, _ uri: String, key: String, headers: HTTPFields = [:], body: String? = nil
            ) async throws -> APIClient.Answer {
                var fields = headers
                fields[.idempotencyKey] = key
                let first = try await who.send(uri, method: method, headers: fields, body: body)
                #expect((200..<300).contains(first.status.code), "\(method) \(uri): \(first.text)")
                #expect(first.headers[.idempotentReplayed] == nil)
                let written = try await Self.snapshot(setup.store)
                let retry = try await who.send(uri, method: method, headers: fields, body: body)
                #expect(retry.status == first.status, "\(method) \(uri)")
                #expect(retry.bytes == first.bytes, "\(method) \(uri)")
                #expect(retry.headers[.idempotentReplayed] == "true", "\(method) \(uri)")
                #expect(try await Self.snapshot(setup.store) == written, "\(method) \(uri) wrote again")
                return first
            }
            let start = try await Self.snapshot(setup.store)
            let new = #"{"id": "api-idem-desk", "title": "幂等咨询台", "channel": "outlet-desk", "venue": "outlet-xianan-yongan", "start": "2027-03-19 09:00", "end": "11:00"}"#
            _ = try await twice(planner, .post, "/api/v1/campaigns/2027-315-xianning/events", key: "plan", body: new)
            _ = try await twice(planner, .patch, "/api/v1/events/api-idem-desk", key: "patch", body: #"{"end": "12:00"}"#)
            #expect(try await setup.store.event("api-idem-desk")?.event.title.zh == "幂等咨询台")
            let file = "event,date,metric,count\n315-bd-wanda,2027-03-13,consultations,15\n"
            let uploaded = try await twice(
                planner, .post, "/api/v1/reach/batches?name=w.csv", key: "upload", headers: [.contentType: "text/csv"], body: file)
            let batch = try #require(uploaded["id"]).serialized()
            _ = try await twice(planner, .post, "/api/v1/reach/batches/\(batch)/undo", key: "undo")
            _ = try await twice(planner, .post, "/api/v1/bulletins/2027-03/prepare", key: "prepare")
            _ = try await twice(approver, .post, "/api/v1/bulletins/2027-03/publish", key: "publish")
            _ = try await twice(admin, .post, "/api/v1/notices/retry", key: "retry")
            #expect(try await Self.snapshot(setup.store) != start)
            #expect(try await setup.store.reachBatches().count == 1)
            #expect(try await setup.store.bulletins(branch: "xn-city").count == 1)
        }
    }
}

extension APIConventionsRouteTests {
    /// How many moments the answers hold, and each time field that is neither a moment with its offset, a day, nor
    /// (beside a `timeZone`) an event's planned local time, as `answer: key = text`.
    static func moments(in answers: [(String, JSONValue)]) -> (count: Int, wrong: [String]) {
        var count = 0
        var wrong: [String] = []
        for (what, json) in answers {
            for found in strings(json) where found.key.hasSuffix("At") || found.key == "start" || found.key == "end" {
                let shape = shape(found.text)
                let isMoment = shape == "9999-99-99T99:99:99+99:99" || shape == "9999-99-99T99:99:99-99:99"
                if isMoment { count += 1 }
                let isDay = !found.key.hasSuffix("At") && shape == "9999-99-99"
                let isPlanned = found.zoned && !found.key.hasSuffix("At") && shape == "9999-99-99 99:99"
                if !(isMoment || isDay || isPlanned) { wrong.append("\(what): \(found.key) = \(found.text)") }
            }
        }
        return (count, wrong)
    }

    /// A text with each ASCII digit written as 9: `2027-03-13T10:00:00+08:00` is `9999-99-99T99:99:99+99:99`.
    static func shape(_ text: String) -> String {
        String(text.map { $0.isASCII && $0.isNumber ? "9" : $0 })
    }

    /// Every string of a JSON value at any depth: its key, its text, and whether its object names a `timeZone`.
    static func strings(_ value: JSONValue) -> [(key: String, text: String, zoned: Bool)] {
        switch value {
        case .object(let pairs):
            let zoned = pairs.contains { $0.0 == "timeZone" }
            return pairs.flatMap { key, value -> [(key: String, text: String, zoned: Bool)] in
                if case .string(let text) = value { return [(key, text, zoned)] }
                return strings(value)
            }
        case .array(let items): return items.flatMap(strings)
        default: return []
        }
    }

    /// Moments (`…At`, an occurrence's `start` and `end`) are ISO 8601 with the zone's offset; days are `yyyy-mm-dd`.
    /// An event as planned keeps the campaign files' terms, which POST and PATCH take: its local `start` and `end`
    /// with its `timeZone` (an IANA name) beside them.
    @Test(.timeLimit(.minutes(2)))
    func everyMomentIsISO8601WithItsZone() async throws {
        let (setup, web) = try await RouteWalkTests.setUp()
        defer { setup.close() }
        let tokens = try await APIRouteTests.tokens(setup)
        _ = try await setup.store.enqueue(
            [
                OutboxEntry(
                    key: "iso-test", notice: .fixtureReminder(), target: "企业微信群", bot: BotIdentity(rawValue: "b0b0b0b0b0b0b0b0b0b0b0b0"),
                    dueAt: ShippedWebSetup.now)
            ], at: ShippedWebSetup.now)
        try await RouteWalkTests.application(web).test(.router) { client in
            let planner = APIClient(client: client, token: tokens["chen.jing"])
            let admin = APIClient(client: client, token: tokens["wang.fang"])
            let approver = APIClient(client: client, token: tokens["liu.yang"])
            var answers: [(String, APIClient.Answer)] = []
            answers.append((
                "reach",
                try await planner.send(
                    "/api/v1/reach", method: .post, body: #"{"event":"315-bd-wanda","date":"2027-03-13","metric":"attendees","count":5}"#)
            ))
            answers.append(("prepare", try await planner.send("/api/v1/bulletins/2027-03/prepare", method: .post)))
            answers.append(("publish", try await approver.send("/api/v1/bulletins/2027-03/publish", method: .post)))
            for uri in [
                "/api/v1/campaigns", "/api/v1/campaigns/2027-315-xianning", "/api/v1/events?from=2027-03-01&to=2027-03-31&limit=500",
                "/api/v1/events/315-bd-wanda", "/api/v1/reach/batches", "/api/v1/bulletins", "/api/v1/bulletins/2027-03",
                "/api/v1/notices", "/api/v1/notices/log", "/api/v1/users",
            ] {
                answers.append((uri, try await admin.send(uri)))
            }
            for (what, answer) in answers {
                #expect((200..<300).contains(answer.status.code), "\(what): \(answer.text)")
                #expect(answer.json != nil, "\(what)")
            }
            let (moments, wrong) = Self.moments(in: answers.map { ($0.0, $0.1.json ?? .null) })
            #expect(wrong == [])
            #expect(moments > 20)
            // The reach just recorded: when, in its branch's zone.
            #expect(answers[0].1["recordedAt"]?.string == "2027-03-16T10:00:00+08:00")
        }
    }
}

/// Each listed campaign's event count, by campaign id.
enum CountedEvents {
    static func of(_ answer: APIClient.Answer) -> [String: Int] {
        var counts: [String: Int] = [:]
        for item in answer.items {
            if let id = item["id"]?.string, case .int(let events)? = item["events"] { counts[id] = events }
        }
        return counts
    }
}
