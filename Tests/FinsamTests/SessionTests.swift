import Finsam
import FinsamStore
import Foundation
import Testing

@Suite("Session")
struct SessionTests {
    func session() -> Session { Session(dataset: builtIn) }

    func count(_ s: Session, _ query: String) throws -> Int {
        let result = try s.query(query)
        guard case .count(let n)? = result.scalar else { Issue.record("no count from \(query)"); return -1 }
        return n
    }

    @Test("lets and settings survive a failing statement")
    func stateSurvivesErrors() throws {
        let s = session()
        try s.run("let unga = ålder < 30\nset locale en")
        #expect(throws: FinsamError.self) { try s.run("from deltagare where unga and kön = kvina show count") }
        #expect(throws: FinsamError.self) { try s.run("set decimals 99") }
        #expect(s.letNames == ["unga"])
        #expect(s.display.locale == .en)
        let result = try s.query("from deltagare where unga and registrering = personuppgifter and år = 2018 show count")
        #expect(result.scalar == .count(7469))
        // A failed load leaves the table as it was.
        #expect(throws: FinsamError.self) { try s.run("load deltagare from \"/nonexistent.csv\"") }
        #expect(s.dataset.deltagare.rowCount == builtIn.deltagare.rowCount)
    }

    @Test("order by a by column sorts by that column's values, whichever by column it is; ties keep the table's order")
    func orderByColumn() throws {
        let s = session()
        func labels(_ query: String) throws -> [[String]] {
            try s.query(query).rows.filter { !$0.isTotal }.map { row in row.cells.prefix(2).map { $0.labelText ?? "" } }
        }
        let natural = try labels("from deltagare where registrering = personuppgifter show count by åldersgrupp, kön")
        let descending = try labels("from deltagare where registrering = personuppgifter show count by åldersgrupp, kön order by åldersgrupp desc")
        #expect(descending.map { $0[0] } == ["60–", "60–", "45–59", "45–59", "30–44", "30–44", "16–29", "16–29"])
        // Within an age band the rows keep the order of the table without order by.
        for band in ["16–29", "60–"] {
            #expect(descending.filter { $0[0] == band } == natural.filter { $0[0] == band })
        }
        let byKön = try labels("from deltagare where registrering = personuppgifter show count by åldersgrupp, kön order by kön desc top 3")
        #expect(byKön.map { $0[1] } == ["man", "man", "man"])
    }

    @Test("bands come in order of value; a let used in by is an order key; a missing value stays last, also desc")
    func orderOfBandsAndMissing() throws {
        let s = session()
        try s.run("let band = bin(ålder, 20, 35, 50)")
        func labels(_ query: String) throws -> [String] {
            try s.query(query).rows.filter { !$0.isTotal }.map { $0.cells[0].labelText ?? "(saknas)" }
        }
        #expect(try labels("from deltagare show count by band") == ["–19", "20–34", "35–49", "50–", "(saknas)"])
        #expect(try labels("from deltagare show count by band order by band desc") == ["50–", "35–49", "20–34", "–19", "(saknas)"])
        #expect(try labels("from deltagare show count by kön order by kön desc") == ["man", "kvinna", "(saknas)"])
        #expect(try labels("from deltagare show count by kön order by kön") == ["kvinna", "man", "(saknas)"])
        do {
            _ = try s.query("from deltagare show count by band order by bnad")
            Issue.record("a misspelt order key was accepted")
        } catch {
            #expect(error.hint == "menade du 'band'?")
        }
    }

    @Test("three-valued logic: a missing age is neither young nor old")
    func threeValuedLogic() throws {
        let s = session()
        let young = try count(s, "from deltagare where ålder < 30 show count")
        let notYoung = try count(s, "from deltagare where not ålder < 30 show count")
        let missing = try count(s, "from deltagare where ålder is missing show count")
        #expect(young + notYoung + missing == builtIn.deltagare.rowCount)
        #expect(missing > 0)
        // unknown or true is true
        let either = try count(s, "from deltagare where ålder < 30 or registrering = volym show count")
        let volym = try count(s, "from deltagare where registrering = volym show count")
        #expect(either == young + volym)
    }

