import Foundation
import OutreachApp
import OutreachCore
import Testing

/// Reading input files: campaign folders and text in any encoding staff save.
struct InputFileTests {
    func folder() throws -> String {
        let folder = NSTemporaryDirectory() + "outreach-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/sub/.hidden", withIntermediateDirectories: true)
        return folder
    }

    @Test func campaignFoldersGiveTheirYAMLFilesInOrderSkippingHiddenOnes() throws {
        let base = try folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        for name in ["b.yaml", "a.yml", "notes.txt", "sub/c.yaml", "sub/.hidden/d.yaml"] {
            _ = FileManager.default.createFile(atPath: base + "/" + name, contents: Data(name.utf8))
        }
        let files = try FileLoader.campaignFiles([base + "/"])
        #expect(files.map(\.path) == [base + "/a.yml", base + "/b.yaml", base + "/sub/c.yaml"])
        #expect(files.first?.bytes == Array("a.yml".utf8))
        #expect(throws: FileLoader.Failure.self) { try FileLoader.campaignFiles([base + "/missing"]) }
    }

    @Test func gb18030TextComesBackAsUTF8() throws {
        let base = try folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        // "咸宁,12\n" in GB18030.
        let gbk: [UInt8] = [0xCF, 0xCC, 0xC4, 0xFE, 0x2C, 0x31, 0x32, 0x0A]
        _ = FileManager.default.createFile(atPath: base + "/reach.csv", contents: Data(gbk))
        let source = try TextFileReader(path: base + "/reach.csv", encoding: .gb18030)
        var text: [UInt8] = []
        while let chunk = try source.next() { text += chunk }
        #expect(String(decoding: text, as: UTF8.self) == "咸宁,12\n")
    }

    @Test func invalidUTF8IsReportedAtItsByte() throws {
        let base = try folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        _ = FileManager.default.createFile(atPath: base + "/reach.csv", contents: Data([0x61, 0x62, 0xFF, 0x63]))
        let source = try TextFileReader(path: base + "/reach.csv", encoding: .utf8)
        do {
            while try source.next() != nil {}
            Issue.record("expected a failure")
        } catch TextFileReader.Failure.notUTF8(let offset) {
            #expect(offset == 2)
        }
    }
}
