import Finsam
import FinsamStore
import Foundation
import Testing

/// Diagnostics are values: every error has a kind and a place, and its parts render the text.
@Suite("Error kinds")
struct ErrorKindTests {
    static let cases: [(String, FinsamError.Kind)] = [
        ("from deltagare where kön = kvina", .unknownValue),
        ("from deltagare show count compare år 2017 vs 2035", .unknownValue),
        ("from deltagre show count", .unknownName),
        ("from deltagare show count by kn", .unknownName),
        ("from deltagare show cuont", .unknownName),
        ("set formatt csv", .unknownName),
        ("from deltagare where avslutsorsak = \"fortsatt", .openQuote),
        ("from deltagare where (kön = kvinna show count", .syntax),
        ("frm deltagare", .syntax),
        ("from deltagare show mean(kön)", .type),
        ("from deltagare where försörjning_start = sjukpenning", .type),
        ("from deltagare show count\nexpect 5", .expectation),
        ("load deltagare from \"/nonexistent/deltagare.csv\"", .load),
        ("from deltagare list kön, ålder", .suppressionRefused),
        ("from deltagare where kön = $kön show count", .parameter),
        ("from deltagare show count by $kön", .parameter),
    ]

    @Test("each error says its kind", arguments: cases.indices)
    func kinds(_ i: Int) {
        let (text, kind) = Self.cases[i]
        do {
            try Session(dataset: builtIn).run(text)
            Issue.record("\(text) should fail")
        } catch {
            #expect(error.kind == kind, "\(text): \(error.kind) — \(error.message)")
            #expect(error.location != nil || kind == .load, "\(text) has a place")
        }
    }

    @Test("a load error keeps its file, line and column through the session")
    func loadPlace() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finsam-kinds-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let session = Session(dataset: builtIn)
        try session.run("set suppress off")
        let out = folder.appendingPathComponent("deltagare.csv").path
        // The built-in rows as a file, with one value broken on its third line.
        var text = try String(contentsOfFile: try written(session, to: folder), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        text = ([String(lines[0]), String(lines[1]), String(lines[2]).replacingOccurrences(of: ",kvinna,", with: ",kvina,").replacingOccurrences(of: ",man,", with: ",kvina,")]
                + lines.dropFirst(3).map(String.init)).joined(separator: "\n")
        try text.write(toFile: out, atomically: true, encoding: .utf8)
        do {
            try session.run("load deltagare from \"\(out)\"")
            Issue.record("the broken file loaded")
        } catch {
            #expect(error.kind == .load)
            #expect(error.file == out)
            #expect(error.location?.line == 3)
            #expect((error.location?.column ?? 0) > 1)
            #expect(error.description.hasPrefix("\(out):3:"))
            #expect(error.description.contains("^"), "a caret under the field")
            #expect(error.hint == "menade du 'kvinna'?")
            #expect(error.in(.en).hint == "did you mean 'kvinna'?")
        }
    }

    /// The built-in deltagare table written in the project's CSV format.
    func written(_ session: Session, to folder: URL) throws -> String {
        let path = folder.appendingPathComponent("original").path
        try CSVWriter.write(session.dataset, to: path)
        return path + "/deltagare.csv"
    }

    @Test("the parts render the text; a plain style adds nothing")
    func parts() {
        let error = FinsamError("unknown value 'kvina' for kön", at: SourceSpan(27, 32),
                                in: SourceText("from deltagare where kön = kvina", name: "<q>"), hint: "did you mean 'kvinna'?", kind: .unknownValue).in(.en)
        #expect(error.render(style: .plain) == error.description)
        let marked = error.render(style: FinsamError.Style(label: { "[\($0)]" }, caret: { "{\($0)}" }, hint: { "<\($0)>" }))
        #expect(marked.hasPrefix("<q>:1:28: [error:] unknown value"))
        #expect(marked.contains("{   | "))
        #expect(marked.hasSuffix("<  hint: did you mean 'kvinna'?>"))
    }
}
