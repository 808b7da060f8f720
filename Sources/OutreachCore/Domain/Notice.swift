import Foundation

/// A message to a chat group (通知): an event reminder, the daily digest, a published bulletin, an
/// off-track alert, a cancellation or a test.
///
/// A notice holds facts, not text: it is rendered for each target at send time, in the target's
/// dialect and language, so the outbox can store it as is and a template change applies to notices
/// already queued.
///
/// ```swift
/// let notice = Notice(.eventReminder(reminder), language: .zh, createdAt: now())
/// notice.kind          // .eventReminder
/// notice.branch        // routing: the event's branch
/// ```
public struct Notice: Hashable, Sendable, Codable {
    /// What a notice is about; also the key of its template and of routing rules.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case eventReminder = "event-reminder"
        case dailyDigest = "daily-digest"
        case bulletinPublished = "bulletin-published"
        case offTrackAlert = "off-track-alert"
        case eventCancelled = "event-cancelled"
        case test
    }

    /// The facts of a notice, one shape per kind.
    public enum Payload: Hashable, Sendable, Codable {
        case eventReminder(EventReminder)
        case dailyDigest(DailyDigest)
        case bulletinPublished(BulletinPublished)
        case offTrackAlert(OffTrackAlert)
        case eventCancelled(EventCancelled)
        case test(TestNotice)
    }

    public var payload: Payload
    /// Urgent notices may be sent during quiet hours and are marked as urgent in the text.
    public var urgent: Bool
    /// The language to render in, unless the target sets its own.
    public var language: Language
    /// When the notice was made (UTC); the generic webhook body carries it as `timestamp`.
    public var createdAt: Date

    public init(_ payload: Payload, urgent: Bool = false, language: Language = .zh, createdAt: Date) {
        self.payload = payload
        self.urgent = urgent
        self.language = language
        self.createdAt = createdAt
    }

    public var kind: Kind {
        switch payload {
        case .eventReminder: .eventReminder
        case .dailyDigest: .dailyDigest
        case .bulletinPublished: .bulletinPublished
        case .offTrackAlert: .offTrackAlert
        case .eventCancelled: .eventCancelled
        case .test: .test
        }
    }

    /// The branch the notice is about, for routing by branch subtree; nil for a test notice or a
    /// digest of every branch.
    public var branch: Branch.ID? {
        switch payload {
        case .eventReminder(let reminder): reminder.event.branch
        case .dailyDigest(let digest): digest.branch
        case .bulletinPublished(let bulletin): bulletin.branch
        case .offTrackAlert(let alert): alert.branch
        case .eventCancelled(let cancelled): cancelled.event.branch
        case .test: nil
        }
    }

    /// The campaigns the notice is about, for routing by campaign.
    public var campaigns: [Campaign.ID] {
        switch payload {
        case .eventReminder(let reminder): [reminder.event.campaign]
        case .dailyDigest(let digest):
            digest.events.reduce(into: []) { ids, event in
                if !ids.contains(event.campaign) { ids.append(event.campaign) }
            }
        case .eventCancelled(let cancelled): [cancelled.event.campaign]
        case .bulletinPublished, .offTrackAlert, .test: []
        }
    }
}

extension Notice {
    /// What a notice says about one event. Times are local wall-clock times in `timeZone`.
    public struct EventSummary: Hashable, Sendable, Codable {
        public var event: Event.ID
        public var campaign: Campaign.ID
        public var title: BilingualName
        public var venue: BilingualName
        public var branch: Branch.ID
        public var branchName: BilingualName
        public var start: LocalDateTime
        public var end: LocalDateTime
        /// An IANA zone name such as `Asia/Shanghai`.
        public var timeZone: String
        public var staff: [String]

        public init(
            event: Event.ID, campaign: Campaign.ID, title: BilingualName, venue: BilingualName, branch: Branch.ID,
            branchName: BilingualName, start: LocalDateTime, end: LocalDateTime, timeZone: String = "Asia/Shanghai",
            staff: [String] = []
        ) {
            self.event = event
            self.campaign = campaign
            self.title = title
            self.venue = venue
            self.branch = branch
            self.branchName = branchName
            self.start = start
            self.end = end
            self.timeZone = timeZone
            self.staff = staff
        }
    }

    /// A reminder before an event; `offsetLabel` says how far ahead ("明天" / "tomorrow", "1 小时后").
    public struct EventReminder: Hashable, Sendable, Codable {
        public var event: EventSummary
        public var offsetLabel: BilingualName

        public init(event: EventSummary, offsetLabel: BilingualName) {
            self.event = event
            self.offsetLabel = offsetLabel
        }
    }

    /// The morning digest of one day's events, for one branch subtree or for all (`branch` nil).
    public struct DailyDigest: Hashable, Sendable, Codable {
        public var date: LocalDate
        public var branch: Branch.ID?
        public var branchName: BilingualName?
        public var events: [EventSummary]

