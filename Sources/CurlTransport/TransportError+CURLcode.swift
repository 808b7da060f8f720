internal import CCurl
import OutreachCore

extension TransportError {
    /// Classifies a failed transfer. Messages come from libcurl with every part of the URL that can
    /// carry a secret cut out.
    init(code: CURLcode, transfer: Transfer, requestMayHaveBeenSent: Bool) {
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            self = .invalidURL
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            self = .couldNotResolveHost
        case CURLE_COULDNT_CONNECT:
            self = .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT:
            // A timeout before the request went out is a connect failure: safe to retry.
            self = requestMayHaveBeenSent ? .timedOut : .couldNotConnect
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM:
            self = .connectionReset
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT:
            self = .tls(Self.message(code: code, transfer: transfer))
        case CURLE_WRITE_ERROR where transfer.bodyTooLarge:
            self = .other(
                code: Int(code.rawValue),
                message: "The response body is larger than \(transfer.maxBodyBytes) bytes."
            )
        default:
            self = .other(code: Int(code.rawValue), message: Self.message(code: code, transfer: transfer))
        }
    }

    private static func message(code: CURLcode, transfer: Transfer) -> String {
        let detail = transfer.handle.errorText
        let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        return URLRedaction.scrub(text, of: transfer.url)
    }
}

/// Removes the secret-bearing parts of a URL from free text.
enum URLRedaction {
    /// Replaces the URL, its user info and everything after its host with `…`.
    /// - Parameters:
    ///   - text: Text that may quote the URL, such as a libcurl error message.
    ///   - url: The request URL.
    /// - Returns: The text without the URL's path, query, fragment or user info.
    static func scrub(_ text: String, of url: String) -> String {
        var secrets = [url]
        if let schemeEnd = url.firstRange(of: "://") {
            let rest = url[schemeEnd.upperBound...]
            if let pathStart = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
                let tail = String(rest[pathStart...])
                secrets.append(tail)
                if let queryStart = tail.firstIndex(of: "?") { secrets.append(String(tail[queryStart...])) }
                let authority = rest[..<pathStart]
                if let at = authority.lastIndex(of: "@") { secrets.append(String(authority[..<at])) }
            } else if let at = rest.lastIndex(of: "@") {
                secrets.append(String(rest[..<at]))
            }
        }
        var scrubbed = text
        for secret in secrets where secret.count > 1 {
            scrubbed = scrubbed.replacing(secret, with: "…")
        }
        return scrubbed
    }
}
