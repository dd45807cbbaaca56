import Finsam
import Foundation
import Testing

/// Answers that cannot mislead (issue 14): set-column filters that constrain their groups, zero
/// percents, totals that are not sums, caveats of a compare, `top` as a reader means it.
@Suite("Honest answers")
struct HonestAnswersTests {
    func session(suppress: Bool = false) throws -> Session {
        let s = Session(dataset: builtIn)
        if !suppress { try s.run("set suppress off") }
        return s
    }

    /// Each comparison on a set column against the `in` that lists the same values.
    static let equivalents: [(String, String)] = [
        ("år >= 2021", "år in 2021..2022"),
        ("år > 2020", "år in 2021..2022"),
        ("år <= 2014", "år in 2013..2014"),
        ("år < 2015", "år in 2013..2014"),
        ("not år = 2021", "år in (2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2022) and not år = 2021"),
        ("år != 2021", "år in (2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2022) and år != 2021"),
        ("not (år >= 2015 and år <= 2020)", "år in (2013, 2014, 2021, 2022) and not (år >= 2015 and år <= 2020)"),
    ]
    static let layouts = ["show count by år", "show count by kön across år", "show count by kön compare år",
                          "show count, share(arbete_studier_slut) by år, kön"]

    @Test("a comparison on a set column lists the groups in does", arguments: equivalents.indices, layouts)
    func setComparisons(_ i: Int, _ layout: String) throws {
        let (comparison, list) = Self.equivalents[i]
        let s = try session()
        let a = try s.query("from deltagare where registrering = personuppgifter and \(comparison) \(layout)")
        let b = try s.query("from deltagare where registrering = personuppgifter and \(list) \(layout)")
        #expect(s.render(a) == s.render(b), "\(comparison) \(layout)")
    }

    @Test("år >= 2021 by år lists 2021 and 2022 only, in finsam and in its SQL")
    func issueExample() throws {
        let s = try session()
        let table = try s.query("from deltagare where år >= 2021 show count by år")
        #expect(table.rows.compactMap { $0.cells[0].labelText } == ["2021", "2022", "Totalt"])
        #expect(try s.sql("from deltagare where år >= 2021 show count by år").contains("list_contains(['2021', '2022'], v)"))
        #expect(try s.sql("from deltagare where not år = 2021 show count across år").contains("'2020', '2022'"))
    }

    @Test("every set column: not has lists the other values; another column leaves them free")
    func otherSetColumns() throws {
        let s = try session()
        func labels(_ q: String) throws -> [String] { try s.query(q).rows.filter { !$0.isTotal }.compactMap { $0.cells[0].labelText } }
        let kinds = try labels("from deltagare where not försörjning_start has sjukpenning show count by försörjning_start")
        #expect(!kinds.contains("sjukpenning") && kinds.contains("ingen") && kinds.contains("aktivitetsersättning"))
        let län = try labels("from deltagare where not förbund.län has Skåne show count by förbund.län")
        #expect(!län.contains("Skåne") && län.contains("Stockholm"))
        #expect(try labels("from deltagare where förbund.län has Skåne show count by förbund.län") == ["Skåne"])
        // A test of another column under not: every year stays.
        #expect(try labels("from deltagare where not (år = 2018 and kön = kvinna) show count by år").count == 10)
        // has all: the rows hold both values; both are listed.
        #expect(try labels("from deltagare where år = 2018 and år = 2019 show count by år") == ["2018", "2019"])
    }

    @Test("a percent of an empty cell is 0,0 % with its n; an undefined value stays –")
    func zeroPercent() throws {
        let s = try session()
        let table = try s.query("from deltagare where år = 2018 show percent by utbildning across registrering")
        let anonym = try #require(table.columns.firstIndex { $0.pivotValue == "anonym" })
        let grundskola = try #require(table.row(["grundskola"]))
        guard case .proportion(0, let whole) = grundskola.cells[anonym] else { Issue.record("\(grundskola.cells[anonym])"); return }
        #expect(whole > 0)
        try s.run("set denominators on")
        #expect(s.render(table).contains("0,0 % (n="))
        // A share of no rows has no value.
        let shares = try s.query("from deltagare where år = 2018 show share(arbete_studier_slut) by utbildning across registrering")
        #expect(try #require(shares.row(["grundskola"])).cells[anonym] == .empty)
    }

