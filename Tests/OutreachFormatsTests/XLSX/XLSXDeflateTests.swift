import Foundation
import Testing
@testable import OutreachFormats
import OutreachTestSupport

struct XLSXDeflateTests {
    /// A deterministic pseudo-random byte generator (64-bit LCG).
    static func pseudoRandomBytes(count: Int, seed: UInt64, alphabet: Int = 256) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: Int(state >> 33) % alphabet)
        }
    }

    static func sampleXML(rows: Int) -> [UInt8] {
        var text = "<sheetData>"
        for row in 1...rows {
            text += "<row r=\"\(row)\"><c r=\"A\(row)\" t=\"s\"><v>\(row % 17)</v></c><c r=\"B\(row)\" s=\"2\"><v>\(row * 7_919 % 100_003)</v></c></row>"
        }
        return Array((text + "</sheetData>").utf8)
    }

    static let inputs: [(String, [UInt8])] = [
        ("empty", []),
        ("one-byte", [0x41]),
        ("two-bytes", [0x00, 0xFF]),
        ("abc", Array("abc".utf8)),
        ("chinese", Array(String(repeating: "咸宁分行赤壁支行", count: 100).utf8)),
        ("all-bytes", (0..<2_560).map { UInt8(truncatingIfNeeded: $0) }),
        ("zeros", [UInt8](repeating: 0, count: 200_000)),
        ("random", pseudoRandomBytes(count: 100_000, seed: 42)),
        ("small-alphabet", pseudoRandomBytes(count: 150_000, seed: 7, alphabet: 4)),
        ("xml", sampleXML(rows: 6_000)),
    ]

    @Test func pythonZlibInflatesEveryStream() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-deflate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, input) in Self.inputs {
            try Data(input).write(to: directory.appendingPathComponent("\(name).raw"))
            try Data(XLSXDeflate.compress(input)).write(to: directory.appendingPathComponent("\(name).deflate"))
        }
        let script = """
            import json, os, sys, zlib
            folder = sys.argv[1]
            result = {}
            for name in sorted(os.listdir(folder)):
                if not name.endswith(".raw"):
                    continue
                base = name[:-4]
                raw = open(os.path.join(folder, name), "rb").read()
                packed = open(os.path.join(folder, base + ".deflate"), "rb").read()
                try:
                    ok = zlib.decompress(packed, -15) == raw
                except zlib.error as error:
                    ok = str(error)
                result[base] = {"ok": ok, "raw": len(raw), "packed": len(packed)}
            print(json.dumps(result))
            """
        let output = try await PythonRunner.runJSON(script: script, arguments: [directory.path])
        let results = try JSONSerialization.jsonObject(with: output) as? [String: [String: Any]]
        let decoded = try #require(results)
        #expect(decoded.count == Self.inputs.count)
        for (name, _) in Self.inputs {
            let entry = decoded[name]
            #expect(entry?["ok"] as? Bool == true, "zlib could not inflate \(name): \(String(describing: entry))")
        }
        // Compression is real: XML shrinks a lot, long runs collapse, random data barely grows.
        let xml = try #require(decoded["xml"])
        #expect((xml["packed"] as? Int ?? .max) * 5 < (xml["raw"] as? Int ?? 0))
        #expect((decoded["zeros"]?["packed"] as? Int ?? .max) < 1_000)
        #expect((decoded["random"]?["packed"] as? Int ?? .max) < 100_000 + 2_000)
    }

    @Test func emptyInputIsOneFixedEndOfBlock() {
        #expect(XLSXDeflate.compress([]) == [0x03, 0x00])
    }
}
