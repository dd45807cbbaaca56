import Finsam
import FinsamShell
import Foundation
import Testing

let builtIn = BuiltInDataset.make()

/// A shell whose output and errors are collected.
final class Harness {
    let shell: Shell

    init() {
        let session = Session(dataset: builtIn)
        let box = Box()
        shell = Shell(session: session, write: { box.out.append($0) }, writeError: { box.err.append($0) })
        self.box = box
    }
    let box: Box
    final class Box { var out: [String] = []; var err: [String] = [] }

    func run(_ inputs: [LineInput]) -> ScriptedLineReader {
        let reader = ScriptedLineReader(inputs)
        shell.run(reader)
        return reader
    }
    var output: String { box.out.joined(separator: "\n") }
    var errors: String { box.err.joined(separator: "\n") }
}

@Suite("Shell")
struct ShellTests {
    @Test("a script prints each result with the settings it ran under; it goes on after an error, or stops with bail")
    func scriptSettings() {
        let script = "from deltagare show count by kön\nset locale en\nset format csv\nfrom deltagare show count by kön\nfrom deltagare show count by kn\nfrom deltagare show count"
        let h = Harness()
        let ok = h.shell.execute(script, name: "<-c>")
        #expect(!ok)
        #expect(h.box.out.first?.contains("│ Totalt   │ 195 244 │") == true, "the first table in Swedish, as a box: \(h.box.out.first ?? "")")
        #expect(h.box.out.contains { $0.hasPrefix("kön,count") && $0.contains("Total,195244") }, "the second as English CSV")
        #expect(h.errors.contains("<-c>:5:30: error: unknown column 'kn'"))
        // The set format csv confirmation is a notice: in a csv stream it goes to standard error.
        #expect(h.box.out.count == 4, "two tables, the set locale and the last statement after the error: \(h.box.out)")
        #expect(h.box.out.last == "count\n195244")
        #expect(h.errors.contains("format = csv"))
        let bailing = Harness()
        bailing.shell.bail = true
        #expect(!bailing.shell.execute(script, name: "<-c>"))
        #expect(bailing.box.out.count == 3, "nothing after the error: \(bailing.box.out)")
        // A syntax error fails its own statement only.
        let syntax = Harness()
        #expect(!syntax.shell.execute("from deltagare show count by\nfrom insatser show count", name: "<stdin>"))
        #expect(syntax.errors.contains("<stdin>:1:") && syntax.output.contains("3 240"))
    }

    @Test("dot commands wherever statements are: standard input, -c, .read; each confirms what it did")
    func dotCommandsInScripts() throws {
        let h = Harness()
        h.shell.noticesOnOutput = false
        #expect(h.shell.execute(".mode csv\n.timer on\nfrom deltagare show count\n.headers off\nfrom insatser show count", name: "<stdin>"))
        #expect(h.box.out == ["count\n195244", "3240"])
        #expect(h.errors.contains("format = csv") && h.errors.contains(".timer på") && h.errors.contains(".headers av"))
        // The time follows statements, not dot commands.
        #expect(h.box.err.filter { $0.hasPrefix("tid: ") }.count == 2, "\(h.box.err)")
        let folder = NSTemporaryDirectory() + "finsam-once-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let e = Harness()
        #expect(e.shell.execute(".echo on\n.once \(folder)/one.txt\nfrom förbund show count\nfrom kommuner show count\n.maxrows 10\n.bail on\n.width 60", name: "<-c>"))
        #expect(try String(contentsOfFile: folder + "/one.txt", encoding: .utf8).contains("83"))
        #expect(e.output.contains("290") && !e.output.contains("│    83 │"), "only the next result went to the file")
        #expect(e.output.contains("from kommuner show count"), ".echo prints the statement")
        #expect(e.output.contains("nästa resultat skrivs till \(folder)/one.txt"))
        #expect(e.output.contains("långa resultat visar sina 5 första och 5 sista rader") && e.output.contains(".bail på") && e.output.contains("width = 60"))
        #expect(!e.shell.execute(".timer maybe", name: "<-c>"))
        #expect(e.errors.contains(".timer tar on eller off"))
    }

