import Foundation
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Testing

/// Every message of core's catalogues has both languages, and every message is checked.
struct MessageCatalogueTests {
    @Test func bulletinMessagesHaveBothLanguages() {
        let samples: [Message] = [
            BulletinMessages.month(year: 2027, month: 3, english: "March 2027"),
            BulletinMessages.changeOnLastMonth(percent: 12.5),
            BulletinMessages.personTimesOfSegment("Students"),
            BulletinMessages.title(scope: "x", month: "x"),
            BulletinMessages.noSegment,
            BulletinMessages.preparedBy,
            BulletinMessages.approvedBy,
            BulletinMessages.printedOn,
            BulletinMessages.eventsHeld,
            BulletinMessages.personTimes,
            BulletinMessages.eventsHeldHeadline(count: "x"),
            BulletinMessages.unplannedOfThem(count: "x"),
            BulletinMessages.personTimesHeadline(count: "x"),
            BulletinMessages.valueSeparator,
            BulletinMessages.figuresNote,
            BulletinMessages.eventsHeldByChannel,
            BulletinMessages.channel,
            BulletinMessages.events,
            BulletinMessages.personTimesByAudienceSegment,
            BulletinMessages.segment,
            BulletinMessages.coverageYearToDate,
            BulletinMessages.personTimesThisYear,
            BulletinMessages.targetPopulation,
            BulletinMessages.coverage,
            BulletinMessages.progressAgainstTargets(period: .month(24_300)),
            BulletinMessages.trendOverSixMonths,
            BulletinMessages.month,
            BulletinMessages.topOutletsByPersonTimes,
            BulletinMessages.outlet,
            BulletinMessages.notableEvents,
            BulletinMessages.date,
            BulletinMessages.event,
            BulletinMessages.venue,
            BulletinMessages.restatements,
            BulletinMessages.measure,
            BulletinMessages.asPublished,
            BulletinMessages.corrected,
            BulletinMessages.signatureSeparator,
            BulletinMessages.noData,
        ]
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }

    @Test func auditMessagesHaveBothLanguages() {
        var samples = AuditEntry.Source.allCases.map(AuditMessages.source)
        samples.append(AuditMessages.change(.status(from: .planned, to: .cancelled)))
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
        #expect(AuditMessages.change(.status(from: .confirmed, to: .done)).text(.zh) == "状态：已确认 → 已完成")
        #expect(AuditMessages.change(.status(from: .confirmed, to: .done)).text(.en) == "Status: confirmed → done")
        #expect(AuditEntry.Source.commandLine.text(.zh) == "命令行")
    }

    @Test func noticeMessagesHaveBothLanguages() {
        let day = LocalDate(dayNumber: 20_000)
        let samples: [Message] = [
            NoticeMessages.platformSaid("invalid webhook url"),
            NoticeMessages.interruptedAttempt,
            NoticeMessages.failure(what: "HTTP 400", meaning: "x"),
            NoticeMessages.branchCount(1),
            NoticeMessages.branchCount(3),
            NoticeMessages.notRetryable(id: "x", state: .sent),
            NoticeMessages.delivered,
            NoticeMessages.willBeRetried,
            NoticeMessages.requestFailed(platform: "x"),
            NoticeMessages.platformCode(code: "x"),
            NoticeMessages.platformAnswered(platform: "x", answer: "x"),
            NoticeMessages.rateLimited,
            NoticeMessages.throttled,
            NoticeMessages.platformBusy,
            NoticeMessages.serverError,
            NoticeMessages.timedOut,
            NoticeMessages.connectionFailed,
            NoticeMessages.connectionLost,
            NoticeMessages.cancelled,
            NoticeMessages.invalidKey,
            NoticeMessages.signatureRejected,
            NoticeMessages.timestampRejected,
            NoticeMessages.keywordMissing,
            NoticeMessages.ipNotAllowed,
            NoticeMessages.tooLarge,
            NoticeMessages.badRequest,
            NoticeMessages.forbidden,
            NoticeMessages.gone,
            NoticeMessages.rejected,
            NoticeMessages.httpStatus,
            NoticeMessages.redirect,
            NoticeMessages.unexpectedReply,
            NoticeMessages.tls,
            NoticeMessages.invalidURL,
            NoticeMessages.checkKey,
            NoticeMessages.checkSigningSecret,
            NoticeMessages.checkWebhookSecret,
            NoticeMessages.feishuKeyword,
            NoticeMessages.checkClock,
            NoticeMessages.addKeyword,
            NoticeMessages.allowIP,
            NoticeMessages.shortenMessage,
            NoticeMessages.checkMessageFormat,
            NoticeMessages.checkPermissions,
            NoticeMessages.recreateWebhook,
            NoticeMessages.checkURL,
            NoticeMessages.checkTLS,
            NoticeMessages.checkReceiver,
            NoticeMessages.platformWeCom,
            NoticeMessages.platformDingTalk,
            NoticeMessages.platformFeishu,
            NoticeMessages.platformWebhook,
            NoticeMessages.secretSetNowhere(variable: "x", field: "x", secretsFile: "x"),
            NoticeMessages.environmentVariableNotSet(variable: "x", field: "x"),
            NoticeMessages.allDay,
            NoticeMessages.allDayFirstOfDisplay(last: day),
            NoticeMessages.allDayLastOfDisplay(first: day),
            NoticeMessages.allDayWithinDisplay(first: day, last: day),
            NoticeMessages.allDayOn(date: day),
            NoticeMessages.allDayFromTo(from: day, to: day),
            NoticeMessages.listSeparator,
            NoticeMessages.noticeNotFound(id: "x"),
        ]
        var all: [Message] = samples
        all += [0, 1, 2, 5].map(NoticeMessages.daysAhead)
        all += [NoticeMessages.inDays(3), NoticeMessages.hoursAhead(1), NoticeMessages.hoursAhead(2), NoticeMessages.minutesAhead(30)]
        all += OutboxDelivery.State.allCases.map(NoticeMessages.deliveryState)
        all += Notice.Kind.allCases.map(NoticeMessages.kind)
        #expect(MessageCatalogueCheck.problems(in: all) == [])
    }

