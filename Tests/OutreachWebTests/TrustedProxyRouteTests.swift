import Hummingbird
import HummingbirdTesting
import OutreachCore
import Testing

@testable import OutreachWeb

/// Sign-in throttling behind a reverse proxy, over a real connection from 127.0.0.1: with the proxy trusted,
/// failures count per client named in `X-Forwarded-For`; without it, the header is not believed.
struct TrustedProxyRouteTests {
    func failTwentyTimes(_ browser: inout Browser) async throws {
        for attempt in 0..<20 {
            #expect(try await browser.signIn("guess.\(attempt)", password: "guess").status == .unauthorized)
        }
    }

    @Test func behindATrustedProxyFailuresCountPerForwardedClient() async throws {
        var configuration = ServerConfiguration()
        configuration.trustedProxies = TrustedProxies([AddressRange("127.0.0.1")!])
        let setup = try await WebSetup(configuration: configuration)
        defer { setup.close() }
        try await setup.application.test(.live) { client in
            var guesser = Browser(client)
            guesser.headers[.xForwardedFor] = "203.0.113.5"
            try await failTwentyTimes(&guesser)
            #expect(try await guesser.signIn("wang.fang").status == .tooManyRequests)
            // Another member of staff behind the same proxy signs in.
            var colleague = Browser(client)
            colleague.headers[.xForwardedFor] = "198.51.100.20"
            #expect(try await colleague.signIn("wang.fang").status == .seeOther)
            // The guesser cannot get round it by naming another address left of its own.
            var spoofing = Browser(client)
            spoofing.headers[.xForwardedFor] = "198.51.100.20, 203.0.113.5"
            #expect(try await spoofing.signIn("wang.fang").status == .tooManyRequests)
        }
    }

    @Test func withoutTrustedProxiesTheForwardedHeaderIsNotBelieved() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.live) { client in
            var guesser = Browser(client)
            guesser.headers[.xForwardedFor] = "203.0.113.5"
            try await failTwentyTimes(&guesser)
            // A new header does not make a new client: the connection's address (127.0.0.1) is throttled.
            var other = Browser(client)
            other.headers[.xForwardedFor] = "198.51.100.20"
            #expect(try await other.signIn("wang.fang").status == .tooManyRequests)
        }
    }
}
