import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

@testable import outreach

/// Every message of the command line's catalogues has both languages, and every message is checked.
struct CommandMessageCatalogueTests {
    @Test func notifyMessagesHaveBothLanguages() {
        let day = LocalDate(dayNumber: 20_000)
        let unset = NotifyTarget.UnsetSecret(field: "key_env", variable: "WECOM_KEY", secretsFile: "secrets.yaml")
        let samples: [Message] = [
            NotifyMessages.configurationPath(path: "x"),
            NotifyMessages.noTargets,
            NotifyMessages.kindNotSentByHand(kind: "x"),
            NotifyMessages.kindNeedsEvent(kind: "x"),
            NotifyMessages.eventOnlyWithEventKinds,
            NotifyMessages.textOnlyWithTest,
            NotifyMessages.eventHasNoOccurrences(id: "x"),
            NotifyMessages.noDigestToday(today: day, target: "x"),
            NotifyMessages.noNotices,
            NotifyMessages.invalidLimit(limit: 3),
            NotifyMessages.emptyDeliveryLog,
            NotifyMessages.attemptStarted,
            NotifyMessages.idAndDead,
            NotifyMessages.idOrDeadMissing,
            NotifyMessages.noticePendingAgain(id: "x"),
            NotifyMessages.deadNoticesPendingAgain(count: 3),
            NotifyMessages.sentAndConfirmed(subject: NoticeMessages.kind(.test), target: "x", kind: "x"),
            NotifyMessages.queuedUntil(subject: NoticeMessages.kind(.test), target: "x", id: "x", when: "x", reason: "x"),
            NotifyMessages.notDelivered(subject: NoticeMessages.kind(.test), target: "x", said: "x"),
            NotifyMessages.urgentExcepted,
            NotifyMessages.off,
            NotifyMessages.schedule(timeZone: "x", quiet: "x", reminders: "x", digest: "x"),
            NotifyMessages.allNotices,
            NotifyMessages.noRoute,
            NotifyMessages.allKinds,
            NotifyMessages.branchesPrefix,
            NotifyMessages.campaignsPrefix,
            NotifyMessages.partSeparator,
            NotifyMessages.unlimited,
            NotifyMessages.variableNotSet(variable: "x"),
            NotifyMessages.configurationFileMissing(path: "x"),
            NotifyMessages.errorsNothingDone(count: 3, path: "x"),
            NotifyMessages.sendingStopped(target: "x", unset: unset),
            NotifyMessages.noNotifySection(path: "x", example: "x"),
            NotifyMessages.noNotifyConfiguration(path: "x", example: "x"),
            NotifyMessages.noAlertQueued,
            NotifyMessages.noBulletinNoticeQueued,
            NotifyMessages.labelSeparator,
            NotifyMessages.cannotSend(target: "x", unset: unset),
            NotifyMessages.unknownTargetSuggestion(name: "x", suggestion: "x"),
            NotifyMessages.unknownTarget(name: "x", names: ["wecom-east", "ding-west"]),
        ]
        #expect(MessageCatalogueCheck.problems(in: samples + NotifyMessages.queueHeaders + NotifyMessages.logHeaders + NotifyMessages.targetsHeaders) == [])
    }

    @Test func reportCommandMessagesHaveBothLanguages() {
        let samples: [Message] = [
            ReportCommandMessages.offTrackQueued(lines: 3, branches: 2, margin: 20, queued: 2, replaced: 0),
            ReportCommandMessages.offTrackQueued(lines: 1, branches: 1, margin: 20, queued: 1, replaced: 1),
            ReportCommandMessages.periodGivenTwice,
            ReportQueryMessages.invalidValue(value: "x", flag: "x", example: "x"),
            ReportQueryMessages.invalidPeriod(value: "x", flag: "x", example: "x"),
            ReportCommandMessages.invalidBy(value: "x", known: ["month", "week"], hint: "x"),
            ReportCommandMessages.byOneOfMonthWeekDay,
            ReportCommandMessages.invalidLevel(level: "x"),
            ReportCommandMessages.byOneTimeDimension,
            ReportCommandMessages.wrote(path: "x"),
            ReportCommandMessages.invalidMonth(month: "x"),
            ReportCommandMessages.noBranches,
            ReportCommandMessages.wroteBulletin(base: "x"),
            ReportCommandMessages.wrotePDF(base: "x"),
            ReportCommandMessages.notPublished,
            ReportCommandMessages.chromiumNotFound(base: "x", unpublished: "x"),
            ReportCommandMessages.chromiumFailed(status: 1, base: "x", unpublished: "x", said: "x"),
            ReportCommandMessages.restatementsIncluded(count: 3),
            ReportCommandMessages.published(month: "x"),
            ReportCommandMessages.bulletinNoticesQueued(queued: 3),
        ]
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }

