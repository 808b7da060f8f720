import Foundation

/// Prints an HTML file to PDF with headless Chromium (A4 from the page's `@page` rule): `report bulletin --format
/// pdf` and the web app's PDF downloads.
public struct PDFPrinter: Sendable {
    /// The browser: `OUTREACH_CHROMIUM` if set, else the first of `chromium`, `chromium-browser`,
    /// `google-chrome` found on `PATH`.
    public let browser: String?

    public init(environment: [String: String]) {
        if let chosen = environment["OUTREACH_CHROMIUM"], !chosen.isEmpty {
            browser = FileManager.default.isExecutableFile(atPath: chosen) ? chosen : nil
            return
        }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        browser = ["chromium", "chromium-browser", "google-chrome"].lazy.flatMap { name in
            folders.lazy.map { "\($0)/\(name)" }
        }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public enum Failure: Error, Sendable {
        /// No browser to print with.
        case noBrowser
        /// The browser ran but wrote no PDF; its last words on standard error.
        case failed(status: Int32, stderr: String)
    }

    /// Writes `pdf` from `html` (both paths; made absolute here).
    public func print(html: String, to pdf: String) throws(Failure) {
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

extension PDFPrinter {
    /// Prints an HTML document (text) to PDF bytes, through files in a folder of its own that is removed after.
    public func pdf(html: String) throws(Failure) -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outreach-print-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(html.utf8).write(to: folder.appendingPathComponent("page.html"))
        } catch {
            throw .failed(status: -1, stderr: "\(error)")
        }
        try print(html: folder.appendingPathComponent("page.html").path, to: folder.appendingPathComponent("page.pdf").path)
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("page.pdf").path) else {
            throw .failed(status: -1, stderr: "")
        }
        return [UInt8](data)
    }
}
