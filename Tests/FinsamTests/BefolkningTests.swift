import Finsam
import FinsamStore
import Foundation
import Testing

/// The befolkning table through the session: `load … as scb`, its errors, queries over it.
/// The SCB files are the store tests' fixtures (LibreOffice wrote the workbook).
@Suite("befolkning in a session")
struct BefolkningTests {
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/FinsamStoreTests/Fixtures").path

    @Test("load befolkning from SCB's workbook as scb replaces the table and reports what it read")
    func loadSCB() throws {
        let s = Session(dataset: builtIn)
        #expect(s.dataset.befolkning.rowCount == 23_200)
        let outputs = try s.run("load befolkning from \"\(Self.fixtures)/BE0101N1.xlsx\" as scb")
        guard case .notice(let report)? = outputs.first else { Issue.record("no report: \(outputs)"); return }
        #expect(report.hasPrefix("läste in befolkning: 48 rader från"), "\(report)")
        #expect(report.contains("  läst som SCB:s tabell 'Folkmängd efter region, ålder, kön och år' med en kolumn per år: 3 kommuner, 2021–2022"), "\(report)")
        #expect(report.contains("regioner som inte är kommuner: 00 Riket, 01 Stockholms län"), "\(report)")
        let result = try s.query("from befolkning where år = 2022 show sum(antal) by kommun")
        #expect(result.rows.count == 4, "three kommuner and the total")
        #expect(s.dataset.deltagare.rowCount == builtIn.deltagare.rowCount)
        // The CSV LibreOffice read gives the same answers.
        let t = Session(dataset: builtIn)
        try t.run("load befolkning from \"\(Self.fixtures)/BE0101N1-pivot.csv\" as scb")
        #expect(t.render(try t.query("from befolkning show sum(antal) by kommun, år across kön"), as: .csv)
                == s.render(try s.query("from befolkning show sum(antal) by kommun, år across kön"), as: .csv))
    }

    @Test("as scb on another table, with parameters, or misspelt is an error at the statement")
    func misuse() throws {
        let s = Session(dataset: builtIn)
        s.display.locale = .en
        let file = "\(Self.fixtures)/BE0101N1.xlsx"
        let cases: [(String, String, String?)] = [
            ("load deltagare from \"\(file)\" as scb", "as scb reads befolkning (SCB's \"Folkmängd efter region, ålder, kön och år\" (BE0101N1), downloaded as CSV or xlsx), not deltagare", "scb"),
            ("load befolkning from \"\(file)\" as scb with år = 2022", "as scb takes no parameters", "år"),
            ("load befolkning from \"\(file)\" as scbb", "no built-in profile is named 'scbb'", "scbb"),
        ]
        for (statement, message, at) in cases {
            do {
                try s.run(statement)
                Issue.record("no error: \(statement)")
            } catch {
                #expect(error.message == message, "\(error)")
                if let at, let column = error.location?.column {
                    #expect(statement.dropFirst(column - 1).hasPrefix(at), "\(error)")
                }
            }
        }
        do { try s.run("load befolkning from \"\(file)\" as scbb") } catch { #expect(error.hint == "did you mean 'scb'?", "\(error)") }
        #expect(s.dataset.befolkning.rowCount == 23_200)
    }

    @Test("a broken SCB file is an error at its line and column, and the old befolkning stays")
    func brokenFile() throws {
        let folder = NSTemporaryDirectory() + "finsam-befolkning-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var lines = try String(contentsOfFile: "\(Self.fixtures)/BE0101N1-pivot.csv", encoding: .utf8).components(separatedBy: "\r\n")
        let target = lines.firstIndex { $0.hasPrefix("\"2584 Kiruna\"") }! + 4   // Kiruna, 1 år, kvinnor
        var cells = lines[target].components(separatedBy: ",")
        #expect(cells[2] == "\"kvinnor\"")
        cells[3] = "1.5e3x"
        lines[target] = cells.joined(separator: ",")
        let column = cells[0..<3].joined(separator: ",").count + 2
        let path = "\(folder)/BE0101N1.csv"
        try Data(lines.joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: path))
        let s = Session(dataset: builtIn)
        let before = s.render(try s.query("from befolkning show sum(antal) by år"), as: .csv)
        do {
            try s.run("load befolkning from \"\(path)\" as scb")
            Issue.record("the broken file loaded")
        } catch {
            #expect(error.kind == .load)
            #expect(error.file == path)
            #expect(error.fileLine == target + 1, "\(error)")
            #expect(error.fileColumn == column, "\(error)")
            #expect(error.message.contains("'1.5e3x' är inget antal personer"), "\(error)")
        }
        #expect(s.render(try s.query("from befolkning show sum(antal) by år"), as: .csv) == before)
    }

    @Test("befolkning is public statistics: small counts are shown")
    func notSuppressed() throws {
        let s = Session(dataset: builtIn)
        let result = try s.query("from befolkning where år = 2018 and kommun = Bjurholm show count, sum(antal) by åldersgrupp")
        let cells = result.rows.flatMap(\.cells)
        #expect(!cells.contains { if case .suppressed = $0 { true } else { false } }, "\(cells)")
        #expect(s.render(result, as: .csv).contains("16–29,2,"), "\(s.render(result, as: .csv))")
    }

    @Test("a folder without befolkning.csv opens with the table empty and a note")
    func olderFolder() throws {
        let folder = NSTemporaryDirectory() + "finsam-befolkning-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try CSVWriter.write(builtIn, to: folder)
        try FileManager.default.removeItem(atPath: folder + "/befolkning.csv")
        let s = try Session(directory: folder)
        #expect(s.dataset.befolkning.rowCount == 0)
        #expect(s.loadNotes.count == 1 && s.loadNotes[0].contains("befolkning.csv finns inte"), "\(s.loadNotes)")
        #expect(try s.query("from befolkning show sum(antal)").rows.count == 1)
        #expect(try s.query("from deltagare show count").rows.count == 1)
    }

    @Test("sql reads befolkning.csv; completion offers scb after as for befolkning only")
    func sqlAndCompletion() throws {
        let s = Session(dataset: builtIn)
        let sql = try s.sql("from befolkning where år = 2018 show sum(antal) by kommun.län")
        #expect(sql.contains("befolkning AS ("), "\(sql)")
        #expect(sql.contains("befolkning.csv"), "\(sql)")
        #expect(s.completions(before: "load befolkning from \"x.csv\" as ").candidates.contains("scb"))
        #expect(!s.completions(before: "load deltagare from \"x.csv\" as ").candidates.contains("scb"))
        #expect(s.completions(before: "from bef").candidates == ["befolkning"])
    }
}
