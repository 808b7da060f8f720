import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OutreachApp
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import OutreachWeb
import Testing

/// The reach pages in-process over a real SQLite store: the reach form with photos, field errors in both
/// languages, evidence by content and by branch, the reach logged so far, and reach upload.
@Suite(.timeLimit(.minutes(1)))
struct ReachRouteTests {
    /// A 3×2 PNG: signature, IHDR, an IDAT of one deflated empty scan line set, IEND (CRCs computed).
    static let png: [UInt8] = {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return be32(UInt32(data.count)) + body + be32(crc32(body))
        }
        let ihdr = be32(3) + be32(2) + [8, 2, 0, 0, 0]
        let idat: [UInt8] = [0x78, 0x9C, 0x63, 0x60, 0x20, 0x1D, 0x00, 0x00, 0x00, 0x32, 0x00, 0x01]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", idat) + chunk("IEND", [])
    }()

    /// A JPEG header: SOI, a JFIF APP0, a baseline frame of 5×4, EOI.
    static let jpeg: [UInt8] =
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]
        + [0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x04, 0x00, 0x05, 0x01, 0x01, 0x11, 0x00] + [0xFF, 0xD9]

    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    struct Upload {
        var name: String
        var filename: String
        var type: String
        var bytes: [UInt8]
    }

    static let boundary = "----outreachTestBoundary7MA4YWxkTrZu0gW"

    static func multipartBody(fields: [(String, String)], files: [Upload]) -> ByteBuffer {
        var bytes: [UInt8] = []
        for (name, value) in fields {
            bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for file in files {
            bytes += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.type)\r\n\r\n".utf8)
            bytes += file.bytes + Array("\r\n".utf8)
        }
        bytes += Array("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: bytes)
    }

    static func post(
        _ browser: Browser, _ uri: String, fields: [(String, String)], files: [Upload] = []
    ) async throws -> Browser.Page {
        var headers = browser.cookieHeader
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let response = try await browser.client.executeRequest(
            uri: uri, method: .post, headers: headers, body: multipartBody(fields: fields, files: files))
        return Browser.Page(
            status: response.status, headers: response.headers, setCookies: response.headers[values: .setCookie],
            text: String(buffer: response.body))
    }

    static func photo(_ bytes: [UInt8], _ filename: String, type: String = "image/jpeg") -> Upload {
        Upload(name: "photos", filename: filename, type: type, bytes: bytes)
    }

    func reachLog(_ setup: WebSetup, _ event: Event.ID) async throws -> [ReachLogEntry] {
        let key = try #require(try await setup.store.eventKeys()[event])
        return try await setup.store.reachLog(event: key)
    }

    @Test func loggingReachThroughTheFormStoresItWithPhotosAndShowsItEscaped() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("li.ming")
            let home = try await browser.request("/")
            #expect(home.text.contains("/reach/log?event=east-talk&amp;date=2026-12-05"))
            let form = try await browser.request("/reach/log?event=east-talk")
            #expect(form.status == .ok)
            // Today is a day of the event: the date defaults to it; only the channel's metrics are asked for.
            #expect(form.text.contains("name=\"date\" value=\"2026-12-05\""))
            #expect(form.text.contains("name=\"count.attendees\""))
            #expect(form.text.contains("name=\"count.leaflets\""))
            #expect(!form.text.contains("count.screen-plays"))
            #expect(form.text.contains("enctype=\"multipart/form-data\""))
            #expect(form.text.contains("accept=\"image/*\" capture"))
            let token = try #require(form.hiddenCSRF)
            let saved = try await Self.post(
                browser, "/reach/log?event=east-talk",
                fields: [
                    ("csrf", token), ("date", "2026-12-05"), ("segment", "elderly"), ("count.attendees", "46"), ("count.consultations", "12"),
                    ("count.leaflets", ""), ("note", "<script>alert('x')</script>签到表"),
                ],
                files: [Self.photo(Self.png, "a.png", type: "image/png"), Self.photo(Self.jpeg, "b.jpg")])
            #expect(saved.status == .seeOther)
            let entries = try await reachLog(setup, "east-talk")
            #expect(entries.map(\.count).sorted() == [12, 46])
            #expect(entries.allSatisfy { $0.recordedBy == "li.ming" && $0.note == "<script>alert('x')</script>签到表" })
            let page = try await browser.request(try #require(saved.headers[.location]))
            #expect(page.text.contains("已保存：新增 2 条，更正 0 条，照片 2 张。"))
            #expect(page.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;签到表") || page.text.contains("&lt;script&gt;"))
            #expect(!page.text.contains("<script>alert"))
            #expect(page.text.contains("li.ming"))
            let key = try #require(try await setup.store.eventKeys()["east-talk"])
            let photos = try await setup.store.evidence(event: key)
            #expect(Set(photos.map(\.contentType)) == ["image/png", "image/jpeg"])
            #expect(photos.first { $0.contentType == "image/png" }.map { ($0.width, $0.height) } ?? (0, 0) == (3, 2))
            #expect(photos.first { $0.contentType == "image/jpeg" }.map { ($0.width, $0.height) } ?? (0, 0) == (5, 4))
            for photo in photos { #expect(page.text.contains("/reach/evidence/\(photo.hash)")) }
            let png = try #require(photos.first { $0.contentType == "image/png" })
            let image = try await client.executeRequest(
                uri: "/reach/evidence/\(png.hash)", method: .get, headers: browser.cookieHeader, body: nil)
            #expect(image.status == .ok)
            #expect(image.headers[.contentType] == "image/png")
            #expect(image.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(Array(image.body.readableBytesView) == Self.png)
            // Stored by content hash beside the database.
            let file = setup.folder + "/outreach.sqlite.evidence/\(png.hash.prefix(2))/\(png.hash.dropFirst(2)).png"
            #expect(FileManager.default.fileExists(atPath: file))
        }
    }

    @Test func aCorrectionReplacesTheFigureAndKeepsTheOldOneInTheAudit() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("li.ming")
            let token = try #require(try await browser.request("/reach/log?event=east-talk").hiddenCSRF)
            _ = try await Self.post(
                browser, "/reach/log?event=east-talk", fields: [("csrf", token), ("date", "2026-12-05"), ("count.attendees", "40")])
            let page = try await browser.request("/reach/log?event=east-talk&date=2026-12-05")
            #expect(page.text.contains("/reach/log?event=east-talk&amp;date=2026-12-05&amp;metric=attendees"))
            let correcting = try await browser.request("/reach/log?event=east-talk&date=2026-12-05&metric=attendees")
            #expect(correcting.text.contains("name=\"count.attendees\" inputmode=\"numeric\" pattern=\"[0-9０-９]*\" value=\"40\""))
            let saved = try await Self.post(
                browser, "/reach/log?event=east-talk",
                fields: [("csrf", token), ("date", "2026-12-05"), ("count.attendees", "48"), ("correcting", "1")])
            #expect(saved.status == .seeOther)
            #expect(try await reachLog(setup, "east-talk").map(\.count) == [48])
            // The replaced figure is in the audit: undoing the correction brings it back.
            let batches = try await setup.store.reachBatches()
            #expect(batches.count == 2)
            _ = try await setup.store.undoReachBatch(batches[1].id, at: WebSetup.now)
            #expect(try await reachLog(setup, "east-talk").map(\.count) == [40])
        }
    }

    @Test(arguments: [
        ("zh", "'count' 列的值 'abc' 无效。应为大于或等于 0 的整数。", "日期 '2026-12-08' 在今天（2026-12-05）之后：尚未到来的日子不能登记触达。"),
        ("en", "The value 'abc' in column 'count' is invalid. Expected a whole number of 0 or more.",
            "The date '2026-12-08' is after today (2026-12-05): reach cannot be logged for a day still to come."),
    ])
    func fieldErrorsAreShownBesideTheFieldInThePagesLanguage(lang: String, countError: String, dateError: String) async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("li.ming", lang: lang)
            let token = try #require(try await browser.request("/reach/log?event=east-talk").hiddenCSRF)
            let refused = try await Self.post(
                browser, "/reach/log?event=east-talk",
                fields: [("csrf", token), ("date", "2026-12-05"), ("count.attendees", "abc"), ("note", "第一次")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("value=\"abc\"><span class=\"field-error\" role=\"alert\">\(countError.replacingOccurrences(of: "'", with: "&#39;"))</span>")
                || refused.text.contains("value=\"abc\"><span class=\"field-error\" role=\"alert\">\(countError)</span>"))
            #expect(refused.text.contains(">第一次</textarea>"))
            let future = try await Self.post(
                browser, "/reach/log?event=east-talk", fields: [("csrf", token), ("date", "2026-12-08"), ("count.attendees", "5")])
            #expect(future.status == .unprocessableContent)
            #expect(future.text.contains(dateError) || future.text.contains(dateError.replacingOccurrences(of: "'", with: "&#39;")))
            #expect(try await reachLog(setup, "east-talk").isEmpty)
        }
    }

    @Test func photosAreCheckedByContentAndSize() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("li.ming")
            let token = try #require(try await browser.request("/reach/log?event=east-talk").hiddenCSRF)
            let fields = [("csrf", token), ("date", "2026-12-05"), ("count.attendees", "46")]
            // A text file named .jpg and declared a JPEG is refused, and nothing is logged.
            let text = try await Self.post(
                browser, "/reach/log?event=east-talk", fields: fields, files: [Self.photo(Array("not a photo".utf8), "fake.jpg")])
            #expect(text.status == .unprocessableContent)
            #expect(text.text.contains("文件 &#39;fake.jpg&#39; 不是 JPEG 或 PNG 照片") || text.text.contains("文件 'fake.jpg' 不是 JPEG 或 PNG 照片"))
            #expect(try await reachLog(setup, "east-talk").isEmpty)
            // 10 MB + 1 byte: 413 with a message page.
            let big = Self.jpeg + [UInt8](repeating: 0, count: 10 * 1024 * 1024 + 1 - Self.jpeg.count)
            let tooLarge = try await Self.post(browser, "/reach/log?event=east-talk", fields: fields, files: [Self.photo(big, "big.jpg")])
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.text.contains("每张照片不超过 10 MB"))
            #expect(try await reachLog(setup, "east-talk").isEmpty)
            // Exactly 10 MB is taken; the same photo twice is stored once.
            let limit = Self.jpeg + [UInt8](repeating: 0, count: 10 * 1024 * 1024 - Self.jpeg.count)
            let first = try await Self.post(browser, "/reach/log?event=east-talk", fields: fields, files: [Self.photo(limit, "a.jpg")])
            #expect(first.status == .seeOther)
            let again = try await Self.post(
                browser, "/reach/log?event=east-talk", fields: fields, files: [Self.photo(limit, "a.jpg"), Self.photo(limit, "copy.jpg")])
            #expect(again.status == .seeOther)
            let hash = ReachEvidence.hash(of: limit)
            #expect(try await setup.store.evidence(hash: hash).count == 1)
            let folder = setup.folder + "/outreach.sqlite.evidence/\(hash.prefix(2))"
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.count == 1)
        }
    }

    @Test func branchStaffSeeOnlyTheirSubtreeViewersCannotPostAndNobodySignedOutGetsIn() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var admin = Browser(client)
            _ = try await admin.signIn("wang.fang")
            let token = try #require(try await admin.request("/reach/log?event=west-talk").hiddenCSRF)
            let saved = try await Self.post(
                admin, "/reach/log?event=west-talk", fields: [("csrf", token), ("date", "2026-12-05"), ("count.attendees", "30")],
                files: [Self.photo(Self.png, "west.png", type: "image/png")])
            #expect(saved.status == .seeOther)
            let hash = ReachEvidence.hash(of: Self.png)
            #expect(try await client.executeRequest(uri: "/reach/evidence/\(hash)", method: .get, headers: admin.cookieHeader, body: nil).status == .ok)

            var staff = Browser(client)
            _ = try await staff.signIn("li.ming")
            #expect(try await client.executeRequest(uri: "/reach/evidence/\(hash)", method: .get, headers: staff.cookieHeader, body: nil).status == .notFound)
            #expect(try await staff.request("/reach/log?event=west-talk").status == .notFound)
            let staffToken = try #require(try await staff.request("/reach/log?event=east-talk").hiddenCSRF)
            let foreign = try await Self.post(
                staff, "/reach/log?event=west-talk", fields: [("csrf", staffToken), ("date", "2026-12-05"), ("count.attendees", "1")])
            #expect(foreign.status == .notFound)
            #expect(try await staff.request("/reach/evidence/../../etc/passwd").status == .notFound)

            var viewer = Browser(client)
            _ = try await viewer.signIn("zhao.lei")
            let page = try await viewer.request("/reach/log?event=west-talk")
            #expect(page.status == .ok)
            #expect(!page.text.contains("name=\"count.attendees\""))
            let viewerToken = try #require(page.hiddenCSRF)
            let refused = try await Self.post(
                viewer, "/reach/log?event=west-talk", fields: [("csrf", viewerToken), ("date", "2026-12-05"), ("count.attendees", "1")])
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("只读用户不能登记或导入触达。"))
            #expect(try await reachLog(setup, "west-talk").map(\.count) == [30])

            // A form without the session's token does nothing.
            let forged = try await Self.post(
                admin, "/reach/log?event=west-talk", fields: [("csrf", "forged"), ("date", "2026-12-05"), ("count.attendees", "99")])
            #expect(forged.status == .forbidden)

            let nobody = Browser(client)
            for path in ["/reach/log?event=east-talk", "/reach/upload", "/reach/evidence/\(hash)"] {
                let response = try await client.executeRequest(uri: path, method: .get, headers: nobody.cookieHeader, body: nil)
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login")
            }
        }
    }

    @Test func aCSVUploadIsAllOrNothingUnlessBadRowsAreSkippedAndTheRejectsDownload() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("wang.fang")
            let form = try await browser.request("/reach/upload")
            #expect(form.status == .ok)
            let token = try #require(form.hiddenCSRF)
            let bad = "活动场次,日期,指标,数量\neast-talk,2026-12-05,attendees,30\nwest-talk,2026-12-05,attendees,abc\n"
            func upload(_ csv: String, skip: Bool) async throws -> Browser.Page {
                try await Self.post(
                    browser, "/reach/upload", fields: [("csrf", token)] + (skip ? [("skip", "1")] : []),
                    files: [Upload(name: "file", filename: "reach.csv", type: "text/csv", bytes: Array(csv.utf8))])
            }
            let refused = try await upload(bad, skip: false)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("第 3 行："))
            #expect(refused.text.contains("有 1 处错误，未导入任何内容。"))
            #expect(try await reachLog(setup, "east-talk").isEmpty)

            let skipped = try await upload(bad, skip: true)
            #expect(skipped.status == .ok)
            #expect(skipped.text.contains("1 行未导入"))
            #expect(try await reachLog(setup, "east-talk").map(\.count) == [30])
            let link = try #require(skipped.text.range(of: "/reach/upload/rejects/"))
            let path = String(skipped.text[link.lowerBound...].prefix { $0 != "\"" })
            let rejects = try await browser.request(path)
            #expect(rejects.status == .ok)
            #expect(rejects.text.contains("west-talk,2026-12-05,attendees,abc"))
            // Another user cannot download them.
            var other = Browser(client)
            _ = try await other.signIn("zhao.lei")
            #expect(try await other.request(path).status == .notFound)

            let good = try await upload("event,date,metric,count\nwest-talk,2026-12-05,consultations,7\n", skip: false)
            #expect(good.status == .ok)
            #expect(good.text.contains("已导入批次"))
            #expect(try await reachLog(setup, "west-talk").map(\.count) == [7])
        }
    }

    @Test func withoutADateTheNearestOccurrencesAreOfferedAndAnXLSXIsToldApartByContent() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("wang.fang")
            // east-later is on 8 December; today is the 5th: nothing to log today, the occurrence is offered.
            let choose = try await browser.request("/reach/log?event=east-later")
            #expect(choose.status == .ok)
            #expect(choose.text.contains("今天不是该场次举办的日子。请选择要登记的场次日期："))
            #expect(choose.text.contains("/reach/log?event=east-later&amp;date=2026-12-08"))
            #expect(!choose.text.contains("name=\"count.attendees\""))
            // The language switch keeps the event.
            #expect(choose.text.contains("/reach/log?event=east-later&amp;lang=en"))
            #expect(try await browser.request("/reach/log?event=no-such-event").status == .notFound)

            // An Excel workbook, whatever its name: read like the command line reads it, its problems placed by cell.
            let token = try #require(try await browser.request("/reach/upload").hiddenCSRF)
            let workbook = try XLSXWorkbook(
                sheets: [
                    XLSXSheet(
                        name: "登记表",
                        rows: [
                            [.text("活动场次"), .text("日期"), .text("指标"), .text("数量")],
                            [.text("west-talk"), .text("2026-12-05"), .text("consultations"), .integer(9)],
                            [.text("west-talk"), .text("2026-12-05"), .text("attendees"), .text("很多")],
                        ])
                ], created: WebSetup.now
            ).data()
            let xlsx = try await Self.post(
                browser, "/reach/upload", fields: [("csrf", token)],
                files: [Upload(name: "file", filename: "reach.dat", type: "application/octet-stream", bytes: Array(workbook))])
            #expect(xlsx.status == .unprocessableContent)
            #expect(xlsx.text.contains("登记表!D3："), "\(xlsx.text)")
            #expect(xlsx.text.contains("有 1 处错误，未导入任何内容。"))
            #expect(try await reachLog(setup, "west-talk").isEmpty)
            let fixed = try XLSXWorkbook(
                sheets: [
                    XLSXSheet(
                        name: "登记表",
                        rows: [
                            [.text("活动场次"), .text("日期"), .text("指标"), .text("数量")],
                            [.text("west-talk"), .text("2026-12-05"), .text("consultations"), .integer(9)],
                        ])
                ], created: WebSetup.now
            ).data()
            let imported = try await Self.post(
                browser, "/reach/upload", fields: [("csrf", token)],
                files: [Upload(name: "file", filename: "reach.xlsx", type: "application/octet-stream", bytes: Array(fixed))])
            #expect(imported.status == .ok, "\(imported.text)")
            #expect(try await reachLog(setup, "west-talk").map(\.count) == [9])
        }
    }
}
