import Foundation
import OutreachCore
@testable import OutreachSQLite
import OutreachTestSupport
import Testing

/// Venues are read from the store with SQLite's JSON functions (faster than JSONDecoder at start-up); what
/// they give must be exactly what JSONDecoder gives, and any definition they cannot represent exactly goes
/// to JSONDecoder, with its answer or its error.
struct ReferenceVenuesTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func store() async throws -> (store: SQLiteStore, path: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("venues-\(UUID()).sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        return (store, path)
    }

    private func removeStore(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test func everyFieldOfEveryVenueRoundTrips() async throws {
        let (store, path) = try await store()
        defer { removeStore(at: path) }
        var data = ReferenceData.fixture()
        data.venues += Venue.fieldReadingFixtures
        try await store.replaceReferenceData(data, at: now)
        let read = try #require(try await store.referenceData())
        #expect(read.venues == data.venues)
    }

    /// Definitions stored by hand (an older writer, a manual edit): the store answers as JSONDecoder does.
    @Test(arguments: [
        #"{"id":"v","names":{"zh":"场地"},"kind":"community","branch":"east","capacity":12.5}"#,
        #"{"id":"v","names":{"zh":"场地"},"kind":"community","branch":"east","capacity":"40"}"#,
        #"{"id":"v","names":{"zh":"场地"},"kind":"community","branch":"east","capacity":99999999999999999999}"#,
        #"{"id":"v","names":{"zh":"场地"},"kind":"castle","branch":"east"}"#,
        #"{"id":7,"names":{"zh":"场地"},"kind":"community","branch":"east"}"#,
        #"{"id":"v","names":"场地","kind":"community","branch":"east"}"#,
        #"{"id":"v","names":{"zh":"场地","en":null},"kind":"community","branch":"east","address":null,"extra":[1]}"#,
        #"{"id":"v","kind":"community","branch":"east"}"#,
        #"not json"#,
    ])
    func aDefinitionOutsideTheFastPathIsDecodedAsBefore(definition: String) async throws {
        let (store, path) = try await store()
        defer { removeStore(at: path) }
        try await store.replaceReferenceData(.fixture(), at: now)
        let connection = try SQLiteConnection(path: path)
        let update = try connection.statement("UPDATE reference_items SET definition = ? WHERE kind = 'venue' AND id = 'outlet-2'")
        update.bind(1 as Int32, definition as String?)
        try update.run()
        var definitions: [String] = []
        let select = try connection.statement("SELECT definition FROM reference_items WHERE kind = 'venue' ORDER BY position")
        while try select.step() { definitions.append(select.text(0)) }
        select.reset()
        let disagreement = await VenueDecoding.disagreement(definitions: definitions) { try await store.referenceData()?.venues }
        #expect(disagreement == nil)
    }
}
