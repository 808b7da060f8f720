import Foundation
import OutreachCore

extension Venue {
    /// Venues whose every field a store's field-by-field reading must bring back exactly: quotes, a backslash
    /// and a newline in a name, an empty English name, no optional fields, a capacity of 0.
    package static let fieldReadingFixtures: [Venue] = [
        Venue(
            id: "fast-path-school", names: BilingualName(zh: "第九中学 \"东\"\\校区\n", en: "No. 9 Middle School"), kind: .school,
            branch: "east", capacity: 1200, address: "温泉路 9 号", terms: "high-school"),
        Venue(id: "fast-path-paper", names: BilingualName(zh: "咸宁日报"), kind: .media, branch: "city"),
        Venue(id: "fast-path-mall", names: BilingualName(zh: "万达广场", en: ""), kind: .businessDistrict, branch: "east", capacity: 0),
    ]
}

/// Both stores read venues with their own JSON functions and must answer as JSONDecoder does.
package enum VenueDecoding {
    /// Nil when the store's reading agrees with JSONDecoder over the stored `definitions` (the same venues, or an
    /// error from both); otherwise what each gave.
    package static func disagreement(definitions: [String], storeRead: () async throws -> [Venue]?) async -> String? {
        let expected = Result { try JSONDecoder().decode([Venue].self, from: Data(("[" + definitions.joined(separator: ",") + "]").utf8)) }
        let read: Result<[Venue]?, any Error>
        do { read = .success(try await storeRead()) } catch { read = .failure(error) }
        switch (expected, read) {
        case (.success(let venues), .success(let found)) where found == venues: return nil
        case (.failure, .failure): return nil
        default: return "JSONDecoder: \(expected); store: \(read)"
        }
    }
}
