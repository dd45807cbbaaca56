// swift-tools-version:6.0
import PackageDescription

// Layers, dependencies pointing one way:
//   FinsamStore (columns, tables, CSV)  <-  FinsamDataset (built-in synthetic data)
//   <-  Finsam (the language and the embeddable Session)  <-  FinsamShell (the REPL's logic)
//   <-  finsam (command line), with LineEditing (libedit) for the terminal.
// FinsamTesting (scripts' expect statements in Swift Testing) stands on Finsam alone.
// The store knows nothing of the language; the engine knows nothing of terminals.
let package = Package(
    name: "finsam",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Finsam", targets: ["Finsam"]),
        // .finsam scripts' expectations as Swift Testing issues at the scripts' lines.
        .library(name: "FinsamTesting", targets: ["FinsamTesting"]),
        .executable(name: "finsam", targets: ["finsam"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // .xlsx workbooks are ZIP archives of XML parts.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Import profiles are YAML a user writes by hand (comments, no braces); Yams is libyaml's Swift face.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // `make docs`: the DocC catalogue of Sources/Finsam (a command plugin; nothing of it is linked).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(name: "FinsamStore", dependencies: [
            .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "FinsamDataset", dependencies: ["FinsamStore"]),
        .target(name: "Finsam", dependencies: ["FinsamStore", "FinsamDataset"]),
        .target(name: "FinsamTesting", dependencies: ["Finsam", "FinsamStore"]),
        .target(name: "FinsamShell", dependencies: ["Finsam", "FinsamStore"]),
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "CEditLineShim", dependencies: ["CLibEdit"]),
        .target(name: "LineEditing", dependencies: ["CEditLineShim", "FinsamShell", "FinsamStore"]),
        .executableTarget(
            name: "finsam",
            dependencies: [
                "Finsam", "FinsamStore", "FinsamShell", "LineEditing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FinsamStoreTests", dependencies: ["FinsamStore", "FinsamDataset", "FinsamTesting"], exclude: ["Snapshots", "Fixtures"]),
        .testTarget(name: "FinsamTests", dependencies: ["Finsam", "FinsamStore", "FinsamTesting"], exclude: ["Snapshots"]),
        .testTarget(name: "FinsamShellTests", dependencies: ["FinsamShell", "FinsamStore", "FinsamTesting"]),
        .testTarget(name: "FinsamDatasetTests", dependencies: ["Finsam", "FinsamDataset", "FinsamStore", "FinsamTesting"]),
        .testTarget(name: "FinsamDifferentialTests", dependencies: ["Finsam", "FinsamDataset", "FinsamStore"]),
    ]
)
