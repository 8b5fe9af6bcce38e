// swift-tools-version:6.0
import PackageDescription

// Galen: clinical deep learning in Swift. Module ladder (see ARCHITECTURE.md):
// CBLAS, CGalenPlatform <- GalenTensor <- GalenNN <- domain modules <- galen CLI.
let package = Package(
    name: "Galen",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "GalenTensor", targets: ["GalenTensor"]),
        .library(name: "GalenNN", targets: ["GalenNN"]),
        .executable(name: "galen", targets: ["galen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .target(name: "CGalenPlatform", path: "Sources/CGalenPlatform"),
        .target(
            name: "GalenTensor",
            dependencies: [
                .target(name: "CBLAS", condition: .when(platforms: [.linux])),
                "CGalenPlatform",
            ]
        ),
        .target(name: "GalenNN", dependencies: ["GalenTensor"]),
        .executableTarget(
            name: "galen",
            dependencies: [
                "GalenTensor", "GalenNN",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "galen-bench", dependencies: ["GalenTensor", "GalenNN"], path: "bench/galen-bench"),
        .testTarget(name: "GalenTensorTests", dependencies: ["GalenTensor"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GalenNNTests", dependencies: ["GalenNN"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v5]
)
