import Foundation
import Testing
@testable import OutreachFormats

struct XLSXZipArchiveWriterTests {
    static let modified = XLSXUTCDateTime(Date(timeIntervalSince1970: 1_714_979_289))  // 2024-05-06T07:08:09Z

    static let entries: [(String, [UInt8])] = [
        ("[Content_Types].xml", Array(String(repeating: "<Override PartName=\"/x\"/>", count: 50).utf8)),
        ("empty.txt", []),
        ("数据/咸宁分行.xml", Array("咸宁分行".utf8)),
        ("random.bin", (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }),
    ]

    @Test(arguments: [false, true])
    func centralDirectoryParsesBack(compresses: Bool) throws {
        var writer = XLSXZipArchiveWriter(modified: Self.modified, compresses: compresses)
        for (name, contents) in Self.entries {
            try writer.addEntry(name: name, contents: contents)
        }
        let archive = Array(try writer.finish())
        let directory = try ZipDirectory(archive)
        #expect(directory.entries.map(\.name) == Self.entries.map(\.0))
        for (entry, (_, contents)) in zip(directory.entries, Self.entries) {
            #expect(entry.flags & 0x0800 != 0, "UTF-8 name flag")
            #expect(entry.flags & 0x0008 == 0, "no data descriptor")
            #expect(entry.uncompressedSize == contents.count)
            #expect(entry.crc == XLSXDeflate.crc32(contents))
            #expect(entry.dosDate == Self.modified.dosDate)
            #expect(entry.dosTime == Self.modified.dosTime)
            #expect(entry.versionMadeBy >> 8 == 3)
            if entry.method == 0 {
                #expect(entry.versionNeeded == 10)
                #expect(entry.compressedSize == contents.count)
                #expect(Array(archive[entry.dataOffset..<(entry.dataOffset + entry.compressedSize)]) == contents)
            } else {
                #expect(compresses)
                #expect(entry.method == 8)
                #expect(entry.versionNeeded == 20)
                #expect(entry.compressedSize < contents.count)
            }
        }
        let repetitive = try #require(directory.entries.first)
        #expect(repetitive.method == (compresses ? 8 : 0))
        // Entries are laid out back to back, followed by the central directory.
        for (entry, next) in zip(directory.entries, directory.entries.dropFirst()) {
            #expect(entry.dataOffset + entry.compressedSize == next.localHeaderOffset)
        }
        let last = try #require(directory.entries.last)
        #expect(last.dataOffset + last.compressedSize == directory.centralDirectoryOffset)
    }

    @Test func emptyArchiveIsJustTheEndRecord() throws {
        let archive = Array(try XLSXZipArchiveWriter(modified: Self.modified).finish())
        #expect(archive == [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
        #expect(try ZipDirectory(archive).entries.isEmpty)
    }

    @Test func tooManyEntriesThrow() throws {
        var writer = XLSXZipArchiveWriter(modified: Self.modified, compresses: false)
        for index in 0..<XLSXLimits.maximumZipEntries {
            try writer.addEntry(name: "\(index)", contents: [])
        }
        #expect(throws: XLSXError.archiveTooLarge(part: "overflow")) {
            try writer.addEntry(name: "overflow", contents: [])
        }
        #expect(try ZipDirectory(Array(writer.finish())).entries.count == XLSXLimits.maximumZipEntries)
    }
}
