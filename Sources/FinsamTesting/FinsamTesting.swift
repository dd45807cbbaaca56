import Finsam
import Foundation
import Testing

/// `.finsam` scripts as Swift Testing tests: each `expect` that does not hold, and each
/// statement that cannot run, is an issue at the script's own file and line, so a team's yearly
/// tables run in `swift test` and a failure points at the line of the script.
///
/// One test case per expectation:
///
/// ```swift
/// import FinsamTesting
/// import Testing
///
/// @Test(arguments: FinsamScripts.expectations(in: "../../Tabeller", relativeTo: #filePath))
/// func tabell(_ expectation: ScriptExpectation) {
///     FinsamScripts.check(expectation)
/// }
/// ```
///
/// or one per script, with `scripts(in:relativeTo:)` and `check(_:dataset:)`.
public enum FinsamScripts {
    /// The `.finsam` scripts of `paths` (files, or folders searched, sorted), each path taken
    /// relative to the folder of `file` (pass `#filePath`) unless it is absolute.
    public static func scripts(in paths: String..., relativeTo file: String) -> [String] {
        scripts(paths, relativeTo: file)
    }

    /// The `expect` statements of the scripts of `paths` (as in `scripts(in:relativeTo:)`), one
    /// test case each. A script without one, or that cannot be read, is one case at its line 1.
    public static func expectations(in paths: String..., relativeTo file: String) -> [ScriptExpectation] {
        scripts(paths, relativeTo: file).flatMap { path -> [ScriptExpectation] in
            let lines = (try? String(contentsOfFile: path, encoding: .utf8)).map { ScriptTester.expectationLines(of: $0, name: path) } ?? []
            guard !lines.isEmpty else { return [ScriptExpectation(path: path, line: 1, after: 0, isLast: true)] }
            return lines.indices.map { i in
                ScriptExpectation(path: path, line: lines[i], after: i == 0 ? 0 : lines[i - 1], isLast: i == lines.count - 1)
            }
        }
    }

    /// Runs one script in a fresh session over `dataset`, records an issue for each failure at
    /// the script's file, line and column, and returns the report (passed and failed counts).
    /// `dataset` nil: the built-in dataset.
    @discardableResult
    public static func check(_ path: String, dataset: Dataset? = nil) -> ScriptTester.Report {
        let report = (dataset.map(ScriptTester.init(dataset:)) ?? ScriptTester()).run(file: path)
        report.failures.forEach(record)
        return report
    }

    /// Checks one expectation: its script runs once per process (over the built-in dataset), and
    /// the failures of the statements from the expectation before it up to this one — this `expect`,
    /// and a query before it that could not run — are issues at their lines.
    public static func check(_ expectation: ScriptExpectation) {
        let report = Reports.shared.report(expectation.path)
        report.failures.filter { expectation.covers($0.line) }.forEach(record)
    }

    private static func scripts(_ paths: [String], relativeTo file: String) -> [String] {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        return ScriptTester.scripts(in: paths.map { $0.hasPrefix("/") ? $0 : folder.appendingPathComponent($0).standardizedFileURL.path })
    }

    private static func record(_ failure: ScriptTester.Failure) {
        let location = SourceLocation(fileID: "FinsamScripts/" + URL(fileURLWithPath: failure.file).lastPathComponent,
                                      filePath: failure.file, line: max(1, failure.line), column: max(1, failure.column))
        Issue.record(Comment(rawValue: failure.isExpectation ? failure.error.message : failure.error.description), sourceLocation: location)
    }

    /// Each script's report, made on first use: its expectations' test cases read one run.
    private final class Reports: @unchecked Sendable {
        // @unchecked: `reports` is only touched while `lock` is held.
        static let shared = Reports()
        private let lock = NSLock()
        private var reports: [String: ScriptTester.Report] = [:]

        func report(_ path: String) -> ScriptTester.Report {
            lock.withLock {
                if let known = reports[path] { return known }
                let report = ScriptTester().run(file: path)
                reports[path] = report
                return report
            }
        }
    }
}

/// An `expect` statement of a script, as a test case: its script and line.
public struct ScriptExpectation: Sendable, Hashable, CustomTestStringConvertible {
    /// The script's path.
    public let path: String
    /// The 1-based line where the `expect` starts.
    public let line: Int
    /// The line of the expectation before it (0: none): its case covers the statements between.
    let after: Int
    /// The script's last expectation covers the statements after it too.
    let isLast: Bool

    /// `a_malgrupper.finsam:12`.
    public var testDescription: String { "\(URL(fileURLWithPath: path).lastPathComponent):\(line)" }

    func covers(_ failureLine: Int) -> Bool { failureLine > after && (failureLine <= line || isLast) }
}
