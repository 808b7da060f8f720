import OutreachCore
import Testing

struct HTTPMessageTests {
    @Test
    func responseHeaderLookupIgnoresCase() {
        let response = HTTPResponse(
            status: 200,
            headers: [(name: "Content-Type", value: "application/json"), (name: "content-type", value: "text/plain")]
        )
        #expect(response.header("CONTENT-TYPE") == "application/json")
        #expect(response.header("x-missing") == nil)
    }

    @Test
    func requestDefaultsToPOST() {
        let request = HTTPRequest(url: "https://example.com/hook")
        #expect(request.method == "POST")
        #expect(request.body.isEmpty)
        #expect(request.headers.isEmpty)
    }

    @Test(
        arguments: zip(
            [
                "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-123",
                "https://oapi.dingtalk.com/robot/send?access_token=SECRET-123",
                "https://open.feishu.cn/open-apis/bot/v2/hook/SECRET-123",
                "https://user:SECRET-123@hooks.slack.com/services/T0/B0/SECRET-123",
                "http://127.0.0.1:8080?key=SECRET-123",
                "not a url SECRET-123",
            ],
            [
                "POST https://qyapi.weixin.qq.com/… (2 bytes)",
                "POST https://oapi.dingtalk.com/… (2 bytes)",
                "POST https://open.feishu.cn/… (2 bytes)",
                "POST https://hooks.slack.com/… (2 bytes)",
                "POST http://127.0.0.1:8080/… (2 bytes)",
                "POST <invalid URL>/… (2 bytes)",
            ]
        )
    )
    func requestDescriptionHidesSecrets(url: String, expected: String) {
        let request = HTTPRequest(url: url, body: Array("{}".utf8))
        #expect(request.description == expected)
        #expect(!String(reflecting: request).contains("SECRET-123"))
    }
}
