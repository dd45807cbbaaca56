// swift-tools-version:6.0
// A package that depends on finsam by path, as an embedder's would: it proves that the library
// builds on its own (no libedit, no ArgumentParser), that `import Foundation` beside
// `import Finsam` leaves no name ambiguous, and that the API serves a first test.
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder ("finsam", "main", a CI's clone), not after
// the name in its manifest: read the folder's name here.
let finsam = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "FinsamEmbedding",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: finsam.path)],
    targets: [
        .testTarget(name: "EmbeddingTests", dependencies: [.product(name: "Finsam", package: finsam.lastPathComponent.lowercased())]),
    ]
)