    @Test("groups of a set column that add up to more than the total say so, in every format")
    func severalValues() throws {
        let s = try session()
        let table = try s.query("from deltagare where registrering = personuppgifter show count, percent by år")
        let note = "en rad kan räknas under flera värden av år; Totalt räknar den en gång"
        #expect(table.notes.contains(note))
        #expect(s.render(table, as: .box).hasSuffix(note))
        #expect(s.render(table, as: .markdown).contains("_\(note)_"))
        #expect(s.render(table, as: .csv).hasSuffix("\n\(note),,,"))
        let json = try JSONSerialization.jsonObject(with: Data(s.render(table, as: .json).utf8)) as? [String: Any]
        #expect((json?["notes"] as? [String]) == [note])
        // förbund.län: one förbund in two län.
        #expect(try s.query("from deltagare where år = 2018 show count by förbund.län").notes.contains { $0.contains("förbund.län") })
        // A set column's groups that do add up (one year) need no note, nor does a single-valued column.
        #expect(try s.query("from deltagare where år = 2018 show count by år").notes.isEmpty)
        #expect(try s.query("from deltagare show count by kön").notes.isEmpty)
        // Under across, the set column of the columns; under compare there is no total to explain.
        #expect(try s.query("from deltagare show count by kön across år").notes.contains { $0.contains("värden av år") })
        #expect(try s.query("from deltagare show count by kön compare år").notes.isEmpty)
        try s.run("set locale en")
        #expect(try s.query("from deltagare show count by år").notes == ["a row may count under several values of år; the total counts it once"])
    }

    @Test("a compare of overlapping years with ci says the groups overlap; an empty compared value says so")
    func compareCaveats() throws {
        let s = try session()
        let overlap = try s.query("from deltagare where år in 2017..2018 and registrering = personuppgifter show share(arbete_studier_slut) compare år 2017 vs 2018 with ci")
        #expect(overlap.notes.contains("7 061 rader räknas under både 2017 och 2018: grupperna överlappar, så intervallen för skillnaden är för smala"))
        // Without ci there is no interval to warn about; kön does not overlap.
        #expect(try s.query("from deltagare where år in 2017..2018 show count compare år 2017 vs 2018").notes.isEmpty)
        #expect(try s.query("from deltagare where slutår = 2018 show share(arbete_studier_slut) compare kön with ci").notes.allSatisfy { !$0.contains("överlappar") })
        let empty = try s.query("from deltagare where år = 2018 show count compare år 2017 vs 2018")
        #expect(empty.notes == ["år = 2017 har inga rader under detta where: kolumnen är tom, inte en nolla"])
    }

    @Test("top n without order by keeps the n largest by the first measure")
    func top() throws {
        let s = try session()
        let table = try s.query("from deltagare where år = 2018 show count by förbund top 3")
        let all = try s.query("from deltagare where år = 2018 show count by förbund order by count desc")
        #expect(Array(table.rows.prefix(3)).map(\.cells) == Array(all.rows.prefix(3)).map(\.cells))
        #expect(table.rows[0].cells[0] == .label("stockholms_stad"))
        // Under across: by the total column.
        let across = try s.query("from deltagare where år = 2018 show count by förbund across kön top 2")
        let total = try #require(across.columns.firstIndex { $0.role == .total })
        let sorted = try s.query("from deltagare where år = 2018 show count by förbund across kön").rows.filter { !$0.isTotal }
            .compactMap { $0.cells[total].value }.sorted(by: >)
        #expect(across.rows.prefix(2).compactMap { $0.cells[total].value } == Array(sorted.prefix(2)))
        // order by still decides when given.
        let smallest = try s.query("from deltagare where år = 2018 show count by förbund order by count top 1")
        #expect(smallest.rows[0].cells[1].value == all.rows.filter { !$0.isTotal }.compactMap { $0.cells[1].value }.min())
        #expect(try s.sql("from deltagare where år = 2018 show count by förbund top 3").contains("LIMIT 3"))
    }
}
