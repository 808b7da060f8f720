/// An input file's path and bytes as read from disk (a campaign, targets or seeds file, or the notify
/// configuration), before they are decoded (see `FileTextDecoder`).
public struct SourceFile: Sendable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}