    @Test("missing values form a visible (saknas) group")
    func missingGroup() throws {
        let result = try session().query("from deltagare where registrering = volym show count by kön")
        let missing = result.rows.first { $0.cells[0] == .missingLabel }
        guard case .count(let n)? = missing?.cells[1] else { Issue.record("no (saknas) row"); return }
        #expect(n > 0)
        #expect(session().render(result).contains("(saknas)"))
    }

    @Test("a set dimension counts a row per value; totals count it once; where limits the values")
    func setDimensions() throws {
        let s = session()
        let byYear = try s.query("from deltagare where år in 2019..2020 show count by år")
        #expect(byYear.rows.filter { !$0.isTotal }.compactMap { $0.cells[0].labelText } == ["2019", "2020"])
        let both = try count(s, "from deltagare where år in 2019..2020 show count")
        #expect(byYear.totalRow?.cells[1] == .count(both))
        let sum = byYear.rows.filter { !$0.isTotal }.compactMap { $0.cells[1].value }.reduce(0, +)
        #expect(Int(sum) > both, "rows active both years count in both")
        let support = try s.query("from deltagare where registrering = personuppgifter and slutår = 2018 show count by försörjning_slut")
        #expect(support.row(["ingen"]) != nil, "the empty set forms the group ingen")
        #expect(support.totalRow?.cells[1] == .count(9590))
    }

    @Test("a share keeps its denominator: the rows where the condition can be decided")
    func denominators() throws {
        let s = session()
        let result = try s.query("from deltagare where år = 2018 show share(arbete_studier_slut)")
        guard case .proportion(let part, let whole)? = result.scalar else { Issue.record("no share"); return }
        let ended = try count(s, "from deltagare where år = 2018 and arbete_studier_slut is not missing show count")
        #expect(whole == ended)
        #expect(part == (try count(s, "from deltagare where år = 2018 and arbete_studier_slut show count")))
        try s.run("set denominators on")
        #expect(s.render(result).contains("(n=\(ended.formatted(sv: true)))"))
    }

    @Test("compare: the difference in procentenheter for shares, absolute and relative for counts")
    func compare() throws {
        let result = try session().query("from deltagare where registrering = personuppgifter show count, share(ung) by kön compare år 2017 vs 2018")
        let women = try #require(result.row(["kvinna"]))
        #expect(result.cell(women, column: "count skillnad") == .countDifference(10342 - 8269))
        guard case .points(let pe)? = result.cell(women, column: "share(ung) skillnad (pe)"),
              let a = result.cell(women, column: "share(ung) 2017")?.value, let b = result.cell(women, column: "share(ung) 2018")?.value
        else { Issue.record("no difference"); return }
        #expect(abs(pe - (b - a)) < 1e-9)
    }

    @Test("Swedish format by default, English with set locale en; machine formats carry plain numbers")
    func formats() throws {
        let s = session()
        let result = try s.query("from deltagare where år = 2018 show count, share(registrering = personuppgifter) as pu")
        #expect(s.render(result).contains("32 715") && s.render(result).contains("58,5 %"))
        try s.run("set locale en")
        #expect(s.render(result).contains("32,715") && s.render(result).contains("58.5%"))
        let csv = s.render(result, as: .csv)
        #expect(csv.hasPrefix("count,pu,pu n\n32715,58.5") && csv.hasSuffix(",32715"))
        #expect(s.render(result, as: .json).contains("\"count\": 32715"))
        #expect(s.render(result, as: .markdown).hasPrefix("| count | pu |\n|---:|---:|"))
        // A marked interval in the bold total row stays inside the bold: its * is escaped.
        let marked = try s.query("from deltagare where registrering = personuppgifter show share(arbete_studier_slut) by ung compare kön with ci")
        let total = try #require(s.render(marked, as: .markdown).split(separator: "\n").first { $0.contains("**Total**") })
        #expect(total.hasSuffix("\\*** |"), "\(total)")
    }

