extension FakeWebhookServer {
    /// What the server does with one request; the handler picks one per request.
    package indirect enum Action: Sendable {
        /// Answers with this status, headers and body; `Content-Length` is added unless given.
        case respond(status: Int, headers: [(name: String, value: String)], body: [UInt8])
        /// Reads the request and never answers: waits until the client closes the connection, the
        /// server stops, or the duration passes, then closes without a reply.
        case stall(Duration)
        /// Closes the connection without answering, right after reading the request.
        case dropConnection
        /// Waits (cut short by `stop()`), then does the next action.
        case delay(Duration, then: Action)

        /// A JSON answer with `Content-Type: application/json`.
        /// - Parameters:
        ///   - text: The JSON text.
        ///   - status: The status code; default 200.
        /// - Returns: The action.
        package static func json(_ text: String, status: Int = 200) -> Action {
            .respond(
                status: status,
                headers: [(name: "Content-Type", value: "application/json")],
                body: Array(text.utf8)
            )
        }

        /// The answer every vendor gives on success here: `{"errcode":0,"errmsg":"ok"}`.
        package static let ok = json(#"{"errcode":0,"errmsg":"ok"}"#)
    }
}
