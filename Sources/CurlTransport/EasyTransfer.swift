internal import CCurl
import OutreachCore

/// One pooled `CURL*` easy handle and its error buffer. Confined to the driver thread.
final class EasyHandle {
    let raw: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    /// The libcurl error text of the last transfer, empty when libcurl gave none.
    var errorText: String { String(cString: errorBuffer) }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }
}

/// The state of one running request: what libcurl writes back, and whom to tell when it is done.
/// Confined to the driver thread; libcurl's callbacks reach it through `Unmanaged`, while the driver's
/// `active` table keeps it alive.
final class Transfer {
    let id: UInt64
    let handle: EasyHandle
    let url: String
    let completion: Completion
    let maxBodyBytes: Int
    var headerList: UnsafeMutablePointer<curl_slist>?
    var responseHeaders: [(name: String, value: String)] = []
    var body: [UInt8] = []
    var bodyTooLarge = false

    init(submission: Submission, handle: EasyHandle, maxBodyBytes: Int) {
        id = submission.id
        self.handle = handle
        url = submission.request.url
        completion = submission.completion
        self.maxBodyBytes = maxBodyBytes
    }

    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= maxBodyBytes else {
            bodyTooLarge = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Takes one header line as libcurl delivers it: a status line, `Name: value\r\n`, or the blank end line.
    func appendHeaderLine(_ line: UnsafeRawBufferPointer) {
        if line.starts(with: "HTTP/".utf8) {
            responseHeaders.removeAll()  // a new response (after 100 Continue or a proxy's CONNECT reply)
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let isSpace: (UInt8) -> Bool = { $0 == 32 || $0 == 9 || $0 == 13 || $0 == 10 }
        let valueBytes = line[(colon + 1)...]
        let value: String
        if let first = valueBytes.firstIndex(where: { !isSpace($0) }),
            let last = valueBytes.lastIndex(where: { !isSpace($0) })
        {
            value = String(decoding: valueBytes[first...last], as: UTF8.self)
        } else {
            value = ""
        }
        responseHeaders.append((name: String(decoding: line[..<colon], as: UTF8.self), value: value))
    }

    /// Frees what libcurl may still point at; the easy handle must be detached first.
    func releaseCResources() {
        if let headerList {
            curl_slist_free_all(headerList)
            self.headerList = nil
        }
    }

    deinit {
        releaseCResources()
    }
}

/// `CURLOPT_WRITEFUNCTION`: appends body bytes; returning less than offered aborts with `CURLE_WRITE_ERROR`.
let bodyCallback: curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let length = size * count
    guard let data, length > 0 else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.appendBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

/// `CURLOPT_HEADERFUNCTION`: libcurl passes one complete header line per call.
let headerCallback: curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let length = size * count
    guard let data, length > 0 else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    transfer.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
    return length
}
