import Testing

@testable import OutreachTestSupport

struct RequestParserTests {
    private func parse(_ text: String) -> RequestParser.Outcome {
        Array(text.utf8).withUnsafeBytes { RequestParser.parse($0) }
    }

    @Test
    func contentLengthBody() throws {
        let raw = "POST /send?key=a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nX-A:  b \r\n\r\nhello"
        guard case .complete(let request, let consumed) = parse(raw) else {
            Issue.record("not complete")
            return
        }
        #expect(request.method == "POST")
        #expect(request.target == "/send?key=a")
        #expect(request.body == Array("hello".utf8))
        #expect(request.headers.map(\.value) == ["x", "5", "b"])
        #expect(request.keepAlive)
        #expect(consumed == raw.utf8.count)
    }

    @Test
    func pipelinedRequestsConsumeOnlyTheFirst() {
        let first = "POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi"
        guard case .complete(let request, let consumed) = parse(first + "GET /b HTTP/1.1\r\n\r\n") else {
            Issue.record("not complete")
            return
        }
        #expect(request.target == "/a")
        #expect(consumed == first.utf8.count)
    }

    @Test
    func chunkedBodyIsDecoded() {
        let raw =
            "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4;ext=1\r\nWiki\r\n6\r\npedia \r\n0\r\nX-T: 1\r\n\r\n"
        guard case .complete(let request, let consumed) = parse(raw) else {
            Issue.record("not complete")
            return
        }
        #expect(String(decoding: request.body, as: UTF8.self) == "Wikipedia ")
        #expect(consumed == raw.utf8.count)
    }

    @Test(arguments: [
        "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhel",
        "POST /a HTTP/1.1\r\nHost: x\r\n",
        "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWi",
    ])
    func partialRequestIsIncomplete(raw: String) {
        guard case .incomplete = parse(raw) else {
            Issue.record("expected incomplete")
            return
        }
    }

    @Test(arguments: [
        "HELLO\r\n\r\n",
        "POST /a SPDY/3\r\n\r\n",
        "POST /a HTTP/1.1\r\nNoColon\r\n\r\n",
        "POST /a HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
    ])
    func garbageIsInvalid(raw: String) {
        guard case .invalid = parse(raw) else {
            Issue.record("expected invalid")
            return
        }
    }

    @Test
    func connectionCloseAndHTTP10DisableKeepAlive() {
        guard case .complete(let closing, _) = parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
            case .complete(let old, _) = parse("GET / HTTP/1.0\r\n\r\n"),
            case .complete(let oldKeepAlive, _) = parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        else {
            Issue.record("not complete")
            return
        }
        #expect(!closing.keepAlive)
        #expect(!old.keepAlive)
        #expect(oldKeepAlive.keepAlive)
    }
}
