import Finsam
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `plot` and `export to "….svg"`: the chart model for each query shape, terminal charts that fit
/// their width, and SVG files kept as golden files (Snapshots/charts; FINSAM_UPDATE_SNAPSHOTS=1
/// rewrites them).
@Suite("Charts")
struct ChartTests {
    static let ended = "from deltagare where slutår = 2018 and registrering = personuppgifter"

    func chart(_ query: String) throws -> (Chart, Session) {
        let session = Session(dataset: builtIn)
        let outputs = try session.run(query)
        guard case .chart(let chart, _)? = outputs.last else { throw FinsamError("no chart from \(query)") }
        return (chart, session)
    }

    @Test("each query shape gets its chart: bars, grouped bars, columns and lines over years")
    func shapes() throws {
        let (byGroup, _) = try chart("\(Self.ended) show share(arbete_studier_slut) by åldersgrupp with ci plot")
        #expect(byGroup.style == .bars && byGroup.unit == .percent)
        #expect(byGroup.categories == ["16–29", "30–44", "45–59", "60–"])
        #expect(byGroup.series.count == 1 && byGroup.series[0].intervals.allSatisfy { $0 != nil })

        let (grouped, _) = try chart("\(Self.ended) show share(arbete_studier_slut) by åldersgrupp compare kön plot")
        #expect(grouped.style == .bars && grouped.series.map(\.name) == ["kvinna", "man"])
        #expect(grouped.series[0].intervals.allSatisfy { $0 == nil })

        let (years, _) = try chart("from deltagare where registrering = personuppgifter show count by år plot")
        #expect(years.style == .columns && years.unit == .count && years.categories.first == "2013" && years.categories.count == 10)

        let (lines, _) = try chart("from deltagare where registrering = personuppgifter show share(arbete_studier_slut) by slutår across kön with ci plot")
        #expect(lines.style == .lines && lines.series.count == 2 && !lines.categories.contains("(saknas)"))

        // Groups by and years across: turned so that the years lie on the axis, a line per group.
        let (turned, _) = try chart("from deltagare where registrering = personuppgifter show share(arbete_studier_slut) by kön across slutår plot")
        #expect(turned.style == .lines && turned.series.map(\.name) == ["kvinna", "man"] && turned.categories.count == 10)
        #expect(turned.series[0].values == lines.series[0].values)

        // No by: the across values become the categories; the total column is not drawn.
        let (across, _) = try chart("from deltagare where år = 2018 show count across registrering plot")
        #expect(across.categories == ["personuppgifter", "anonym", "volym"] && across.series.count == 1)

        // Several measures: the first is drawn, and the chart says so.
        let (two, _) = try chart("\(Self.ended) show count, share(ung) by kön plot")
        #expect(two.unit == .count && two.notes.contains { $0.contains("share(ung)") })
    }

    @Test("a plotted query keeps its result for expect and export; a failing plot changes nothing")
    func resultKept() throws {
        let session = Session(dataset: builtIn)
        try session.run("\(Self.ended) show count plot\nexpect 9590")
        #expect(session.lastResult?.scalar == .count(9590))
        #expect(throws: FinsamError.self) { try session.run("tables\nexport to \"/tmp/finsam-none.svg\"") }
    }