    @Test func reachCommandMessagesHaveBothLanguages() {
        let day = LocalDate(dayNumber: 20_000)
        let samples: [Message] = [
            ReachCommandMessages.dryRun(rows: 1, added: 1, replaced: 0, unchanged: 0, errors: 1, warnings: 2),
            ReachCommandMessages.nothingImported(errors: 2),
            ReachCommandMessages.imported(batch: 4, rows: 81_000, added: 80_000, replaced: 1_000, unchanged: 0),
            ReachCommandMessages.rejected(rows: 1, files: ["a.rejects.csv", "b.rejects.csv"]),
            ReachCommandMessages.invalidCount(pair: "x"),
            ReachCommandMessages.metricTwice,
            ReachCommandMessages.recorded(batch: 3, event: "x", day: day, added: 3, replaced: 3, unchanged: 3),
            ReachCommandMessages.noSuchFile(file: "x"),
            ReachCommandMessages.stdinTwice,
            ReachCommandMessages.interrupted,
            ReachCommandMessages.undone(batch: 3, deleted: 3, restored: 3),
            ReachCommandMessages.keptLaterChanges(count: 3),
            ReachCommandMessages.sourceManual,
            ReachCommandMessages.sourceImport,
            ReachCommandMessages.countsOutOfRange(count: 3, limit: "x"),
            ReachCommandMessages.andMore(more: 3),
            ReachCommandMessages.totalOverflow,
            ReachCommandMessages.correctOutOfRange,
            ReachCommandMessages.rollupMatches,
            ReachCommandMessages.rollupDiffers(months: "x"),
            ReachCommandMessages.cannotRead(path: "x"),
            ReachCommandMessages.notUTF8(path: "x", offset: 3),
            ReachCommandMessages.neitherUTF8NorGB18030(path: "x", offset: 3),
            ReachCommandMessages.cannotOpen(name: "x"),
            ReachCommandMessages.timeLeft(clock: "x"),
            ReachCommandMessages.progress(bar: "x", share: 1.5, rowsText: "x", rows: 3, rateText: "x", eta: "x"),
            ReachCommandMessages.futureDate(given: day, today: day),
            ReachCommandMessages.noOccurrences,
            ReachCommandMessages.nearestOccurrences(nearest: ["2027-03-01", "2027-03-08"]),
            ReachCommandMessages.todayNotEventDay(today: day, id: "x", listed: "x", example: "x"),
        ]
        #expect(MessageCatalogueCheck.problems(in: samples + ReachCommandMessages.batchesHeaders(zone: "Asia/Shanghai")) == [])
    }

    @Test func workerCommandMessagesHaveBothLanguages() {
        let samples: [Message] = [
            WorkerCommandMessages.levelTrace,
            WorkerCommandMessages.levelDebug,
            WorkerCommandMessages.levelInfo,
            WorkerCommandMessages.levelNotice,
            WorkerCommandMessages.levelWarning,
            WorkerCommandMessages.levelError,
            WorkerCommandMessages.levelCritical,
            WorkerCommandMessages.invalidConcurrency(concurrency: 3),
            WorkerCommandMessages.invalidGraceOrLease,
            WorkerCommandMessages.invalidLogLevel(logLevel: "x"),
            WorkerCommandMessages.summary(sent: 1, retried: 2, dead: 0, deferred: 3, unknown: 0),
        ]
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }

    @Test func feedMessagesHaveBothLanguages() {
        let samples: [Message] = [
            FeedCommandMessages.added(handle: "x", label: "x", path: "/feeds/x.ics"),
            FeedCommandMessages.revoked(handle: "x", label: "x"),
            FeedCommandMessages.none,
            FeedCommandMessages.userScope(name: "x"),
            FeedCommandMessages.active,
            FeedCommandMessages.revokedAt("x"),
            FeedCommandMessages.branchOrUser,
            FeedCommandMessages.emptyLabel,
            CalendarFeedMessages.calendarName(scope: nil, label: "x"),
            CalendarFeedMessages.unknownBranch(id: "x", suggestion: "y"),
            CalendarFeedMessages.unknownUser(name: "x", suggestion: nil),
            CalendarFeedMessages.unknownFeed(handle: "x"),
            CalendarFeedMessages.ambiguousFeed(handle: "x", matches: 2),
        ]
        #expect(MessageCatalogueCheck.problems(in: samples + FeedCommandMessages.listHeaders) == [])
    }

