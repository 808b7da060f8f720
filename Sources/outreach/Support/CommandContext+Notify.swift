import ArgumentParser
import Foundation
import OutreachCore

#if canImport(Glibc)
    import Glibc
#endif

/// The `notify:` configuration as the CLI finds it.
struct NotifySetup {
    /// The configuration file's path, as given or defaulted.
    var path: String
    /// Whether the file exists.
    var fileExists: Bool
    /// The configuration; nil when there is no file or it has no `notify:` section.
    var configuration: NotifyConfiguration?
}

extension CommandContext {
    /// The configuration file: `--config`, else `$OUTREACH_CONFIG`, else `outreach.yaml` here.
    var configPath: (path: String, explicit: Bool) {
        if let path = config { return (path, true) }
        if let path = environment["OUTREACH_CONFIG"], !path.isEmpty { return (path, true) }
        return ("outreach.yaml", false)
    }

    /// The zone notify times are shown in: `notify.time_zone`, else Asia/Shanghai. Reads the
    /// configuration without reporting anything (the listing commands need only the zone).
    var notifyTimeZone: String {
        let (path, _) = configPath
        guard let file = try? FileLoader.read(path) else { return ReferenceData.defaultTimeZone }
        let (configuration, _) = NotifyConfigurationDecoder.decode(file, environment: environment) { _ in nil }
        return configuration?.timeZone ?? ReferenceData.defaultTimeZone
    }

    /// Reads the `notify:` section. A file named explicitly must exist (exit 64); errors in it exit 65.
    /// - Parameters:
    ///   - showWarnings: Print warnings too (the notify commands do; import and event do not).
    ///   - noteStopped: Say which targets cannot be sent to until their variable is set (commands that queue
    ///     notices; the ones that send refuse instead).
    func loadNotify(showWarnings: Bool, noteStopped: Bool = true) throws -> NotifySetup {
        let (path, explicit) = configPath
        guard FileManager.default.fileExists(atPath: path) else {
            if explicit {
                throw usage(NotifyMessages.configurationFileMissing(path: path).text(language))
            }
            return NotifySetup(path: path, fileExists: false, configuration: nil)
        }
        let file: SourceFile
        do {
            file = try FileLoader.read(path)
        } catch {
            throw fileFailure(error)
        }
        let folder = (path as NSString).deletingLastPathComponent
        let (configuration, issues) = NotifyConfigurationDecoder.decode(file, environment: environment) { name in
            let full = name.hasPrefix("/") || folder.isEmpty ? name : folder + "/" + name
            return FileManager.default.contents(atPath: full).map { [UInt8]($0) }
        }
        if issues.hasErrors {
            report(issues)
            let count = issues.errors.count
            writeError(
                NotifyMessages.errorsNothingDone(count: count, path: path).text(language))
            throw ExitCode(ExitStatus.badData)
        }
        if showWarnings { report(issues) }
        if noteStopped, let configuration {
            for target in configuration.targets {
                guard let unset = target.unsetSecret else { continue }
                writeError(
                    CommandMessages.warningPrefix.text(language)
                        + NotifyMessages.sendingStopped(target: target.name, unset: unset).text(language))
            }
        }
        return NotifySetup(path: path, fileExists: true, configuration: configuration)
    }

    /// Why no notices are scheduled, when there is no configuration; it points to the example configuration.
    func noNotifyMessage(_ setup: NotifySetup) -> String {
        if setup.fileExists {
            return NotifyMessages.noNotifySection(path: setup.path, example: Self.exampleConfig).text(language)
        }
        return NotifyMessages.noNotifyConfiguration(path: setup.path, example: Self.exampleConfig).text(language)
    }

    /// The commented example configuration shipped at the repository's root.
    static let exampleConfig = "outreach.example.yaml"

    /// Why a notice of this kind was not queued although asked for (no configuration).
    func noNoticeQueued(_ kind: Notice.Kind, _ setup: NotifySetup) -> String {
        let what = kind == .offTrackAlert
            ? NotifyMessages.noAlertQueued.text(language)
            : NotifyMessages.noBulletinNoticeQueued.text(language)
        return what + NotifyMessages.labelSeparator.text(language) + noNotifyMessage(setup)
    }

    /// The configuration, or a failure (exit 1) saying there is none.
    func requireNotify() throws -> NotifyConfiguration {
        let setup = try loadNotify(showWarnings: true, noteStopped: false)
        guard let configuration = setup.configuration else { throw fail(noNotifyMessage(setup)) }
        return configuration
    }

    /// Refuses (exit 1) to send when a target's secret comes from a variable that is not set, naming the
    /// target and the variable (never a value).
    func checkSendable(_ targets: [NotifyTarget]) throws {
        let stopped = targets.filter { $0.unsetSecret != nil }
        guard !stopped.isEmpty else { return }
        throw fail(
            stopped.map { target in
                let unset = target.unsetSecret!
                return NotifyMessages.cannotSend(target: target.name, unset: unset).text(language)
            }.joined(separator: "\n" + HelpText.errorPrefix(language)))
    }

    /// Checks a target name, failing (exit 64) with "Did you mean …?" or the list of targets.
    func checkTarget(_ name: String, in configuration: NotifyConfiguration) throws -> NotifyTarget {
        if let target = configuration.target(named: name) { return target }
        let names = configuration.targets.map(\.name)
        if let suggestion = nearest(to: name, in: names) {
            throw usage(
                NotifyMessages.unknownTargetSuggestion(name: name, suggestion: suggestion).text(language))
        }
        throw usage(
            NotifyMessages.unknownTarget(name: name, names: names).text(language))
    }


    /// The wall clock for long-running work: real time, or with `OUTREACH_NOW` time running on from it.
    var runningClock: @Sendable () -> Date {
        let fixed = now
        guard environment["OUTREACH_NOW"].flatMap(Timestamp.date(from:)) != nil else { return { Date() } }
        let started = Date()
        return { fixed.addingTimeInterval(Date().timeIntervalSince(started)) }
    }

    /// This process as a lease owner: `host/pid/random`.
    static func leaseOwner() -> String {
        "\(ProcessInfo.processInfo.hostName)/\(getpid())/\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Whether a lease owner is a process on this host that no longer exists.
    static func isAbandoned(_ owner: String) -> Bool {
        let parts = owner.split(separator: "/")
        guard parts.count == 3, String(parts[0]) == ProcessInfo.processInfo.hostName, let pid = Int32(parts[1]),
            pid > 0, pid != getpid()
        else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Local time text (`2026-11-29 09:00`) in the notify zone.
    func localText(_ date: Date, zone: String) -> String {
        guard let converter = ZoneConverter(identifier: zone) else { return Timestamp.string(from: date) }
        return converter.local(at: date).description
    }
}

extension Notice.Kind: ExpressibleByArgument {
    /// The kinds `notify send --kind` sends by hand (the others are queued by the reports that publish them).
    public static var allValueStrings: [String] { [eventReminder, eventCancelled, dailyDigest, test].map(\.rawValue) }
}
extension OutboxDelivery.State: ExpressibleByArgument {}
