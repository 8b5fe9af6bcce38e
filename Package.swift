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
        .library(name: "GalenModels", targets: ["GalenModels"]),
        .library(name: "GalenBundle", targets: ["GalenBundle"]),
        .library(name: "GalenTabular", targets: ["GalenTabular"]),
        .library(name: "GalenImaging", targets: ["GalenImaging"]),
        .library(name: "GalenPrivacy", targets: ["GalenPrivacy"]),
        .library(name: "GalenServe", targets: ["GalenServe"]),
        .library(name: "GalenSearch", targets: ["GalenSearch"]),
        .library(name: "GalenText", targets: ["GalenText"]),
        .library(name: "GalenSequence", targets: ["GalenSequence"]),
        .executable(name: "galen", targets: ["galen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
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
        .target(name: "GalenData", dependencies: ["GalenTensor", "CPNG", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "GalenClinical", dependencies: ["GalenNN", "GalenData"]),
        .target(name: "GalenModels", dependencies: ["GalenNN"]),
        .target(name: "GalenPrivacy", dependencies: ["GalenNN", "GalenData", .product(name: "Crypto", package: "swift-crypto"),
                                                    .product(name: "Yams", package: "Yams")],
                resources: [.copy("Resources")]),
        .target(name: "GalenTabular", dependencies: ["GalenData", "GalenClinical", "GalenModels", "GalenBundle", "GalenPrivacy"]),
        // Knowledge search: BM25, exact dense cosine and hybrid retrieval over document collections (ICD-10-CM).
        .target(name: "GalenSearch", dependencies: ["GalenData", "GalenModels", "GalenBundle", "GalenTensor"]),
        // Text classification: MiniLM embeddings (frozen or top layers fine-tuned) + MLP head, evaluated as tables are.
        // Also the MiniLM PHI tagger (token classification), a span source for GalenPrivacy's scanner.
        .target(name: "GalenText", dependencies: ["GalenData", "GalenClinical", "GalenModels", "GalenBundle", "GalenNN", "GalenTensor",
                                                 "GalenPrivacy"],
                resources: [.copy("Resources")]),
        .target(name: "GalenImaging", dependencies: ["GalenData", "GalenClinical", "GalenModels", "GalenBundle",
                                                    .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // Patient-history sequence models: OMOP / event-CSV cohorts, vocabularies, LSTM/GRU/transformer, bag-of-codes baseline.
        .target(name: "GalenSequence", dependencies: ["GalenData", "GalenClinical", "GalenNN", "GalenBundle"]),
        .target(name: "GalenBundle", dependencies: ["GalenNN", "CGalenPlatform", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "GalenServe",
            dependencies: [
                "GalenTabular", "GalenData", "GalenBundle", "GalenPrivacy", "GalenTensor", "GalenNN",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "galen",
            dependencies: [
                "GalenTensor", "GalenNN", "GalenData", "GalenClinical", "GalenModels", "GalenBundle", "GalenTabular", "GalenPrivacy",
                "GalenServe", "GalenSearch", "GalenImaging", "GalenText", "GalenSequence",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "galen-bench", dependencies: ["GalenTensor", "GalenNN", "GalenModels"], path: "bench/galen-bench"),
        .executableTarget(name: "galen-csv-bench", dependencies: ["GalenData", "GalenTensor"], path: "bench/csv"),
        .testTarget(name: "GalenTensorTests", dependencies: ["GalenTensor"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GalenNNTests", dependencies: ["GalenNN"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GalenDataTests", dependencies: ["GalenData"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GalenModelsTests", dependencies: ["GalenModels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GalenSearchTests", dependencies: ["GalenSearch", "GalenData", "GalenTensor"]),
        .testTarget(name: "GalenTextTests", dependencies: ["GalenText", "GalenModels", "GalenData", "GalenNN", "GalenTensor", "GalenBundle", "GalenClinical",
                                                       "GalenPrivacy"]),
        .testTarget(name: "GalenBundleTests", dependencies: ["GalenBundle"]),
        .testTarget(name: "GalenTabularTests", dependencies: ["GalenTabular"]),
        .testTarget(name: "GalenImagingTests", dependencies: ["GalenImaging", "GalenData", "GalenClinical", "GalenNN", "GalenTensor", "GalenBundle",
                                                          .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "GalenPrivacyTests", dependencies: ["GalenPrivacy", "GalenTabular"], resources: [.copy("Fixtures")]),
        // Runs the built `galen` binary (swift build --build-tests builds it too).
        .testTarget(name: "GalenCLITests", dependencies: ["galen", "GalenData", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(
            name: "GalenServeTests",
            dependencies: [
                "GalenServe", "GalenTabular", "GalenData", "GalenBundle", "GalenClinical", "GalenPrivacy",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "GalenSequenceTests", dependencies: ["GalenSequence", "GalenData", "GalenNN", "GalenTensor", "GalenBundle"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "GalenClinicalTests", dependencies: ["GalenClinical"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v5]
)