    @Test("a quoted value may go on over a line break; an empty line inside it says it is open")
    func quoteOverLines() {
        let h = Harness()
        let reader = h.run([.line("from deltagare where slutår = 2018 and avslutsorsak = \"fortsatt"), .line(""),
                            .line("rehabilitering\" show count"), .line("from insatser show count")])
        #expect(reader.prompts == [Shell.prompt, Shell.continuation, Shell.continuation, Shell.prompt, Shell.prompt])
        #expect(h.errors.contains("det citerade värdet är fortfarande öppet"))
        #expect(h.output.contains("3 343") && h.output.contains("3 240"), "\(h.output)")
        // In a script too; an unclosed quote fails its own statement, with the caret on its first line.
        let s = Harness()
        #expect(!s.shell.execute("from deltagare where slutår = 2018 and avslutsorsak = \"fortsatt\n  rehabilitering\" show count\nfrom deltagare where kön = \"kvinna show count", name: "<stdin>"))
        #expect(s.output.contains("3 343"))
        #expect(s.errors.contains("<stdin>:3:28: error: ett citerat värde är inte avslutat"))
    }

    @Test("an unfinished statement continues on the next line under the continuation prompt")
    func continuation() {
        let h = Harness()
        let reader = h.run([.line("from deltagare where"), .line("  år = 2018 and registrering = anonym"), .line("show count")])
        #expect(reader.prompts == [Shell.prompt, Shell.continuation, Shell.prompt, Shell.prompt])
        #expect(h.output.contains("1 705"))
        #expect(reader.history == ["from deltagare where\n  år = 2018 and registrering = anonym", "show count"])
        #expect(h.errors.contains("show inleder ingen sats"), "show on its own line starts no statement")
    }

    @Test("open parentheses, quotes, trailing operators and a backslash continue")
    func unfinished() {
        let s = Session(dataset: builtIn)
        for text in ["from deltagare where (kön = kvinna", "from deltagare where avslutsorsak = \"fortsatt", "from deltagare where ålder <",
                     "from deltagare show count,", "from deltagare where kön = kvinna and", "from deltagare show count by"] {
            #expect(s.needsMoreInput(text), "\(text)")
        }
        for text in ["from deltagare show count", "tables", "from deltagare where ung", "help"] {
            #expect(!s.needsMoreInput(text), "\(text)")
        }
        let h = Harness()
        _ = h.run([.line("from deltagare \\"), .line("where år = 2017 and registrering = anonym show count")])
        #expect(h.output.contains("1 726"))
    }

