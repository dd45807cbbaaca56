import Finsam
import Foundation
import Testing

/// The second wave of the language (Grammar/grammar.md): formulas, row-level arithmetic, column
/// comparisons, having, order by result columns, pipelines, percent of row/total, periods, case
/// lets, yes/no labels, lists and the chi-square test — through the public API.
@Suite("Second wave")
struct SecondWaveTests {
    func session() -> Session { Session(dataset: builtIn) }

    func value(_ t: ResultTable, _ labels: [String], _ column: String) -> Double? {
        (labels == ["Totalt"] ? t.totalRow : t.row(labels)).flatMap { t.cell($0, column: column)?.value }
    }

    @Test("a formula is computed from its measures per group; its parts need not be shown")
    func formulas() throws {
        let s = session()
        let both = try s.query("from deltagare where registrering = personuppgifter show count, individer by år")
        let ratio = try s.query("from deltagare where registrering = personuppgifter show count / individer as r by år")
        #expect(ratio.columns.map(\.name) == ["år", "r"])
        for year in 2013...2022 {
            let y = [String(year)]
            let expected = try #require(value(both, y, "count")) / #require(value(both, y, "individer"))
            #expect(abs(try #require(value(ratio, y, "r")) - expected) < 1e-9)
        }
        // A difference of counts is a count; of shares, in points; a ratio is a number.
        let units = try s.query("from deltagare where slutår = 2018 show count - individer as d, share(ung) - share(arbete_studier_slut) as p by kön")
        #expect(units.row(["kvinna"]).map { units.cell($0, column: "d") }??.isCount == true)
        // Division by zero gives no value.
        let zero = try s.query("from deltagare where år = 2018 show count / (count - count) as z")
        #expect(zero.scalar == .empty)
    }

