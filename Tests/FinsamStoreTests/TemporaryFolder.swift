import Foundation

/// A fresh folder under the system's temporary directory, removed when the value goes.
final class TemporaryFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "finsam-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String, _ contents: String) -> String {
        let file = path + "/" + name
        try! contents.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func file(_ name: String, bytes: [UInt8]) -> String {
        let file = path + "/" + name
        _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }
}