    @Test("plot draws the result at the shell's width; .last shows it as a table")
    func plot() {
        let h = Harness()
        h.shell.width = 50
        _ = h.run([.line("from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by kön compare år 2017 vs 2018 with ci plot"), .line(".last")])
        let lines = h.output.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("kvinna │") })
        #expect(lines.contains { $0.contains("█ 2017") && $0.contains("▓ 2018") })
        #expect(lines.prefix { !$0.hasPrefix("┌") }.allSatisfy { $0.unicodeScalars.count <= 50 })
        #expect(h.output.contains("2018 95 % KI"), ".last prints the table behind the chart")
    }

    @Test("Ctrl-C drops the unfinished input; the end of input leaves")
    func interrupt() {
        let h = Harness()
        let reader = h.run([.line("from deltagare where"), .interrupt, .line("from insatser where år = 2022 show count"), .end, .line("never read")])
        #expect(h.output.contains("968"))
        #expect(h.errors.isEmpty)
        #expect(reader.prompts.count == 4)
    }

    @Test("an expect table runs to the empty line")
    func expectTable() {
        let h = Harness()
        _ = h.run([.line("from deltagare where år = 2018 show count by registrering"), .line("expect"),
                   .line("| registrering | count |"), .line("| anonym | 1 705 |"), .line(""),
                   .line("expect"), .line("| registrering | count |"), .line("| anonym | 1 704 |"), .line("")])
        #expect(h.output.contains("ok: 1 värde som förväntat"))
        #expect(h.errors.contains("anonym, count: förväntade 1 704, fick 1 705"))
    }

    @Test("dot commands: .mode, .maxrows with .last, .timer, .output, .read, .schema, unknown")
    func dotCommands() throws {
        let h = Harness()
        let folder = NSTemporaryDirectory() + "finsam-shell-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "from insatser where år = 2018 show count\n".write(toFile: folder + "/s.finsam", atomically: true, encoding: .utf8)
        _ = h.run([
            .line(".mode csv"), .line("from deltagare where år = 2018 show count by registrering"),
            .line(".mode box"), .line(".maxrows 4"), .line("from deltagare show count by ålder"),
            .line(".last"), .line(".timer on"), .line("tables"), .line(".timer off"),
            .line(".output \(folder)/out.txt"), .line("from förbund show count"), .line(".output"),
            .line(".read \(folder)/s.finsam"), .line(".schema kommuner"), .line(".tabels"), .line(".quit"), .line("tables"),
        ])
        #expect(h.output.contains("personuppgifter,19151"))
        #expect(h.output.contains("rader dolda (.maxrows 4); .last visar alla"))
        #expect(h.output.contains("│ 66 "), ".last shows every row, up to the oldest age")
        #expect(h.errors.contains("tid: "))
        #expect(try String(contentsOfFile: folder + "/out.txt", encoding: .utf8).contains("83"))
        #expect(h.output.contains("1 105"))
        #expect(h.output.contains("SCB:s fyrsiffriga kod"))
        #expect(h.errors.contains("okänt kommando .tabels") && h.errors.contains("menade du .tables?"))
        #expect(h.output.components(separatedBy: "tabell").count == 2, "nothing runs after .quit")
    }

    @Test("a running query stops when interrupted")
    func cancellation() {
        let session = Session(dataset: builtIn)
        session.isInterrupted = { true }
        #expect(throws: FinsamError.self) { try session.run("from deltagare show count by kön") }
        session.isInterrupted = nil
        #expect((try? session.query("from deltagare show count")) != nil)
    }

    @Test("the timer prints milliseconds with one decimal")
    func timerFormat() {
        #expect(Shell.milliseconds(.milliseconds(554)) == "554.0")
        #expect(Shell.milliseconds(.microseconds(1_549)) == "1.5")
        #expect(Shell.milliseconds(.seconds(2) + .microseconds(50)) == "2000.1")
    }

    @Test("colours: errors and missing values, none when off")
    func colours() {
        let plain = Style(enabled: false), coloured = Style(enabled: true)
        let source = SourceText("x", name: "<q>")
        let error = FinsamError("unknown", at: SourceSpan(0, 1), in: source, hint: "did you mean y?", kind: .unknownName).in(.en)
        #expect(plain.diagnostic(error) == "<q>:1:1: error: unknown\n 1 | x\n   | ^\n  hint: did you mean y?")
        #expect(plain.diagnostic(error) == error.description)
        // The parts coloured from the error's parts: the label, the caret line, the hint.
        let shown = coloured.diagnostic(error)
        #expect(shown.contains("<q>:1:1: \u{1B}[1;31merror:\u{1B}[0m unknown"))
        #expect(shown.contains("\u{1B}[1;31m   | ^\u{1B}[0m"))
        #expect(shown.contains("\u{1B}[36m  hint: did you mean y?\u{1B}[0m"))
        #expect(shown.contains("\n 1 | x\n"), "the source line stays plain")
        #expect(coloured.table("│ (saknas) │").contains("\u{1B}[2m(saknas)"))
    }
}

@Suite("Completion")
struct CompletionTests {
    let shell = Shell(session: Session(dataset: builtIn))

    func candidates(_ text: String) -> [String] { shell.complete(before: text).candidates }

