/// Bytes (a digest) as lowercase hexadecimal text, two digits a byte: what session, token and photo ids are.
/// (`String(format: "%02x")` per byte costs a formatter each time: this is on every request's path.)
public func lowercaseHex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}
