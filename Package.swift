// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "wego",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wego", targets: ["wego"]),
        // The engines, usable by another Swift project without the server (README, "Using an engine").
        .library(name: "WeGOIndex", targets: ["WeGOIndex"]),
        .library(name: "WeGOMatching", targets: ["WeGOMatching"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0" ..< "5.0.0"),
        // Already in the graph through Vapor; named here for the SMTP client's TLS.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
    ],
    targets: [
        // Shared pure domain: no web, no database. Text, CSV, money and calendar, localisation,
        // security rules, audit chain, mail rendering, network, fee and membership rules.
        .target(
            name: "WeGOCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The composite-index engine (COINr's pipeline, uncertainty and sensitivity): pure.
        .target(name: "WeGOIndex", dependencies: ["WeGOCore"]),
        // The matching engine (tokeniser, BM25, thesaurus, slots, maximum-weight matching, cycles): pure.
        .target(name: "WeGOMatching", dependencies: ["WeGOCore"]),
        // The Vapor application: a thin shell of routes, persistence and rendering over the pure targets.
        .target(
            name: "WeGOServer",
            dependencies: [
                "WeGOCore",
                "WeGOIndex",
                "WeGOMatching",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(name: "wego", dependencies: ["WeGOServer"]),
        .testTarget(name: "WeGOCoreTests", dependencies: ["WeGOCore"]),
        .testTarget(name: "WeGOIndexTests", dependencies: ["WeGOIndex"], resources: [.copy("Fixtures")]),
        .testTarget(name: "WeGOMatchingTests", dependencies: ["WeGOMatching"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "WeGOServerTests",
            dependencies: [
                "WeGOServer",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
