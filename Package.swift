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
        .library(name: "GalenData", targets: ["GalenData"]),
        .library(name: "GalenClinical", targets: ["GalenClinical"]),
        .executable(name: "galen", targets: ["galen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .target(
            name: "CGalenPlatform",
            dependencies: [.target(name: "CBLAS", condition: .when(platforms: [.linux]))],
            path: "Sources/CGalenPlatform",
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux])),
                             .linkedFramework("Accelerate", .when(platforms: [.macOS, .iOS]))]
        ),
        .target(
            name: "GalenTensor",
            dependencies: ["CGalenPlatform"]
        ),
        .target(name: "GalenNN", dependencies: ["GalenTensor"]),
        .target(name: "GalenData", dependencies: ["GalenTensor"]),
        .target(name: "GalenClinical", dependencies: ["GalenNN", "GalenData"]),
        .executableTarget(
            name: "galen",
            dependencies: [
                "GalenTensor", "GalenNN", "GalenData", "GalenClinical",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "galen-bench", dependencies: ["GalenTensor", "GalenNN"], path: "bench/galen-bench"),
        .executableTarget(name: "galen-csv-bench", dependencies: ["GalenData", "GalenTensor"], path: "bench/csv"),
        .testTarget(name: "GalenTensorTests", dependencies: ["GalenTensor"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GalenNNTests", dependencies: ["GalenNN"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GalenDataTests", dependencies: ["GalenData"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GalenClinicalTests", dependencies: ["GalenClinical"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v5]
)
