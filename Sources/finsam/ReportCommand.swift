import ArgumentParser
import Finsam
import FinsamStore
import Foundation

/// `finsam report SCRIPT… --out rapport.html --out rapport.xlsx`: runs scripts in one session
/// and publishes every table and chart they produce, in order.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run scripts and publish their tables and charts as one HTML page and/or one workbook.",
        discussion: """
        The scripts run in one session, in order; each query's result becomes a numbered table (a chart \
        too when the query ends in plot), with its notes. A comment `-- # Title` above a statement names \
        the report, `-- ## Title` the table below it; plain comment lines under a title are its text. \
        expect statements are checked, not published; the first failing statement stops the report and \
        nothing is written. The .html page is self-contained (inline CSS and SVG, no network) and prints \
        on A4; the .xlsx workbook has a contents sheet and a sheet per table. The date in the page is \
        today's, or that of SOURCE_DATE_EPOCH (for reproducible output).
        """)

    @OptionGroup var common: CommonOptions

    @Option(name: .shortAndLong, help: "Where to write: a .html or .xlsx file (give --out twice for both).")
    var out: [String]

    @Argument(help: "The scripts, in order.")
    var scripts: [String]

    func validate() throws {
        if out.isEmpty { throw ValidationError("give --out rapport.html or --out rapport.xlsx") }
        for path in out where !Self.isHTML(path) && !path.lowercased().hasSuffix(".xlsx") {
            throw ValidationError("--out \(path): end the name with .html or .xlsx")
        }
    }

    static func isHTML(_ path: String) -> Bool { path.lowercased().hasSuffix(".html") || path.lowercased().hasSuffix(".htm") }

    func run() throws {
        let clock = ContinuousClock(), start = clock.now
        var texts: [(name: String, text: String)] = []
        for file in scripts {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                printError("\(file): error: " + Message(.cannotReadFile).render(in: CommonOptions.language))
                throw ExitCode(1)
            }
            texts.append((file, text))
        }
        let session = try common.makeSession()
        let t = { (m: Message) in m.render(in: session.language) }
        var report: Report
        do { report = try session.report(texts) } catch {
            printError(error.description)
            printError(t(Message(.reportNotWritten)))
            throw ExitCode(1)
        }
        guard !report.sections.isEmpty else {
            printError("error: " + t(Message(.reportNoTable)))
            throw ExitCode(1)
        }
        report.created = Self.date()
        let sv = report.locale.language == .sv
        report.dataSource = common.directory.map { sv ? "tabellerna i \($0)" : "the tables in \($0)" }
            ?? (sv ? "den inbyggda syntetiska datamängden (kalibrerad mot publicerade tabeller)"
                   : "the built-in synthetic dataset (calibrated to published tables)")
        for path in out {
            do {
                if Self.isHTML(path) {
                    try HTMLReport.render(report).write(toFile: path, atomically: true, encoding: .utf8)
                } else {
                    try ReportWorkbook.write(report, to: path)
                }
            } catch {
                printError("error: " + t(Message(.cannotWrite, path, error.localizedDescription)))
                throw ExitCode(1)
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let charts = report.sections.filter { $0.chart != nil }.count
            printError(t(Message(.reportWrote, path, report.sections.count, charts, size / 1024)))
        }
        if common.timer { printError("report: \(Int((clock.now - start).inMilliseconds)) ms") }
    }

    /// Today (UTC), or the day of SOURCE_DATE_EPOCH.
    static func date() -> String {
        let seconds = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Double.init) ?? Date().timeIntervalSince1970
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
