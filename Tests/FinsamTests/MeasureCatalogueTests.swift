import Finsam
import FinsamStore
import Foundation
import Testing

/// The measure catalogue's proof: stddev, variance and cv, added through it alone, in both
/// engines, with suppression, SQL, help, completion and the parser's messages.
@Suite("Measure catalogue")
struct MeasureCatalogueTests {
    /// The ages of the deltaganden that ended in 2018, by kön, computed here from the rows.
    func ages(kön: String) -> [Double] {
        let t = builtIn.deltagare
        let ålder = t.ints("ålder"), slutår = t.ints("slutår"), sex = t.codes("kön")
        guard case .category(let categories) = t.column("kön")!.schema.type, let code = categories.code(of: kön) else { return [] }
        return ålder.indices.compactMap { r in
            ålder[r] != Missing.int && sex[r] == code && slutår[r] == 2018 ? Double(ålder[r]) : nil
        }
    }

    @Test("stddev, variance and cv match the rows, on both engines")
    func spread() throws {
        for engine in [Session.Engine.automatic, .general] {
            let s = Session(dataset: builtIn)
            s.engine = engine
            try s.run("set suppress off")
            let table = try s.query("from deltagare where slutår = 2018 show stddev(ålder), variance(ålder), cv(ålder) by kön")
            for kön in ["kvinna", "man"] {
                let x = ages(kön: kön)
                let n = Double(x.count), mean = x.reduce(0, +) / n
                let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
                let row = try #require(table.row([kön]))
                let values = [1, 2, 3].map { row.cells[$0].value ?? .nan }
                #expect(abs(values[0] - variance.squareRoot()) < 1e-9, "\(engine) \(kön) stddev")
                #expect(abs(values[1] - variance) < 1e-7, "\(engine) \(kön) variance")
                #expect(abs(values[2] - variance.squareRoot() / mean) < 1e-12, "\(engine) \(kön) cv")
            }
        }
    }

    @Test("the grammar's measure production names every measure of the catalogue, and no other")
    func grammarListsTheCatalogue() throws {
        let grammar = read("Grammar/grammar.md")
        let start = try #require(grammar.range(of: "measure     ="))
        let end = try #require(grammar.range(of: ";", range: start.upperBound..<grammar.endIndex))
        let production = grammar[start.upperBound..<end.lowerBound]
        // The quoted words of the production, less the keywords of `percent of row|column|total`.
        let quoted = production.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        let named = Set(quoted.filter { $0.first!.isLetter }).subtracting(["of", "row", "column", "total"])
        let s = Session(dataset: builtIn)
        guard case .message(let help)? = try s.run("set locale en\nhelp measures").last else { Issue.record("no help"); return }
        // Each line of `help measures` up to the formulas starts with a measure's usage: `mean(x)`.
        let listed = Set(help.split(separator: "\n").prefix { !$0.hasPrefix("percent of") }
            .map { String($0.prefix { $0.isLetter }) })
        #expect(named == listed, "grammar only: \(named.subtracting(listed).sorted()); catalogue only: \(listed.subtracting(named).sorted())")
    }

    @Test("Swedish names, help, completion, SQL, errors")
    func everywhere() throws {
        let s = Session(dataset: builtIn)
        let swedish = try s.query("from deltagare where slutår = 2018 show standardavvikelse(ålder), varians(ålder), variationskoefficient(ålder)")
        let english = try s.query("from deltagare where slutår = 2018 show stddev(ålder), variance(ålder), cv(ålder)")
        #expect(swedish.rows.map(\.cells).first?.compactMap(\.value) == english.rows.map(\.cells).first?.compactMap(\.value))
        guard case .message(let help)? = try s.run("help measures").first else { Issue.record("no help"); return }
        #expect(help.contains("stddev(x)") && help.contains("variance(x)") && help.contains("cv(x)") && help.contains("standardavvikelse"))
        let words = s.completions(before: "from deltagare show st").candidates
        #expect(words.contains("stddev("))
        let sql = try s.sql("from deltagare show stddev(ålder), variance(ålder), cv(ålder) by kön")
        #expect(sql.contains("stddev_samp(m0)") && sql.contains("var_samp(m1)") && sql.contains("stddev_samp(m2) / nullif(avg(m2), 0)"))
        do {
            try s.run("from deltagare show stddev(kön)")
            Issue.record("stddev of a category")
        } catch {
            #expect(error.kind == .type && error.message == "stddev behöver ett tal; kön är av typen kategori"
                    && error.in(.en).message == "stddev needs a number; kön is category")
        }
        do {
            try s.run("from deltagare show stdev(ålder)")
            Issue.record("a misspelt measure")
        } catch {
            #expect(error.kind == .unknownName && error.hint == "menade du 'stddev'?")
        }
    }

    @Test("a spread of a few persons is hidden like their mean; with ci says it has no interval")
    func suppressedAndNoInterval() throws {
        let s = Session(dataset: builtIn)
        let table = try s.query("from deltagare where år = 2018 and ålder > 64 show mean(ålder), stddev(ålder) by förbund.län")
        let hiddenMeans = table.rows.filter { $0.cells[1] == .suppressed }.count
        #expect(hiddenMeans > 0)
        #expect(table.rows.filter { $0.cells[2] == .suppressed }.count == hiddenMeans)
        let ci = try s.query("from deltagare where slutår = 2018 show mean(ålder), cv(ålder) by kön with ci")
        #expect(ci.notes.contains("with ci ger inget intervall för cv(ålder)"))
        #expect(ci.columns.filter { $0.role == .interval }.count == 1)
    }
}
