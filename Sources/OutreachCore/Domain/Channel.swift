/// Where a message goes out: an LED screen, a bulletin board, leaflets, WeChat, radio, a community event…
public struct Channel: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Channel>

    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case display, digital, broadcast, print, faceToFace = "face-to-face"
    }

    public var id: ID
    public var names: BilingualName
    public var kind: Kind
    /// The metrics events on this channel report, in display order.
    public var metrics: [Metric.ID]
    /// One instance (an outlet's LED screen) carries only one campaign at a time.
    public var isSingleCampaign: Bool
    /// Runs unattended on public holidays (screens, articles), so holiday warnings do not apply.
    public var runsOnHolidays: Bool

    /// Face-to-face events occupy their venue: two at once double-book it.
    public var occupiesVenue: Bool { kind == .faceToFace }

    public init(
        id: ID, names: BilingualName, kind: Kind, metrics: [Metric.ID], isSingleCampaign: Bool, runsOnHolidays: Bool
    ) {
        self.id = id
        self.names = names
        self.kind = kind
        self.metrics = metrics
        self.isSingleCampaign = isSingleCampaign
        self.runsOnHolidays = runsOnHolidays
    }
}
