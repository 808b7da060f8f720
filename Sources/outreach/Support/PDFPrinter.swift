import Foundation
import OutreachCore

/// Prints an HTML file to PDF with headless Chromium (A4 from the page's `@page` rule).
struct PDFPrinter {
    /// The browser: `OUTREACH_CHROMIUM` if set, else the first of `chromium`, `chromium-browser`,
    /// `google-chrome` found on `PATH`.
    let browser: String?

    init(environment: [String: String]) {
        if let chosen = environment["OUTREACH_CHROMIUM"], !chosen.isEmpty {
            browser = FileManager.default.isExecutableFile(atPath: chosen) ? chosen : nil
            return
        }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        browser = ["chromium", "chromium-browser", "google-chrome"].lazy.flatMap { name in
            folders.lazy.map { "\($0)/\(name)" }
        }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    enum Failure: Error {
        /// No browser to print with.
        case noBrowser
        /// The browser ran but wrote no PDF; its last words on standard error.
        case failed(status: Int32, stderr: String)
    }

    /// Writes `pdf` from `html` (both paths; made absolute here).
    func print(html: String, to pdf: String) throws(Failure) {
        guard let browser else { throw .noBrowser }
        let htmlURL = URL(fileURLWithPath: html).standardizedFileURL
        let pdfPath = URL(fileURLWithPath: pdf).standardizedFileURL.path
        // A profile of its own, so that runs at the same time do not wait on each other's lock.
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("outreach-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        try? FileManager.default.removeItem(atPath: pdfPath)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(profile.path)", "--no-pdf-header-footer", "--print-to-pdf=\(pdfPath)", htmlURL.absoluteString,
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .failed(status: -1, stderr: "\(error)")
        }
        // A browser that hangs is stopped after two minutes rather than holding the command forever.
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        let written = (try? FileManager.default.attributesOfItem(atPath: pdfPath)[.size] as? Int) ?? 0
        guard process.terminationStatus == 0, written > 0 else {
            let text = String(decoding: said, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: "\n")
            throw .failed(status: process.terminationStatus, stderr: text)
        }
    }
}