    @Test("individer counts persons, count rows")
    func individer() throws {
        let result = try session().query("from deltagare where registrering = personuppgifter show count, individer")
        guard let rows = result.rows.first?.cells[0].value, let persons = result.rows.first?.cells[1].value else { return }
        #expect(persons < rows)
        #expect(Set(builtIn.deltagare.ints("person").filter { $0 != Int32.min }).count == Int(persons))
    }

    @Test("median is the usual midpoint; mean, min, max agree with the column")
    func statistics() throws {
        let result = try session().query("from deltagare where registrering = personuppgifter and slutår = 2018 show median(tid_i_insats), mean(tid_i_insats), min(tid_i_insats), max(tid_i_insats)")
        let t = builtIn.deltagare
        let slutår = t.ints("slutår"), reg = t.codes("registrering"), tid = t.ints("tid_i_insats")
        let values = (0..<t.rowCount).filter { slutår[$0] == 2018 && reg[$0] == 0 }.map { Double(tid[$0]) }.sorted()
        let median = values.count % 2 == 1 ? values[values.count / 2] : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
        let cells = result.rows[0].cells
        #expect(cells[0] == .number(median))
        #expect(abs((cells[1].value ?? 0) - values.reduce(0, +) / Double(values.count)) < 1e-9)
        #expect(cells[2] == .count(Int(values.first!)) && cells[3] == .count(Int(values.last!)), "whole numbers, shown without decimals")
    }

    @Test("compare: a mean of percentages differs in points, a sum of them or a whole extreme in whole units")
    func differenceUnits() throws {
        let s = session()
        try s.run("set suppress off")
        let table = try s.query("from deltagare show mean(omfattning_start), sum(omfattning_start), min(ålder) compare startår 2018 vs 2019")
        let names = table.columns.filter { $0.role == .difference }.map(\.name)
        #expect(names == ["mean(omfattning_start) skillnad (pe)", "sum(omfattning_start) skillnad", "min(ålder) skillnad"])
        let row = try #require(table.rows.first)
        let differences = table.columns.indices.filter { table.columns[$0].role == .difference }.map { row.cells[$0] }
        guard case .points = differences[0], case .countDifference = differences[1], case .countDifference = differences[2] else {
            Issue.record("\(differences)")
            return
        }
    }

    @Test("expect takes numbers as the session prints them, and one value only from a one-value result")
    func expectFormats() throws {
        let s = session()
        try s.run("from deltagare where år = 2018 show count\nexpect 32 715\nexpect 32715")
        #expect(throws: FinsamError.self) { try s.run("expect 32 716") }
        try s.run("set locale en\nfrom deltagare where år = 2018 show count\nexpect 32,715")
        try s.run("set locale sv\nfrom deltagare where år = 2018 show share(ung)\nexpect 39,0 %")
        do {
            try s.run("from deltagare where år = 2018 show count, share(ung)\nexpect 32715")
            Issue.record("expect checked the first of two values")
        } catch {
            #expect(error.message.contains("2 kolumner med värden"))
        }
    }

    @Test("two spellings of one filter give one table: år = 2018 or år = 2019 is år in (2018, 2019)")
    func orOfYears() throws {
        let s = session()
        let a = try s.query("from deltagare where år = 2018 or år = 2019 show count by år")
        let b = try s.query("from deltagare where år in (2018, 2019) show count by år")
        #expect(a.rows.map(\.cells) == b.rows.map(\.cells))
        #expect(a.rows.count == 3)
        // One side alone does not constrain: every year of the rows it lets through is a group.
        #expect(try s.query("from deltagare where år = 2018 or kön = man show count by år").rows.count == 11)
    }

