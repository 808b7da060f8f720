/// A node of the organisation tree: city branch > sub-branch > outlet (分行 / 支行 / 网点).
public struct Branch: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Branch>

    public enum Level: String, Hashable, Sendable, Codable, CaseIterable {
        case city, subBranch = "sub-branch", outlet
    }

    public var id: ID
    public var names: BilingualName
    public var level: Level
    public var parent: ID?
    /// An IANA zone such as `Asia/Shanghai`; nil inherits the parent's zone.
    public var timeZone: String?

    public init(id: ID, names: BilingualName, level: Level, parent: ID? = nil, timeZone: String? = nil) {
        self.id = id
        self.names = names
        self.level = level
        self.parent = parent
        self.timeZone = timeZone
    }
}
