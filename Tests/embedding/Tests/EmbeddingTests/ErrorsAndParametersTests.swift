import Finsam
import Foundation
import Testing

/// Errors as values (kind, place, parts), bound parameters, and a read-only session.
@Suite("Errors, parameters, read-only")
struct ErrorsAndParametersTests {
    /// The error a statement fails with (Issue when it fails with another type).
    func failure(_ body: () throws -> Void) -> FinsamError? {
        do { try body(); return nil } catch let error as FinsamError { return error } catch {
            Issue.record("not a FinsamError: \(error)")
            return nil
        }
    }

    @Test("a failed expectation carries what was expected and what the result holds")
    func expectation() throws {
        let session = Session()
        let error = try #require(failure { try session.run("from deltagare where år = 2018 show count\nexpect 32 000") })
        #expect(error.kind == .expectation)
        #expect(error.location?.line == 2)
        let mismatch = try #require(error.mismatches.first)
        #expect(mismatch.expected == 32000)
        #expect(mismatch.actual == .count(32715))
        let table = try #require(failure {
            try session.run("""
            from deltagare where år = 2018 and registrering = personuppgifter show count by kön
            expect
            | kön    | count |
            | kvinna | 9 000 |
            """)
        })
        #expect(table.mismatches.map(\.row) == [["kvinna"]])
        #expect(table.mismatches.first?.column == "count")
        #expect(table.mismatches.first?.expected == 9000)
    }

    @Test("a load error keeps its file, line and column through the session")
    func loadPlace() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finsam-embedding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("kommuner.csv").path
        try "kod,namn,län\n0114,Upplands Väsby,Stockholms län\n0115,\"Vallentuna,Stockholms län\n".write(toFile: file, atomically: true, encoding: .utf8)
        let error = try #require(failure { try Session().run("load kommuner from \"\(file)\"") })
        #expect(error.kind == .load)
        #expect(error.file == file)
        #expect(error.fileLine != nil)
    }

    @Test("$name parameters: the same answer as the literal, checked like one, never pasted")
    func parameters() throws {
        let session = Session()
        let literal = try session.query("from deltagare where kön = kvinna and år = 2018 show count")
        let bound = try session.query("from deltagare where kön = $kön and år = $år show count", ["kön": "kvinna", "år": 2018])
        #expect(bound.scalar == literal.scalar)
        let listed = try session.query("from deltagare where år in ($a, $b) show count by år", ["a": 2017, "b": 2018])
        #expect(listed.rows.filter { !$0.isTotal }.count == 2)
        let compared = try session.query("from deltagare where registrering = personuppgifter show count compare år $från vs $till",
                                         ["från": 2017, "till": 2018])
        #expect(compared.value(row: [], measure: .count, pivot: 2018) != nil)
        #expect(compared.difference(row: [], measure: .count) != nil)
        let ranged = try session.query("from deltagare where år in $från..$till show count", ["från": 2017, "till": 2018])
        #expect(ranged.scalar == (try session.query("from deltagare where år in 2017..2018 show count")).scalar)
        let has = try session.query("from deltagare where försörjning_start has $stöd show count", ["stöd": "sjukpenning"])
        #expect(has.scalar == (try session.query("from deltagare where försörjning_start has sjukpenning show count")).scalar)
        let dated = try session.query("from deltagare where startdatum >= $dag show count", ["dag": .date(year: 2018, month: 1, day: 1)])
        #expect(dated.scalar == (try session.query("from deltagare where startdatum >= 2018-01-01 show count")).scalar)
        // A value is one literal: text that would be syntax stays a value, and is not one of kön's.
        let injected = failure { _ = try session.query("from deltagare where kön = $kön show count", ["kön": "kvinna show count by förbund"]) }
        #expect(injected?.kind == .unknownValue)
        let typed = failure { _ = try session.query("from deltagare where år = $år show count", ["år": "tjugohundra"]) }
        #expect(typed != nil && typed?.kind != .parameter)
        let missing = failure { _ = try session.query("from deltagare where kön = $kön show count") }
        #expect(missing?.kind == .parameter)
        #expect(missing?.location?.column == 28)
        let unused = failure { _ = try session.query("from deltagare where kön = $kön show count", ["kön": "man", "år": 2018]) }
        #expect(unused?.kind == .parameter)
        // validate and sql take them too: checked, not run.
        #expect(failure { try session.validate("from deltagare where kön = $kön show count", parameters: ["kön": "kvina"]) }?.kind == .unknownValue)
        #expect(try session.sql("from deltagare where kön = $kön show count", parameters: ["kön": "kvinna"]).contains("kvinna"))
        let asName = failure { _ = try session.query("from deltagare show count by $kolumn", ["kolumn": "kön"]) }
        #expect(asName?.kind == .parameter)
    }

    @Test("a read-only session refuses load and export, and runs queries")
    func readOnly() throws {
        let session = Session(readOnly: true)
        #expect(session.isReadOnly)
        #expect(try session.query("from förbund show count").scalar != nil)
        let load = failure { try session.run("load kommuner from \"/etc/passwd\"") }
        #expect(load?.kind == .readOnly)
        #expect(load?.location?.line == 1)
        let export = failure { try session.run("from förbund show count\nexport to \"/tmp/finsam-read-only.csv\"") }
        #expect(export?.kind == .readOnly)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/finsam-read-only.csv"))
        #expect(!session.completions(before: "load kommuner from \"/").candidates.contains { $0.hasPrefix("/") })
    }
}
