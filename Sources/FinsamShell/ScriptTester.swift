import Finsam
import FinsamStore
import Foundation

/// `finsam test`: runs the `expect` statements of scripts; each failure as
/// `file:line: expected … got …`, then `N passed, N failed`.
public struct ScriptTester {
    public let dataset: Dataset
    public init(dataset: Dataset) { self.dataset = dataset }

    public struct Report: Sendable {
        public var passed = 0
        public var failed = 0
        public var lines: [String] = []
        public var summary: String { "\(passed) passed, \(failed) failed" }
    }

    /// Scripts named, or found (`*.finsam`) in folders named.
    public static func scripts(in paths: [String]) -> [String] {
        var found: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { found.append(path); continue }
            if isDirectory.boolValue {
                // Hidden folders (.build, .git) are skipped.
                let root = URL(fileURLWithPath: path)
                let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])?
                    .compactMap { $0 as? URL }.filter { $0.pathExtension == "finsam" }
                    .map { (path.hasSuffix("/") ? path : path + "/") + $0.path.dropFirst(root.path.count + 1) }.sorted() ?? []
                found += files
            } else {
                found.append(path)
            }
        }
        return found
    }

    public func run(_ paths: [String]) -> Report {
        var report = Report()
        for file in Self.scripts(in: paths) {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                report.failed += 1
                report.lines.append("\(file): error: cannot read the file")
                continue
            }
            let session = Session(dataset: dataset)
            for outcome in session.runScript(text, name: file) {
                switch outcome.result {
                case .success:
                    if outcome.isExpectation { report.passed += 1 }
                case .failure(let error):
                    report.failed += 1
                    if outcome.isExpectation {
                        report.lines.append("\(file):\(outcome.line): \(error.message)")
                    } else {
                        report.lines.append(error.description)
                    }
                }
            }
        }
        return report
    }
}
