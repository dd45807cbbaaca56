import Finsam
import FinsamShell
import FinsamStore
import Foundation
import Testing

/// Issue 19's "one language at a time": the same statements under `set locale sv` and
/// `set locale en` print no message of the other language — errors and hints, notes under
/// tables, help, describe, explain, a load error, let/set/expect and dot-command confirmations.
@Suite("One language at a time")
struct OneLanguageTests {
    /// Statements of every kind that prints words; errors are expected and the script goes on.
    static let statements: [String] = [
        // Errors and their hints: parser, binder, session, settings, expectations, a load.
        "from deltagare where kön = kvina show count",
        "from deltagare where kåm = kvinna show count",
        "from deltagare whre år = 2018",
        "from deltagare where ålder < 30 and",
        "from deltagare show mean(kön)",
        "from deltagare show mean(arbete_studier_slut)",
        "from deltagare show count by kön having antl >= 30",
        "from deltgare show count",
        "from deltagare where startdatum = 2018 show count",
        "from deltagare show count by kön with test",
        "from deltagare list kön, ålder",
        "from deltagare show count order by skilnad",
        "set decimals 9",
        "set bogus 1",
        "let kön = ålder < 30",
        "from deltagare where år = 2018 show count",
        "expect 1",
        "load deltagare from \"/tmp/finsam-x9/deltagare.csv\"",
        "help nonsense",
        // Queries with notes: suppression, top, across a set, compare with ci, having, plot.
        "from deltagare where år = 2018 and registrering = personuppgifter show count by förbund top 5",
        "from deltagare where registrering = personuppgifter show count by kommun across kön top 8",
        "from deltagare where registrering = personuppgifter and år = 2018 and förbund.län has Gotland show count by avslutsorsak across kön",
        "from deltagare where registrering = personuppgifter show count by försörjning_start across kön",
        "from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by åldersgrupp compare kön with ci",
        "from deltagare show count by kön compare år 2017 vs 2018 with ci",
        "from deltagare where år = 2018 show count by förbund having count >= 2000",
        "from deltagare where slutår = 2018 show count by utbildning across kön with test",
        "from deltagare where år = 2018 show count by förbund then show mean(count) by förbund.länsförbund",
        "from förbund list namn top 3",
        // Confirmations.
        "let ung25 = ålder < 25",
        "from deltagare where år = 2018 show count",
        "expect 1",
        // describe, tables, explain.
        "tables",
        "describe deltagare", "describe insatser", "describe förbund", "describe kommuner", "describe befolkning",
        "explain from deltagare where år = 2018 show count, share(ung) by kön compare år 2017 vs 2018 with ci",
        "explain from deltagare where år = 2018 show count by förbund then show mean(count)",
        "explain from förbund list namn top 3",
        // help and every topic (the built-in profile `dis` is a YAML file shown as it is).
        "help",
        "help query", "help measures", "help then", "help categories", "help conditions", "help statements",
        "help profiles", "help ci", "help test", "help plot", "help suppress", "help data",
        // Dot commands and their confirmations.
        ".timer on", "from kommuner show count", ".timer off", ".maxrows 10", ".maxrows 0", ".echo off", ".bail off",
        ".headers on", ".once", ".bogus", ".help",
    ]

    /// The output and errors of the statements in a fresh shell in `language`.
    static func transcript(_ language: Language) -> String {
        let session = Session(dataset: builtIn)
        let box = Harness.Box()
        let shell = Shell(session: session, write: { box.out.append($0) }, writeError: { box.err.append($0) })
        _ = shell.execute("set locale \(language.rawValue)\n" + statements.joined(separator: "\n"), name: "<test>")
        return (box.out + box.err).joined(separator: "\n")
    }

    /// Words of the other language, whole words only.
    static let swedishMarkers: Set<String> = [
        "och", "eller", "saknas", "kolumn", "kolumner", "rader", "förväntade", "dold", "dolda", "grupper", "finns", "inte",
        "är", "menade", "okänd", "okänt", "värde", "värden", "tabell", "tabellen", "som", "för", "fick", "också", "varje",
        "efter", "första", "ritar", "tips", "läste", "skrev", "definierade", "godkända", "inget", "ingen",
    ]
    static let englishMarkers: Set<String> = [
        "the", "expected", "unknown", "rows", "hidden", "columns", "did", "found", "cannot", "which", "there", "this",
        "does", "every", "would", "must", "needs", "groups", "value", "also", "than", "their", "its", "are", "was",
        "hint", "first", "defined", "wrote", "loaded", "passed", "no",
    ]

