// swift-tools-version:6.2
import PackageDescription

// The libFuzzer targets (docs/fuzzing.md). Built only by scripts/fuzz.sh, with
// `-sanitize=fuzzer,address` and its own scratch path, so the normal build never sees them.

/// The main package, depended on by path; its identity is the name of its folder.
let outreach = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "outreach"

let package = Package(
    name: "OutreachFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        // The declaration of libFuzzer's driver; the library itself comes with `-sanitize=fuzzer`.
        .systemLibrary(name: "CFuzzer"),
        .executableTarget(
            name: "outreach-fuzz",
            dependencies: [
                "CFuzzer",
                .product(name: "OutreachFormats", package: outreach),
                .product(name: "OutreachCore", package: outreach),
                .product(name: "OutreachApp", package: outreach),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
