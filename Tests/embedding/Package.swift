// swift-tools-version:6.0
// A package that depends on finsam by path, as an embedder's would: it proves that the library
// builds on its own (no libedit, no ArgumentParser), that `import Foundation` beside
// `import Finsam` leaves no name ambiguous, that a Session is shared safely in Swift 6 language
// mode, and that FinsamTesting runs the project's example scripts. Warnings are errors here.
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder ("finsam", "main", a CI's clone), not after
// the name in its manifest: read the folder's name here.
let finsam = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let package_ = finsam.lastPathComponent.lowercased()

let package = Package(
    name: "FinsamEmbedding",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: finsam.path)],
    targets: [
        .testTarget(
            name: "EmbeddingTests",
            dependencies: [.product(name: "Finsam", package: package_), .product(name: "FinsamTesting", package: package_)],
            swiftSettings: [.unsafeFlags(["-warnings-as-errors"])]
        ),
        // `swift run -c release session-timing`: the time of Session(), first and second in a process.
        .executableTarget(
            name: "session-timing",
            dependencies: [.product(name: "Finsam", package: package_)],
            swiftSettings: [.unsafeFlags(["-warnings-as-errors"])]
        ),
    ]
)
