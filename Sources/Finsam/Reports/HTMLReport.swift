import FinsamStore
import Foundation

/// A report as one self-contained HTML page: inline CSS and SVG, no scripts, no network.
/// Real tables (`<caption>`, `<th scope>`) and charts with a text description serve screen
/// readers; the print style lays it out on A4 with each table's header repeated on a new page.
public enum HTMLReport {
    public static func render(_ report: Report) -> String {
        let words = Words(report.locale)
        let title = report.title ?? words.report
        var out: [String] = [
            "<!DOCTYPE html>",
            "<html lang=\"\(report.locale.language.rawValue)\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<meta name=\"generator\" content=\"finsam \(Finsam.version)\">",
            "<title>\(escape(title))</title>",
            "<style>\n\(style)</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>\(escape(title))</h1>",
        ]
        out += report.introduction.map { "<p>\(escape($0))</p>" }
        out.append("<p class=\"meta\">\(escape(words.colophon(report)))</p>")
        out.append("</header>")
        if report.sections.count > 1 {
            out.append("<nav aria-labelledby=\"contents\"><h2 id=\"contents\">\(words.contents)</h2><ul>")
            for (i, section) in report.sections.enumerated() {
                out.append("<li><a href=\"#t\(i + 1)\">\(escape(section.heading))</a></li>")
            }
            out.append("</ul></nav>")
        }
        out.append("<main>")
        var figures = 0
        for (i, section) in report.sections.enumerated() {
            out += Self.section(section, number: i + 1, figure: &figures, words: words)
        }
        out += ["</main>", "</body>", "</html>"]
        return out.joined(separator: "\n") + "\n"
    }

    static func section(_ section: Report.Section, number: Int, figure: inout Int, words: Words) -> [String] {
        let id = "t\(number)"
        var out = ["<section id=\"\(id)\" aria-labelledby=\"\(id)-h\">"]
        // A script's titles carry their own numbering (A1, D2); a query without one is shown as written.
        let heading = section.title.map(escape) ?? "<code>\(escape(section.heading))</code>"
        out.append("<h2 id=\"\(id)-h\">\(heading)</h2>")
        out += section.text.map { "<p>\(escape($0))</p>" }
        if let chart = section.chart {
            figure += 1
            out.append("<figure class=\"chart\">")
            out.append(SVGChart.render(chart, settings: section.settings, idPrefix: "\(id)-").trimmingCharacters(in: .newlines))
            out.append("<figcaption>\(words.figure) \(figure). \(escape(chart.title))</figcaption>")
            out.append("</figure>")
        }
        out += table(section.table, caption: "\(words.table) \(number). \(section.heading)", settings: section.settings, words: words)
        let notes = section.table.notes.map(DisplayLocale.published)
        if !notes.isEmpty {
            out.append("<ul class=\"notes\">" + notes.map { "<li>\(escape($0))</li>" }.joined() + "</ul>")
        }
        out.append("<details class=\"query\"><summary>\(words.query)</summary><pre><code>\(escape(section.query))</code></pre>"
                   + "<p>\(escape(URL(fileURLWithPath: section.script).lastPathComponent)), \(words.line) \(section.line)</p></details>")
        out.append("</section>")
        return out
    }

    /// A result as a table: dimensions as row headers, numbers right-aligned, the total row set
    /// apart, hidden cells as `..` with their meaning for a pointer or a screen reader.
    static func table(_ table: ResultTable, caption: String, settings: DisplaySettings, words: Words) -> [String] {
        // The wrapper scrolls a wide table on a narrow screen instead of the whole page.
        var out = ["<div class=\"table\">", "<table>", "<caption>\(escape(caption))</caption>", "<thead><tr>"]
        for column in table.columns {
            let kind = column.role == .dimension ? "" : " class=\"num\""
            out.append("<th scope=\"col\"\(kind)>\(escape(column.name))</th>")
        }
        out += ["</tr></thead>", "<tbody>"]
        for row in table.rows {
            var cells: [String] = []
            for (c, cell) in row.cells.enumerated() {
                let text = escape(settings.text(cell))
                if table.columns[c].role == .dimension {
                    let shown = cell == .missingLabel ? "<i>\(text)</i>" : text
                    cells.append("<th scope=\"row\">\(shown)</th>")
                } else if cell == .suppressed {
                    cells.append("<td class=\"num\"><abbr title=\"\(words.hidden)\">..</abbr></td>")
                } else {
                    cells.append("<td class=\"num\">\(text)</td>")
                }
            }
            out.append((row.isTotal ? "<tr class=\"total\">" : "<tr>") + cells.joined() + "</tr>")
        }
        out += ["</tbody>", "</table>", "</div>"]
        return out
    }

