import Finsam
import Foundation
import Testing

/// `.finsam` scripts as Swift Testing tests: each `expect` that does not hold, and each
/// statement that cannot run, is an issue at the script's own file and line, so a team's yearly
/// tables run in `swift test` and a failure points at the line of the script.
///
/// ```swift
/// import FinsamTesting
/// import Testing
///
/// @Test(arguments: FinsamScripts.scripts(in: "../../Examples", relativeTo: #filePath))
/// func script(_ path: String) {
///     FinsamScripts.check(path)
/// }
/// ```
public enum FinsamScripts {
    /// The `.finsam` scripts of `paths` (files, or folders searched, sorted), each path taken
    /// relative to the folder of `file` (pass `#filePath`) unless it is absolute.
    public static func scripts(in paths: String..., relativeTo file: String) -> [String] {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        let resolved = paths.map { $0.hasPrefix("/") ? $0 : folder.appendingPathComponent($0).standardizedFileURL.path }
        return ScriptTester.scripts(in: resolved)
    }

    /// Runs one script in a fresh session over `dataset`, records an issue for each failure at
    /// the script's file, line and column, and returns the report (passed and failed counts).
    /// `dataset` nil: the built-in dataset.
    @discardableResult
    public static func check(_ path: String, dataset: Dataset? = nil) -> ScriptTester.Report {
        let report = (dataset.map(ScriptTester.init(dataset:)) ?? ScriptTester()).run(file: path)
        for failure in report.failures {
            let location = SourceLocation(fileID: "FinsamScripts/" + URL(fileURLWithPath: failure.file).lastPathComponent,
                                          filePath: failure.file, line: max(1, failure.line), column: max(1, failure.column))
            Issue.record(Comment(rawValue: failure.isExpectation ? failure.error.message : failure.error.description), sourceLocation: location)
        }
        return report
    }
}