    @Test("compare without values differs last minus first of the values present, never the missing group")
    func compareEnds() throws {
        let s = session()
        try s.run("set suppress off")
        let table = try s.query("from deltagare show count, median(ålder) compare kön")
        let row = try #require(table.rows.first)
        func cell(_ name: String) -> Cell? { table.columns.firstIndex { $0.name == name }.map { row.cells[$0] } }
        guard case .count(let women)? = cell("count kvinna"), case .count(let men)? = cell("count man") else { Issue.record("\(row.cells)"); return }
        #expect(cell("count (saknas)") != nil, "the missing group is shown")
        #expect(cell("count skillnad") == .countDifference(men - women))
        #expect(cell("median(ålder) skillnad") == .numberDifference(29 - 36), "a signed difference of medians")
        #expect(s.render(table).contains("−7,0"))
    }

    @Test("names resolve from ASCII spellings and Swedish keywords; - stands for –")
    func spellings() throws {
        let s = session()
        let swedish = try count(s, "från deltagare där kön = kvinna och åldersgrupp = \"16–29\" visa antal")
        let ascii = try count(s, "fran deltagare dar kon = kvinna och aldersgrupp = \"16-29\" visa antal")
        let english = try count(s, "from deltagare where kön = kvinna and åldersgrupp = 16–29 show count")
        #expect(swedish == ascii && ascii == english && english > 0)
    }

    @Test("related columns equal an explicit lookup through the reference")
    func relatedColumns() throws {
        let result = try session().query("from deltagare where år = 2018 and registrering = personuppgifter show count by insats.inriktning")
        let t = builtIn.deltagare, insatser = builtIn.insatser
        let insats = t.references("insats"), inriktning = insatser.codes("inriktning")
        let (first, last) = t.yearRanges("år"), reg = t.codes("registrering")
        var counts = [Int](repeating: 0, count: 8)
        for r in 0..<t.rowCount where reg[r] == 0 && first[r] <= 2018 && last[r] >= 2018 { counts[Int(inriktning[Int(insats[r])])] += 1 }
        for (code, name) in Schema.inriktning.values.enumerated() where counts[code] > 0 {
            #expect(result.row([name])?.cells[1] == .count(counts[code]), "\(name)")
        }
    }

    @Test("hostile input is an error, not a crash: deep nesting, a long line, stray bytes")
    func hostileInput() throws {
        let s = session()
        let deep = String(repeating: "(", count: 100_000) + "ung" + String(repeating: ")", count: 100_000)
        #expect(throws: FinsamError.self) { try s.run("from deltagare where \(deep) show count") }
        let long = "from deltagare where kön = " + String(repeating: "x", count: 1 << 20)
        #expect(throws: FinsamError.self) { try s.run(long) }
        #expect(throws: FinsamError.self) { try s.run("from deltagare where kön = \u{0}\u{7}") }
        #expect(try s.run("   \n -- only a comment\n;;").isEmpty)
        #expect(try s.query("from deltagare show count").scalar == .count(builtIn.deltagare.rowCount))
    }

    @Test("values, describe, tables, help")
    func otherStatements() throws {
        let s = session()
        let values = try s.query("values kön")
        #expect(values.row(["kvinna"]) != nil && values.rows.contains { $0.cells[0] == .missingLabel })
        let outputs = try s.run("describe deltagare\ntables\nhelp measures")
        #expect(outputs.count == 3)
        if case .message(let help) = outputs[2] { #expect(help.contains("share(condition)")) }
    }

    @Test("export writes the last result; load replaces a table and keeps the lets")
    func exportAndLoad() throws {
        let folder = NSTemporaryDirectory() + "finsam-session-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s = session()
        try s.run("let unga = ålder < 30\nfrom deltagare where år = 2018 show count by registrering\nexport to \"\(folder)/r.csv\"")
        let csv = try String(contentsOfFile: folder + "/r.csv", encoding: .utf8)
        #expect(csv.contains("personuppgifter;19151"))
        try CSVWriter.write(builtIn, to: folder)
        try s.run("load insatser from \"\(folder)/insatser.csv\"")
        #expect(s.letNames == ["unga"])
        #expect(try count(s, "from insatser where år = 2022 show count") == 968)
    }
}

/// `export to "x.csv"` follows the locale (Swedish Excel's `;`, decimal comma and BOM);
/// `--format csv` on standard output does not; a workbook's numbers carry the table's formats.
@Suite("Export for a desk")
struct ExportTests {
    static let query = "from deltagare where år = 2018 and registrering = personuppgifter show count, share(arbete_studier_slut), mean(omfattning_slut) by åldersgrupp"

