import FinsamStore

/// A report as one workbook: a contents sheet, then a sheet per table — its title above the
/// header, numbers as number cells in the table's formats, its notes below (as `export` writes
/// one table). Charts stay in the HTML page.
public enum ReportWorkbook {
    public static func sheets(_ report: Report) -> [Worksheet] {
        let words = HTMLReport.Words(report.locale)
        var contents: [[WorksheetCell]] = []
        var tables: [Worksheet] = []
        for (i, section) in report.sections.enumerated() {
            var table = section.table
            table.notes = table.notes.map(DisplayLocale.published)
            let (header, rows) = Renderer.sheet(table, settings: section.settings)
            let name = "\(i + 1) \(section.heading)"
            tables.append(Worksheet(name: name, title: ["\(words.table) \(i + 1). \(section.heading)"], header: header, rows: rows))
            contents.append([.formatted(Double(i + 1), .integer), .text(section.heading)])
        }
        let title = [report.title ?? words.report, words.colophon(report)]
        let first = Worksheet(name: words.contents, title: title, header: [words.table, words.title], rows: contents)
        return [first] + tables
    }

    public static func write(_ report: Report, to path: String) throws {
        try XLSXWriter.write(sheets(report), to: path)
    }
}
