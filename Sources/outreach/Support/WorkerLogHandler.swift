import Foundation
import Logging
import OutreachCore

/// The worker's log lines on standard error, like the other commands' output: in the run's language, with the
/// local time and its offset in the notify configuration's zone (`2026-11-29 09:00:05 +08:00 信息 工作进程已启动。
/// notice.id=3`), metadata sorted by key.
struct WorkerLogHandler: LogHandler {
    let language: Language
    let zone: ZoneConverter?
    let now: @Sendable () -> Date
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
        let line = [Self.time(now(), in: zone), Self.word(event.level, language), "\(event.message)", fields]
            .filter { !$0.isEmpty }.joined(separator: " ")
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// `2026-11-29 09:00:05 +08:00`: the local time to the second and the zone's offset.
    static func time(_ date: Date, in zone: ZoneConverter?) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let minute = seconds >= 0 ? seconds / 60 : (seconds - 59) / 60
        let second = seconds - minute * 60
        guard let zone else { return Timestamp.string(from: date) }
        let local = zone.local(atUTCMinute: minute)
        return "\(local.date) \(local.time):\(second < 10 ? "0" : "")\(second) \(zone.offsetText(atUTCMinute: minute))"
    }

    /// The level as a word of the run's language.
    static func word(_ level: Logger.Level, _ language: Language) -> String {
        switch level {
        case .trace: WorkerCommandMessages.levelTrace.text(language)
        case .debug: WorkerCommandMessages.levelDebug.text(language)
        case .info: WorkerCommandMessages.levelInfo.text(language)
        case .notice: WorkerCommandMessages.levelNotice.text(language)
        case .warning: WorkerCommandMessages.levelWarning.text(language)
        case .error: WorkerCommandMessages.levelError.text(language)
        case .critical: WorkerCommandMessages.levelCritical.text(language)
        }
    }
}
