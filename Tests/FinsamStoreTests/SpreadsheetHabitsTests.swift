import FinsamStore
import Foundation
import FinsamTesting
import Testing

/// Ordinary spreadsheet habits, in files LibreOffice Calc writes: they load as the data they
/// show, or fail saying what to do.
@Suite("Spreadsheet habits (LibreOffice-written files)", .inEnglish)
struct SpreadsheetHabitsTests {
    static var dataset: Dataset { LibreOffice.dataset }

    func load(_ fixture: String, _ table: TableName = .deltagare, sheet: String? = nil) throws -> (dataset: Dataset, report: LoadReport) {
        try CSVLoader.loadTableReporting(table, from: try LibreOffice.fixture(fixture), into: Self.dataset, options: ImportOptions(sheet: sheet))
    }

    func loadError(_ fixture: String, sheet: String? = nil) throws -> LoadError? {
        do {
            _ = try load(fixture, sheet: sheet)
            return nil
        } catch let error as LoadError {
            return error
        }
    }

    /// The loaded deltagare equal the project's own file of the same rows.
    func expectSameRows(_ loaded: Dataset, _ what: String) throws {
        let reference = try load("project/deltagare.csv").dataset.deltagare
        #expect(loaded.deltagare.rowCount == reference.rowCount, "\(what): \(loaded.deltagare.rowCount) rows")
        for (x, y) in zip(reference.columns, loaded.deltagare.columns) {
            #expect(x.data == y.data, "\(what): deltagare.\(x.name) differs")
        }
    }

    @Test("number formats with d or y in a locale or colour are numbers; dates are dates (D1)")
    func numberFormats() throws {
        let (loaded, _) = try load("formats.xlsx")
        try expectSameRows(loaded, "formats.xlsx")
    }

    @Test("format codes: dates by their tokens, not by letters in brackets, quotes or escapes")
    func formatCodes() {
        for code in ["YYYY-MM-DD", "yyyy\\-mm\\-dd", "[$-41D]yyyy-mm-dd", "d/m/yy", "hh:mm", "[h]:mm", "mmm yyyy", "ÅÅÅÅ-MM-DD"] {
            #expect(XLSXReader.isDateFormat(code), "\(code)")
        }
        for code in ["# ##0", "[$-41D]#,##0", "#,##0;[RED]-#,##0", "0\" dagar\"", "0\\ \\d", "General", "0.00E+00", "#,##0\\ [$kr-41D]", "@"] {
            #expect(!XLSXReader.isDateFormat(code), "\(code)")
        }
    }

    @Test("a workbook with 1904 dates gives the dates it shows (D2)")
    func date1904() throws {
        let (loaded, _) = try load("date1904.xlsx")
        try expectSameRows(loaded, "date1904.xlsx")
    }

    @Test("empty rows are skipped; one between the data is reported by its line (D3)", arguments: ["gaps.xlsx", "gaps.csv", "gaps.ods"])
    func emptyRows(_ fixture: String) throws {
        let (loaded, report) = try load(fixture)
        try expectSameRows(loaded, fixture)
        #expect(report.notes.contains("skipped 1 empty row between the data (the first on line 5)"), "\(report.notes)")
    }

    @Test("kommun codes typed as numbers are padded to four digits, and the report says so (D9)")
    func kommunCodes() throws {
        let (loaded, report) = try load("kommuner.xlsx", .kommuner)
        #expect(loaded.kommuner.texts("kod") == Self.dataset.kommuner.texts("kod"))
        #expect(report.notes.contains { $0.hasPrefix("kod: ") && $0.contains("padded to four digits") }, "\(report.notes)")
    }

    @Test("a formula without a saved value names its sheet and cell (D10)")
    func formulaWithoutValue() throws {
        let error = try #require(try loadError("formula.xlsx"))
        #expect(error.message.contains("Blad1!G7"), "\(error)")
        #expect(error.hint?.contains("recalculate") == true)
    }

    @Test("date-times at midnight, yes/no words and categories in other case load, each counted (D4/D5)")
    func typedValues() throws {
        let (loaded, report) = try load("typed.csv")
        try expectSameRows(loaded, "typed.csv")
        for prefix in ["startdatum: ", "kön: ", "arbetssökande_slut: "] {
            #expect(report.notes.contains { $0.hasPrefix(prefix) }, "\(prefix) in \(report.notes)")
        }
    }

    @Test("a date with a time of day is refused by its line, with a hint (D4)")
    func timeOfDay() throws {
        let error = try #require(try loadError("timed.csv"))
        #expect(error.line == 4, "\(error)")
        #expect(error.message.contains("time of day"), "\(error)")
        #expect(error.hint != nil)
    }

    @Test("a title above the header, a sheet named in other case (D7)")
    func titleRow() throws {
        let (loaded, report) = try load("titled.xlsx", sheet: "deltagare")
        try expectSameRows(loaded, "titled.xlsx")
        #expect(report.notes.contains { $0.hasPrefix("header on row 3") }, "\(report.notes)")
    }

    @Test("errors that say what to do: .xls, an empty header cell, an unknown sheet (D7)")
    func helpfulErrors() throws {
        let xls = try #require(try loadError("formats.xls"))
        #expect(xls.hint?.contains("save it as .xlsx or .ods") == true, "\(xls)")
        let blank = try #require(try loadError("blankheader.xlsx"))
        #expect(blank.message.contains("column C"), "\(blank)")
        let sheet = try #require(try loadError("titled.xlsx", sheet: "Blad9"))
        #expect(sheet.hint?.contains("Översikt, Deltagare") == true, "\(sheet)")
    }

    @Test(".ods loads as .xlsx does: number formats, dates, sheets by name in any case, a title row")
    func openDocument() throws {
        let (loaded, report) = try load("formats.ods")
        try expectSameRows(loaded, "formats.ods")
        #expect(report.notes.first == "read as an OpenDocument spreadsheet (its first sheet)", "\(report.notes)")
        let (titled, titledReport) = try load("titled.ods", sheet: "DELTAGARE")
        try expectSameRows(titled, "titled.ods")
        #expect(titledReport.notes.contains { $0.hasPrefix("header on row 3") }, "\(titledReport.notes)")
        let sheet = try #require(try loadError("titled.ods", sheet: "Blad9"))
        #expect(sheet.hint?.contains("Översikt, Deltagare") == true, "\(sheet)")
    }
}
