import Foundation

/// A minimal ZIP reader for tests: parses the end-of-central-directory record, the central
/// directory and each local header, independently of the writer's code.
struct ZipDirectory {
    struct Entry {
        var name: String
        var versionMadeBy: UInt16
        var versionNeeded: UInt16
        var flags: UInt16
        var method: UInt16
        var dosTime: UInt16
        var dosDate: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
        var dataOffset: Int
    }

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    var entries: [Entry]
    var centralDirectoryOffset: Int
    var centralDirectorySize: Int

    init(_ bytes: [UInt8]) throws {
        guard bytes.count >= 22 else {
            throw FormatError(description: "too short")
        }
        let end = bytes.count - 22
        guard Self.u32(bytes, end) == 0x0605_4B50 else {
            throw FormatError(description: "no end-of-central-directory record at the end")
        }
        guard Self.u16(bytes, end + 4) == 0, Self.u16(bytes, end + 6) == 0 else {
            throw FormatError(description: "multi-disk archive")
        }
        let countOnDisk = Int(Self.u16(bytes, end + 8))
        let count = Int(Self.u16(bytes, end + 10))
        guard countOnDisk == count else {
            throw FormatError(description: "entry counts differ")
        }
        centralDirectorySize = Int(Self.u32(bytes, end + 12))
        centralDirectoryOffset = Int(Self.u32(bytes, end + 16))
        guard Self.u16(bytes, end + 20) == 0, centralDirectoryOffset + centralDirectorySize == end else {
            throw FormatError(description: "central directory does not end at the EOCD record")
        }
        var entries: [Entry] = []
        var cursor = centralDirectoryOffset
        for _ in 0..<count {
            guard Self.u32(bytes, cursor) == 0x0201_4B50 else {
                throw FormatError(description: "bad central directory signature at \(cursor)")
            }
            let nameLength = Int(Self.u16(bytes, cursor + 28))
            let extraLength = Int(Self.u16(bytes, cursor + 30))
            let commentLength = Int(Self.u16(bytes, cursor + 32))
            let name = String(decoding: bytes[(cursor + 46)..<(cursor + 46 + nameLength)], as: UTF8.self)
            let localOffset = Int(Self.u32(bytes, cursor + 42))
            guard Self.u32(bytes, localOffset) == 0x0403_4B50 else {
                throw FormatError(description: "bad local header signature for \(name)")
            }
            let localNameLength = Int(Self.u16(bytes, localOffset + 26))
            let localExtraLength = Int(Self.u16(bytes, localOffset + 28))
            let localName = String(decoding: bytes[(localOffset + 30)..<(localOffset + 30 + localNameLength)], as: UTF8.self)
            guard localName == name,
                Self.u16(bytes, localOffset + 6) == Self.u16(bytes, cursor + 8),
                Self.u16(bytes, localOffset + 8) == Self.u16(bytes, cursor + 10),
                Self.u32(bytes, localOffset + 14) == Self.u32(bytes, cursor + 16),
                Self.u32(bytes, localOffset + 18) == Self.u32(bytes, cursor + 20),
                Self.u32(bytes, localOffset + 22) == Self.u32(bytes, cursor + 24)
            else {
                throw FormatError(description: "local header of \(name) disagrees with the central directory")
            }
            entries.append(
                Entry(
                    name: name,
                    versionMadeBy: Self.u16(bytes, cursor + 4),
                    versionNeeded: Self.u16(bytes, cursor + 6),
                    flags: Self.u16(bytes, cursor + 8),
                    method: Self.u16(bytes, cursor + 10),
                    dosTime: Self.u16(bytes, cursor + 12),
                    dosDate: Self.u16(bytes, cursor + 14),
                    crc: Self.u32(bytes, cursor + 16),
                    compressedSize: Int(Self.u32(bytes, cursor + 20)),
                    uncompressedSize: Int(Self.u32(bytes, cursor + 24)),
                    localHeaderOffset: localOffset,
                    dataOffset: localOffset + 30 + localNameLength + localExtraLength
                )
            )
            cursor += 46 + nameLength + extraLength + commentLength
        }
        guard cursor == end else {
            throw FormatError(description: "central directory size mismatch")
        }
        self.entries = entries
    }

    static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
