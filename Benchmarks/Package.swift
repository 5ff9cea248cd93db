// swift-tools-version:6.2
// Benchmark peers and tools: never a dependency of the product (see ../Package.swift).
import PackageDescription

let package = Package(
    name: "ChatCheckoutBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    ],
    targets: [
        // Hummingbird 2 serving the routes ChatCheckout is compared on.
        .executableTarget(name: "HummingbirdPeer", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