    @Test func reportMessagesHaveBothLanguages() {
        let day = LocalDate(dayNumber: 20_000)
        let bulletin = PublishedBulletin(
            month: "2027-03", branch: "east", issuedAt: Date(timeIntervalSince1970: 0), figures: "{}", stated: "{}",
            publishedBy: "wang")
        let samples: [Message] = [
            ReportMessages.noSegment,
            ReportMessages.personTimes,
            ReportMessages.total,
            ReportMessages.unit,
            ReportMessages.count,
            ReportMessages.countsPeople,
            ReportMessages.yes,
            ReportMessages.no,
            ReportMessages.targetPopulation,
            ReportMessages.coverage,
            ReportMessages.allBranches,
            ReportMessages.title(period: .month(24_300), scope: "x"),
            ReportMessages.noReach,
            ReportMessages.noPeopleMetric(others: ["leaflets", "plays"]),
            ReportMessages.personTimesSum(people: ["attendees", "visitors"]),
            ReportMessages.othersStandAlone(others: ["leaflets", "plays"]),
            ReportMessages.sentenceEnd,
            ReportMessages.summarySheet,
            ReportMessages.personTimesPrefix,
            ReportMessages.eventsHeld,
            ReportMessages.unplanned(count: "x"),
            ReportMessages.scorecardTitle(period: .month(24_300), asOf: day, elapsed: 1.5),
            ReportMessages.scorecardNote,
            ReportMessages.bulletinPublished(month: "x", bulletin: bulletin),
            ReportMessages.changedSincePublished(month: "x"),
            ReportMessages.publishedOn(at: "x"),
            ReportMessages.publishedOnBy(at: "x", by: "x"),
            ReportMessages.alreadyPublished(month: "x", bulletin: bulletin),
        ]
        var all: [Message] = samples
        all += [ReportMessages.eventsHeldMeasure]
        all += [ReportPeriod.Kind.year, .half, .quarter, .month, .dates].map { ReportMessages.period(ReportPeriod(kind: $0, start: day, end: day)) }
        all += [Scorecard.Status.met, .onTrack, .offTrack, .missed, .notStarted, .noTarget].map(ReportMessages.scorecardStatus)
        all += ReportDimension.allCases.map(ReportMessages.dimension)
        all += ReportMessages.scorecardHeaders
        #expect(MessageCatalogueCheck.problems(in: all) == [])
    }

    @Test func planMessagesHaveBothLanguages() {
        let day = LocalDate(dayNumber: 20_000)
        let samples: [Message] = [
            PlanMessages.recurrenceCount(1),
            PlanMessages.recurrenceCount(4),
            PlanMessages.recurrenceUntil("2027-06-30"),
            PlanMessages.campaignLabel,
            PlanMessages.channelLabel,
            PlanMessages.branchLabel,
            PlanMessages.staffLabel,
            PlanMessages.listSeparator,
            PlanMessages.expectedReachLabel,
            PlanMessages.statusLabel,
            PlanMessages.allDay,
            PlanMessages.allDayUntil(end: day),
            PlanMessages.allDayYes,
            PlanMessages.allDayNo,
            PlanMessages.cloneIntoSameYear(id: "x", year: 3, start: day, end: day),
        ]
        var all: [Message] = samples
        all += EventStatus.allCases.map(PlanMessages.eventStatus)
        all += (0..<7).map { PlanMessages.shortWeekday(of: LocalDate(dayNumber: 20_000 + $0)) }
        all += PlanMessages.planHeaders
        all += PlanMessages.planCSVHeaders
        #expect(MessageCatalogueCheck.problems(in: all) == [])
    }

