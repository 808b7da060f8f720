/// Who may plan events in the web app (docs/web.md): admins and planners, for every campaign.
extension User {
    /// Whether the user may add events to campaigns and edit them in the planning form.
    public var mayPlanEvents: Bool { role == .admin || role == .planner }
}
