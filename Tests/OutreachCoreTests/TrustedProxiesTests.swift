import OutreachCore
import Testing

/// Finding the client behind reverse proxies: only a trusted proxy is believed, and only about the hop before it.
struct TrustedProxiesTests {
    let proxies = TrustedProxies(["127.0.0.1", "10.0.0.0/8", "fd00::/8"].compactMap(AddressRange.init))

    @Test func aRequestFromAProxyIsTheForwardedClients() {
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.5"]) == "203.0.113.5")
        // Two proxies (nginx in front of another): the right-most address that is not a proxy.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.5, 10.1.2.3"]) == "203.0.113.5")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.5", "10.1.2.3"]) == "203.0.113.5")
        #expect(proxies.client(peer: "fd00::7", forwardedFor: ["2001:db8::1"]) == "2001:db8::1")
    }

    @Test func whatTheClientWroteLeftOfItsOwnAddressIsNotBelieved() {
        // The client sent "X-Forwarded-For: 198.51.100.1"; nginx appended the address it really came from.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.1, 203.0.113.5"]) == "203.0.113.5")
        // A client claiming to be a proxy itself gets no further than the address nginx saw.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.1, 10.0.0.9, 203.0.113.5"]) == "203.0.113.5")
    }

    @Test func aRequestFromAnyOtherAddressIsItsOwnClient() {
        #expect(proxies.client(peer: "203.0.113.9", forwardedFor: ["198.51.100.1"]) == "203.0.113.9")
        #expect(TrustedProxies().client(peer: "127.0.0.1", forwardedFor: ["198.51.100.1"]) == "127.0.0.1")
        #expect(proxies.client(peer: "unknown", forwardedFor: ["198.51.100.1"]) == "unknown")
    }

    @Test func garbageStopsTheWalkAtTheLastAddressThatWasGood() {
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["not-an-address"]) == "127.0.0.1")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["x, 10.0.0.2"]) == "10.0.0.2")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
        // Ports and brackets that some proxies add are taken off; addresses come back in their usual form.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.5:51234"]) == "203.0.113.5")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["[2001:DB8:0:0::1]:443"]) == "2001:db8::1")
    }

    @Test func rangesMatchByPrefixAndFamily() {
        let range = AddressRange("192.168.16.0/20")
        #expect(range?.description == "192.168.16.0/20")
        #expect(TrustedProxies([range!]).contains("192.168.31.255"))
        #expect(!TrustedProxies([range!]).contains("192.168.32.0"))
        #expect(TrustedProxies([AddressRange("::ffff:127.0.0.1")!]).contains("127.0.0.1"))
        #expect(!TrustedProxies([AddressRange("0.0.0.0/0")!]).contains("::1"))
        for bad in ["10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/８", "localhost", "10.0.0", ""] {
            #expect(AddressRange(bad) == nil, "\(bad)")
        }
    }
}
