/// What a user may see and do with events (docs/web.md): branch staff only their branch subtree, viewers
/// read only, planners, approvers and admins everything.
extension User {
    /// Whether the user may confirm, mark done or cancel events (of branches they may see).
    public var mayChangeEvents: Bool { role != .viewer }

    /// Whether the user may see (and, if allowed to change events, change) the events of a branch.
    public func maySee(_ branch: Branch.ID, reference: ReferenceData) -> Bool {
        guard role == .branchStaff else { return true }
        guard let own = self.branch else { return false }
        return reference.isWithin(branch, own)
    }

    /// Whether the user may see a campaign: branch staff one their subtree takes part in.
    public func maySee(_ campaign: Campaign, reference: ReferenceData) -> Bool {
        guard role == .branchStaff else { return true }
        return ([campaign.owner] + campaign.branches + campaign.events.map(\.branch)).contains {
            maySee($0, reference: reference)
        }
    }
}