        public init(date: LocalDate, branch: Branch.ID? = nil, branchName: BilingualName? = nil, events: [EventSummary]) {
            self.date = date
            self.branch = branch
            self.branchName = branchName
            self.events = events
        }
    }

    /// The monthly bulletin (专刊) was published.
    public struct BulletinPublished: Hashable, Sendable, Codable {
        public var year: Int
        public var month: Int
        public var branch: Branch.ID
        public var branchName: BilingualName
        public var eventsHeld: Int
        /// People reached, in person-times (人次), counting only metrics that count people.
        public var personTimes: Int
        /// Where to read it: an intranet URL or a file path.
        public var link: String

        public init(
            year: Int, month: Int, branch: Branch.ID, branchName: BilingualName, eventsHeld: Int, personTimes: Int, link: String
        ) {
            self.year = year
            self.month = month
            self.branch = branch
            self.branchName = branchName
            self.eventsHeld = eventsHeld
            self.personTimes = personTimes
            self.link = link
        }
    }

    /// A branch is behind its target in a period: for a segment (or events held), and for any other
    /// measures behind at the same time (`more`), so a group hears of one branch once.
    public struct OffTrackAlert: Hashable, Sendable, Codable {
        /// Another measure behind: a segment's person-times, or events held.
        public struct Measure: Hashable, Sendable, Codable {
            public var segment: BilingualName
            public var achieved: Int
            public var target: Int

            public init(segment: BilingualName, achieved: Int, target: Int) {
                self.segment = segment
                self.achieved = achieved
                self.target = target
            }

            /// The share of the target achieved, in whole percent (rounded down); 0 when there is no target.
            public var percent: Int { target > 0 ? achieved * 100 / target : 0 }
        }

        public var branch: Branch.ID
        public var branchName: BilingualName
        /// The assessment period as people say it: "2027 年第一季度" / "2027 Q1".
        public var period: BilingualName
        public var segment: BilingualName
        public var achieved: Int
        public var target: Int
        /// Where the branch should be by now, as a percentage of the target (time elapsed in the period).
        public var expectedPercent: Int
        /// Other measures of the branch behind in the same period.
        public var more: [Measure]
        /// Other branches behind in the same period, for the same chat group: a group hears of every branch
        /// behind in one message.
        public var others: [BranchBehind]

        /// A branch and its measures behind.
        public struct BranchBehind: Hashable, Sendable, Codable {
            public var branch: Branch.ID
            public var branchName: BilingualName
            public var measures: [Measure]

            public init(branch: Branch.ID, branchName: BilingualName, measures: [Measure]) {
                self.branch = branch
                self.branchName = branchName
                self.measures = measures
            }
        }

        public init(
            branch: Branch.ID, branchName: BilingualName, period: BilingualName, segment: BilingualName, achieved: Int, target: Int,
            expectedPercent: Int, more: [Measure] = [], others: [BranchBehind] = []
        ) {
            self.branch = branch
            self.branchName = branchName
            self.period = period
            self.segment = segment
            self.achieved = achieved
            self.target = target
            self.expectedPercent = expectedPercent
            self.more = more
            self.others = others
        }

        /// One alert for several branches: the first branch's facts, the others after it.
        public init?(period: BilingualName, expectedPercent: Int, branches: [BranchBehind]) {
            guard let first = branches.first, let measure = first.measures.first else { return nil }
            self.init(
                branch: first.branch, branchName: first.branchName, period: period, segment: measure.segment,
                achieved: measure.achieved, target: measure.target, expectedPercent: expectedPercent,
                more: Array(first.measures.dropFirst()), others: Array(branches.dropFirst()))
        }

        /// Every measure behind, the first one first.
        public var measures: [Measure] { [Measure(segment: segment, achieved: achieved, target: target)] + more }

        /// Every branch behind, the first one first.
        public var branches: [BranchBehind] {
            [BranchBehind(branch: branch, branchName: branchName, measures: measures)] + others
        }

        /// The share of the target achieved, in whole percent (rounded down); 0 when there is no target.
        public var percent: Int { target > 0 ? achieved * 100 / target : 0 }
    }

    /// An event was cancelled after reminders for it went out; `wasAt` is its former local start.
    public struct EventCancelled: Hashable, Sendable, Codable {
        public var event: EventSummary
        public var wasAt: LocalDateTime

        public init(event: EventSummary, wasAt: LocalDateTime) {
            self.event = event
            self.wasAt = wasAt
        }
    }

    /// `outreach notify test TARGET`: proves the target works.
    public struct TestNotice: Hashable, Sendable, Codable {
        public var target: String
        public var message: String?

        public init(target: String, message: String? = nil) {
            self.target = target
            self.message = message
        }
    }
}