    /// Names and values that are the same in both languages: tables, columns, categories,
    /// measures, settings; longest first, so that `arbete eller studier` goes before `arbete`.
    static let identifiers: [String] = {
        var names = Set(TableName.allCases.map(\.rawValue))
        for table in TableName.allCases {
            for column in Schema.table(table).columns {
                names.insert(column.name)
                switch column.type {
                case .category(let c), .categorySet(let c): names.formUnion(c.values)
                default: break
                }
            }
        }
        // Names in the data: förbund and kommuner.
        for name in builtIn.forbund.texts("namn") + builtIn.kommuner.texts("kommun") { if let name { names.insert(name) } }
        // The keys of an import profile's YAML, as help shows them.
        names.formUnion(["profile:", "table:", "description:", "columns:", "constants:", "numbered:", "parameters:"])
        names.formUnion(["count", "individer", "percent", "share", "distinct", "mean", "median", "sum", "min", "max", "quantile",
                         "stddev", "variance", "cv", "invånare", "ung25", "samordningsförbund", "deltagande", "deltaganden"])
        return names.sorted { $0.count > $1.count }
    }()

    /// The words of messages: without diagnostics' source and caret lines, quoted text
    /// (`…`, '…', "…"), identifiers and values; in English, without the lines that name the
    /// Swedish keywords on purpose.
    static func messageWords(_ text: String, _ language: Language) -> [(word: String, line: String)] {
        var out: [(String, String)] = []
        for raw in text.split(separator: "\n").map(String.init) {
            if raw.range(of: #"^\s*\d*\s+\|"#, options: .regularExpression) != nil { continue }
            if language == .en, raw.contains("Swedish keywords work too") || raw.hasPrefix("Swedish:") { continue }
            var line = raw
            for pattern in [#"`[^`]*`"#, #"'[^']*'"#, #""[^"]*""#] {
                line = line.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
            }
            for name in identifiers where line.contains(name) {
                let escaped = NSRegularExpression.escapedPattern(for: name)
                line = line.replacingOccurrences(of: #"(?<![\p{L}\d_.])"# + escaped + #"(?![\p{L}\d_])"#, with: " ", options: .regularExpression)
            }
            let words = line.lowercased().split { !($0.isLetter) }.map(String.init)
            out += words.map { ($0, raw) }
        }
        return out
    }

    @Test("under set locale sv and en, no message of the other language", arguments: Language.allCases)
    func oneLanguage(_ language: Language) {
        let text = Self.transcript(language)
        let markers = language == .sv ? Self.englishMarkers : Self.swedishMarkers
        let found = Self.messageWords(text, language).filter { markers.contains($0.word) }
        #expect(found.isEmpty, "words of the other language in \(language.rawValue): \(found.prefix(12).map { "\($0.word) ← \($0.line)" }.joined(separator: "\n"))")
        // The transcript holds what it should: errors with hints, notes, help, describe, explain, dot commands.
        let expected = language == .sv
            ? ["okänt värde", "tips: menade du 'kvinna'?", ".. = dold", "de 5 första av", "En fråga, på en rad eller flera",
               "kolumn", "betydelse", "plan:", "röjandeskydd", "tid:", "okänt kommando .bogus", "förväntade 1", "definierade ung25"]
            : ["unknown value", "hint: did you mean 'kvinna'?", ".. = suppressed", "the first 5 of", "A query, on one line or several",
               "column", "meaning", "plan:", "suppression", "time:", "unknown command .bogus", "expected 1", "defined ung25"]
        for piece in expected { #expect(text.contains(piece), "\(language.rawValue) transcript lacks \(piece)") }
    }

    @Test("the file:line:col: error: prefix is the same in both languages")
    func prefix() {
        for language in Language.allCases {
            let session = Session(dataset: builtIn)
            session.display.locale = DisplayLocale(language: language)
            do { try session.run("from deltagare where kön = kvina show count", name: "q.finsam") } catch {
                #expect(error.description.hasPrefix("q.finsam:1:28: error: "), "\(error.description)")
            }
        }
    }
}
