import Foundation

/// The proxies `outreach serve` sits behind (`trusted_proxies:` in the `server:` section), and how the client of
/// a request is found through them.
///
/// Behind nginx every request comes from the proxy's address, so sign-in throttling would count every user's
/// failures together. A proxy listed here is believed about the client: the client is the right-most address of
/// `X-Forwarded-For` that is not itself a trusted proxy (each proxy appends the address it was reached from, so
/// everything to the left of that was written by the client and is not believed). A request from any other
/// address is its own client, whatever its `X-Forwarded-For` says.
///
/// ```yaml
/// server:
///   trusted_proxies: [127.0.0.1, 10.0.0.0/8, "fd00::/8"]
/// ```
public struct TrustedProxies: Hashable, Sendable {
    public var ranges: [AddressRange]

    public init(_ ranges: [AddressRange] = []) { self.ranges = ranges }

    public var isEmpty: Bool { ranges.isEmpty }

    /// Whether `address` (an IPv4 or IPv6 address) is one of the proxies.
    public func contains(_ address: String) -> Bool {
        guard let bytes = AddressRange.bytes(of: address) else { return false }
        return contains(bytes)
    }

    private func contains(_ bytes: [UInt8]) -> Bool { ranges.contains { $0.contains(bytes) } }

    /// The client's address.
    /// - Parameters:
    ///   - peer: The address the connection came from.
    ///   - forwardedFor: Every `X-Forwarded-For` header of the request, in order.
    /// - Returns: `peer` unless it is a trusted proxy; otherwise the right-most forwarded address that is not a
    ///   trusted proxy (the left-most when all are), stopping at the last good one when an entry is not an
    ///   address.
    public func client(peer: String, forwardedFor: [String]) -> String {
        guard !ranges.isEmpty, contains(peer) else { return peer }
        var client = peer
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
        for hop in hops.reversed() {
            guard let bytes = AddressRange.bytes(of: AddressRange.withoutPort(hop.trimmingCharacters(in: .whitespaces)))
            else { return client }
            client = AddressRange.text(of: bytes)
            if !contains(bytes) { return client }
        }
        return client
    }
}

/// An IPv4 or IPv6 address, or a network of them in CIDR form (`10.0.0.0/8`, `fd00::/8`).
public struct AddressRange: Hashable, Sendable, CustomStringConvertible {
    /// The network's bytes: 4 for IPv4, 16 for IPv6.
    let network: [UInt8]
    /// How many leading bits must match.
    let prefixLength: Int

    /// - Parameter text: An address (`127.0.0.1`, `::1`) or a network (`10.0.0.0/8`, `fd00::/8`); nil otherwise.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.bytes(of: String(parts[0])) else { return nil }
        let bits = bytes.count * 8
        if parts.count == 2 {
            guard parts[1].allSatisfy(\.isASCII), let length = Int(parts[1]), (0...bits).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = bits
        }
        network = bytes
    }

    public var description: String {
        let address = Self.text(of: network)
        return prefixLength == network.count * 8 ? address : "\(address)/\(prefixLength)"
    }

    func contains(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == network.count else { return false }
        var remaining = prefixLength
        for (index, byte) in network.enumerated() where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if byte & mask != bytes[index] & mask { return false }
            remaining -= 8
        }
        return true
    }

    /// The bytes of an IPv4 address (4) or an IPv6 address (16; an IPv4 address written as IPv6, `::ffff:a.b.c.d`,
    /// as its 4); nil when `text` is neither.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return Array(bytes[12...]) }
        return bytes
    }

    /// The usual text of an address's bytes.
    static func text(of bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        guard written != nil else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A forwarded address without the port some proxies add: `[::1]:8080` → `::1`, `1.2.3.4:80` → `1.2.3.4`.
    static func withoutPort(_ text: String) -> String {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            return String(text[text.index(after: text.startIndex)..<close])
        }
        let colons = text.count { $0 == ":" }
        if colons == 1, let colon = text.firstIndex(of: ":") { return String(text[..<colon]) }
        return text
    }
}