    @Test func exportCommandMessagesHaveBothLanguages() {
        let samples: [Message] = [
            ExportCommandMessages.wrote(path: "x", id: "x", events: 3),
            ExportCommandMessages.filesExist(paths: ["x", "y"]),
            ExportCommandMessages.notAFolder(path: "x"),
            ExportCommandMessages.notFaithful(id: "x"),
        ]
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }

    @Test func campaignCommandMessagesHaveBothLanguages() {
        let day = LocalDate(dayNumber: 20_000)
        let samples: [Message] = [
            CampaignCommandMessages.noMatchingEvents(start: day, end: day, output: nil),
            CampaignCommandMessages.initialised(database: "outreach.db", reference: .fixture(), years: "2027, 2028"),
            CampaignCommandMessages.branchLabel,
            CampaignCommandMessages.branchesLabel,
            CampaignCommandMessages.campaignLabel,
            CampaignCommandMessages.capacityLabel,
            CampaignCommandMessages.channelLabel,
            CampaignCommandMessages.channelsLabel,
            CampaignCommandMessages.exceptLabel,
            CampaignCommandMessages.expectedReachLabel,
            CampaignCommandMessages.fileLabel,
            CampaignCommandMessages.kindLabel,
            CampaignCommandMessages.notesLabel,
            CampaignCommandMessages.ownerLabel,
            CampaignCommandMessages.periodLabel,
            CampaignCommandMessages.repeatsLabel,
            CampaignCommandMessages.segmentsLabel,
            CampaignCommandMessages.staffLabel,
            CampaignCommandMessages.statusLabel,
            CampaignCommandMessages.venueLabel,
            CampaignCommandMessages.whenLabel,
            CampaignCommandMessages.noCampaigns,
            CampaignCommandMessages.invalidYear(year: 3),
            CampaignCommandMessages.fileExists(path: "x"),
            CampaignCommandMessages.cloneHeader(id: "x", year: 3),
            CampaignCommandMessages.wroteClone(path: "x.yaml", id: "c2028", start: day, end: day, events: 3),
            CampaignCommandMessages.removedFromFile,
            CampaignCommandMessages.fileSays(status: .cancelled),
            CampaignCommandMessages.occurrencesHeader(count: 3),
            CampaignCommandMessages.statusChanged(id: "e1", title: BilingualName(zh: "宣传周", en: "Outreach week"), status: .confirmed),
            CampaignCommandMessages.reachRecordsKept(id: "x", records: 3),
            CampaignCommandMessages.noMatchingEvents(start: day, end: day, output: "x.ics"),
            CampaignCommandMessages.campaignPeriod(campaign: "x", start: day, end: day),
            CampaignCommandMessages.calendarName,
            CampaignCommandMessages.noEvents(start: day, end: day),
            CampaignCommandMessages.nextEvents,
            CampaignCommandMessages.eventCount(count: 3, start: day, end: day),
            CampaignCommandMessages.nothingImported(count: 3),
            CampaignCommandMessages.targetsImported(count: 3),
            CampaignCommandMessages.campaignsImported(campaigns: 3, summary: ImportSummary()),
            CampaignCommandMessages.validated(files: 3, campaigns: 3, events: 3, errors: 3, warnings: 3),
        ]
        #expect(MessageCatalogueCheck.problems(in: samples + CampaignCommandMessages.campaignListHeaders + CampaignCommandMessages.eventListHeaders) == [])
    }

    @Test func commandMessagesHaveBothLanguages() {
        let samples: [Message] = [
            CommandMessages.listSeparator,
            CommandMessages.cannotWrite(path: "x", reason: "x"),
            CommandMessages.warningPrefix,
            CommandMessages.unreadableNow("x"),
            CommandMessages.databaseMissing(path: "x"),
            CommandMessages.didYouMean(suggestion: "x"),
            CommandMessages.unknownValue(subject: .venue, value: "x", flag: "x", hint: "x"),
            CommandMessages.errorPrefix,
            CommandMessages.noSuchFileOrFolder(path: "x"),
            CommandMessages.cannotRead(path: "x", reason: "x"),
            CommandMessages.invalidDate(value: "x", flag: "x", why: "x"),
            CommandMessages.toBeforeFrom(to: LocalDate(dayNumber: 20_000), from: LocalDate(dayNumber: 20_001)),
            CommandMessages.unknownCommandSuggestion(word: "x", suggestion: "x"),
            CommandMessages.unknownCommand(word: "x", parent: "x", known: ["campaign", "event"]),
        ]
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }
}
