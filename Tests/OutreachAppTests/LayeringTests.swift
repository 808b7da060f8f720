import Foundation
import Testing

/// The boundaries the package layout draws (STYLE.md B.1), checked on the sources themselves.
struct LayeringTests {
    /// The package root, from this file's place in it.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func swiftFiles(under folder: String) -> [(name: String, text: String)] {
        let base = root + "/" + folder
        let names = (FileManager.default.enumerator(atPath: base)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".swift") }.sorted()
        return names.map { ($0, (try? String(contentsOfFile: base + "/" + $0, encoding: .utf8)) ?? "") }
    }

    @Test func onlyTheCompositionRootNamesTheConcreteStore() {
        let cli = swiftFiles(under: "Sources/outreach")
        #expect(cli.filter { $0.text.contains("SQLiteStore") }.map(\.name) == [])
        #expect(cli.filter { $0.text.contains("import OutreachSQLite") }.map(\.name) == ["Support/StoreFactory.swift"])
        // Tests reach the store through its protocols; only the SQLite store's own tests name it.
        let tests = ["OutreachAppTests", "OutreachCLITests", "OutreachDeliveryTests", "OutreachCoreTests", "CurlTransportTests"]
        for folder in tests {
            let naming = swiftFiles(under: "Tests/" + folder)
                .filter { $0.name != "LayeringTests.swift" && $0.text.contains("SQLiteStore") }.map(\.name)
            #expect(naming == [], "\(folder)")
        }
    }

    /// The contracts are for every store: they reach it through core's protocols and a `StoreUnderTest` only.
    @Test func theStoreContractsKnowNoConcreteStore() {
        let files = swiftFiles(under: "Sources/OutreachStoreContracts")
        #expect(files.map(\.name) == ["APITokenContract.swift", "AuditContract.swift", "BulletinPreparationContract.swift", "CalendarFeedContract.swift", "CampaignContract.swift", "DataVersionContract.swift", "EvidenceContract.swift", "OutboxContract.swift", "PlanningContract.swift", "ReachContract.swift", "SnapshotContract.swift", "StoreContract.swift", "UserContract.swift"])
        for file in files {
            for forbidden in ["import OutreachSQLite", "import CSQLite", "SQLiteStore", "@testable"] {
                #expect(!file.text.contains(forbidden), "\(file.name) has \(forbidden)")
            }
        }
    }

    /// The web app sees the store only through core's protocols, and leaves the use cases to `OutreachApp`.
    @Test func theWebAppKnowsNoConcreteStore() {
        let files = swiftFiles(under: "Sources/OutreachWeb")
        #expect(files.count >= 5)
        for file in files {
            for forbidden in ["import OutreachSQLite", "import CSQLite", "SQLiteStore", "import ArgumentParser", "import OutreachDelivery"] {
                #expect(!file.text.contains(forbidden), "\(file.name) has \(forbidden)")
            }
        }
    }

    @Test func theUseCasesKnowNoStoreNoParserAndNoTerminal() {
        let files = swiftFiles(under: "Sources/OutreachApp")
        #expect(files.count >= 8)
        for file in files {
            for forbidden in [
                "import OutreachSQLite", "import ArgumentParser", "import UnixSignals", "SQLiteStore", "isatty",
                "standardError", "standardOutput", "ExitCode",
            ] {
                #expect(!file.text.contains(forbidden), "\(file.name) has \(forbidden)")
            }
        }
    }
}
