import Foundation
import OutreachCore
import OutreachPostgres
import OutreachTestSupport
import Testing

/// Venues are read field by field with jsonb operators (faster than JSONDecoder when a command opens the store);
/// what they give must be exactly what JSONDecoder gives, and a definition they cannot represent exactly goes to
/// JSONDecoder, with its answer or its error. (The SQLite store's counterpart: `ReferenceVenuesTests`.)
@Suite(.enabled(if: PostgresTestServer.available, "OUTREACH_TEST_POSTGRES is not set: no PostgreSQL server to test on"))
struct PostgresReferenceVenuesTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func everyFieldOfEveryVenueRoundTrips() async throws {
        let scratch = try await ScratchSchema.create()
        defer { scratch.remove() }
        let store = try scratch.open()
        try await store.migrate()
        var data = ReferenceData.fixture()
        data.venues += Venue.fieldReadingFixtures
        try await store.replaceReferenceData(data, at: now)
        let read = try #require(try await store.referenceData())
        #expect(read.venues == data.venues)
        #expect(read.channels == data.channels && read.branches == data.branches && read.metrics == data.metrics)
    }

    /// Definitions stored by hand (an older writer, a manual edit): the store answers as JSONDecoder does.
    @Test(arguments: [
        #"{"id":"v","names":{"zh":"场地"},"kind":"community","branch":"east","capacity":12.5}"#,
        #"{"id":"v","names":{"zh":"场地"},"kind":"community","branch":"east","capacity":"40"}"#,
        #"{"id":"v","names":{"zh":"场地"},"kind":"community","branch":"east","capacity":99999999999999999999}"#,
        #"{"id":"v","names":{"zh":"场地"},"kind":"community","branch":"east","capacity":4e2}"#,
        #"{"id":"v","names":{"zh":"场地"},"kind":"castle","branch":"east"}"#,
        #"{"id":7,"names":{"zh":"场地"},"kind":"community","branch":"east"}"#,
        #"{"id":"v","names":"场地","kind":"community","branch":"east"}"#,
        #"{"id":"v","names":{"zh":"场地","en":null},"kind":"community","branch":"east","address":null,"extra":[1]}"#,
        #"{"id":"v","kind":"community","branch":"east"}"#,
        #"["v"]"#,
    ])
    func aDefinitionOutsideTheFastPathIsDecodedAsBefore(definition: String) async throws {
        let scratch = try await ScratchSchema.create()
        defer { scratch.remove() }
        let store = try scratch.open()
        try await store.migrate()
        let data = ReferenceData.fixture()
        try await store.replaceReferenceData(data, at: now)
        try await PostgresTestServer.execute(
            "UPDATE \(scratch.name).reference_items SET definition = $def$\(definition)$def$::jsonb WHERE kind = 'venue' AND id = 'outlet-2'")
        // What JSONDecoder makes of the venues as stored: the others as written, outlet-2 as edited.
        let encoder = JSONEncoder()
        let definitions = try data.venues.map { venue in
            venue.id == "outlet-2" ? definition : String(decoding: try encoder.encode(venue), as: UTF8.self)
        }
        #expect(definitions.contains(definition))
        let disagreement = await VenueDecoding.disagreement(definitions: definitions) { try await store.referenceData()?.venues }
        #expect(disagreement == nil)
    }
}
