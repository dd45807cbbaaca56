import ArgumentParser
import Finsam

#if canImport(Glibc)
import Glibc
#endif

@main
struct FinsamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finsam",
        abstract: "Statistics over Finsam follow-up data (samordningsförbund, deltagare, insatser).",
        discussion: """
        Without a subcommand: statements from -c, or from standard input when it is not a terminal, \
        or an interactive prompt.
        """,
        version: Finsam.version,
        subcommands: [Run.self, Generate.self, Summary.self]
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .customShort("c"), help: "Run these statements and exit.")
    var statements: String?

    func run() throws {
        let session = try common.makeSession()
        if let statements {
            throw ExitCode(ScriptRunner(session: session, timer: common.timer).run(statements, name: "<-c>") ? 0 : 1)
        }
        if isatty(0) == 0 {
            var text = ""
            while let line = readLine(strippingNewline: false) { text += line }
            throw ExitCode(ScriptRunner(session: session, timer: common.timer).run(text, name: "<stdin>") ? 0 : 1)
        }
        Prompt(session: session).run()
    }
}

struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "Start with the tables in this folder instead of the built-in dataset.")
    var directory: String?

    @Option(help: "Output format: box, markdown, csv or json.")
    var format: String?

    @Flag(help: "Print each statement's time (binding, planning, execution, building the result; not rendering) to standard error.")
    var timer = false

    func makeSession() throws -> Session {
        let session: Session
        if let directory {
            do { session = try Session(directory: directory) } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        } else {
            session = Session()
        }
        if let format {
            guard let f = OutputFormat(rawValue: format) else {
                throw ValidationError("--format must be box, markdown, csv or json")
            }
            session.format = f
        }
        return session
    }
}

/// `finsam run FILE…`: runs scripts; stops a script at its first failing statement.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run query scripts (.finsam files).")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The scripts to run, in order, in one session.")
    var files: [String]

    func run() throws {
        let session = try common.makeSession()
        let runner = ScriptRunner(session: session, timer: common.timer)
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                printError("\(file): error: cannot read the file")
                throw ExitCode(1)
            }
            if !runner.run(text, name: file) { throw ExitCode(1) }
        }
    }
}

/// Runs statements and prints their output; errors go to standard error.
struct ScriptRunner {
    let session: Session
    var timer = false

    func run(_ text: String, name: String) -> Bool {
        for outcome in session.runScript(text, name: name, stopAtFirstFailure: true) {
            switch outcome.result {
            case .success(let outputs):
                for output in outputs { print(render(output)) }
            case .failure(let error):
                printError(error.description)
                return false
            }
            if timer { printError("time: \(formatMilliseconds(outcome.elapsed)) ms") }
        }
        return true
    }

    private func formatMilliseconds(_ d: Duration) -> String {
        let (s, atto) = d.components
        let tenths = (Int(s) * 10_000 + Int(atto / 100_000_000_000_000) + 5) / 10
        return "\(tenths / 10).\(tenths % 10)"
    }

    func render(_ output: Session.Output) -> String {
        switch output {
        case .table(let table): session.render(table)
        case .message(let text), .expectation(let text): text
        }
    }
}

/// A plain interactive prompt; a statement may continue over several lines.
struct Prompt {
    let session: Session

    func run() {
        print("finsam \(Finsam.version) — built-in dataset: \(session.dataset.deltagare.rowCount) deltagare rows (synthetic, calibrated to Försäkringskassan's published tables). Type help, or quit.")
        let runner = ScriptRunner(session: session, timer: false)
        var pending = ""
        while true {
            print(pending.isEmpty ? "finsam> " : "   ...> ", terminator: "")
            fflush(nil)
            guard let line = readLine() else { print(""); return }
            if pending.isEmpty, ["quit", "exit", ".quit"].contains(line.trimmingSpaces) { return }
            pending += pending.isEmpty ? line : "\n" + line
            // A line ending in a clause word, an operator, a comma, an open parenthesis or a
            // backslash continues the statement on the next line.
            let trimmed = line.trimmingSpaces.lowercased()
            let lastWord = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).last.map(String.init) ?? ""
            let continuing = ["where", "and", "or", "not", "by", "show", "across", "compare", "där", "och", "eller", "inte", "per", "visa", "mot", "jämför"]
            if continuing.contains(lastWord) || [",", "(", "=", "<", ">"].contains(where: { trimmed.hasSuffix($0) }) || trimmed.hasSuffix("\\") {
                if trimmed.hasSuffix("\\") { pending.removeLast() }
                continue
            }
            _ = runner.run(pending, name: "<prompt>")
            pending = ""
        }
    }
}
