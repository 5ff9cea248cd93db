// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ChatCheckout",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chatcheckout", targets: ["chatcheckout"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System-library shims: a module map and a header, nothing else.
        .systemLibrary(name: "CLinux", path: "Sources/CLinux"),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", path: "Sources/CPostgres", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        // libFuzzer's driver entry point (linked only by `-sanitize=fuzzer` builds).
        .systemLibrary(name: "CFuzzer", path: "Sources/CFuzzer"),

        // Threads: the one pthread wrapper, mutex-and-condition, the lock for small shared state
        // (`Locked`), handler thread pool, deadlines.
        .target(name: "CheckoutThreads", dependencies: ["CLinux"]),
        // HTTP header fields, shared by the server and the clients of other services.
        .target(name: "CheckoutHTTPTypes"),
        // The HTTP/1.1 server: knows nothing of shops or orders.
        .target(name: "CheckoutHTTP", dependencies: [
            "CheckoutHTTPTypes", "CheckoutThreads", "CLinux", "COpenSSL", .product(name: "Logging", package: "swift-log"),
        ]),
        // SHA-256, MD5, RSA-SHA256 signatures, AES-256-GCM, X.509 over OpenSSL, constant-time
        // compare, secure random: the one copy of each for Core, WeChat and QQ.
        .target(name: "CheckoutCrypto", dependencies: ["COpenSSL"]),
        // Our SQLite layer: connections, statements, group-commit writer, migrations.
        .target(name: "CheckoutSQLite", dependencies: ["CSQLite", "CheckoutThreads"]),
        // The domain: money, catalog, carts, orders, payments, shares, and the store protocols.
        // Imports no storage module.
        .target(name: "CheckoutCore", dependencies: ["CheckoutCrypto", "CheckoutThreads"]),
        // The stores on SQLite: SQL, schema and migrations (the default backend).
        .target(name: "CheckoutStoreSQLite", dependencies: ["CheckoutCore", "CheckoutSQLite", "CheckoutThreads"]),
        // The stores on PostgreSQL through libpq: pool, statements, migrations, LISTEN/NOTIFY.
        .target(name: "CheckoutStorePostgres", dependencies: ["CheckoutCore", "CheckoutThreads", "CPostgres"]),
        // WeChat Pay API v3 (signing, verification, notifications, paySign), plus the sandbox.
        .target(name: "CheckoutWeChat", dependencies: [
            "CheckoutCore", "CheckoutCrypto", "CheckoutHTTPTypes", "CheckoutThreads",
        ]),
        // Mobile QQ: QQ Wallet (XML, MD5), WeChat Pay through QQ's forwarder, the access token.
        .target(name: "CheckoutQQ", dependencies: [
            "CheckoutCore", "CheckoutCrypto", "CheckoutWeChat", "CheckoutHTTP", "CheckoutThreads",
        ]),
        // HTTP <-> domain: controllers, auth, idempotency, error funnel, OpenAPI, config.
        .target(name: "CheckoutAPI", dependencies: [
            "CheckoutCore", "CheckoutCrypto", "CheckoutWeChat", "CheckoutQQ", "CheckoutHTTP", "CheckoutThreads",
            "CheckoutStoreSQLite", "CheckoutStorePostgres", .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "chatcheckout", dependencies: [
            "CheckoutAPI", "CheckoutCore", "CheckoutHTTP",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Test support: in-process and live clients, temp databases, fixtures.
        .target(name: "CheckoutTesting", dependencies: [
            "CheckoutAPI", "CheckoutCore", "CheckoutHTTP", "CheckoutStoreSQLite", "CheckoutStorePostgres", "CheckoutQQ",
            "CheckoutWeChat", "CheckoutCrypto", "CheckoutThreads", "CLinux", .product(name: "Logging", package: "swift-log"),
        ]),

        // The store contract suite: every store behaviour the domain relies on, for any backend.
        .target(name: "CheckoutStoreTesting", dependencies: ["CheckoutCore"]),

        // Fuzz targets (`make fuzz`): libFuzzer with -DFUZZING, else a replay of corpus files.
        .executableTarget(name: "CheckoutFuzz", dependencies: [
            "CheckoutHTTP", "CheckoutCore", "CheckoutCrypto", "CheckoutAPI", "CheckoutWeChat", "CheckoutQQ", "CFuzzer",
        ]),

        // Child process for the SQLite durability test (SIGKILLed mid-commit) and `bench` mode.
        .executableTarget(name: "SQLiteCrashWorker", dependencies: ["CheckoutSQLite", "CheckoutThreads"],
                          path: "Tests/SQLiteCrashWorker"),
        // `make bench-live`: payment commit -> order_paid delay on 1,000 live streams, in process.
        .executableTarget(name: "LiveBench", dependencies: [
            "CheckoutAPI", "CheckoutCore", "CheckoutHTTP", "CheckoutStoreSQLite", "CheckoutTesting", "CheckoutThreads",
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "CheckoutHTTPTests", dependencies: [
            "CheckoutHTTP", "CheckoutThreads", "CheckoutTesting", "COpenSSL",
        ]),
        .testTarget(name: "CheckoutCryptoTests", dependencies: ["CheckoutCrypto"]),
        .testTarget(name: "CheckoutThreadsTests", dependencies: ["CheckoutThreads"]),
        .testTarget(name: "CheckoutSQLiteTests", dependencies: ["CheckoutSQLite", "CheckoutThreads", "CSQLite"]),
        .testTarget(name: "CheckoutStoreSQLiteTests", dependencies: [
            "CheckoutStoreSQLite", "CheckoutStoreTesting", "CheckoutCore", "CheckoutSQLite", "CheckoutThreads",
        ]),
        .testTarget(name: "CheckoutStorePostgresTests", dependencies: [
            "CheckoutStorePostgres", "CheckoutCore", "CheckoutTesting", "CheckoutStoreTesting", "CheckoutThreads",
        ]),
        .testTarget(name: "CheckoutCoreTests", dependencies: [
            "CheckoutCore", "CheckoutStoreSQLite", "CheckoutSQLite", "CheckoutThreads",
        ]),
        .testTarget(name: "CheckoutWeChatTests", dependencies: [
            "CheckoutWeChat", "CheckoutCore", "CheckoutCrypto", "CheckoutHTTPTypes", "CheckoutTesting",
            "CheckoutThreads",
        ]),
        .testTarget(name: "CheckoutQQTests", dependencies: [
            "CheckoutQQ", "CheckoutCore", "CheckoutCrypto", "CheckoutWeChat", "CheckoutTesting", "CheckoutThreads",
        ]),
        .testTarget(name: "CheckoutAPITests", dependencies: [
            "CheckoutAPI", "CheckoutCore", "CheckoutCrypto", "CheckoutHTTP", "CheckoutQQ", "CheckoutThreads",
            "CheckoutWeChat", "CheckoutTesting", "CheckoutSQLite", "CheckoutStoreSQLite", "CheckoutStorePostgres",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "EndToEndTests", dependencies: [
            "CheckoutTesting", "CheckoutHTTP", "CheckoutThreads", "CheckoutWeChat",
        ]),
    ],
    swiftLanguageModes: [.v6]
)

// Every Swift target: a member is visible only in files that import its module, so the
// compiler holds the module graph that the dependencies above declare (make test also builds
// with --explicit-target-dependency-import-check error).
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
