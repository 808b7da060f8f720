/// The CRC-32 used by ZIP (IEEE 802.3, reflected polynomial 0xEDB88320), table driven.
struct XLSXCRC32: Sendable {
    /// The running checksum value; read it after the last ``update(_:)``.
    private(set) var value: UInt32 = 0

    /// Creates an empty checksum (the CRC of no bytes is 0).
    init() {}

    /// Feeds more bytes into the checksum.
    mutating func update(_ bytes: ArraySlice<UInt8>) {
        let table = Self.table
        var crc = ~value
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        value = ~crc
    }

    /// Feeds more bytes into the checksum.
    mutating func update(_ bytes: [UInt8]) {
        update(bytes[...])
    }

    /// The checksum of the bytes in one call.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc = XLSXCRC32()
        crc.update(bytes[...])
        return crc.value
    }

    /// The 256-entry lookup table.
    static let table: [UInt32] = (0..<256).map { index in
        var entry = UInt32(index)
        for _ in 0..<8 {
            entry = entry & 1 == 1 ? 0xEDB8_8320 ^ (entry >> 1) : entry >> 1
        }
        return entry
    }
}
