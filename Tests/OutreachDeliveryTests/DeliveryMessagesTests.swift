import OutreachCore
import OutreachDelivery
import OutreachTestSupport
import Testing

/// Every message the worker logs has both languages, and every message is checked.
struct DeliveryMessagesTests {
    @Test func deliveryMessagesHaveBothLanguages() {
        let samples: [Message] = [
            DeliveryMessages.targetGone(target: "wecom-east", id: "42"),
            DeliveryMessages.workerStarted,
            DeliveryMessages.tookOverStoppedWorkers,
            DeliveryMessages.cancelledAfterGracePeriod,
            DeliveryMessages.databaseBusy(seconds: 3),
            DeliveryMessages.deferred,
            DeliveryMessages.sent,
            DeliveryMessages.willRetryPrefix,
            DeliveryMessages.gaveUpPrefix,
            DeliveryMessages.interruptedByShutdown,
            DeliveryMessages.gaveUpUnknownTarget,
            DeliveryMessages.queuedDigest,
            DeliveryMessages.queuedDailyNotices,
        ]
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }
}
