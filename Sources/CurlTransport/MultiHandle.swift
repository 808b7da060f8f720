internal import CCurl

/// `curl_global_init` runs once, before the first multi handle; a global `let` is initialised lazily
/// and thread-safely.
private let curlGlobalInitResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

/// Owns the transport's `CURLM*`.
///
/// Invariant that makes `@unchecked Sendable` sound: only the driver thread calls libcurl with `raw`,
/// except ``wakeup()``, whose `curl_multi_wakeup` libcurl documents as callable from any thread.
/// `curl_multi_cleanup` runs in `deinit`, so after the driver thread and every sender have let go,
/// and after the driver removed and freed all of its easy handles. This is the only
/// `@unchecked Sendable` type in the target.
final class MultiHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    init(configuration: CurlNoticeTransport.Configuration) {
        precondition(curlGlobalInitResult == CURLE_OK, "curl_global_init failed (\(curlGlobalInitResult.rawValue))")
        guard let multi = curl_multi_init() else { preconditionFailure("curl_multi_init returned NULL") }
        raw = multi
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAX_HOST_CONNECTIONS, max(0, configuration.maxConnectionsPerHost))
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, max(1, configuration.maxCachedConnections))
    }

    /// Interrupts a `curl_multi_poll` in progress on the driver thread, or makes the next one return at once.
    func wakeup() {
        _ = curl_multi_wakeup(raw)
    }

    deinit {
        _ = curl_multi_cleanup(raw)
    }
}
