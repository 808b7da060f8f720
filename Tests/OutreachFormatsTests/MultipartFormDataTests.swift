import Foundation
import OutreachFormats
import Testing

/// The multipart/form-data parser on good bodies and hostile ones.
struct MultipartFormDataTests {
    static let limits = MultipartFormData.Limits(totalBytes: 4096, parts: 4, headerBytes: 256, partBytes: 1024)

    static func body(_ text: String) -> [UInt8] { Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) }

    @Test func readsFieldsAndFiles() throws {
        let form = try MultipartFormData(
            body: Self.body(
                """
                preamble
                --XyZ
                Content-Disposition: form-data; name="note"

                第一行
                第二行
                --XyZ
                Content-Disposition: form-data; name="photos"; filename="a;b \\"c\\".jpg"
                Content-Type: image/jpeg

                \u{1}\u{2}--Xy
                --XyZ
                Content-Disposition: form-data; name="photos"; filename=""
                Content-Type: application/octet-stream


                --XyZ--

                """), boundary: "XyZ", limits: Self.limits)
        #expect(form.parts.count == 3)
        #expect(form.field("note") == "第一行\r\n第二行")
        let files = form.files("photos")
        #expect(files.count == 1)
        #expect(files.first?.filename == "a;b \"c\".jpg")
        #expect(files.first?.contentType == "image/jpeg")
        #expect(files.first?.body == [1, 2] + Array("--Xy".utf8))
    }

    @Test(arguments: [
        ("multipart/form-data; boundary=abc", "abc"), ("multipart/form-data; boundary=\"a b\"", "a b"),
        ("Multipart/Form-Data;charset=utf-8; BOUNDARY=x", "x"),
    ])
    func findsTheBoundary(contentType: String, boundary: String) {
        #expect(MultipartFormData.boundary(contentType: contentType) == boundary)
    }

    @Test(arguments: [
        "multipart/form-data", "application/x-www-form-urlencoded; boundary=abc", "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\(String(repeating: "b", count: 71))",
    ])
    func refusesAMissingOrBadBoundary(contentType: String) {
        #expect(MultipartFormData.boundary(contentType: contentType) == nil)
    }

    @Test func refusesAnUnterminatedPart() {
        #expect(throws: MultipartFormData.Failure.malformed) {
            try MultipartFormData(
                body: Self.body("--b\nContent-Disposition: form-data; name=\"a\"\n\nno end"), boundary: "b", limits: Self.limits)
        }
        #expect(throws: MultipartFormData.Failure.malformed) {
            try MultipartFormData(body: Self.body("--b\nContent-Disposition: form-data; name=\"a\""), boundary: "b", limits: Self.limits)
        }
        #expect(throws: MultipartFormData.Failure.malformed) {
            try MultipartFormData(body: Self.body("no boundary here"), boundary: "b", limits: Self.limits)
        }
        #expect(throws: MultipartFormData.Failure.malformed) {
            try MultipartFormData(body: [], boundary: "b", limits: Self.limits)
        }
    }

    @Test func refusesAHugeHeader() {
        let header = "--b\nContent-Disposition: form-data; name=\"a\"\nX-Junk: \(String(repeating: "x", count: 300))\n\nv\n--b--\n"
        #expect(throws: MultipartFormData.Failure.headerTooLarge) {
            try MultipartFormData(body: Self.body(header), boundary: "b", limits: Self.limits)
        }
        // A header that never ends is refused at the limit, not searched to the end of the body.
        let endless = "--b\nContent-Disposition: form-data; name=\"a\"\n" + String(repeating: "x", count: 2000)
        #expect(throws: MultipartFormData.Failure.headerTooLarge) {
            try MultipartFormData(body: Self.body(endless), boundary: "b", limits: Self.limits)
        }
    }

    @Test func refusesManyPartsALargePartAndALargeBody() {
        let part = "--b\nContent-Disposition: form-data; name=\"a\"\n\nv\n"
        #expect(throws: MultipartFormData.Failure.tooManyParts) {
            try MultipartFormData(body: Self.body(String(repeating: part, count: 5) + "--b--\n"), boundary: "b", limits: Self.limits)
        }
        #expect(throws: Never.self) {
            try MultipartFormData(body: Self.body(String(repeating: part, count: 4) + "--b--\n"), boundary: "b", limits: Self.limits)
        }
        let large = "--b\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\n\n\(String(repeating: "x", count: 1025))\n--b--\n"
        #expect(throws: MultipartFormData.Failure.partTooLarge(name: "f")) {
            try MultipartFormData(body: Self.body(large), boundary: "b", limits: Self.limits)
        }
        #expect(throws: MultipartFormData.Failure.tooLarge) {
            try MultipartFormData(body: [UInt8](repeating: 0x2D, count: 4097), boundary: "b", limits: Self.limits)
        }
    }

    @Test func refusesAPartWithoutAName() {
        #expect(throws: MultipartFormData.Failure.malformed) {
            try MultipartFormData(
                body: Self.body("--b\nContent-Disposition: attachment; filename=\"x\"\n\nv\n--b--\n"), boundary: "b", limits: Self.limits)
        }
        #expect(throws: MultipartFormData.Failure.malformed) {
            try MultipartFormData(body: Self.body("--b\nno colon\n\nv\n--b--\n"), boundary: "b", limits: Self.limits)
        }
    }
}

/// Image headers recognised by content only.
struct ImageHeaderTests {
    @Test func readsPNGAndJPEGSizes() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
            + [0, 0, 1, 0, 0, 0, 0, 2, 8, 2, 0, 0, 0, 0, 0, 0, 0]
        #expect(ImageHeader(png) == ImageHeader(png)!)
        #expect(ImageHeader(png)?.format == .png)
        #expect(ImageHeader(png).map { ($0.width, $0.height) } ?? (0, 0) == (256, 2))
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC2, 0x00, 0x0B, 0x08, 0x01, 0x00, 0x00, 0x40, 0x01, 0x01, 0x11, 0x00]
        #expect(ImageHeader(jpeg)?.format == .jpeg)
        #expect(ImageHeader(jpeg).map { ($0.width, $0.height) } ?? (0, 0) == (64, 256))
    }

    @Test(arguments: [
        Array("not a photo".utf8), [0xFF, 0xD8, 0xFF], [0xFF, 0xD8, 0xFF, 0xD9, 0, 0], [0x89, 0x50, 0x4E, 0x47],
        Array("GIF89a\u{1}\u{0}\u{1}\u{0}".utf8), [0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF],
        // A zero size.
        [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x00, 0x00, 0x05, 0x01, 0x01, 0x11, 0x00],
    ] as [[UInt8]])
    func refusesAnythingElse(bytes: [UInt8]) {
        #expect(ImageHeader(bytes) == nil)
    }
}
