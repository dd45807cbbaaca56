import Finsam
import Foundation
import Testing

/// Box tables fitted to a width (`set width`, the terminal's in the shell): intervals merged,
/// headers and text wrapped, value columns stacked in blocks, never a line longer than the width.
@Suite("Table width")
struct TableWidthTests {
    let wide = [
        "from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by åldersgrupp compare kön with ci",
        "from deltagare where slutår = 2018 and registrering = personuppgifter show mean(omfattning_start), mean(omfattning_slut), median(ålder) by åldersgrupp compare kön",
        "from deltagare where år = 2018 show count by förbund across åldersgrupp top 5",
        "from insatser where år in 2016..2022 and målgrupp is not empty show count by år across målgrupp",
        "describe deltagare",
        "describe insatser",
    ]

    func widest(_ text: String) -> Int {
        text.split(separator: "\n").map { $0.unicodeScalars.filter { !$0.properties.isDefaultIgnorableCodePoint }.count }.max() ?? 0
    }

    @Test("no line is longer than the width", arguments: [40, 60, 80, 120])
    func fits(width: Int) throws {
        let session = Session(dataset: builtIn)
        try session.run("set width \(width)")
        for query in wide {
            let text = session.render(try session.query(query))
            #expect(widest(text) <= width, "\(query) at \(width):\n\(text)")
        }
    }

    @Test("a table that fits is printed as it is; off and auto give the natural table")
    func unchanged() throws {
        let session = Session(dataset: builtIn)
        let table = try session.query("from deltagare where år = 2018 show count by kön")
        let natural = session.render(table)
        try session.run("set width 60")
        #expect(session.render(table) == natural)
        let wide = try session.query(self.wide[0])
        let full = { () -> String in try? session.run("set width off"); return session.render(wide) }()
        #expect(widest(full) > 80)
        try session.run("set width auto")
        #expect(session.render(wide) == full)  // no terminal here: as wide as it is
    }

    @Test("intervals fold into their value's column when space is short")
    func mergedIntervals() throws {
        let session = Session(dataset: builtIn)
        try session.run("set width 80")
        let text = session.render(try session.query(wide[0]))
        #expect(text.contains("36,8 % (34,6–39,0)"))
        #expect(text.contains("+8,1 pe (4,9–11,2 *)"))
        #expect(text.contains("(…) = 95 % KI"))
        #expect(!text.contains("kvinna 95 % KI"))
    }

    @Test("value columns too many for the width are stacked under the row labels, with a note")
    func stacked() throws {
        let session = Session(dataset: builtIn)
        try session.run("set width 60")
        let text = session.render(try session.query(wide[1]))
        let blocks = text.components(separatedBy: "┌").count - 1
        #expect(blocks >= 3)
        #expect(text.components(separatedBy: "│ 16–29").count - 1 == blocks)  // the labels in every block
        #expect(text.contains("(tabellen i \(blocks) delar"))
        try session.run("set locale en")
        #expect(session.render(try session.query(wide[1])).contains("(the table in"))
    }

    @Test("describe lists the first categories and how many more")
    func describeCategories() throws {
        let session = Session(dataset: builtIn)
        let text = session.render(try session.query("describe insatser"))
        #expect(text.contains("… ") && text.contains(" till)"))
        try session.run("set locale en")
        #expect(session.render(try session.query("describe insatser")).contains(" more)"))
    }

    @Test("help and long notices break at the width, under their own column")
    func fittedText() {
        let line = "  set width 80|off|auto              fit tables and charts to 80 columns; off: no limit; auto: the terminal's"
        let fitted = Renderer.fitted(line, width: 60)
        #expect(widest(fitted) <= 60)
        let lines = fitted.split(separator: "\n")
        #expect(lines.count >= 2)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 37)) && !$0.hasPrefix(String(repeating: " ", count: 38)) })
        #expect(Renderer.fitted("short", width: 60) == "short")
    }
}