    @Test("a .csv file: Swedish with ; and a decimal comma and a BOM, English as the machine format; standard output unchanged")
    func csvFollowsLocale() throws {
        let folder = NSTemporaryDirectory() + "finsam-export-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s = Session(dataset: builtIn)
        try s.run(Self.query + "\nexport to \"\(folder)/sv.csv\"\nset locale en\nexport to \"\(folder)/en.csv\"")
        let sv = try Data(contentsOf: URL(fileURLWithPath: folder + "/sv.csv"))
        let en = try Data(contentsOf: URL(fileURLWithPath: folder + "/en.csv"))
        #expect(Array(sv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(Array(en.prefix(3)) != [0xEF, 0xBB, 0xBF])
        let svText = String(decoding: sv.dropFirst(3), as: UTF8.self), enText = String(decoding: en, as: UTF8.self)
        #expect(svText.hasPrefix("åldersgrupp;count;share(arbete_studier_slut);share(arbete_studier_slut) n;mean(omfattning_slut)\n"))
        #expect(svText.contains("\n16–29;7469;41,545053;7469;85,242024\n"))
        #expect(enText.contains("\n16–29,7469,41.545053,7469,85.242024\n"))
        let stdout = s.render(try s.query(Self.query), as: .csv)
        #expect(stdout.contains("\n16–29,7469,41.545053,7469,85.242024\n") && !stdout.hasPrefix("\u{FEFF}"))
        // Notes stay rows of their own; a note's `;` is quoted in the Swedish file.
        try s.run("set locale sv\nfrom deltagare where registrering = personuppgifter show count by år\nexport to \"\(folder)/notes.csv\"")
        let notes = try String(contentsOfFile: folder + "/notes.csv", encoding: .utf8)
        #expect(notes.contains("\n\"en rad kan räknas under flera värden av år; Totalt räknar den en gång\";\n"))
    }

    @Test("a workbook's cells: shares as fractions in 0.0 %, counts #,##0, means with the shown decimals, intervals and hidden cells as text")
    func workbookFormats() throws {
        let s = Session(dataset: builtIn)
        let (header, rows) = Renderer.sheet(try s.query(Self.query + " with ci"), settings: s.display)
        #expect(header == ["åldersgrupp", "count", "share(arbete_studier_slut)", "share(arbete_studier_slut) n", "share(arbete_studier_slut) 95 % KI", "mean(omfattning_slut)", "mean(omfattning_slut) 95 % KI"])
        #expect(rows[0][0] == .text("16–29") && rows[0][1] == .formatted(7469, .integer) && rows[0][3] == .formatted(7469, .integer))
        guard case .formatted(let share, .percent(1)) = rows[0][2], case .formatted(let mean, .decimal(1)) = rows[0][5] else {
            Issue.record("share or mean without its format: \(rows[0])"); return
        }
        #expect(abs(share - 0.41545053) < 1e-6 && abs(mean - 85.242024) < 1e-6)
        guard case .text(let interval) = rows[0][4] else { Issue.record("the interval is not text: \(rows[0][4])"); return }
        #expect(interval.contains(" – ") && interval.contains(","))
        #expect(NumberFormat.percent(1).code == "0.0 %" && NumberFormat.decimal(2).code == "#,##0.00" && NumberFormat.percent(0).code == "0 %")
        let hidden = Renderer.sheet(try s.query("from deltagare where år = 2018 and registrering = personuppgifter and ålder > 63 show count by förbund.län"), settings: s.display)
        #expect(hidden.rows.contains { $0[1] == .text("..") })
        #expect(hidden.rows.last?[0] == .text(".. = dold: 8 celler bygger på färre än 5 personer (set suppress off visar dem)"))
    }
}

extension Int {
    func formatted(sv: Bool) -> String {
        let digits = String(self)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += sv ? " " : "," }
            out.append(c)
        }
        return out
    }
}
