internal import CCurl
import OutreachCore

/// The loop of the transport's driver thread: it owns every easy handle and is the only code that
/// calls libcurl with the multi handle (bar `curl_multi_wakeup`).
final class Driver {
    private let multi: MultiHandle
    private let queue: SubmissionQueue
    private let configuration: CurlNoticeTransport.Configuration
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    private var activeByID: [UInt64: UnsafeMutableRawPointer] = [:]
    private var idle: [EasyHandle] = []
    private var finishedIDs: [UInt64] = []

    init(multi: MultiHandle, queue: SubmissionQueue, configuration: CurlNoticeTransport.Configuration) {
        self.multi = multi
        self.queue = queue
        self.configuration = configuration
    }

    /// Runs until shutdown is requested and no transfer is queued or running.
    func run() {
        let capacity = max(1, configuration.maxConcurrentTransfers)
        while true {
            let work = queue.takeWork(capacity: capacity - active.count)
            for completion in work.rejected { completion.resume(returning: .failure(.cancelled)) }
            for id in work.cancellations {
                if let easy = activeByID[id] { finish(easy, with: .failure(.cancelled)) }
            }
            if work.shutdown == .abort {
                for easy in Array(active.keys) { finish(easy, with: .failure(.cancelled)) }
            }
            for submission in work.submissions { start(submission) }
            if work.shutdown != nil, active.isEmpty, work.queueIsEmpty {
                queue.finished(finishedIDs)
                break
            }

            var running: Int32 = 0
            _ = curl_multi_perform(multi.raw, &running)
            var completed = false
            var messagesLeft: Int32 = 0
            while let message = curl_multi_info_read(multi.raw, &messagesLeft) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                complete(easy, code: ccurl_msg_result(message))
                completed = true
            }
            queue.finished(finishedIDs)
            finishedIDs.removeAll(keepingCapacity: true)
            if completed, let turnEnded = queue.turnEnded { turnEnded() }
            if completed { continue }  // capacity came free: look at the queue before sleeping
            _ = curl_multi_poll(multi.raw, nil, 0, active.isEmpty ? 10_000 : 1000, nil)
        }
        idle.removeAll()
        queue.markStopped()
    }

    private func start(_ submission: Submission) {
        guard let handle = idle.popLast() ?? makeHandle() else {
            submission.completion.resume(returning: .failure(.other(code: -1, message: "curl_easy_init failed.")))
            finishedIDs.append(submission.id)
            return
        }
        let transfer = Transfer(
            submission: submission,
            handle: handle,
            maxBodyBytes: configuration.maxResponseBodyBytes
        )
        var code = configure(transfer, for: submission.request)
        if code == CURLE_OK {
            let added = curl_multi_add_handle(multi.raw, handle.raw)
            if added != CURLM_OK { code = CURLE_FAILED_INIT }
        }
        guard code == CURLE_OK else {
            let error = TransportError(code: code, transfer: transfer, requestMayHaveBeenSent: false)
            recycle(transfer)
            submission.completion.resume(returning: .failure(error))
            finishedIDs.append(submission.id)
            return
        }
        active[handle.raw] = transfer
        activeByID[submission.id] = handle.raw
    }

    /// A new easy handle with the options that are the same for every request; pooled handles keep them.
    private func makeHandle() -> EasyHandle? {
        guard let handle = EasyHandle() else { return nil }
        let easy = handle.raw
        var failure = CURLE_OK
        func check(_ code: CURLcode) {
            if failure == CURLE_OK, code != CURLE_OK { failure = code }
        }
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, handle.errorBuffer))
        check(ccurl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        check(ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds))
        check(ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, configuration.totalTimeout.curlMilliseconds))
        check(ccurl_easy_setopt_string(easy, CURLOPT_USERAGENT, configuration.userAgent))
        let verify = configuration.verifyTLS
        check(ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, verify ? 1 : 0))
        check(ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, verify ? 2 : 0))
        if let caBundlePath = configuration.caBundlePath {
            check(ccurl_easy_setopt_string(easy, CURLOPT_CAINFO, caBundlePath))
        }
        switch configuration.proxy {
        case .environment: break
        case .disabled: check(ccurl_easy_setopt_string(easy, CURLOPT_PROXY, ""))
        case .url(let proxy): check(ccurl_easy_setopt_string(easy, CURLOPT_PROXY, proxy))
        }
        check(ccurl_easy_setopt_write_function(easy, bodyCallback))
        check(ccurl_easy_setopt_header_function(easy, headerCallback))
        return failure == CURLE_OK ? handle : nil
    }

    /// Sets what differs per request. Every option set here is set on every request, so nothing
    /// carries over from the handle's previous transfer.
    private func configure(_ transfer: Transfer, for request: HTTPRequest) -> CURLcode {
        let easy = transfer.handle.raw
        transfer.handle.errorBuffer[0] = 0
        var failure = CURLE_OK
        func check(_ code: CURLcode) {
            if failure == CURLE_OK, code != CURLE_OK { failure = code }
        }
        check(ccurl_easy_setopt_string(easy, CURLOPT_URL, request.url))

        var list: UnsafeMutablePointer<curl_slist>?
        for header in request.headers {
            // "Name;" is libcurl's spelling of a header with an empty value; "Name:" would remove it.
            let line = header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
            list = curl_slist_append(list, line)
        }
        list = curl_slist_append(list, "Expect:")  // no 100-continue round trip
        transfer.headerList = list
        check(ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list))

        let method = request.method.isEmpty ? "POST" : request.method.uppercased()
        switch method {
        case "GET" where request.body.isEmpty:
            check(ccurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))  // also clears NOBODY
        case "HEAD" where request.body.isEmpty:
            check(ccurl_easy_setopt_long(easy, CURLOPT_NOBODY, 1))
        default:
            check(ccurl_easy_setopt_long(easy, CURLOPT_POST, 1))  // also clears NOBODY
            // Size first, so that COPYPOSTFIELDS copies exactly these bytes (NULs included) and owns the copy.
            check(ccurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            if request.body.isEmpty {
                check(ccurl_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, ""))
            } else {
                request.body.withUnsafeBytes { bytes in
                    let pointer = UnsafeMutableRawPointer(mutating: bytes.baseAddress)
                    check(ccurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, pointer))
                }
            }
        }
        let standard = method == "POST" || method == "GET" || method == "HEAD"
        check(ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, standard ? nil : request.method))

        let context = Unmanaged.passUnretained(transfer).toOpaque()
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context))
        return failure
    }

    /// A transfer ended inside libcurl (`CURLMSG_DONE`).
    private func complete(_ easy: UnsafeMutableRawPointer, code: CURLcode) {
        guard let transfer = active[easy] else { return }
        let result: Result<HTTPResponse, TransportError>
        if code == CURLE_OK {
            var status = 0
            _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            var microseconds: curl_off_t = 0
            _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_TOTAL_TIME_T, &microseconds)
            result = .success(
                HTTPResponse(
                    status: status,
                    headers: transfer.responseHeaders,
                    body: transfer.body,
                    elapsed: .microseconds(microseconds)
                )
            )
        } else {
            result = .failure(TransportError(code: code, transfer: transfer, requestMayHaveBeenSent: mayHaveSent(easy)))
        }
        finish(easy, with: result)
    }

    /// Whether any byte of the request may have left: the transfer got past connecting (and TLS).
    private func mayHaveSent(_ easy: UnsafeMutableRawPointer) -> Bool {
        var pretransfer: curl_off_t = 0
        _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer)
        var requestSize = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_REQUEST_SIZE, &requestSize)
        return pretransfer > 0 || requestSize > 0
    }

    /// Detaches a running transfer, resumes its sender and returns the handle to the pool.
    private func finish(_ easy: UnsafeMutableRawPointer, with result: Result<HTTPResponse, TransportError>) {
        guard let transfer = active.removeValue(forKey: easy) else { return }
        activeByID[transfer.id] = nil
        _ = curl_multi_remove_handle(multi.raw, easy)
        recycle(transfer)
        transfer.completion.resume(returning: result)
        finishedIDs.append(transfer.id)
    }

    /// Clears the handle's pointers into `transfer` and returns the handle to the pool.
    private func recycle(_ transfer: Transfer) {
        let easy = transfer.handle.raw
        _ = ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, nil)
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, nil)
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, nil)
        transfer.releaseCResources()
        if idle.count < max(1, configuration.maxConcurrentTransfers) { idle.append(transfer.handle) }
    }
}
