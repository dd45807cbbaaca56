import ArgumentParser
import Finsam
import FinsamStore
import FinsamShell
import Foundation
import LineEditing

#if canImport(Glibc)
import Glibc
#endif

/// Exit status: 0 success, 1 a statement (or expectation) failed, 2 a usage error.
@main
enum Main {
    static func main() {
        do {
            var command = try FinsamCommand.parseAsRoot()
            try command.run()
        } catch {
            let code = FinsamCommand.exitCode(for: error)
            if code.rawValue == 64 {  // argument parser's usage error
                printError(FinsamCommand.fullMessage(for: error))
                exit(2)
            }
            FinsamCommand.exit(withError: error)
        }
    }
}

struct FinsamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finsam",
        abstract: "Statistics over Finsam follow-up data (samordningsförbund, deltagare, insatser).",
        discussion: """
        Without a subcommand: the interactive shell on a terminal; otherwise statements and dot commands \
        from standard input (no prompts, no colours), or from -c. A failing statement is reported and the \
        rest still runs (--bail stops there). Exit status: 0 success, 1 a statement failed, 2 a usage error.
        """,
        version: Finsam.version,
        subcommands: [Run.self, Test.self, ReportCommand.self, Generate.self, Summary.self, SQLCommand.self]
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .customShort("c"), help: "Run these statements (and dot commands) and exit.")
    var statements: String?

    @Flag(help: "Stop standard input or -c at the first failing statement (as .bail on).")
    var bail = false

    func run() throws {
        let session = try common.makeSession()
        if let statements {
            let shell = common.shell(session, terminal: false)
            shell.bail = bail
            throw ExitCode(shell.execute(statements, name: "<-c>") ? 0 : 1)
        }
        if isatty(0) == 0 {
            var text = ""
            while let line = readLine(strippingNewline: false) { text += line }
            let shell = common.shell(session, terminal: false)
            shell.bail = bail
            throw ExitCode(shell.execute(text, name: "<stdin>") ? 0 : 1)
        }
        let shell = common.shell(session, terminal: true)
        if let directory = common.directory { shell.dataDirectory = directory }
        print(Renderer.fitted(shell.banner, width: shell.width))
        if let reader = EditLineReader(historyPath: EditLineReader.defaultHistoryPath(), completer: shell.complete(before:)) {
            session.isInterrupted = EditLineReader.interruptPending
            shell.run(reader)
        } else {
            shell.run(PlainLineReader())
        }
    }
}

/// Lines from standard input with a printed prompt, when libedit cannot start.
final class PlainLineReader: LineReader {
    func read(prompt: String) -> LineInput {
        print(prompt, terminator: "")
        fflush(nil)
        return readLine().map { .line($0) } ?? .end
    }
    func addHistory(_ entry: String) {}
}

struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "Start with the tables in this folder instead of the built-in dataset.")
    var directory: String?

    @Option(help: "Output format: box, markdown, csv or json.")
    var format: String?

    @Flag(help: "Print each statement's time (binding, planning, execution, building the result; not rendering) to standard error.")
    var timer = false

    func validate() throws {
        if let format, OutputFormat(rawValue: format) == nil { throw ValidationError("--format must be box, markdown, csv or json") }
    }

    /// The language the command line starts in: English when LANG, LC_ALL or LC_MESSAGES begins with `en`.
    static var language: Language { Language.fromEnvironment(ProcessInfo.processInfo.environment) }

    func makeSession() throws -> Session {
        let session: Session
        let language = Self.language
        if let directory {
            let clock = ContinuousClock(), start = clock.now
            do { session = try Language.$current.withValue(language) { try Session(directory: directory) } } catch let error as FinsamError {
                printError(error.in(language).description)
                throw ExitCode(1)
            }
            for note in session.loadNotes { printError("note: \(note)") }
            if timer {
                printError("load: \(Int((clock.now - start).inMilliseconds)) ms")
                let rows = session.dataset.deltagare.rowCount
                if let bytes = ResidentMemory.anonymousBytes(), rows > 0 {
                    printError("memory: \(bytes) bytes resident anonymous after load, \(bytes / rows) per deltagare row")
                }
            }
        } else {
            session = Session()
        }
        if let format { session.format = OutputFormat(rawValue: format)! }
        session.display.locale = DisplayLocale(language: language)
        return session
    }

    /// The terminal's columns (for charts): the window size, else $COLUMNS, else 80.
    static func terminalWidth() -> Int {
        var size = winsize()
        if isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
    }

    /// Colours only on a terminal and never with NO_COLOR set.
    func shell(_ session: Session, terminal: Bool) -> Shell {
        let colours = terminal && isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let shell = Shell(session: session, style: Style(enabled: colours))
        shell.timer = timer
        shell.noticesOnOutput = isatty(1) != 0
        if !terminal { shell.maxRows = nil }
        shell.width = Self.terminalWidth()
        if terminal && isatty(1) != 0 {
            shell.fitsTables = true
            shell.measureWidth = { Self.terminalWidth() }
        }
        return shell
    }
}

/// `finsam run FILE…`: runs scripts in one session; stops at the first failing statement.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run query scripts (.finsam files) in one session.",
        discussion: "Statements and dot commands, in order; stops at the first failing statement (exit status 1).")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The scripts to run, in order.")
    var files: [String]

    func run() throws {
        let shell = common.shell(try common.makeSession(), terminal: false)
        shell.bail = true
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                printError("\(file): error: " + Message(.cannotReadFile).render(in: shell.session.language))
                throw ExitCode(1)
            }
            if !shell.execute(text, name: file) { throw ExitCode(1) }
        }
    }
}

/// `finsam test [PATH…]`: the expect statements of scripts as tests.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the expect statements of scripts; print each failure and 'N passed, N failed'.",
        discussion: "PATH is a .finsam file or a folder searched for them (default: the current folder). Each script runs in a fresh session.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "Scripts or folders.")
    var paths: [String] = ["."]

    func run() throws {
        let session = try common.makeSession()
        let report = ScriptTester(dataset: session.dataset, language: session.language).run(paths)
        for line in report.lines { printError(line) }
        print(report.summary)
        if report.failed > 0 { throw ExitCode(1) }
    }
}
