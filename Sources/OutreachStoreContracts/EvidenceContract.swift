import Foundation
import OutreachCore
import OutreachTestSupport
import Testing

/// The behaviour every `EvidenceStore` must show: photos linked to an event's day kept once however often they
/// are sent, found by hash and by event; the reach log of an event with who recorded each record and when, a
/// correction showing the later batch.
public enum EvidenceContract {
    public static let cases: [StoreContract] = [
        StoreContract("aPhotoSentTwiceIsLinkedOnceAndFoundByHashAndEvent") { try await EvidenceCases().aPhotoSentTwiceIsLinkedOnce($0) },
        StoreContract("theReachLogShowsWhoRecordedEachRecordAndCorrections") { try await EvidenceCases().theReachLogShowsWhoRecorded($0) },
    ]
}

struct EvidenceCases {
    let now = ReachFixture.now

    func aPhotoSentTwiceIsLinkedOnce(_ database: StoreDatabase) async throws {
        let store = try await ReachCases().store(database)
        let (_, batch) = try await ReachCases().write(store, ReachFixture.csv)
        let keys = try await store.eventKeys()
        let talk = try #require(keys["talk"]), led = try #require(keys["led"])
        let hash = ReachEvidence.hash(of: Array("photo".utf8))
        func photo(_ event: Int, _ day: String) -> ReachEvidence {
            ReachEvidence(
                hash: hash, contentType: "image/png", byteCount: 5, width: 2, height: 3, event: event, date: ReachFixture.day(day),
                batch: batch.id, addedBy: "li.ming", addedAt: now)
        }
        try await store.addEvidence([photo(talk, "2027-03-12")])
        try await store.addEvidence([photo(talk, "2027-03-12"), photo(led, "2027-03-21")])
        let links = try await store.evidence(hash: hash)
        #expect(links.count == 2)
        #expect(Set(links.map(\.event)) == [talk, led])
        let ofTalk = try await store.evidence(event: talk)
        #expect(ofTalk == [photo(talk, "2027-03-12")])
        #expect(try await store.evidence(hash: ReachEvidence.hash(of: [])).isEmpty)
    }

    func theReachLogShowsWhoRecorded(_ database: StoreDatabase) async throws {
        let store = try await ReachCases().store(database)
        let (_, first) = try await ReachCases().write(store, ReachFixture.csv)
        let talk = try #require(try await store.eventKeys()["talk"])
        let before = try await store.reachLog(event: talk)
        #expect(!before.isEmpty)
        #expect(before.allSatisfy { $0.batch == first.id && $0.recordedBy == "测试员" && $0.recordedAt == now })
        #expect(before.count == (try await store.reachRecordCount(event: talk)))
        let corrected = ReachFixture.csv.replacingOccurrences(of: "talk,2027-03-12,attendees,40,elderly", with: "talk,2027-03-12,attendees,48,elderly")
        let (_, second) = try await ReachCases().write(store, corrected)
        let after = try await store.reachLog(event: talk)
        #expect(after.count == before.count)
        let changed = after.filter { $0.batch == second.id }
        #expect(changed.map(\.count) == [48])
    }
}
