import Finsam
import FinsamStore
import Foundation

/// The interactive shell over a `Session`: reads lines, joins an unfinished statement with the
/// next line, runs statements and dot commands, prints results and errors.
public final class Shell {
    public let session: Session
    public var style: Style
    public var timer = false
    /// Longer results show their first and last rows (nil: all).
    public var maxRows: Int? = 60
    /// Columns of the terminal, for charts (the command line passes the real width).
    public var width = 80
    /// Reads the terminal's width again (a resized window); nil keeps `width`.
    public var measureWidth: (() -> Int)?
    /// Box tables fit `width` (on a terminal); otherwise they are as wide as they are, unless
    /// `set width N` says otherwise.
    public var fitsTables = false
    private let write: (String) -> Void
    private let writeError: (String) -> Void
    /// `.output FILE`: results go to this file instead.
    private var outputPath: String?
    /// `.once FILE`: only the next result goes to `outputPath`.
    private var outputOnce = false
    /// Stop a script (standard input, -c, .read) at its first failing statement (`--bail`,
    /// `.bail on`); otherwise go on and report the failure at the end, as sqlite3 does.
    public var bail = false
    /// `.echo on`: print each statement before its result.
    public var echo = false
    /// Whether confirmations and reports (`Session.Output.notice`, a held `expect`) may go to
    /// standard output with the results: only on a terminal, in box or markdown. Otherwise they
    /// go to standard error, so `finsam … > out.csv` is a valid file.
    public var noticesOnOutput = true

    public static let prompt = "finsam> "
    public static let continuation = "   ...> "

    public init(session: Session, style: Style = Style(enabled: false),
                write: @escaping (String) -> Void = { print($0) },
                writeError: @escaping (String) -> Void = {
                    // Tables printed before an error come before it, also through a pipe.
                    fflush(nil)
                    FileHandle.standardError.write(Data(($0 + "\n").utf8))
                }) {
        self.session = session
        self.style = style
        self.write = write
        self.writeError = writeError
    }

    /// The folder the tables came from, for the banner (nil: the built-in dataset).
    public var dataDirectory: String?

    /// A message in the session's language.
    func text(_ message: Message) -> String { message.render(in: session.language) }

    public var banner: String {
        let years = session.dataset.deltagare.ints("startår").filter { $0 != Int32.min }
        let span = years.isEmpty ? "" : ", \(years.min()!)–\(years.max()!)"
        let locale = session.display.locale
        let sizes = session.dataset.tables.map { "\(locale.integer($0.rowCount)) \($0.name.rawValue)" }.joined(separator: ", ")
        let source = dataDirectory.map { Message(.bannerTablesFrom, $0) } ?? Message(.bannerBuiltIn)
        return """
        finsam \(Finsam.version)
        \(sizes)\(span): \(text(source)).
        \(text(Message(.bannerType, style.keyword("help"), style.keyword(".help"))))
        """
    }

    /// Reads and runs until the end of input or `.quit`.
    public func run(_ reader: LineReader) {
        var pending = ""
        var tableRows = false
        while true {
            switch reader.read(prompt: pending.isEmpty ? Self.prompt : Self.continuation) {
            case .end:
                if pending.isEmpty || tableRows {
                    if tableRows { finish(pending, reader) }
                    return
                }
                pending = ""
            case .interrupt:
                pending = ""
                tableRows = false
            case .line(let line):
                let trimmed = line.trimmingSpaces
                if pending.isEmpty {
                    if trimmed.isEmpty { continue }
                    if trimmed.hasPrefix(".") {
                        reader.addHistory(trimmed)
                        if dotCommand(trimmed) == .quit { return }
                        continue
                    }
                }
                // An empty line inside a quoted value does not end it: say how to.
                if !pending.isEmpty, !tableRows, trimmed.isEmpty, session.isInsideQuote(pending) {
                    writeError(style.muted(text(Message(.quoteStillOpen))))
                    continue
                }
                // An expect table runs until an empty line.
                if tableRows {
                    if trimmed.isEmpty { finish(pending, reader); pending = ""; tableRows = false; continue }
                    pending += "\n" + line
                    continue
                }
                pending += pending.isEmpty ? line : "\n" + line
                if pending.hasSuffix("\\") { pending.removeLast(); continue }
                if session.needsMoreInput(pending) { continue }
                if lastLineIsBareExpect(pending) { tableRows = true; continue }
                finish(pending, reader)
                pending = ""
            }
        }
    }

