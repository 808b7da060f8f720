import Foundation
import Testing
@testable import OutreachCore

struct XLSXDeflaterTests {
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

    @Test func pythonZlibInflatesEveryStream() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-deflate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, input) in Self.inputs {
            try Data(input).write(to: directory.appendingPathComponent("\(name).raw"))
            try Data(XLSXDeflater.compress(input)).write(to: directory.appendingPathComponent("\(name).deflate"))
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
        let output = try #require(PythonRunner.runJSON(script: script, arguments: [directory.path]))
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

    @Test func largeInputsSpanSeveralBlocks() {
        let random = Self.inputs.first { $0.0 == "random" }?.1 ?? []
        #expect(XLSXLZ77Matcher.tokens(for: random).count > XLSXDeflater.tokensPerBlock)
    }

    @Test func emptyInputIsOneFixedEndOfBlock() {
        #expect(XLSXDeflater.compress([]) == [0x03, 0x00])
    }

    @Test(arguments: [1, 2, 3, 4, 7, 8, 9, 16, 17, 24, 25, 257, 1_025, 24_577, 32_768])
    func distanceCodes(distance: Int) {
        let code = XLSXDeflater.distanceCode(distance)
        let base = XLSXDeflater.distanceBases[code]
        #expect(base <= distance)
        #expect(distance - base < 1 << XLSXDeflater.distanceExtraBits[code])
    }

    @Test func lengthCodeTableCoversEveryLength() {
        for length in 3...258 {
            let index = XLSXDeflater.lengthCodeIndex[length]
            let base = XLSXDeflater.lengthBases[index]
            #expect(base <= length && length - base < 1 << XLSXDeflater.lengthExtraBits[index])
        }
        #expect(XLSXDeflater.lengthCodeIndex[258] == 28)
        #expect(XLSXDeflater.lengthCodeIndex[257] == 27)
    }

    @Test(arguments: [
        [Int](), [5], [0, 0, 0], [3, 3, 3, 3, 3, 3, 3, 3], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4], Array(repeating: 0, count: 300) + [1, 1],
        [8, 8, 8, 8, 9, 9, 0, 0, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ])
    func runLengthEncodingExpandsBack(lengths: [Int]) {
        var expanded: [Int] = []
        for item in XLSXDeflater.runLengthEncoded(lengths) {
            switch item.symbol {
            case 16:
                #expect(item.extraBitCount == 2)
                let previous = expanded.last ?? -1
                expanded.append(contentsOf: repeatElement(previous, count: 3 + item.extra))
            case 17:
                #expect(item.extraBitCount == 3 && item.extra < 8)
                expanded.append(contentsOf: repeatElement(0, count: 3 + item.extra))
            case 18:
                #expect(item.extraBitCount == 7 && item.extra < 128)
                expanded.append(contentsOf: repeatElement(0, count: 11 + item.extra))
            default:
                expanded.append(item.symbol)
            }
        }
        #expect(expanded == lengths)
    }

    @Test func huffmanCodesAreCompleteAndLengthLimited() {
        // Fibonacci weights force a degenerate tree far deeper than 15 without limiting.
        var fibonacci = [1, 1]
        while fibonacci.count < 30 {
            fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2])
        }
        #expect((XLSXHuffmanCode.huffmanLengths(fibonacci).max() ?? 0) > 15)
        for (weights, limit) in [(fibonacci, 15), (fibonacci, 7), ([5, 0, 0, 1], 15), ([0, 0, 9], 15), ([Int](repeating: 0, count: 19), 7)] {
            let code = XLSXHuffmanCode(frequencies: weights, maximumLength: limit)
            #expect(code.lengths.allSatisfy { $0 <= limit })
            #expect(code.lengths.filter { $0 > 0 }.count >= 2)
            // Kraft sum of a complete prefix code is exactly 1.
            let kraft = code.lengths.filter { $0 > 0 }.reduce(0.0) { $0 + 1.0 / Double(1 << $1) }
            #expect(kraft == 1.0)
            for (symbol, weight) in weights.enumerated() where weight > 0 {
                #expect(code.lengths[symbol] > 0)
            }
        }
    }

    @Test func canonicalCodesMatchTheRFCExample() {
        // RFC 1951, 3.2.2: lengths (3, 3, 3, 3, 3, 2, 4, 4) give 010 011 100 101 110 00 1110 1111.
        let codes = XLSXHuffmanCode.canonicalCodes(lengths: [3, 3, 3, 3, 3, 2, 4, 4])
        let expected: [(UInt32, Int)] = [(0b010, 3), (0b011, 3), (0b100, 3), (0b101, 3), (0b110, 3), (0b00, 2), (0b1110, 4), (0b1111, 4)]
        for (code, (value, length)) in zip(codes, expected) {
            #expect(code == XLSXHuffmanCode.reversed(value, bitCount: length))
        }
    }
}
