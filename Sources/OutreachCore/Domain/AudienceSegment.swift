/// A target audience (客群): students, the elderly, rural residents, new urban workers…
public struct AudienceSegment: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<AudienceSegment>

    public var id: ID
    public var names: BilingualName

    public init(id: ID, names: BilingualName) {
        self.id = id
        self.names = names
    }
}