    @Test("by context") func contexts() {
        #expect(candidates("").contains("from") && candidates("").contains("let"))
        #expect(candidates("fr") == ["from"])
        #expect(candidates("from ") == ["deltagare", "insatser", "förbund", "kommuner", "befolkning"])
        #expect(candidates("from delt") == ["deltagare"])
        #expect(candidates("from deltagare where kö") == ["kön"])
        #expect(candidates("from deltagare where ko").contains("kommun.län"), "related columns")
        #expect(candidates("from deltagare where kön = ") == ["kvinna", "man"])
        #expect(candidates("from deltagare where kon = kv") == ["kvinna"], "ASCII spelling of the column")
        #expect(candidates("from deltagare where utbildning in (grundskola, ") .contains("gymnasium"))
        #expect(candidates("from deltagare where försörjning_start has a").contains("aktivitetsersättning"))
        #expect(candidates("from deltagare where försörjning_start has any (sjuk").contains("sjukpenning"))
        #expect(candidates("from deltagare where avslutsorsak = \"fort") == ["\"fortsatt rehabilitering\""])
        #expect(candidates("from deltagare show ").contains("share("))
        #expect(candidates("from deltagare show share(arb").contains("arbete_studier_slut"))
        #expect(candidates("from deltagare show count by åld") == ["ålder", "åldersgrupp"])
        #expect(candidates("from deltagare show count compare kön ") == ["kvinna", "man"])
        #expect(candidates("from deltagare show count ").contains("by"))
        #expect(candidates("from insatser where typ = ") == ["individinriktad", "strukturövergripande"])
        #expect(candidates("set format ") == ["box", "markdown", "csv", "json"])
        #expect(candidates(".ti") == [".timer"])
        #expect(candidates(".mode m") == ["markdown"])
        #expect(shell.complete(before: ".mode ") == Completion(replacing: "", candidates: ["box", "markdown", "csv", "json"]))
        // Values of a related column come from its own table.
        #expect(candidates("from deltagare where insats.inriktning = ").contains("förberedande"))
        #expect(!candidates("from deltagare where insats.inriktning = ").contains("1"))
        #expect(candidates("from förbund where kommuner has Göte") == ["Götene", "Göteborg"])
        #expect(candidates("from deltagare where förbund.län has Stock").allSatisfy { $0.hasPrefix("Stockholm") })
        #expect(!candidates("from deltagare where kommun.län = Väster").contains("Västerås"))
        #expect(candidates("set width ") == ["80", "120", "off", "auto"])
    }

    @Test("load's table, from, options and profiles; set suppress; help topics") func statements() {
        #expect(candidates("load ") == ["deltagare", "insatser", "förbund", "kommuner", "befolkning"])
        #expect(candidates("load deltagare ") == ["from"])
        #expect(candidates("load deltagare from ") == ["\""])
        #expect(candidates("load deltagare from \"dis.xlsx\" ") == ["sheet", "as", "strict", "lenient"])
        #expect(candidates("load deltagare from \"dis.xlsx\" as ") == ["dis", "\""])
        #expect(candidates("load deltagare from \"dis.xlsx\" as d") == ["dis"])
        #expect(candidates("load deltagare from \"dis.xlsx\" as dis ") == ["sheet", "with", "strict", "lenient"])
        #expect(candidates("load deltagare from \"dis.xlsx\" sheet \"Blad1\" as dis le") == ["lenient"])
        #expect(candidates("läs deltagare från \"dis.csv\" som dis strikt ").isEmpty)
        #expect(candidates("export ") == ["to"])
        #expect(candidates("set su") == ["suppress"])
        #expect(candidates("set suppress ") == ["5", "10", "off"])
        #expect(candidates("help pro") == ["profiles"])
        #expect(candidates("help ").contains("dis"))
    }

    @Test("let names complete like columns") func lets() throws {
        let session = Session(dataset: builtIn)
        try session.run("let unga_kvinnor = ung and kön = kvinna")
        #expect(Shell(session: session).complete(before: "from deltagare where unga_").candidates == ["unga_kvinnor"])
    }

    @Test("file names inside quotes after load and export") func files() throws {
        let folder = NSTemporaryDirectory() + "finsam-complete-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/deltagare_2018.csv", contents: Data())
        let completion = shell.complete(before: "load deltagare from \"\(folder)/delt")
        #expect(completion.candidates == ["\(folder)/deltagare_2018.csv"])
        #expect(completion.replacing == "\(folder)/delt")
    }
}

@Suite("finsam test")
struct ScriptTesterTests {
    @Test("failures as file:line: expected … got …, then N passed, N failed") func report() throws {
        let folder = NSTemporaryDirectory() + "finsam-tester-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
        from deltagare where år = 2018 show count
        expect 32715
        from deltagare where år = 2018 and registrering = anonym show count
        expect 1704
        from deltagare where kön = kvina show count
        """.write(toFile: folder + "/a.finsam", atomically: true, encoding: .utf8)
        let report = ScriptTester(dataset: builtIn).run([folder])
        #expect(report.summary == "godkända: 1, underkända: 2")
        #expect(ScriptTester(dataset: builtIn, language: .en).run([folder]).summary == "1 passed, 2 failed")
        #expect(report.lines.first == "\(folder)/a.finsam:4: förväntade 1 704, fick 1 705")
        #expect(report.lines.last?.contains("a.finsam:5:28: error: okänt värde 'kvina' för kön") == true)
    }
}
