import Foundation

/// The seeds both generators write: the project's reference data copied as is, and an organisation of
/// 8 sub-branches × 5 outlets (40 outlets), each outlet with 50 venues.
enum BenchSeeds {
    /// Makes `output/campaigns` and `output/seeds`, and copies metrics, channels, segments, campaign kinds,
    /// school terms and holidays from `seeds`.
    static func copyReference(from seeds: String, to output: String) throws {
        let manager = FileManager.default
        for folder in ["campaigns", "seeds/holidays"] {
            try manager.createDirectory(atPath: "\(output)/\(folder)", withIntermediateDirectories: true)
        }
        for name in ["metrics.yaml", "channels.yaml", "segments.yaml", "campaign-kinds.yaml", "school-terms.yaml"] {
            try manager.copyItem(atPath: "\(seeds)/\(name)", toPath: "\(output)/seeds/\(name)")
        }
        for name in try manager.contentsOfDirectory(atPath: "\(seeds)/holidays") {
            try manager.copyItem(atPath: "\(seeds)/holidays/\(name)", toPath: "\(output)/seeds/holidays/\(name)")
        }
    }

    /// Writes `organisation.yaml` and `venues.yaml` into `output/seeds`; returns the outlet ids in order.
    @discardableResult
    /// - Parameter venueName: the name of venue `v` of outlet `o` of sub-branch `s`.
    static func writeOrganisation(
        to output: String, venueCapacity: Int, venueName: (_ s: Int, _ o: Int, _ v: Int) -> String
    ) throws -> [String] {
        var organisation = "branches:\n  - id: bench-city\n    name: 基准分行\n    time_zone: Asia/Shanghai\n    children:\n"
        var venues = "venues:\n"
        var outlets: [String] = []
        for s in 0..<8 {
            organisation += "      - id: bench-s\(s)\n        name: 第\(s + 1)支行\n        children:\n"
            for o in 0..<5 {
                let outlet = "bench-s\(s)-o\(o)"
                outlets.append(outlet)
                organisation += "          - id: \(outlet)\n            name: 第\(s + 1)支行第\(o + 1)网点\n"
                for v in 0..<50 {
                    venues += "  - {id: v-\(s)-\(o)-\(v), name: \(venueName(s, o, v)), kind: community, branch: \(outlet), capacity: \(venueCapacity)}\n"
                }
            }
        }
        try organisation.write(toFile: "\(output)/seeds/organisation.yaml", atomically: true, encoding: .utf8)
        try venues.write(toFile: "\(output)/seeds/venues.yaml", atomically: true, encoding: .utf8)
        return outlets
    }
}
