import FinsamStore
import Foundation

/// A report: the results of scripts in the order they ran, each with its title, text, notes
/// and chart, for renderers that publish them together (`HTMLReport`, `ReportWorkbook`).
///
/// A script titles its report and its tables with comments directly above a statement:
/// `-- # Title` names the report, `-- ## Title` the table below it, and the plain comment
/// lines under a title are its text. Other comments stay in the script.
public struct Report: Sendable {
    public struct Section: Sendable {
        /// From `-- ## Title`; nil when the script gave none (renderers show the query).
        public var title: String?
        /// Paragraphs from the comment lines under the title.
        public var text: [String]
        /// The statement as written.
        public var query: String
        public var table: ResultTable
        /// When the query ended in `plot`.
        public var chart: Chart?
        /// The display settings the statement ran with (a later `set locale` does not change it).
        public var settings: DisplaySettings
        /// The suppression threshold it ran with (nil: off).
        public var suppression: Int?
        public var script: String
        public var line: Int

        /// The title, else the query on one line.
        public var heading: String {
            title ?? query.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }
    }

    /// From the first `-- # Title`; nil when no script gave one.
    public var title: String?
    /// Paragraphs under the report's title.
    public var introduction: [String] = []
    public var sections: [Section] = []
    /// The scripts, as named.
    public var scripts: [String] = []
    /// When it was made and from what data, for the colophon (nil: not said).
    public var created: String?
    public var dataSource: String?

    public init() {}

    /// The locale of the report's words: that of its first table.
    public var locale: DisplayLocale { sections.first?.settings.locale ?? .sv }
}

extension Session {
    /// Runs scripts in this session, in order, and gathers every table and chart they produce
    /// into a report. `expect` statements are checked but not published; the first failing
    /// statement ends the report with its error (a report with a wrong figure is not published).
    public func report(_ scripts: [(name: String, text: String)]) throws(FinsamError) -> Report {
        var report = Report()
        for script in scripts {
            report.scripts.append(script.name)
            let lines = script.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var failure: FinsamError?
            // A title above a `let` or `set` belongs to the table after it.
            var pending: ReportComments?
            if report.title == nil, let heading = ReportHeading(lines) {
                report.title = heading.title
                report.introduction = heading.introduction
            }
            runScript(script.text, name: script.name, stopAtFirstFailure: true) { outcome in
                switch outcome.result {
                case .failure(let error): failure = error
                case .success(let outputs):
                    var comments = ReportComments(above: outcome.line, in: lines)
                    if comments.title == nil, let earlier = pending { comments = earlier }
                    pending = nil
                    var published = false
                    for output in outputs {
                        let (table, chart): (ResultTable, Chart?)
                        switch output {
                        case .table(let t): (table, chart) = (t, nil)
                        case .chart(let c, let t): (table, chart) = (t, c)
                        case .notice: if !outcome.isExpectation, comments.title != nil { pending = comments }
                                      continue
                        default: continue
                        }
                        published = true
                        report.sections.append(Report.Section(
                            title: comments.title, text: comments.text, query: outcome.text, table: table, chart: chart,
                            settings: self.display, suppression: self.suppression, script: script.name, line: outcome.line))
                    }
                    if published { pending = nil }
                }
            }
            if let failure { throw failure }
        }
        return report
    }
}

/// The report's title and introduction: the first `-- # Title` comment of a script, before its
/// first statement, and the comment lines under it.
struct ReportHeading {
    var title: String
    var introduction: [String]

    init?(_ lines: [String]) {
        guard let first = lines.firstIndex(where: { Self.body($0)?.hasPrefix("# ") == true }),
              lines[..<first].allSatisfy({ Self.body($0) != nil || $0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
        title = String(Self.body(lines[first])!.dropFirst(2)).trimmingCharacters(in: .whitespaces)
        var following: [String] = []
        for line in lines[(first + 1)...] {
            guard let body = Self.body(line), !body.hasPrefix("#") else { break }
            following.append(body)
        }
        introduction = paragraphs(following)
    }

    /// The text of a comment line (nil: not a comment).
    static func body(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("--") ? String(trimmed.dropFirst(2)).trimmingCharacters(in: .whitespaces) : nil
    }
}

/// The comment block directly above a statement, read for a table's title (`-- ## Title`) and
/// the text under it.
struct ReportComments {
    var title: String?
    var text: [String] = []

    /// `line` is the statement's first line (1-based) in `lines`.
    init(above line: Int, in lines: [String]) {
        var first = line - 1
        while first > 0, ReportHeading.body(lines[first - 1]) != nil { first -= 1 }
        let block = lines[first..<max(first, line - 1)].compactMap(ReportHeading.body)
        guard let titleLine = block.lastIndex(where: { $0.hasPrefix("## ") }) else { return }
        title = String(block[titleLine].dropFirst(3)).trimmingCharacters(in: .whitespaces)
        text = paragraphs(Array(block[(titleLine + 1)...]))
    }
}

/// Comment lines joined into paragraphs; an empty comment line ends one.
private func paragraphs(_ lines: [String]) -> [String] {
    var out: [String] = [], current = ""
    for line in lines {
        if line.isEmpty {
            if !current.isEmpty { out.append(current) }
            current = ""
        } else {
            current += current.isEmpty ? line : " " + line
        }
    }
    if !current.isEmpty { out.append(current) }
    return out
}