    @Test("terminal charts fit the width they are given, with labels, values and a legend", arguments: [40, 60, 80, 132])
    func terminalWidth(_ width: Int) throws {
        for query in ["\(Self.ended) show share(arbete_studier_slut) by åldersgrupp compare kön with ci plot",
                      "from deltagare where registrering = personuppgifter show count by år plot",
                      "from deltagare where registrering = personuppgifter show share(arbete_studier_slut) by slutår across kön plot",
                      "from deltagare where år = 2018 show count by förbund.län plot"] {
            let (drawn, session) = try chart(query)
            let text = session.render(drawn, width: width)
            for line in text.split(separator: "\n") {
                #expect(line.unicodeScalars.count <= width, "\(width): \(line)")
            }
            if drawn.series.count > 1 { #expect(text.contains("kvinna") && text.contains("man")) }
        }
        let (bars, session) = try chart("\(Self.ended) show share(arbete_studier_slut) by åldersgrupp with ci plot")
        let text = session.render(bars, width: width)
        #expect(text.contains("16–29") && text.contains("41,0 %") && text.contains("(39,4–42,6)"))
    }

    static let golden: [(name: String, query: String)] = [
        ("grouped-bars-ci", "\(ended) show share(arbete_studier_slut) by åldersgrupp compare kön with ci plot"),
        ("columns-years", "from deltagare where registrering = personuppgifter show count by år plot"),
        ("lines-years-ci", "from deltagare where registrering = personuppgifter show share(arbete_studier_slut) by slutår across kön with ci plot"),
        ("bars-english", "set locale en\nfrom deltagare where år = 2018 show count by förbund.län order by count desc top 5 plot"),
        ("bars-hidden", "\(hidden) plot"),
    ]

    static let hidden = "from deltagare where år = 2018 and registrering = personuppgifter and ålder > 63 show count by förbund.län"

    @Test("a hidden value is marked .. where its bar would be, not drawn as a zero")
    func hiddenMarked() throws {
        let (bars, session) = try chart("\(Self.hidden) plot")
        let count = bars.series[0].hidden.filter { $0 }.count
        #expect(count == 8)
        let svg = SVGChart.render(bars, settings: session.display)
        #expect(svg.components(separatedBy: ": ..</title>..</text>").count - 1 == count)
        #expect(!svg.contains("width=\"0\""))
        // Columns and lines mark theirs at the axis.
        for query in ["from deltagare where registrering = personuppgifter and förbund.län has Jämtland and ålder > 63 show count by år plot",
                      "from deltagare where registrering = personuppgifter and förbund.län has Jämtland and ålder > 60 show count by år across kön plot"] {
            let (drawn, s) = try chart(query)
            let hidden = drawn.series.flatMap(\.hidden).filter { $0 }.count
            #expect(hidden > 0, "\(query): nothing hidden")
            #expect(SVGChart.render(drawn, settings: s.display).components(separatedBy: ": ..</title>..</text>").count - 1 == hidden)
        }
    }

    @Test("footnotes are wrapped to the chart's width and carry no instructions to the tool; the terminal keeps them")
    func footnotes() throws {
        var (bars, session) = try chart("\(Self.hidden) plot")
        #expect(session.render(bars, width: 80).contains("(set suppress off visar dem)"))
        let long = (1...40).map { "ord\($0)" }.joined(separator: " ")
        bars.notes.append(long)
        let svg = SVGChart.render(bars, settings: session.display)
        #expect(!svg.contains("set suppress off"))
        #expect(svg.contains(">.. = dold: 8 celler bygger på färre än 5 personer</text>"))
        let notes = svg.split(separator: "\n").filter { $0.contains("fill=\"#555555\"") }
            .map { $0.replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression) }
        #expect(notes.count == 5, "\(notes)")  // two notes, and the long one in three lines
        // At 11 px a character is about 6,1 px: every line within the 720 px less the margins.
        for line in notes { #expect(Double(line.count) * 6.1 <= 720 - 32, "\(line)") }
        #expect(notes.joined(separator: " ").split(separator: " ").filter { $0.hasPrefix("ord") }.count == 40)
    }

    static func snapshotPath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/charts/\(name).svg").path
    }

    @Test("export to .svg writes the golden file of each chart", arguments: golden.map(\.name))
    func svg(_ name: String) throws {
        let query = try #require(Self.golden.first { $0.name == name }).query
        let session = Session(dataset: builtIn)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("finsam-chart-\(name)-\(getpid()).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outputs = try session.run(query + "\nexport to \"\(path)\"")
        guard case .notice(let message)? = outputs.last else { Issue.record("no notice"); return }
        #expect(message.hasPrefix("skrev ett diagram med") || message.hasPrefix("wrote a chart of"))
        let actual = try String(contentsOfFile: path, encoding: .utf8)
        if ProcessInfo.processInfo.environment["FINSAM_UPDATE_SNAPSHOTS"] == "1" {
            try actual.write(toFile: Self.snapshotPath(name), atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: Self.snapshotPath(name), encoding: .utf8)
        #expect(actual == expected, "\(name).svg differs from its golden file")
        // Well-formed XML with a title and a description for screen readers.
        let parser = XMLParser(data: Data(actual.utf8))
        #expect(parser.parse(), "\(name).svg is not well-formed: \(String(describing: parser.parserError))")
        #expect(actual.contains("role=\"img\" aria-labelledby=\"title desc\"") && actual.contains("<title id=\"title\">") && actual.contains("<desc id=\"desc\">"))
    }

    @Test("the SVG writes numbers as the session does: Swedish by default")
    func swedishNumbers() throws {
        let (counts, session) = try chart("from deltagare where registrering = personuppgifter show count by år plot")
        let svg = SVGChart.render(counts, settings: session.display)
        #expect(svg.contains(">19 151<") && svg.contains(">25 000<"))
        let (shares, s2) = try chart("\(Self.ended) show share(arbete_studier_slut) by kön with ci plot")
        let text = SVGChart.render(shares, settings: s2.display)
        #expect(text.contains(">29,0 %<") && text.contains("kvinna: 29,0 % (27,8–30,3)"))
    }
}
