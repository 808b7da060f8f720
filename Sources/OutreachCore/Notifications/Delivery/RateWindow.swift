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

/// When the next send to one bot may go, given its recent sends: the rate budget shared by every
/// target, notice and process that sends to the same bot.
///
/// It is a pure function of a list of send times, so the list can come from the store's delivery log
/// (keyed by ``BotIdentity``) and be shared by processes. Each part of a split notice is one send.
public struct RateBudget: Hashable, Sendable {
    public var windows: [RateWindow]

    public init(windows: [RateWindow]) { self.windows = windows }

    /// The earliest time at or after `now` at which one more send keeps every window within its count.
    /// - Parameters:
    ///   - now: The current time.
    ///   - recentSends: Times of earlier sends to the same bot, in any order (older ones are ignored).
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
                let period = window.seconds
                let occupied = sorted.filter { $0 > earliest.addingTimeInterval(-period) }
                guard occupied.count >= window.count else { continue }
                // The send that must leave the window before one more fits.
                let candidate = occupied[occupied.count - window.count].addingTimeInterval(period)
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
