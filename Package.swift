// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "wego",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wego", targets: ["wego"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0" ..< "5.0.0"),
        // Already in the graph through Vapor; named here for the SMTP client's TLS.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
    ],
    targets: [
        // Pure domain: no web, no database. Everything here is table-tested without I/O.
        .target(
            name: "WeGOCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The Vapor application: a thin shell of routes, persistence and rendering over WeGOCore.
        .target(
            name: "WeGOServer",
            dependencies: [
                "WeGOCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(name: "wego", dependencies: ["WeGOServer"]),
        .testTarget(name: "WeGOCoreTests", dependencies: ["WeGOCore"], resources: [.copy("Fixtures")]),
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
