import Finsam
import FinsamTesting
import Foundation
import Testing

/// The project's example scripts as Swift Testing tests, one case per `expect`; a failed
/// `expect` is an issue at the script's line.
@Suite("Example scripts through FinsamTesting")
struct ScriptsTests {
    static let examples = FinsamScripts.expectations(in: "../../../../Examples", relativeTo: #filePath)

    @Test("every expectation of the example scripts holds", arguments: examples)
    func example(_ expectation: ScriptExpectation) {
        FinsamScripts.check(expectation)
    }

    @Test("the examples' expectations are found, as finsam test counts them") func found() {
        let scripts = FinsamScripts.scripts(in: "../../../../Examples", relativeTo: #filePath)
        #expect(scripts.count >= 8)
        #expect(Set(Self.examples.map(\.path)) == Set(scripts))
        let report = ScriptTester().run(scripts)
        #expect(report.failed == 0)
        #expect(Self.examples.count >= report.passed)
    }

    @Test("a failing expectation is recorded at the script's file and line, per script and per expectation")
    func failing() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("finsam-failing-\(UUID().uuidString).finsam").path
        try "from deltagare where år = 2018 show count\nexpect 32715\nfrom deltagare where kön = kvina show count\nexpect 1\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        withKnownIssue {
            FinsamScripts.check(path)
        } matching: { issue in
            issue.sourceLocation?.filePath == path && [3, 4].contains(issue.sourceLocation?.line)
        }
        let cases = FinsamScripts.expectations(in: path, relativeTo: #filePath)
        #expect(cases.map(\.line) == [2, 4])
        FinsamScripts.check(cases[0])
        withKnownIssue {
            FinsamScripts.check(cases[1])
        } matching: { issue in
            // The query that could not run (line 3, column 28) and the expect after it (line 4).
            issue.sourceLocation?.filePath == path && (issue.sourceLocation?.line == 4 || issue.sourceLocation?.column == 28)
        }
        let report = ScriptTester().run(file: path)
        #expect(report.passed == 1 && report.failures.map(\.line) == [3, 4])
    }
}
