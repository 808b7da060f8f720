import OutreachFormats

/// One request's worth of a rendered notice: the platform body for one part of a notice that may be
/// split into several ("(1/3)"), before the per-attempt signature is added.
public struct RenderedPart: Hashable, Sendable {
    /// The target's name.
    public var target: String
    /// 1-based position and the number of parts.
    public var index: Int
    public var count: Int
    /// A stable id for this part across retries: the delivery id plus the part number; it is the
    /// Standard Webhooks `webhook-id`.
    public var messageID: String
    /// The part as plain text, with its "(1/3)" label: what the group will read, for logs and previews.
    public var text: String
    /// The platform's JSON body, without signing fields.
    public var body: JSONValue
    /// `body` serialized, when the renderer already had to serialize it to measure it; the request
    /// builder then sends these bytes instead of serializing again.
    public var bodyBytes: [UInt8]?

    public init(
        target: String, index: Int, count: Int, messageID: String, text: String, body: JSONValue, bodyBytes: [UInt8]? = nil
    ) {
        self.target = target
        self.index = index
        self.count = count
        self.messageID = messageID
        self.text = text
        self.body = body
        self.bodyBytes = bodyBytes
    }
}