    private func lastLineIsBareExpect(_ text: String) -> Bool {
        let last = text.split(separator: "\n").last.map { String($0).trimmingSpaces.lowercased() } ?? ""
        return last == "expect" || last == "förvänta"
    }

    private func finish(_ text: String, _ reader: LineReader) {
        reader.addHistory(text)
        execute(text, name: "<prompt>")
    }

    /// Runs a script — statements and dot commands, each dot command on a line of its own
    /// between statements — and prints what they produce; false when one failed. Goes on after a
    /// failure unless `bail` is set.
    @discardableResult
    public func execute(_ text: String, name: String) -> Bool {
        var succeeded = true
        var pending = "", pendingLine = 1
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func flush() -> Bool {
            defer { pending = "" }
            guard !pending.trimmingSpaces.isEmpty else { return true }
            if !runStatements(pending, name: name, firstLine: pendingLine) { succeeded = false; return !bail }
            return true
        }
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingSpaces
            if Self.isDotCommand(trimmed), pending.trimmingSpaces.isEmpty || !session.needsMoreInput(pending) && !session.isInsideQuote(pending) {
                guard flush() else { return false }
                if echo { write(trimmed) }
                switch dotCommand(trimmed) {
                case .quit: return succeeded
                case .failed: succeeded = false; if bail { return false }
                case .done: break
                }
                continue
            }
            if pending.isEmpty { pendingLine = index + 1 }
            pending += pending.isEmpty ? line : "\n" + line
        }
        _ = flush()
        return succeeded
    }

    /// A line that is a dot command: `.` and a letter (`.5` is a number).
    static func isDotCommand(_ line: String) -> Bool {
        line.hasPrefix(".") && line.dropFirst().first.map(\.isLetter) == true
    }

    /// Runs statements; false when one failed (they stop there when `bail` is set).
    private func runStatements(_ text: String, name: String, firstLine: Int) -> Bool {
        var succeeded = true
        // Each statement's outputs are printed as it finishes, with the settings it ran under.
        session.runScript(text, name: name, firstLine: firstLine, stopAtFirstFailure: bail) { outcome in
            if self.echo, !outcome.text.isEmpty { self.write(outcome.text) }
            switch outcome.result {
            case .success(let outputs):
                for output in outputs { self.show(output) }
            case .failure(let error):
                self.writeError(self.style.diagnostic(error))
                succeeded = false
                return
            }
            if self.timer { self.writeError(self.text(Message(.timerLine, Self.milliseconds(outcome.elapsed)))) }
        }
        return succeeded
    }

    /// A duration in milliseconds with one decimal: 554.0, 1.5.
    public static func milliseconds(_ d: Duration) -> String { d.millisecondsText }

    /// The display settings a result is rendered with: the width resolved (`set width`, else the
    /// terminal's when tables fit it, else none).
    private var renderSettings: DisplaySettings {
        if let measureWidth { width = measureWidth() }
        var settings = session.display
        if settings.width == nil { settings.width = fitsTables && outputPath == nil ? width : 0 }
        return settings
    }

    private func show(_ output: Session.Output) {
        switch output {
        case .table(let table): emit(render(table, limit: maxRows))
        case .chart(let chart, _):
            let columns = session.display.width.flatMap { $0 > 0 ? $0 : nil } ?? width
            emit(TerminalChart.render(chart, width: columns, settings: session.display))
        case .message(let text): emit(fitted(text))
        case .notice(let text): notice(fitted(text))
        case .expectation(let text): notice(style.muted(text))
        }
    }

    /// Text broken to the width tables fit (help, notices); unchanged when they have none.
    private func fitted(_ text: String) -> String {
        let columns = renderSettings.width ?? 0
        return columns > 0 ? Renderer.fitted(text, width: columns) : text
    }

    /// A confirmation or report: never into an `.output` file or a csv/json stream.
    private func notice(_ text: String) {
        if noticesOnOutput, session.format == .box || session.format == .markdown {
            write(text)
        } else {
            writeError(text)
        }
    }

    private func emit(_ text: String) {
        if let outputPath {
            if let handle = FileHandle(forWritingAtPath: outputPath) {
                handle.seekToEndOfFile()
                handle.write(Data((text + "\n").utf8))
                try? handle.close()
            }
            if outputOnce { self.outputPath = nil; outputOnce = false }
        } else {
            write(text)
        }
    }

    /// A result shortened to its first and last rows when longer than `limit`.
    public func render(_ table: ResultTable, limit: Int?) -> String {
        var shown = table
        if let limit, table.rows.count > limit, limit >= 2 {
            let head = limit / 2, tail = limit - head
            let hidden = table.rows.count - limit
            let gap = ResultTable.Row(cells: table.columns.map { _ in .label("…") }, isTotal: false)
            shown.rows = Array(table.rows.prefix(head)) + [gap] + Array(table.rows.suffix(tail))
            shown.notes.append(text(Message(.rowsHidden, session.display.locale.integer(hidden), limit)))
        }
        let text = Renderer.render(shown, as: session.format, settings: renderSettings)
        return outputPath == nil ? style.table(text) : text
    }

    // MARK: Dot commands

    public static let dotCommands = [".help", ".tables", ".schema", ".mode", ".headers", ".width", ".timer", ".echo", ".bail",
                                     ".read", ".output", ".once", ".maxrows", ".last", ".quit"]

    public enum DotResult: Equatable { case done, failed, quit }

    /// Runs a dot command: each says what it did (a notice), or fails with an error.
    @discardableResult
    public func dotCommand(_ line: String) -> DotResult {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let command = parts[0].lowercased(), argument = parts.count > 1 ? parts[1].trimmingSpaces : ""
        func unquoted(_ s: String) -> String { s.hasPrefix("\"") && s.hasSuffix("\"") && s.count >= 2 ? String(s.dropFirst().dropLast()) : s }
        func failure(_ message: Message, hint: Message? = nil) -> DotResult {
            writeError(style.diagnostic(FinsamError(message, hint: hint).in(session.language)))
            return .failed
        }
        func onOff(_ name: String, _ apply: (Bool) -> Void) -> DotResult {
            guard ["on", "off"].contains(argument.lowercased()) else { return failure(Message(.dotOnOff, name)) }
            apply(argument.lowercased() == "on")
            notice(text(Message(argument.lowercased() == "on" ? .dotIsOn : .dotIsOff, name)))
            return .done
        }
        /// A statement a dot command stands for, run quietly (no time under .timer).
        func statement(_ text: String) -> DotResult {
            let timing = timer
            timer = false
            defer { timer = timing }
            return runStatements(text, name: "<prompt>", firstLine: 1) ? .done : .failed
        }
        switch command {
        case ".quit", ".exit", ".q":
            return .quit
        case ".help":
            emit(fitted(session.language == .sv ? Self.dotHelpSwedish : """
            .tables              the tables and their sizes
            .schema [TABLE]      the columns of a table (all tables without one)
            .mode MODE           box, markdown, csv or json
            .headers on|off      the header line of csv output
            .width N|off|auto    fit tables and charts to N columns (auto: the terminal's)
            .timer on|off        print the time of each statement (binding, execution, building the result; not rendering)
            .echo on|off         print each statement before its result
            .bail on|off         stop a script at its first error (standard input, -c, .read; off by default)
            .read FILE           run the statements and dot commands of a file
            .output FILE         send results to a file; .output alone: back to standard output
            .once FILE           send the next result only to a file
            .maxrows N           show long results as their first and last rows (0: all)
            .last                the previous result in full
            .quit                leave (or Ctrl-D)
            Dot commands work wherever statements do: at the prompt, from standard input, in -c and in .read files.
            For the query language: help, help query, help measures, help conditions, help statements.
            """))
        case ".tables":
            return statement("tables")
        case ".schema":
            if argument.isEmpty {
                for table in session.dataset.tables where statement("describe \(table.name.rawValue)") == .failed { return .failed }
                return .done
            }
            return statement("describe \(argument)")
        case ".mode":
            return statement("set format \(argument.isEmpty ? "?" : argument)")
        case ".width":
            return statement("set width \(argument.isEmpty ? "?" : argument)")
        case ".headers":
            return onOff(".headers") { session.display.headers = $0 }
        case ".timer":
            return onOff(".timer") { timer = $0 }
        case ".echo":
            return onOff(".echo") { echo = $0 }
        case ".bail":
            return onOff(".bail") { bail = $0 }
        case ".read":
            guard !argument.isEmpty else { return failure(Message(.dotNeedsFile, ".read"), hint: Message(.dotReadExample)) }
            let path = unquoted(argument)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return failure(Message(.dotCannotRead, path)) }
            return execute(text, name: path) ? .done : .failed
        case ".output", ".once":
            if argument.isEmpty {
                guard command == ".output" else { return failure(Message(.dotNeedsFile, ".once"), hint: Message(.dotOnceExample)) }
                outputPath = nil
                outputOnce = false
                notice(text(Message(.dotOutputStdout)))
                return .done
            }
            let path = unquoted(argument)
            guard FileManager.default.createFile(atPath: path, contents: nil) else { return failure(Message(.dotCannotWrite, path)) }
            outputPath = path
            outputOnce = command == ".once"
            notice(text(Message(outputOnce ? .dotOnceTo : .dotOutputTo, path)))
        case ".maxrows":
            guard let n = Int(argument), n >= 0 else { return failure(Message(.dotMaxrowsNumber)) }
            maxRows = n == 0 ? nil : max(2, n)
            notice(text(maxRows.map { Message(.dotMaxrows, $0 / 2, $0 - $0 / 2) } ?? Message(.dotMaxrowsAll)))
        case ".last":
            guard let last = session.lastResult else { return failure(Message(.dotNoResult)) }
            emit(render(last, limit: nil))
        default:
            let near = NameMatching.suggestion(for: command, among: Self.dotCommands)
            writeError(style.diagnostic(FinsamError(Message(.dotUnknown, command), hint: near.map { Message(.dotDidYouMean, $0) } ?? Message(.dotSeeHelp),
                                                    kind: .unknownName).in(session.language)))
            return .failed
        }
        return .done
    }

    /// Tab completion: dot commands at the start of a line, otherwise the session's candidates.
    public func complete(before text: String) -> Completion {
        // Leading spaces only: a trailing space ends the command's name (`.mode ` wants a mode).
        let trimmed = String(text.drop { $0 == " " })
        if trimmed.hasPrefix("."), !trimmed.contains(" ") {
            return Completion(replacing: trimmed, candidates: Self.dotCommands.filter { $0.hasPrefix(trimmed.lowercased()) })
        }
        if trimmed.hasPrefix(".mode ") {
            let partial = String(trimmed.dropFirst(6))
            return Completion(replacing: partial, candidates: ["box", "markdown", "csv", "json"].filter { $0.hasPrefix(partial) })
        }
        if trimmed.hasPrefix(".schema ") {
            let partial = String(trimmed.dropFirst(8))
            return Completion(replacing: partial, candidates: TableName.allCases.map(\.rawValue).filter { NameMatching.fold($0).hasPrefix(NameMatching.fold(partial)) })
        }
        return session.completions(before: text)
    }
}