    @Test func storeMessagesHaveBothLanguages() {
        let day = LocalDate(dayNumber: 20_000)
        let samples: [Message] = [
            StoreMessages.notInitialized(path: "outreach.db"),
            StoreMessages.didYouMean("e1"),
            StoreMessages.eventNotFound("e2"),
            StoreMessages.campaignNotFound("c2027"),
            StoreMessages.schemaTooNew(found: 9, supported: 8),
            StoreMessages.databaseFailed("disk I/O error"),
            StoreMessages.busy(seconds: 5),
            StoreMessages.statusChange("e1", from: .cancelled, to: .done),
            StoreMessages.notHeldYet("e1", firstDay: day, today: day),
            StoreMessages.noOpenBatch,
            StoreMessages.batchAlreadyOpen,
            StoreMessages.batchNotFound(7),
            StoreMessages.batchAlreadyUndone(7, at: Date(timeIntervalSince1970: 0)),
            StoreMessages.codeSpaceFull(kind: "venue", limit: 255),
            StoreMessages.sumOverflow,
        ]
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }

    @Test func reachMessagesHaveBothLanguages() {
        #expect(MessageCatalogueCheck.problems(in: Array(ReachMessages.warningKinds.values)) == [])
    }

    @Test func aStoredMessageKeepsBothLinesChineseFirst() {
        #expect(NoticeMessages.interruptedAttempt.bothLines
            == "发送途中工作进程中断，无法确定通知是否已送达。\nThe worker stopped during this attempt, so whether the notice arrived is unknown.")
    }

    @Test func checkReportsEnglishWithChineseAndMessagesWithoutSample() {
        let bad = Message(zh: "场次", en: "场次 held")
        let problems = MessageCatalogueCheck.problems(in: [bad])
        #expect(problems.contains("OutreachCoreTests/MessageCatalogueTests.swift:\(bad.line): the English text '场次 held' contains Chinese"))
        let missing = Message(zh: "无中文", en: "")
        #expect(MessageCatalogueCheck.problems(in: [missing]).contains("OutreachCoreTests/MessageCatalogueTests.swift:\(missing.line): the English text is empty"))
        let unchecked = MessageCatalogueCheck.problems(in: [BulletinMessages.noData])
        #expect(unchecked.contains { $0.hasPrefix("OutreachCore/BulletinMessages.swift:") && $0.hasSuffix(": a message with no sample in the test") })
    }

    @Test func workbookMessagesHaveBothLanguages() {
        let errors: [XLSXReadError] = [
            .notZip(looksLikeXLS: true), .notZip(looksLikeXLS: false), .corruptArchive(truncated: true, part: nil),
            .corruptArchive(truncated: true, part: "xl/workbook.xml"), .corruptArchive(truncated: false, part: nil),
            .corruptArchive(truncated: false, part: "xl/workbook.xml"), .notWorkbook,
            .unsupportedEntry(part: "x", feature: "encryption"), .unsupportedEntry(part: "x", feature: "ZIP64"),
            .tooLarge(part: "x", limit: 1_000), .corruptEntry(part: "x"), .tooManyEntries(count: 2_000, limit: 1_000),
            .missingPart("x"), .noSheets, .tooManyCells(limit: 10),
            .badXML(part: "x", problem: .cutShort), .badXML(part: "x", problem: .doctype), .badXML(part: "x", problem: .tooDeep(limit: 64)),
            .badXML(part: "x", problem: .unknownEntity("&nbsp;")), .badXML(part: "x", problem: .mismatchedTag("row")),
            .badXML(part: "x", problem: .malformed),
            .badCell(reference: "C7", problem: .outsideSheet), .badCell(reference: "C7", problem: .outOfOrder),
            .badCell(reference: "C7", problem: .unknownType("q")), .badCell(reference: "C7", problem: .missingSharedString("9")),
        ]
        let samples: [Message] = errors.map { WorkbookMessages.refusal($0) } + [
            WorkbookMessages.accepted, WorkbookMessages.oldXLS, WorkbookMessages.namedButNotZip, WorkbookMessages.notWorkbook,
        ] + errors.compactMap {
            switch $0 {
            case .badXML(_, let problem): WorkbookMessages.xmlProblem(problem)
            case .badCell(_, let problem): WorkbookMessages.cellProblem(problem)
            default: nil
            }
        }
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
        // Every refusal is said in both languages (the fuzz target checks the same of whatever it meets).
        for error in errors {
            #expect(!Diagnostic.workbookUnreadable(error).message(.zh).isEmpty)
            #expect(Diagnostic.workbookUnreadable(error).message(.en) != Diagnostic.workbookUnreadable(error).message(.zh))
        }
    }

    @Test func sheetPositionsAreWrittenAsSheetAndCell() {
        #expect(SourceLocation(path: "reach.xlsx", line: 7, field: 2, sheet: "Sheet1").description == "reach.xlsx: Sheet1!C7")
        #expect(SourceLocation(path: "reach.xlsx", line: 7, sheet: "Sheet1").description == "reach.xlsx: Sheet1!7:7")
        #expect(SourceLocation(path: "r.xlsx", line: 12, field: 27, sheet: "Week 48").description == "r.xlsx: 'Week 48'!AB12")
        #expect(SourceLocation(path: "r.xlsx", line: 2, field: 0, sheet: "触达记录").description == "r.xlsx: 触达记录!A2")
        // A text file's field is not shown.
        #expect(SourceLocation(path: "week-48.csv", line: 7, field: 2).description == "week-48.csv:7")
    }
}
