import Foundation

/// At most `count` sends per `period`, over a rolling window.
public struct RateWindow: Hashable, Sendable, CustomStringConvertible {
    public var count: Int
    public var period: Duration

    public init(count: Int, period: Duration) {
        self.count = count
        self.period = period
    }

    /// The platform defaults: WeCom and DingTalk 20 per 60 s, Feishu/Lark 5 per second and 100 per
    /// 60 s, Slack 1 per second, Teams 4 per second; generic webhooks are unlimited (`[]`).
    public static func defaults(for kind: NotifyTarget.Kind) -> [RateWindow] {
        switch kind {
        case .wecom, .dingtalk: [RateWindow(count: 20, period: .seconds(60))]
        case .feishu, .lark: [RateWindow(count: 5, period: .seconds(1)), RateWindow(count: 100, period: .seconds(60))]
        case .slack: [RateWindow(count: 1, period: .seconds(1))]
        case .teams: [RateWindow(count: 4, period: .seconds(1))]
        case .webhook: []
        }
    }

    /// Parses `20/60s`, `5/1s`, `100/min`, `1/s` or `30/2m`.
    public init?(parsing text: String) {
        let parts = text.replacingOccurrences(of: " ", with: "").split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = parseCount(String(parts[0])), count > 0 else { return nil }
        var unit = parts[1]
        var amount = 1
        let digits = unit.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty {
            guard let value = Int(digits), value > 0, value <= 86_400 else { return nil }
            amount = value
            unit = unit.dropFirst(digits.count)
        }
        let seconds: Int
        switch unit {
        case "s", "sec": seconds = amount
        case "m", "min": seconds = amount * 60
        case "h": seconds = amount * 3600
        default: return nil
        }
        self.init(count: count, period: .seconds(seconds))
    }

    /// `20/60s`.
    public var description: String { "\(count)/\(period.components.seconds)s" }
}

/// The safety margin added to every rate window (`notify.rate_margin`): platforms count requests when
/// they arrive, and an arrival can be later than our start time, so a send leaves a window only this
/// long after the request that fills it got its reply.
public enum RateMargin: Hashable, Sendable, CustomStringConvertible {
    /// A share of each window, but at least one second: 5 % (3 s of WeCom's 60 s window).
    case standard
    /// A fixed length (`rate_margin: 2s`).
    case fixed(Duration)
    /// A share of each window (`rate_margin: 10%`).
    case percent(Int)

    /// The default share of a window.
    public static let standardPercent = 5

    /// The margin for one window.
    public func seconds(for window: RateWindow) -> TimeInterval {
        switch self {
        case .standard: max(1, window.seconds * Double(Self.standardPercent) / 100)
        case .fixed(let length): TimeInterval(length.components.seconds) + TimeInterval(length.components.attoseconds) / 1e18
        case .percent(let share): window.seconds * Double(share) / 100
        }
    }

    /// Parses `2s`, `500ms`, `1m`, `0` or `10%`.
    public init?(parsing text: String) {
        let value = text.trimmingCharacters(in: .whitespaces)
        if value.hasSuffix("%") {
            guard let share = Int(value.dropLast()), (0...50).contains(share) else { return nil }
            self = .percent(share)
            return
        }
        if value == "0" {
            self = .fixed(.zero)
            return
        }
        let digits = value.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let amount = Int(digits), amount <= 86_400_000 else { return nil }
        switch value.dropFirst(digits.count) {
        case "ms": self = .fixed(.milliseconds(amount))
        case "s": self = .fixed(.seconds(amount))
        case "m", "min": self = .fixed(.seconds(amount * 60))
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .standard: "\(Self.standardPercent)% (≥ 1s)"
        case .fixed(let length):
            length.components.attoseconds == 0
                ? "\(length.components.seconds)s" : "\(length.components.seconds * 1000 + length.components.attoseconds / 1_000_000_000_000_000)ms"
        case .percent(let share): "\(share)%"
        }
    }
}

/// When the next send to one bot may go, given its recent sends: the rate budget shared by every
/// target, notice and process that sends to the same bot.
///
/// It is a pure function of a list of send times, so the list can come from the store's delivery log
/// (keyed by ``BotIdentity``) and be shared by processes. Each part of a split notice is one send.
///
/// Each send counts from when its request reached the platform, which is known only to lie between its
/// start and its reply; the budget takes the reply's time (or now, while it is still in flight) and adds
/// the ``RateMargin``, so a bot at its budget is not refused by a platform that counts arrivals. After a
/// refusal for rate that happens anyway, the bot is ``slowed``: every window allows a quarter fewer.
public struct RateBudget: Hashable, Sendable {
    public var windows: [RateWindow]
    public var margin: RateMargin
    /// A refusal for rate came recently: each window's count is cut by a quarter (at least one).
    public var slowed: Bool

    public init(windows: [RateWindow], margin: RateMargin = .fixed(.zero), slowed: Bool = false) {
        self.windows = windows
        self.margin = margin
        self.slowed = slowed
    }

    /// How many windows a refusal for rate slows the bot for, counted from the refusal (or from the end
    /// of the pause it brought, when that is later).
    public static let slowedWindows = 3

    /// A window's count in force.
    public func count(of window: RateWindow) -> Int {
        slowed ? max(1, window.count - max(1, window.count / 4)) : window.count
    }

    /// The earliest time at or after `now` at which one more send keeps every window within its count.
    /// - Parameters:
    ///   - now: The current time.
    ///   - recentSends: When earlier sends to the same bot reached the platform at the latest (their
    ///     reply, or now while in flight), in any order (older ones are ignored).
    ///   - pausedUntil: A platform pause (DingTalk's 10 minutes, a `Retry-After`) in force for the bot.
    /// - Returns: `now`, or a later time.
    public func nextAllowed(after now: Date, recentSends: [Date], pausedUntil: Date? = nil) -> Date {
        var earliest = max(now, pausedUntil ?? now)
        let sorted = recentSends.sorted()
        // Moving later can crowd another window (Feishu has two), so repeat until nothing moves.
        var moved = true
        var rounds = 0
        while moved, rounds < 64 {
            moved = false
            rounds += 1
            for window in windows where window.count > 0 {
                let period = window.seconds + margin.seconds(for: window)
                let count = count(of: window)
                let occupied = sorted.filter { $0 > earliest.addingTimeInterval(-period) }
                guard occupied.count >= count else { continue }
                // The send that must leave the window before one more fits.
                let candidate = occupied[occupied.count - count].addingTimeInterval(period)
                if candidate > earliest {
                    earliest = candidate
                    moved = true
                }
            }
        }
        return earliest
    }
}

extension RateWindow {
    var seconds: TimeInterval {
        TimeInterval(period.components.seconds) + TimeInterval(period.components.attoseconds) / 1e18
    }
}
