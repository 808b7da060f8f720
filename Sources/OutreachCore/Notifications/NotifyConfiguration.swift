/// The `notify:` section of `outreach.yaml`: targets, routes, quiet hours and the zone they are in.
///
/// ```swift
/// let (configuration, issues) = NotifyConfigurationDecoder.decode(file, environment: env, readFile: read)
/// let names = configuration?.targets(for: notice) { branch in reference.ancestors(of: branch) }
/// ```
public struct NotifyConfiguration: Hashable, Sendable {
    public var targets: [NotifyTarget]
    /// Routing rules; a notice goes to the union of the targets of every route it matches. With no
    /// routes configured, every notice goes to every target.
    public var routes: [NotifyRoute]
    /// Nil turns quiet hours off.
    public var quietHours: QuietHours?
    /// The zone of quiet hours and of digest times. Default `Asia/Shanghai`.
    public var timeZone: String
    /// When event reminders go (`notify.reminders`); default the day before at 09:00 and one hour before.
    /// Empty turns reminders off.
    public var reminders: [ReminderOffset]
    /// The local time (in ``timeZone``) of the daily digest (`notify.digest`); default 08:00; nil turns it off.
    public var digestTime: LocalTime?
    /// How far behind its pro-rated target a branch must be, in percentage points, for an off-track alert
    /// (`notify.off_track_margin`); default 20.
    public var offTrackMargin: Int = NotifyConfiguration.defaultOffTrackMargin
    /// Added to every rate window (`notify.rate_margin`); default 5 % of the window, at least 1 s.
    public var rateMargin: RateMargin = .standard

    public init(
        targets: [NotifyTarget] = [], routes: [NotifyRoute] = [], quietHours: QuietHours? = .standard,
        timeZone: String = "Asia/Shanghai", reminders: [ReminderOffset] = ReminderOffset.defaults,
        digestTime: LocalTime? = NotifyConfiguration.defaultDigestTime
    ) {
        self.targets = targets
        self.routes = routes
        self.quietHours = quietHours
        self.timeZone = timeZone
        self.reminders = reminders
        self.digestTime = digestTime
    }

    /// 20 percentage points.
    public static let defaultOffTrackMargin = 20

    /// 08:00.
    public static let defaultDigestTime = LocalTime(uncheckedHour: 8, minute: 0)

    /// The target named `name`.
    public func target(named name: String) -> NotifyTarget? { targets.first { $0.name == name } }

    /// The names of the targets a notice goes to, in configuration order.
    /// - Parameters:
    ///   - notice: The notice.
    ///   - ancestors: The branch and every branch above it (outlet → sub-branch → city), so a route
    ///     for a sub-branch also takes its outlets' notices.
    /// - Returns: Target names, each once.
    public func targets(for notice: Notice, ancestors: (Branch.ID) -> [Branch.ID]) -> [String] {
        let chosen: Set<String>
        if routes.isEmpty {
            chosen = Set(targets.map(\.name))
        } else {
            chosen = Set(routes.filter { $0.matches(notice, ancestors: ancestors) }.flatMap(\.targets))
        }
        return targets.map(\.name).filter { chosen.contains($0) }
    }

    /// A masker for every secret in this configuration.
    public var masker: SecretMasker { SecretMasker(targets: targets) }
}

/// Which notices go to which targets. Every condition given must hold; an absent one matches all.
public struct NotifyRoute: Hashable, Sendable {
    public var targets: [String]
    public var kinds: Set<Notice.Kind>?
    /// Branch subtrees: a notice about an outlet matches a route for its sub-branch.
    public var branches: [Branch.ID]?
    public var campaigns: [Campaign.ID]?

    public init(
        targets: [String], kinds: Set<Notice.Kind>? = nil, branches: [Branch.ID]? = nil, campaigns: [Campaign.ID]? = nil
    ) {
        self.targets = targets
        self.kinds = kinds
        self.branches = branches
        self.campaigns = campaigns
    }

    public func matches(_ notice: Notice, ancestors: (Branch.ID) -> [Branch.ID]) -> Bool {
        if let kinds, !kinds.contains(notice.kind) { return false }
        if let branches {
            guard let branch = notice.branch else { return false }
            let chain = Set([branch] + ancestors(branch))
            if !branches.contains(where: chain.contains) { return false }
        }
        if let campaigns {
            if !notice.campaigns.contains(where: campaigns.contains) { return false }
        }
        return true
    }
}
