import OutreachCore
import Testing

struct TransportErrorTests {
    @Test(
        arguments: [
            (TransportError.couldNotResolveHost, true, false, "resolve"),
            (.couldNotConnect, true, false, "connect"),
            (.timedOut, true, true, "timeout"),
            (.connectionReset, true, true, "reset"),
            (.tls("certificate has expired"), false, false, "tls"),
            (.invalidURL, false, false, "invalid_url"),
            (.cancelled, false, true, "cancelled"),
            (.other(code: 27, message: "Out of memory"), false, true, "other"),
        ]
    )
    func classification(error: TransportError, transient: Bool, unknown: Bool, label: String) {
        #expect(error.isTransient == transient)
        #expect(error.outcomeUnknown == unknown)
        #expect(error.shortDescription == label)
    }

    @Test(
        arguments: zip(
            [
                TransportError.couldNotResolveHost, .couldNotConnect, .timedOut, .connectionReset,
                .tls("SSL certificate problem: certificate has expired"), .invalidURL, .cancelled,
                .other(code: 23, message: "The response body is larger than 1024 bytes."),
            ],
            [
                "Could not resolve the webhook host.",
                "Could not connect to the webhook host.",
                "Timed out waiting for the webhook's reply; the notice may have been delivered.",
                "The connection closed before a complete reply; the notice may have been delivered.",
                "TLS failure: SSL certificate problem: certificate has expired",
                "The webhook URL is not a valid http or https URL.",
                "The send was cancelled.",
                "Transport failure (libcurl code 23): The response body is larger than 1024 bytes.",
            ]
        )
    )
    func descriptionWording(error: TransportError, expected: String) {
        #expect(error.description == expected)
    }
}
