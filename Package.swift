// swift-tools-version:6.2
import PackageDescription

/// Settings every target shares (as swift-log's manifest does).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Outreach",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "outreach", targets: ["outreach"]),
        // The libraries the fuzz package in Fuzz/ builds against (see docs/fuzzing.md).
        .library(name: "OutreachFormats", targets: ["OutreachFormats"]),
        .library(name: "OutreachCore", targets: ["OutreachCore"]),
        .library(name: "OutreachApp", targets: ["OutreachApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Already in the graph through Hummingbird; named because OutreachWeb imports them itself.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // File formats that know nothing of outreach: the YAML reader, CSV, JSON, text tables, iCalendar text, XLSX (see ARCHITECTURE.md).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "OutreachFormats", dependencies: ["CZlib"]),

        // Pure domain: campaign files, validation, scheduling, reporting, notices. No C, no I/O frameworks.
        .target(
            name: "OutreachCore",
            dependencies: [
                "OutreachFormats",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),

        // The use cases, one unit of work each over core's store protocols. No SQLite, no ArgumentParser, no terminal.
        .target(name: "OutreachApp", dependencies: ["OutreachCore", "OutreachFormats"]),

        // The embedded store: SQLite behind OutreachCore's store protocols.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "OutreachSQLite", dependencies: ["OutreachCore", "OutreachFormats", "CSQLite"]),

        // The shared store: PostgreSQL behind OutreachCore's store protocols (postgres-nio; no SQLite).
        .target(
            name: "OutreachPostgres",
            dependencies: ["OutreachCore", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),

        // Notice delivery over libcurl's multi interface. Nothing else imports CCurl.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "CurlTransport", dependencies: ["OutreachCore", "CCurl"]),

        // The notice delivery worker: a swift-service-lifecycle Service over core's outbox and transport protocols.
        .target(
            name: "OutreachDelivery",
            dependencies: [
                "OutreachCore",
                "OutreachFormats",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // The web app: routes, pages and middleware over the use cases (no concrete store; see ARCHITECTURE.md).
        .target(
            name: "OutreachWeb",
            dependencies: [
                "OutreachApp",
                "OutreachCore",
                "OutreachFormats",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),

        // glibc's mallopt, for the composition root's memory settings (header only; glibc is always linked).
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CSpawn"),

        // The composition root: a thin command-line shell over core.
        .executableTarget(
            name: "outreach",
            dependencies: [
                "CMalloc",
                "OutreachApp",
                "OutreachCore",
                "OutreachFormats",
                "OutreachSQLite",
                "OutreachPostgres",
                "OutreachDelivery",
                "OutreachWeb",
                "CurlTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),

        // Benchmark data generators (see BENCHMARKS.md).
        .executableTarget(
            name: "outreach-bench",
            dependencies: [
                "OutreachCore", "OutreachFormats", "OutreachSQLite", "OutreachPostgres", "OutreachTestSupport", "CurlTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Fixtures and helpers shared by the test targets.
        .target(
            name: "OutreachTestSupport",
            dependencies: [
                "OutreachCore", "OutreachFormats", "CSpawn", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),

        // The behaviour every store must show, as named contract cases a store's test target runs on its store.
        .target(
            name: "OutreachStoreContracts",
            dependencies: ["OutreachCore", "OutreachFormats", "OutreachTestSupport"]
        ),

        .testTarget(name: "OutreachFormatsTests", dependencies: ["OutreachFormats", "OutreachTestSupport"]),
        .testTarget(
            name: "OutreachCoreTests",
            dependencies: ["OutreachCore", "OutreachFormats", "OutreachTestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "CurlTransportTests", dependencies: ["CurlTransport", "OutreachCore", "OutreachTestSupport"]),
        .testTarget(name: "OutreachTestSupportTests", dependencies: ["OutreachTestSupport"]),
        .testTarget(
            name: "OutreachSQLiteTests",
            dependencies: ["OutreachCore", "OutreachFormats", "OutreachSQLite", "OutreachStoreContracts", "OutreachTestSupport"]
        ),
        .testTarget(
            name: "OutreachPostgresTests",
            // SQLite only to compare the two stores' reports on the same data; the worker and libcurl for workers
            // sharing one outbox.
            dependencies: [
                "OutreachCore", "OutreachFormats", "OutreachPostgres", "OutreachSQLite", "OutreachStoreContracts",
                "OutreachTestSupport", "OutreachDelivery", "CurlTransport", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "OutreachDeliveryTests",
            dependencies: [
                "OutreachCore", "OutreachDelivery", "OutreachSQLite", "CurlTransport", "OutreachTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "OutreachAppTests",
            dependencies: ["OutreachApp", "OutreachCore", "OutreachSQLite", "OutreachTestSupport"]
        ),
        .testTarget(
            name: "OutreachWebTests",
            dependencies: [
                "OutreachWeb", "OutreachApp", "OutreachCore", "OutreachSQLite", "OutreachTestSupport",
                // The notices admin's test button sends over the real transport to a fake platform on 127.0.0.1.
                "OutreachDelivery", "CurlTransport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "OutreachCLITests",
            dependencies: ["outreach", "OutreachCore", "OutreachSQLite", "OutreachTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
