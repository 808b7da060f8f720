import Foundation
import OutreachTestSupport
import Testing

/// Bulletins a manager prints and forwards, on the built binary: PDF through Chromium, the signature block,
/// a sub-branch's own targets, and events held counted as occurrences on the shipped sample month.
@Suite(.timeLimit(.minutes(10)))
struct ReportPrintTests {
    func imported() async throws -> CommandRunner {
        let runner = try CommandRunner()
        for folder in ["seeds", "campaigns", "targets", "samples"] { try runner.copyFromRepository(folder) }
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["import", "campaigns", "targets"]).status == 0)
        return runner
    }

    let late = ["OUTREACH_NOW": "2026-11-30T18:00:00+08:00"]

    /// Width, height and the share of dark pixels of a PNG (8-bit grey or RGB, as pdftoppm writes).
    static let pngCheck = #"""
        import struct, sys, zlib
        data = open(sys.argv[1], "rb").read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        pos, idat, width, height, kind = 8, b"", 0, 0, 0
        while pos < len(data):
            length, tag = struct.unpack(">I4s", data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if tag == b"IHDR":
                width, height, depth, kind = struct.unpack(">IIBB", body[:10])
            elif tag == b"IDAT":
                idat += body
            pos += 12 + length
        raw = zlib.decompress(idat)
        channels = {0: 1, 2: 3}[kind]
        stride = width * channels + 1
        dark = 0
        for row in range(height):
            line = raw[row * stride + 1:(row + 1) * stride]  # filtered bytes: runs of white stay 0 or 255
            dark += sum(1 for b in line[::channels] if 0 < b < 128)
        print(width, height, round(dark / (width * height), 4))
        """#

    @Test func bulletinPrintsToAnA4PDF() async throws {
        let runner = try await imported()
        _ = try await runner.run(["reach", "import", "samples/reach-2026-11.csv"], environment: late)
        let printed = try await runner.run(
            ["report", "bulletin", "--month", "2026-11", "--format", "pdf"], environment: late, timeout: 180)
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(
            printed.stdout
                == "已写入 bulletins/2026-11-xn-city.md 和 bulletins/2026-11-xn-city.html。\n已写入 bulletins/2026-11-xn-city.pdf（A4）。\n")
        let text = try await runner.runProgram("/usr/bin/env", ["pdftotext", "-f", "1", "-l", "1", "bulletins/2026-11-xn-city.pdf", "-"])
        #expect(text.stdout.contains("咸宁分行金融教育宣传专刊（2026年11月）"), "\(text.stdout)")
        let page = try await runner.runProgram(
            "/usr/bin/env", ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", "bulletins/2026-11-xn-city.pdf", "page"])
        #expect(page.status == 0, "\(page.stderr)")
        if let keep = ProcessInfo.processInfo.environment["OUTREACH_KEEP_PDF_PAGE"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: runner.directory.appendingPathComponent("page.png"), to: URL(fileURLWithPath: keep))
        }
        try runner.write("png.py", Self.pngCheck)
        let check = try await runner.runProgram("/usr/bin/env", ["python3", "png.py", "page.png"])
        let parts = check.stdout.split(separator: " ")
        // A4 (210 × 297 mm) at 60 dpi is 496 × 702 pixels.
        #expect(parts.prefix(2) == ["496", "702"], "\(check.stdout) \(check.stderr)")
        let ink = Double(parts.last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        #expect(ink > 0.005, "page 1 is blank: \(check.stdout)")
    }

    @Test func withoutChromiumThePDFStepSaysWhatToInstall() async throws {
        let runner = try await imported()
        var environment = late
        environment["OUTREACH_CHROMIUM"] = "/nonexistent/chromium"
        let result = try await runner.run(
            ["report", "bulletin", "--month", "2026-11", "--format", "pdf", "--publish", "--lang", "en"], environment: environment)
        #expect(result.status == 1)
        #expect(result.stdout == "Wrote bulletins/2026-11-xn-city.md and bulletins/2026-11-xn-city.html.\n")
        #expect(
            result.stderr
                == "Error: Cannot write the PDF: Chromium was not found. Install 'chromium' and the Chinese fonts 'fonts-noto-cjk' (Debian/Ubuntu: sudo apt-get install chromium fonts-noto-cjk), or name the browser in OUTREACH_CHROMIUM; or open bulletins/2026-11-xn-city.html in a browser and print it. The bulletin was not published.\n")
        #expect(!runner.exists("bulletins/2026-11-xn-city.pdf"))
        // Nothing was published: publishing now works.
        let publish = try await runner.run(["report", "bulletin", "--month", "2026-11", "--publish", "--lang", "en"], environment: late)
        #expect(publish.stdout.hasSuffix("Published the 2026-11 bulletin.\n"), "\(publish.stderr)")
    }

    @Test func signatureBlockNamesFromTheConfiguration() async throws {
        let runner = try await imported()
        try runner.write("outreach.yaml", "bulletin:\n  prepared_by: 王芳\n  approved_by: 李建国\n")
        let result = try await runner.run(["report", "bulletin", "--month", "2026-11"], environment: late)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try runner.read("bulletins/2026-11-xn-city.html")
        #expect(html.contains("<div class=\"signature\"><span>制表：王芳</span><span>审核：李建国</span><span>打印日期：2026-11-30</span></div>"))
        #expect(try runner.read("bulletins/2026-11-xn-city.md").contains("制表：王芳　审核：李建国　打印日期：2026-11-30"))
        try runner.write("outreach.yaml", "bulletin:\n  approver: 李建国\n")
        let bad = try await runner.run(["report", "bulletin", "--month", "2026-11", "--lang", "en"], environment: late)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("outreach.yaml:2:3: error: Unknown field 'approver'"), "\(bad.stderr)")
    }

    @Test func subBranchBulletinScoresTheSubBranchsOwnTarget() async throws {
        let runner = try await imported()
        let march = ["OUTREACH_NOW": "2027-03-31T18:00:00+08:00"]
        let result = try await runner.run(["report", "bulletin", "--month", "2027-03", "--branch", "xn-chibi"], environment: march)
        #expect(result.status == 0, "\(result.stderr)")
        let markdown = try runner.read("bulletins/2027-03-xn-chibi.md")
        let scorecard = markdown.components(separatedBy: "## 目标完成情况")[1].components(separatedBy: "## ")[0]
        #expect(scorecard.contains("| 赤壁支行 | 开展场次 |"), "\(scorecard)")
        #expect(scorecard.contains("| 35 |"))
        #expect(scorecard.contains("| 赤壁支行 | 触达人次·老年人 |"))
        #expect(!scorecard.contains("无目标"), "\(scorecard)")
    }

    @Test func eventsHeldAreOccurrencesNotLoggedDays() async throws {
        let runner = try await imported()
        _ = try await runner.run(["reach", "import", "samples/reach-2026-11.csv"], environment: late)
        // Two bulletin boards (multi-day displays) logged once each, a leaflet display logged on four dates,
        // one talk; plus a second day logged on one board: still one occurrence of it.
        let logged = try await runner.run(
            ["reach", "log", "hh-bulletin-wenquanlu", "阅读人次（估算）=300", "--date", "2026-11-29"], environment: late)
        #expect(logged.status == 0, "\(logged.stderr)")
        let result = try await runner.run(["report", "bulletin", "--month", "2026-11", "--lang", "en"], environment: late)
        #expect(result.status == 0, "\(result.stderr)")
        let markdown = try runner.read("bulletins/2026-11-xn-city.md")
        // Logged days would give 7 (1 + 4 + 1 + 1), or 8 with the second day on the Wenquan Rd board.
        #expect(markdown.contains("- 4 events held\n"), "\(markdown)")
        #expect(markdown.contains("| Bulletin board | 2 |\n| Leaflets | 1 |\n| Community talk | 1 |\n"), "\(markdown)")
        #expect(markdown.contains("- Readers (estimated) (person-times): 3,000\n"), "\(markdown)")
    }

    @Test func anotherLoggedDayOfAPublishedDisplayRestatesNoEventsHeld() async throws {
        let runner = try await imported()
        _ = try await runner.run(["reach", "import", "samples/reach-2026-11.csv"], environment: late)
        let published = try await runner.run(["report", "bulletin", "--month", "2026-11", "--publish", "--lang", "en"], environment: late)
        #expect(published.status == 0, "\(published.stderr)")
        // In December, a second November day is logged on a board already logged in November.
        let december = ["OUTREACH_NOW": "2026-12-31T18:00:00+08:00"]
        let logged = try await runner.run(
            ["reach", "log", "hh-bulletin-chibi-renmin", "阅读人次（估算）=200", "--date", "2026-11-20"], environment: december)
        #expect(logged.status == 0, "\(logged.stderr)")
        let next = try await runner.run(["report", "bulletin", "--month", "2026-12", "--publish", "--lang", "en"], environment: december)
        #expect(next.stdout.contains("It restates 1 figure of earlier bulletins."), "\(next.stdout)")
        let markdown = try runner.read("bulletins/2026-12-xn-city.md")
        #expect(markdown.contains("| 2026-11 | Readers (estimated) (person-times) | 2,700 | 2,900 |"), "\(markdown)")
        #expect(!markdown.contains("| 2026-11 | Events held |"))
    }
}