    static func escape(_ s: String) -> String { XMLText.escaped(s) }

    /// The page's own words in the report's language.
    struct Words {
        let locale: DisplayLocale
        init(_ locale: DisplayLocale) { self.locale = locale }
        var sv: Bool { locale.language == .sv }
        var report: String { sv ? "Rapport" : "Report" }
        var contents: String { sv ? "Innehåll" : "Contents" }
        var title: String { sv ? "Titel" : "Title" }
        var table: String { sv ? "Tabell" : "Table" }
        var figure: String { sv ? "Figur" : "Figure" }
        var query: String { sv ? "Frågan i finsam" : "The finsam query" }
        var line: String { sv ? "rad" : "line" }
        var hidden: String { sv ? "dold: bygger på för få personer" : "hidden: based on too few persons" }

        /// How the report was made: tool, date, data, scripts and the suppression rule.
        func colophon(_ report: Report) -> String {
            var parts: [String] = []
            let made = sv ? "Gjord med finsam \(Finsam.version)" : "Made with finsam \(Finsam.version)"
            parts.append(made + (report.created.map { sv ? " den \($0)" : " on \($0)" } ?? ""))
            if let data = report.dataSource { parts.append((sv ? "data: " : "data: ") + data) }
            let scripts = report.scripts.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
            if !scripts.isEmpty { parts.append((sv ? "skript: " : "scripts: ") + scripts) }
            let thresholds = Set(report.sections.map(\.suppression))
            if thresholds.count == 1, let threshold = thresholds.first! {
                parts.append(sv ? "celler som bygger på färre än \(threshold) personer visas som .. (dolda)"
                                : "cells based on fewer than \(threshold) persons show as .. (hidden)")
            }
            return parts.joined(separator: " · ")
        }
    }

    /// Screen and print: one column of readable width, statistical-table rules, tabular figures;
    /// on paper A4 with margins, headings kept with what follows, no links or query code.
    static let style = """
        :root { color: #1a1a1a; background: #ffffff; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; line-height: 1.45; }
        body { max-width: 50rem; margin: 2rem auto; padding: 0 1.25rem; }
        h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
        h2 { font-size: 1.2rem; margin: 2.2rem 0 .6rem; break-after: avoid; }
        h2 code { font-size: .95rem; font-weight: 600; }
        .meta { color: #555555; font-size: .85rem; }
        nav ul { list-style: none; padding-left: 0; columns: 2 22rem; }
        nav li { margin: .1rem 0; break-inside: avoid; }
        nav a { color: #0b4f8a; }
        section { border-top: 1px solid #d0d0d0; }
        figure { margin: 1rem 0; break-inside: avoid; }
        figure svg { max-width: 100%; height: auto; display: block; }
        figcaption { font-size: .85rem; color: #444444; margin-top: .3rem; }
        div.table { overflow-x: auto; }
        table { border-collapse: collapse; margin: .8rem 0; font-variant-numeric: tabular-nums; font-size: .92rem; }
        caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        thead th { border-bottom: 2px solid #1a1a1a; vertical-align: bottom; }
        table { border-top: 2px solid #1a1a1a; border-bottom: 2px solid #1a1a1a; }
        th, td { padding: .22rem .7rem; text-align: left; }
        tbody th { font-weight: normal; }
        .num { text-align: right; white-space: nowrap; }
        tr.total th, tr.total td { border-top: 1px solid #1a1a1a; font-weight: 600; }
        tbody tr:nth-child(even) { background: #f4f6f8; }
        abbr { text-decoration: none; }
        .notes { font-size: .85rem; color: #444444; padding-left: 1.2rem; margin: .3rem 0 1rem; }
        details.query { font-size: .85rem; color: #444444; margin-bottom: 1rem; }
        details.query pre { background: #f4f6f8; padding: .6rem .8rem; overflow-x: auto; }
        @page { size: A4; margin: 18mm 16mm 20mm; }
        @media print {
          :root { font-size: 10pt; }
          body { max-width: none; margin: 0; padding: 0; }
          nav { break-after: page; }
          nav a { color: inherit; text-decoration: none; }
          section { border-top: none; }
          div.table { overflow: visible; }
          table { break-inside: auto; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; }
          tbody tr:nth-child(even) { background: none; }
          details.query { display: none; }
        }

        """
}