    @Test("row-level arithmetic and a column against a column, with three-valued logic")
    func rowArithmetic() throws {
        let s = session()
        // mean(a - b) over the rows with both equals mean(a) - mean(b) over the same rows.
        let t = try s.query("""
            from deltagare where slutår = 2018 and omfattning_slut is not missing and omfattning_start is not missing
              show mean(omfattning_slut - omfattning_start) as d, mean(omfattning_slut) as a, mean(omfattning_start) as b by kön
            """)
        for k in ["kvinna", "man", "Totalt"] {
            let (d, a, b) = (try #require(value(t, [k], "d")), try #require(value(t, [k], "a")), try #require(value(t, [k], "b")))
            #expect(abs(d - (a - b)) < 1e-9)
        }
        // Dates subtract to days: the derived tid_i_insats is slutdatum - startdatum.
        let days = try s.query("from deltagare where slutår = 2019 show mean(slutdatum - startdatum) as a, mean(tid_i_insats) as b")
        let a = try #require(days.rows.first.flatMap { days.cell($0, column: "a")?.value })
        let b = try #require(days.rows.first.flatMap { days.cell($0, column: "b")?.value })
        #expect(abs(a - b) < 1e-9)
        // startår = slutår is the rows where both are known and equal; a missing slutår is unknown.
        let same = try s.query("from deltagare where startår = slutår show count").scalar?.value
        let split = try s.query("from deltagare where slutår is not missing and slutår - startår = 0 show count").scalar?.value
        let not = try s.query("from deltagare where not startår = slutår show count").scalar?.value
        let ended = try s.query("from deltagare where slutår is not missing show count").scalar?.value
        #expect(same == split)
        #expect(try #require(same) + #require(not) == ended)
    }

    @Test("having keeps groups by their measures; the total stays over all, and a note says so")
    func having() throws {
        let s = session()
        let all = try s.query("from deltagare where slutår = 2018 show count by förbund")
        let kept = try s.query("from deltagare where slutår = 2018 show count by förbund having count >= 100")
        #expect(kept.rows.filter { !$0.isTotal }.allSatisfy { ($0.cells[1].value ?? 0) >= 100 })
        #expect(kept.totalRow?.cells[1] == all.totalRow?.cells[1])
        let left = all.rows.filter { !$0.isTotal && ($0.cells[1].value ?? 0) < 100 }.count
        #expect(kept.notes.contains { $0.contains("\(left) av") })
        // A measure not shown, written as in show.
        let hidden = try s.query("from deltagare where slutår = 2018 show share(ung) by förbund having count >= 100")
        #expect(hidden.columns.map(\.name) == ["förbund", "share(ung)"])
        #expect(hidden.rows.count == kept.rows.count)
    }

    @Test("order by the difference of a compare ranks by change")
    func orderByDifference() throws {
        let t = try session().query("from deltagare where registrering = personuppgifter show count by förbund.län compare år 2017 vs 2018 order by skillnad desc")
        let differences = t.rows.filter { !$0.isTotal }.compactMap { t.cell($0, column: "skillnad")?.value }
        #expect(differences.count > 10)
        #expect(differences == differences.sorted(by: >))
        let relative = try session().query("from deltagare where registrering = personuppgifter show count by förbund.län compare år 2017 vs 2018 order by \"skillnad %\"")
        let values = relative.rows.filter { !$0.isTotal }.compactMap { relative.cell($0, column: "skillnad %")?.value }
        #expect(values == values.sorted())
    }

    @Test("percent of row sums to 100 in each row; percent of total over every cell")
    func percents() throws {
        let s = session()
        let row = try s.query("from deltagare where slutår = 2018 show percent of row by utbildning across kön")
        for r in row.rows {
            let sum = ["kvinna", "man"].compactMap { row.cell(r, column: $0)?.value }.reduce(0, +)
            #expect(abs(sum - 100) < 1e-9 || row.cell(r, column: "kvinna")?.value == nil)
        }
        let total = try s.query("from deltagare where slutår = 2018 show percent of total by utbildning across kön")
        let cells = total.rows.filter { !$0.isTotal }.flatMap { r in ["kvinna", "man"].compactMap { total.cell(r, column: $0)?.value } }
        #expect(abs(cells.reduce(0, +) - 100) < 1e-6)
    }

    @Test("periods: labels, ISO weeks, and every period between the first and last listed")
    func periods() throws {
        let s = session()
        let months = try s.query("from deltagare where startdatum in 2018-01-01..2018-01-31 or startdatum in 2018-04-01..2018-04-30 show count by månad(startdatum)")
        #expect(months.rows.compactMap { $0.cells[0].labelText } == ["2018-01", "2018-02", "2018-03", "2018-04", "Totalt"])
        #expect(months.row(["2018-02"])?.cells[1] == .count(0))
        // 2018-01-01 is the Monday of week 1; 2016-01-01 (a Friday) is in 2015's week 53.
        let weeks = try s.query("from deltagare where startdatum in 2015-12-28..2016-01-10 show count by week(startdatum)")
        #expect(weeks.rows.compactMap { $0.cells[0].labelText }.prefix(2) == ["2015 v. 53", "2016 v. 1"])
        let quarters = try s.query("from deltagare where startår = 2018 show count by quarter(startdatum)")
        let total = try s.query("from deltagare where startår = 2018 show count").scalar?.value
        #expect(quarters.rows.filter { !$0.isTotal }.compactMap { $0.cells[1].value }.reduce(0, +) == total)
    }

    @Test("a case let: first match wins, undecidable rows are (saknas), labels are checked")
    func cases() throws {
        let s = session()
        try s.run("let stöd = case when försörjning_start has sjukpenning then \"sjuk\" when försörjning_start has any (sjukpenning, försörjningsstöd) then \"fs\" else \"annat\" end")
        let t = try s.query("from deltagare where år = 2018 show count by stöd")
        let sjuk = try s.query("from deltagare where år = 2018 and försörjning_start has sjukpenning show count").scalar?.value
        let fs = try s.query("from deltagare where år = 2018 and försörjning_start has försörjningsstöd and not försörjning_start has sjukpenning show count").scalar?.value
        let missing = try s.query("from deltagare where år = 2018 and försörjning_start is missing show count").scalar?.value
        #expect(value(t, ["sjuk"], "count") == sjuk)
        #expect(value(t, ["fs"], "count") == fs)
        #expect(t.rows.first { $0.cells[0] == .missingLabel }?.cells[1].value == missing)
        #expect(try s.query("from deltagare where år = 2018 and stöd = fs show count").scalar?.value == fs)
        #expect(throws: FinsamError.self) { try s.query("from deltagare where stöd = \"sjk\" show count") }
    }

    @Test("yes/no reads ja/nej in Swedish, true/false in English; both are accepted")
    func yesNo() throws {
        let s = session()
        let sv = try s.query("from deltagare where år = 2018 and ung = ja show count by ung")
        #expect(sv.rows.first?.cells[0].labelText == "ja")
        try s.run("set locale en")
        let en = try s.query("from deltagare where år = 2018 and ung = true show count by ung")
        #expect(en.rows.first?.cells[0].labelText == "true")
    }

    @Test("list: rows in order, top; refused on persons' rows under suppression")
    func listing() throws {
        let s = session()
        let t = try s.query("from kommuner where län = Gotland list kommun, kod")
        #expect(t.rows.map { $0.cells[0].labelText } == ["Gotland"])
        let top = try s.query("from förbund list id, antal_kommuner order by antal_kommuner desc top 3")
        let n = top.rows.compactMap { $0.cells[1].value }
        #expect(n.count == 3 && n == n.sorted(by: >))
        #expect(throws: FinsamError.self) { try s.query("from deltagare list kön, ålder") }
        try s.run("set suppress off")
        #expect(try s.query("from deltagare where id = 1 list id, kön").rows.count == 1)
    }

    @Test("a pipeline: the next step's measures summarise the step before; hidden cells are missing")
    func pipeline() throws {
        let s = session()
        let first = try s.query("from deltagare where år = 2018 show count by förbund")
        let counts = first.rows.filter { !$0.isTotal }.compactMap { $0.cells[1].value }
        let next = try s.query("from deltagare where år = 2018 show count by förbund then show mean(count), sum(count), count")
        let row = try #require(next.rows.first)
        #expect(abs(try #require(next.cell(row, column: "mean(count)")?.value) - counts.reduce(0, +) / Double(counts.count)) < 1e-9)
        #expect(next.cell(row, column: "count")?.value == Double(counts.count))
        // A förbund stays a förbund: its columns are reachable.
        let kinds = try s.query("from deltagare where år = 2018 show count by förbund then show count by förbund.länsförbund")
        #expect(kinds.totalRow?.cells[1].value == Double(counts.count))
        // Hidden cells of the first step are missing values in the next, and a note says so.
        let small = try s.query("from deltagare where år = 2018 show count by förbund, kön, åldersgrupp then show count, sum(count)")
        #expect(small.notes.contains { $0.contains("steg 1") })
    }

    @Test("then list: the groups behind a number; a list cannot feed a step")
    func thenList() throws {
        let s = session()
        let t = try s.query("from deltagare where år = 2018 show count by förbund then where count < 50 list förbund, count order by count")
        let counts = t.rows.compactMap { $0.cells[1].value }
        #expect(!counts.isEmpty && counts.allSatisfy { $0 < 50 } && counts == counts.sorted())
        #expect(throws: FinsamError.self) { try s.query("from förbund list id then show count") }
    }

    @Test("with test: chi-square from the table's counts, Fisher for a small 2×2, refused with hidden cells")
    func chiSquare() throws {
        let s = session()
        let t = try s.query("from deltagare where slutår = 2018 and registrering = personuppgifter show count by utbildning across kön with test")
        let observed = t.rows.filter { !$0.isTotal && $0.cells[0] != .missingLabel }.map { r in ["kvinna", "man"].map { t.cell(r, column: $0)?.value ?? 0 } }
        let rowSums = observed.map { $0.reduce(0, +) }, columnSums = [0, 1].map { c in observed.map { $0[c] }.reduce(0, +) }
        let n = rowSums.reduce(0, +)
        var chi2 = 0.0
        for (i, row) in observed.enumerated() { for (j, o) in row.enumerated() { let e = rowSums[i] * columnSums[j] / n; chi2 += (o - e) * (o - e) / e } }
        let note = try #require(t.notes.first { $0.hasPrefix("χ²") })
        #expect(note.contains(String(format: "%.1f", chi2).replacingOccurrences(of: ".", with: ",")))
        #expect(note.contains("frihetsgrader 3"))
        // A small 2×2 table: Fisher's exact test, its p as a hypergeometric sum computed here.
        try s.run("set suppress off")
        let small = try s.query("from deltagare where förbund = vasterdalarna and år = 2018 show count by kön across ung with test")
        let cells = small.rows.filter { !$0.isTotal }.map { r in ["nej", "ja"].map { Int(small.cell(r, column: $0)?.value ?? 0) } }
        #expect(cells.count == 2)
        let fisher = try #require(small.notes.first { $0.hasPrefix("Fisher") })
        let p = Self.fisher(cells[0][0], cells[0][1], cells[1][0], cells[1][1])
        #expect(fisher.contains(p < 0.001 ? "< 0,001" : String(format: "= %.3f", p).replacingOccurrences(of: ".", with: ",")))
        try s.run("set suppress 5")
        #expect(throws: FinsamError.self) { try s.query("from deltagare where år = 2018 show count by förbund across kön with test") }
        #expect(throws: FinsamError.self) { try s.query("from deltagare show count by kön with test") }
    }

    @Test("suppression holds for formulas and rates; invånare, public data, is never hidden")
    func suppressedRates() throws {
        let t = try session().query("from deltagare where år = 2018 and registrering = personuppgifter show count, invånare, count / invånare * 1000 as r, count / individer as p by kommun")
        var hidden = 0
        for row in t.rows where t.cell(row, column: "count") == .suppressed {
            hidden += 1
            #expect(t.cell(row, column: "r") == .suppressed)
            #expect(t.cell(row, column: "p") == .suppressed)
            #expect(t.cell(row, column: "invånare") != .suppressed)
        }
        #expect(hidden > 0)
        // The rate equals count / invånare * 1000 where shown.
        for row in t.rows where t.cell(row, column: "r") != .suppressed {
            guard let c = t.cell(row, column: "count")?.value, let i = t.cell(row, column: "invånare")?.value, let r = t.cell(row, column: "r")?.value else { continue }
            #expect(abs(r - c / i * 1000) < 1e-9)
        }
        #expect(throws: FinsamError.self) { try session().query("from deltagare show invånare by förbund") }
    }

    /// Fisher's exact test, two-sided, by enumerating the tables with the same margins.
    static func fisher(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Double {
        func choose(_ n: Int, _ k: Int) -> Double { k < 0 || k > n ? 0 : (0..<k).reduce(1.0) { $0 * Double(n - $1) / Double($1 + 1) } }
        let (r1, r2, c1) = (a + b, c + d, a + c)
        let total = choose(r1 + r2, c1)
        let p = { (x: Int) in choose(r1, x) * choose(r2, c1 - x) / total }
        let observed = p(a)
        return (0...c1).map(p).filter { $0 <= observed * (1 + 1e-7) }.reduce(0, +)
    }
}

extension Cell {
    var isCount: Bool { if case .count = self { true } else { false } }
}
