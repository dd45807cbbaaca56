import Finsam
import Foundation
import Testing

/// The scripts of Examples/ run as tests: every statement succeeds, every expect holds.
@Suite("Examples/ scripts")
struct ExamplesTests {
    static let scripts = ((try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Examples").path)) ?? [])
        .filter { $0.hasSuffix(".finsam") }.sorted()

    @Test("every script runs and its expectations hold", arguments: scripts)
    func script(_ name: String) {
        let session = Session(dataset: builtIn)
        let outcomes = session.runScript(read("Examples/" + name), name: "Examples/" + name)
        #expect(!outcomes.isEmpty)
        for outcome in outcomes {
            if case .failure(let error) = outcome.result { Issue.record("\(error)") }
        }
    }

    @Test("the published tables are covered by 40 or more expectations")
    func enoughExpectations() {
        var count = 0
        for name in Self.scripts {
            count += Session(dataset: builtIn).runScript(read("Examples/" + name), name: name).filter(\.isExpectation).count
        }
        #expect(Self.scripts.contains("tour.finsam"))
        #expect(Set(["a", "b", "c", "d", "e"]).isSubset(of: Set(Self.scripts.map { String($0.prefix(1)) })))
        #expect(count >= 40, "\(count) expectations")
    }

    @Test("an expectation that does not hold fails, with the difference")
    func failingExpectation() throws {
        let session = Session(dataset: builtIn)
        let outcomes = session.runScript("""
            from deltagare where år = 2018 show count by registrering
            expect
            | registrering | count  |
            | anonym       | 1 706  |
            from deltagare where år = 2018 show count
            expect 32716
            """, name: "t.finsam")
        let failures = outcomes.compactMap { if case .failure(let e) = $0.result { e } else { nil } }
        #expect(failures.count == 2)
        #expect(failures.first?.message.contains("anonym, count: förväntade 1 706, fick 1 705") == true, "\(failures)")
        #expect(failures.last?.message == "förväntade 32 716, fick 32 715")
        #expect(failures.last?.in(.en).message == "expected 32 716, got 32 715")
    }
}

/// Every example in the grammar, the README and the language brief parses (and the brief's
/// examples run), so none can drift from the implementation.
@Suite("Documented examples")
struct DocumentedExamplesTests {
    static let documents = ["Grammar/grammar.md", "README.md"]

    @Test("the finsam code blocks of the grammar and README parse and run", arguments: documents)
    func documented(_ path: String) throws {
        let blocks = finsamBlocks(in: read(path))
        #expect(!blocks.isEmpty, "\(path) has no ```finsam blocks")
        for block in blocks {
            let session = Session(dataset: builtIn)
            for outcome in session.runScript(block, name: path) {
                if case .failure(let error) = outcome.result { Issue.record("\(path): \(error)") }
            }
        }
    }

    @Test("the brief's examples marked must run as written")
    func brief() throws {
        let examples = [
            "from deltagare where år = 2018 show count by registrering",
            "from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by åldersgrupp compare kön",
            "from deltagare where registrering = personuppgifter show count, share(ung) by kön compare år 2017 vs 2018",
            "from deltagare where försörjning_start has aktivitetsersättning show individer by år across kön",
            "from deltagare where år = 2018 and registrering = personuppgifter show count, share(arbete_studier_slut) by förbund.län",
            "from insatser where år = 2018 show count by typ, inriktning",
            "from kommuner where förbund is empty show count by län",
            "from deltagare where slutår = 2018 and registrering = personuppgifter show count\nexpect 9590",
        ]
        for example in examples {
            let session = Session(dataset: builtIn)
            let outputs = try session.run(example)
            #expect(outputs.contains { if case .table = $0 { true } else { false } }, "\(example)")
        }
    }
}
