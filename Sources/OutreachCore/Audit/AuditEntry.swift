import Foundation

/// One change in the audit log: who made it, when, from where, what changed (before → after), and why.
///
/// The web app records the signed-in user; `outreach event confirm|done|cancel` records the operating
/// system's user name, marked as the command line.
public struct AuditEntry: Hashable, Sendable {
    /// Where the change was made.
    public enum Source: String, Hashable, Sendable, CaseIterable {
        case web
        case commandLine = "command-line"
        /// `/api/v1`, with a personal API token (or the web session with its form token).
        case api

        public func text(_ language: Language) -> String { AuditMessages.source(self).text(language) }
    }

    /// What changed.
    public enum Change: Hashable, Sendable {
        /// An event's status, before → after.
        case status(from: EventStatus, to: EventStatus)
        /// An event added in the web app's planning form.
        case created
        /// One field of an event edited in the web app's planning form: the campaign file's key, before → after
        /// as the file writes them (empty when absent).
        case field(String, from: String, to: String)
    }

    /// Who: a user name (`li.ming`) or, from the command line, the operating system's user name.
    public var actor: String
    /// The name shown for the actor (`李明`); the actor itself when none is known.
    public var actorDisplayName: String
    public var source: Source
    /// When, UTC (stored to the millisecond).
    public var at: Date
    public var event: Event.ID
    public var campaign: Campaign.ID
    public var change: Change
    /// Why (required for a cancellation made in the web app); nil when none was given.
    public var reason: String?

    public init(
        actor: String, actorDisplayName: String? = nil, source: Source, at: Date, event: Event.ID, campaign: Campaign.ID,
        change: Change, reason: String? = nil
    ) {
        self.actor = actor
        self.actorDisplayName = actorDisplayName ?? actor
        self.source = source
        self.at = at
        self.event = event
        self.campaign = campaign
        self.change = change
        self.reason = reason
    }
}

/// Who makes a change, for the audit log.
public struct AuditActor: Hashable, Sendable {
    public var name: String
    public var displayName: String
    public var source: AuditEntry.Source

    public init(name: String, displayName: String? = nil, source: AuditEntry.Source) {
        self.name = name
        self.displayName = displayName ?? name
        self.source = source
    }
}
