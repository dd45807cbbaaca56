import FinsamDataset
import FinsamStore
import Foundation

/// Runs the `expect` statements of `.finsam` scripts: `finsam test`, and the `FinsamTesting`
/// library that reports each failure to Swift Testing at the script's file and line. One
/// implementation for both, so a script passes or fails alike in a shell and in `swift test`.
public struct ScriptTester: Sendable {
    /// The tables every script starts from (each script in a session of its own).
    public let dataset: Dataset

    /// The language each script's session starts in (Swedish unless set), and of the summary.
    public var language: Language = .sv

    /// A tester of scripts over `dataset` (by default the built-in one).
    public init(dataset: Dataset = BuiltInDataset.shared) { self.dataset = dataset }

    /// A tester whose scripts start in `language`.
    public init(dataset: Dataset, language: Language) {
        self.dataset = dataset
        self.language = language
    }

    /// A statement of a script that failed: an `expect` that did not hold, or any statement
    /// that could not run (which fails the script as well).
    public struct Failure: Sendable {
        /// The script's path, as given.
        public var file: String
        /// The 1-based line and column of the statement (of the error's place when it has one).
        public var line: Int
        /// The 1-based column (1 for an expectation).
        public var column: Int
        /// True for an `expect` that did not hold; false for a statement that could not run.
        public var isExpectation: Bool
        /// The error, with its kind, place and (for an expectation) its mismatched values.
        public var error: FinsamError
        /// The failure as `finsam test` prints it: `file:line: expected …, got …`, or the diagnostic.
        public var text: String
    }

    /// What running scripts gave.
    public struct Report: Sendable {
        /// Expectations that held.
        public var passed = 0
        /// Expectations that did not hold, and statements that failed.
        public var failed = 0
        /// Each failure, in the order of the scripts and their lines.
        public var failures: [Failure] = []
        /// Each failure as `finsam test` prints it.
        public var lines: [String] { failures.map(\.text) }
        /// The language of `summary`.
        public var language: Language = .sv
        /// `N passed, N failed` (`N godkända, N underkända`).
        public var summary: String { Message(.testSummary, passed, failed).render(in: language) }
    }

    /// Scripts named, or found (`*.finsam`, sorted) in folders named; hidden folders are skipped.
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

    /// The 1-based lines of the `expect` statements of a script's text (each statement parsed on
    /// its own, as `Session.runScript` runs them: one that does not parse is not an expectation).
    public static func expectationLines(of text: String, name: String) -> [Int] {
        let source = SourceText(text, name: name)
        return Parser.parseEach(source).compactMap { parsed in
            guard case .success(let statement) = parsed else { return nil }
            switch statement {
            case .expectValue, .expectTable: return source.location(of: statement.span.start).line
            default: return nil
            }
        }
    }

    /// Runs every script of `paths` (files, or folders searched for `*.finsam`).
    public func run(_ paths: [String]) -> Report {
        var report = Report()
        report.language = language
        for file in Self.scripts(in: paths) {
            let one = run(file: file)
            report.passed += one.passed
            report.failed += one.failed
            report.failures += one.failures
        }
        return report
    }

    /// Runs one script in a fresh session, going on after failures.
    public func run(file: String) -> Report {
        var report = Report()
        report.language = language
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            var error = FinsamError(Message(.cannotReadFile), kind: .load).in(language)
            error.file = file
            report.failed = 1
            report.failures = [Failure(file: file, line: 1, column: 1, isExpectation: false, error: error, text: error.description)]
            return report
        }
        let session = Session(dataset: dataset)
        session.display.locale = DisplayLocale(language: language)
        for outcome in session.runScript(text, name: file) {
            switch outcome.result {
            case .success:
                if outcome.isExpectation { report.passed += 1 }
            case .failure(let error):
                report.failed += 1
                let place = error.location ?? (outcome.line, 1)
                let text = outcome.isExpectation ? "\(file):\(outcome.line): \(error.message)" : error.description
                report.failures.append(Failure(file: file, line: outcome.isExpectation ? outcome.line : place.line,
                                               column: outcome.isExpectation ? 1 : place.column, isExpectation: outcome.isExpectation,
                                               error: error, text: text))
            }
        }
        return report
    }
}
