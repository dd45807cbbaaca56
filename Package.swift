// swift-tools-version:6.0
import PackageDescription

// Layers, dependencies pointing one way:
//   FinsamStore (columns, tables, CSV)  <-  FinsamDataset (built-in synthetic data)
//   <-  Finsam (the embeddable library)  <-  finsam (command line)
// The store knows nothing of the language; the language will live in Finsam.
let package = Package(
    name: "finsam",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Finsam", targets: ["Finsam"]),
        .executable(name: "finsam", targets: ["finsam"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "FinsamStore"),
        .target(name: "FinsamDataset", dependencies: ["FinsamStore"]),
        .target(name: "Finsam", dependencies: ["FinsamStore", "FinsamDataset"]),
        .executableTarget(
            name: "finsam",
            dependencies: [
                "Finsam",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FinsamStoreTests", dependencies: ["FinsamStore", "FinsamDataset"], exclude: ["Snapshots"]),
        .testTarget(name: "FinsamTests", dependencies: ["Finsam"], exclude: ["Snapshots"]),
        .testTarget(name: "FinsamDatasetTests", dependencies: ["Finsam", "FinsamDataset", "FinsamStore"]),
    ]
)
