import Finsam
import FinsamStore
import Foundation
import Testing

/// `finsam report`: scripts gathered into a report (titles from comments, expectations checked
/// and left out), published as one HTML page and one workbook. Tests/report/check_report.py opens
/// the real page in Chromium and the workbook in openpyxl and LibreOffice.
@Suite("Reports")
struct ReportTests {
    let script = """
        -- notes for whoever edits the script: not published
        -- # Årsrapport <2018>
        -- Första stycket
        -- fortsätter här.
        --
        -- Andra stycket.

        -- ## Deltagare efter kön
        -- Aktiva 2018.
        from deltagare where år = 2018 show count by kön
        expect
        | kön    | count  |
        | kvinna | 17 655 |

        -- ## Avslutade till arbete eller studier
        let avslutade = slutår = 2018 and registrering = personuppgifter
        from deltagare where avslutade show share(arbete_studier_slut) by åldersgrupp plot

        -- a plain comment is no title
        from insatser where år = 2018 show count
        """

    func report(_ text: String) throws -> Report {
        try Session(dataset: builtIn).report([(name: "Examples/x.finsam", text: text)])
    }

    @Test("titles, text and tables come from the script; expectations are checked, not published")
    func sections() throws {
        let r = try report(script)
        #expect(r.title == "Årsrapport <2018>")
        #expect(r.introduction == ["Första stycket fortsätter här.", "Andra stycket."])
        #expect(r.sections.map(\.title) == ["Deltagare efter kön", "Avslutade till arbete eller studier", nil])
        #expect(r.sections[0].text == ["Aktiva 2018."])
        // The title above a `let` belongs to the query after it.
        #expect(r.sections[1].query.hasPrefix("from deltagare where avslutade"))
        #expect(r.sections[1].chart != nil && r.sections[0].chart == nil)
        #expect(r.sections[2].heading == "from insatser where år = 2018 show count")
        #expect(r.sections.map(\.line) == [10, 17, 20])
    }

    @Test("a failing statement ends the report with its error and place")
    func failure() throws {
        let text = script.replacingOccurrences(of: "| kvinna | 17 655 |", with: "| kvinna | 17 656 |")
        #expect(throws: FinsamError.self) { try report(text) }
        do { _ = try report(text) } catch let error as FinsamError {
            #expect(error.description.contains("Examples/x.finsam:11"))
            #expect(error.message.contains("17 656"))
        }
        let unknown = "-- ## T\nfrom deltagare show count by kåm"
        do { _ = try report(unknown); Issue.record("an unknown column made a report") } catch let error as FinsamError {
            #expect(error.description.contains("x.finsam:2:"))
            #expect(error.description.contains("kön"))
        }
    }

    @Test("each table keeps the settings it ran with")
    func settingsPerSection() throws {
        let r = try report("from deltagare where år = 2018 show count\nset locale en\nfrom deltagare where år = 2018 show count")
        #expect(r.sections.map(\.settings.locale) == [.sv, .en])
        #expect(r.locale == .sv)
        let html = HTMLReport.render(r)
        #expect(html.contains("32 715") && html.contains("32,715"))
        #expect(html.contains("<html lang=\"sv\">"))
    }

    @Test("the page is self-contained and readable by a screen reader")
    func page() throws {
        var r = try report(script + "\nfrom deltagare where år = 2018 and förbund = finsam_malmo show count by åldersgrupp, kön plot")
        r.created = "2018-12-31"
        let html = HTMLReport.render(r)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>Årsrapport &lt;2018&gt;</title>"))
        for absent in ["<script", "<link", "src=", "href=\"http"] { #expect(!html.contains(absent)) }
        #expect(html.contains("<th scope=\"col\">kön</th>") && html.contains("<th scope=\"row\">kvinna</th>"))
        #expect(html.contains("<caption>Tabell 1. Deltagare efter kön</caption>"))
        #expect(html.contains("<tr class=\"total\">"))
        // Two charts on one page: their ids differ, so each is labelled by its own title.
        #expect(html.contains("aria-labelledby=\"t2-title t2-desc\"") && html.contains("aria-labelledby=\"t4-title t4-desc\""))
        // A hidden cell is `..` with its meaning, in the table and in the chart.
        #expect(html.contains("<abbr title=\"dold: bygger på för få personer\">..</abbr>"))
        #expect(html.contains("den 2018-12-31"))
        #expect(html.contains("@page { size: A4"))
        // Instructions to the tool stay out of published notes.
        #expect(!html.contains("set suppress off"))
    }

    @Test("the workbook has a contents sheet and a sheet per table, titled, with valid names")
    func workbook() throws {
        let r = try report(script)
        let sheets = ReportWorkbook.sheets(r)
        #expect(sheets.count == 4)
        #expect(sheets[0].name == "Innehåll" && sheets[0].rows.count == 3)
        #expect(sheets[1].title == ["Tabell 1. Deltagare efter kön"])
        #expect(sheets[1].header == ["kön", "count"])
        #expect(sheets[2].header == ["åldersgrupp", "share(arbete_studier_slut)", "share(arbete_studier_slut) n"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("finsam-report-\(getpid()).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ReportWorkbook.write(r, to: path)
        // Read back by the loader, which finds the header under the title row.
        let rows = try XLSXReader.rows(path: path, sheet: "1 Deltagare efter kön")
        #expect(rows.first == ["Tabell 1. Deltagare efter kön"])
        #expect(rows[1] == ["kön", "count"] && rows[2] == ["kvinna", "17655"])
    }

    @Test("sheet names are cut to 31 characters, cleaned and made unique")
    func sheetNames() {
        let names = XLSXWriter.sheetNames(["a/b: c?", String(repeating: "x", count: 40), String(repeating: "x", count: 35), "Blad", "blad", ""])
        #expect(names[0] == "a-b- c-")
        #expect(names[1] == String(repeating: "x", count: 31))
        #expect(names[2] == String(repeating: "x", count: 27) + " (2)")
        #expect(names[3] == "Blad" && names[4] == "blad (2)" && names[5] == "Blad (3)")
        #expect(names.allSatisfy { $0.count <= 31 })
    }
}
