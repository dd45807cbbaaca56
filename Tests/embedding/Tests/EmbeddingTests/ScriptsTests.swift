import Finsam
import FinsamTesting
import Foundation
import Testing

/// The project's example scripts as Swift Testing tests: a failed `expect` is an issue at the
/// script's line.
@Suite("Example scripts through FinsamTesting")
struct ScriptsTests {
    static let examples = FinsamScripts.scripts(in: "../../../../Examples", relativeTo: #filePath)

    @Test("every example script's expectations hold", arguments: examples)
    func example(_ path: String) {
        let report = FinsamScripts.check(path)
        #expect(report.passed > 0 || path.hasSuffix("tour.finsam"))
    }

    @Test("the examples are found") func found() {
        #expect(Self.examples.count >= 8)
    }

    @Test("a failing expectation is recorded at the script's file and line")
    func failing() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("finsam-failing-\(UUID().uuidString).finsam").path
        try "from deltagare where år = 2018 show count\n\nexpect 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        withKnownIssue {
            FinsamScripts.check(path)
        } matching: { issue in
            issue.sourceLocation?.filePath == path && issue.sourceLocation?.line == 3
        }
        let again = ScriptTester().run(file: path)
        #expect(again.failed == 1 && again.failures.first?.line == 3)
    }
}