extension Shell {
    /// `.help` in Swedish (the English text is at `.help` in `dot(_:)`).
    static let dotHelpSwedish = """
    .tables              tabellerna och deras storlek
    .schema [TABELL]     kolumnerna i en tabell (alla tabeller utan namn)
    .mode LÄGE           box, markdown, csv eller json
    .headers on|off      rubrikraden i csv-utdata
    .width N|off|auto    anpassa tabeller och diagram till N kolumner (auto: terminalens)
    .timer on|off        skriv ut tiden för varje sats (bindning, körning, att bygga resultatet; inte utskriften)
    .echo on|off         skriv ut varje sats före dess resultat
    .bail on|off         stoppa ett skript vid första felet (standard input, -c, .read; av som standard)
    .read FIL            kör satserna och punktkommandona i en fil
    .output FIL          skicka resultat till en fil; .output ensamt: tillbaka till standard output
    .once FIL            skicka bara nästa resultat till en fil
    .maxrows N           visa långa resultat som deras första och sista rader (0: alla)
    .last                det förra resultatet i sin helhet
    .quit                avsluta (eller Ctrl-D)
    Punktkommandon fungerar överallt där satser gör: vid prompten, från standard input, i -c och i .read-filer.
    För frågespråket: help, help query, help measures, help conditions, help statements.
    """
}
