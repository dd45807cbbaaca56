import FinsamStore
import Foundation

/// A box table laid out to a width (the terminal's, or `set width`), never a wrapped line:
/// 1. as it is, when it fits;
/// 2. intervals merged into their value's column (`29,0 % (27,8–30,3)`);
/// 3. headers broken over lines at spaces, long text cells wrapped in narrower columns;
/// 4. the value columns split into blocks stacked one under the other, each repeating the row
///    labels, with a note saying so;
/// 5. as a last resort (a single column wider than the width), lines cut with `…`.
struct BoxLayout {
    /// A column as laid out: its header and cells as text, right-aligned or not.
    struct Column {
        var header: String
        var cells: [String]
        var numeric: Bool
        var isLabel: Bool
    }

    var columns: [Column]
    var totalRows: [Bool]
    var notes: [String]

    init(_ table: ResultTable, _ settings: DisplaySettings) {
        columns = table.columns.enumerated().map { c, column in
            Column(header: column.name, cells: table.rows.map { settings.text($0.cells[c]) },
                   numeric: column.role != .dimension, isLabel: column.role == .dimension)
        }
        totalRows = table.rows.map(\.isTotal)
        notes = table.notes
        intervalsAt = table.columns.indices.filter { table.columns[$0].role == .interval }
        locale = settings.locale
    }

    private var intervalsAt: [Int]
    private let locale: DisplayLocale

    static func width(_ s: String) -> Int { Renderer.width(s) }

    /// The table's text at `limit` columns (nil: as wide as it is).
    func render(limit: Int?) -> String {
        guard let limit else { return laidOut(limit: nil) }
        // The last resort: a line that is still too long (five label columns in 40) is cut.
        return laidOut(limit: limit).split(separator: "\n", omittingEmptySubsequences: false)
            .map { Self.width(String($0)) > limit ? Self.cut(String($0), to: limit) : String($0) }.joined(separator: "\n")
    }

    private func laidOut(limit: Int?) -> String {
        guard let limit else { return Self.block(columns, widths: columns.map(Self.natural), totals: totalRows, notes: notes) }
        var layout = self
        if Self.tableWidth(layout.columns.map(Self.natural)) > limit, !intervalsAt.isEmpty {
            layout.mergeIntervals()
        }
        var widths = layout.columns.map(Self.natural)
        if Self.tableWidth(widths) > limit {
            // Narrow each column toward its narrowest readable width: a header broken at spaces,
            // a label wrapped at spaces (never narrower than its longest word, nor 12 columns).
            let least = layout.columns.map(Self.narrowest)
            var excess = Self.tableWidth(widths) - limit
            while excess > 0 {
                guard let widest = widths.indices.filter({ widths[$0] > least[$0] }).max(by: { widths[$0] - least[$0] < widths[$1] - least[$1] })
                else { break }
                widths[widest] -= 1
                excess -= 1
            }
        }
        let notes = layout.notes.flatMap { Self.wrap($0, to: limit) }
        if Self.tableWidth(widths) <= limit {
            return Self.block(layout.columns, widths: widths, totals: totalRows, notes: notes)
        }
        return layout.stacked(widths: widths, limit: limit, notes: notes)
    }

    /// Each interval column folded into the value column before it: `29,0 % (27,8–30,3)`.
    private mutating func mergeIntervals() {
        var name = ""
        for c in intervalsAt.reversed() where c > 0 {
            let interval = columns[c]
            // `kvinna 95 % KI` under `kvinna`: the note names the interval once, `95 % KI`.
            name = interval.header.hasPrefix(columns[c - 1].header)
                ? String(interval.header.dropFirst(columns[c - 1].header.count)).trimmingCharacters(in: .whitespaces) : interval.header
            for r in columns[c - 1].cells.indices {
                let text = interval.cells[r].replacingOccurrences(of: " – ", with: "–")
                if !text.isEmpty, text != "–" { columns[c - 1].cells[r] += " (\(text))" }
            }
            columns.remove(at: c)
        }
        notes.insert("(…) = \(name)", at: 0)
    }

    /// The value columns in blocks that fit, each under the row labels; a table of labels
    /// alone (describe) has its text wrapped narrower instead.
    private func stacked(widths: [Int], limit: Int, notes: [String]) -> String {
        let labels = columns.indices.filter { columns[$0].isLabel }
        let values = columns.indices.filter { !columns[$0].isLabel }
        let floors = columns.map(Self.narrowest)
        guard values.count >= 2 else {
            return Self.block(columns, widths: Self.squeeze(widths, to: limit, floors: floors), totals: totalRows, notes: notes)
        }
        // The labels leave room for the widest value column.
        let widestValue = values.map { widths[$0] }.max() ?? 0
        let labelWidths = Self.squeeze(labels.map { widths[$0] }, to: limit - widestValue - 3, floors: labels.map { floors[$0] })
        var blocks: [[Int]] = [], current: [Int] = []
        for v in values {
            let candidate = labelWidths + (current + [v]).map { widths[$0] }
            if !current.isEmpty, Self.tableWidth(candidate) > limit {
                blocks.append(current)
                current = []
            }
            current.append(v)
        }
        if !current.isEmpty { blocks.append(current) }
        var out: [String] = []
        for (b, block) in blocks.enumerated() {
            let shown = labels.map { columns[$0] } + block.map { columns[$0] }
            let shownWidths = Self.squeeze(labelWidths + block.map { widths[$0] }, to: limit, floors: (labels + block).map { floors[$0] })
            out.append(Self.block(shown, widths: shownWidths, totals: totalRows, notes: b == blocks.count - 1 ? notes : []))
        }
        let note = Self.wrap(locale.text(Message(.noteTableParts, blocks.count, limit)), to: limit)
        return (out + note).joined(separator: "\n")
    }

    /// Widths narrowed until they fit `limit` (or cannot): the widest above its floor first
    /// (text that wraps), then the widest, down to 6 columns each (cut with `…`).
    static func squeeze(_ widths: [Int], to limit: Int, floors: [Int]) -> [Int] {
        var widths = widths
        while tableWidth(widths) > limit {
            let above = widths.indices.filter { widths[$0] > floors[$0] }
            let candidates = above.isEmpty ? widths.indices.filter { widths[$0] > 6 } : above
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
            widths[widest] -= 1
        }
        return widths
    }

    static func natural(_ column: Column) -> Int {
        ([column.header] + column.cells).map(width).max() ?? 0
    }

    /// Headers break at spaces; text cells wrap at spaces, down to 12 columns; numbers never.
    static func narrowest(_ column: Column) -> Int {
        let headerWord = words(column.header).map(width).max() ?? 0
        if column.numeric { return max(headerWord, column.cells.map(width).max() ?? 0) }
        let cellWord = column.cells.flatMap(words).map(width).max() ?? 0
        return max(min(natural(column), 12), headerWord, min(cellWord, 24))
    }

    static func words(_ s: String) -> [String] { s.split(separator: " ").map(String.init) }

    /// `│ a │ b │` takes the widths, 3 per column and 1.
    static func tableWidth(_ widths: [Int]) -> Int { widths.reduce(1) { $0 + $1 + 3 } }

    /// Text broken at spaces into lines of at most `limit` columns; a word longer than that cut with `…`.
    static func wrap(_ text: String, to limit: Int) -> [String] {
        guard width(text) > limit, limit > 1 else { return [text] }
        var lines: [String] = [], line = ""
        for word in words(text) {
            let word = width(word) > limit ? cut(word, to: limit) : word
            if line.isEmpty { line = word } else if width(line) + 1 + width(word) <= limit { line += " " + word } else {
                lines.append(line)
                line = word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [""] : lines
    }

    static func cut(_ text: String, to limit: Int) -> String {
        guard width(text) > limit else { return text }
        var out = ""
        for character in text {
            if width(out + String(character)) > limit - 1 { break }
            out.append(character)
        }
        return out + "…"
    }

    /// One box: headers and cells over as many lines as they need at these widths.
    static func block(_ columns: [Column], widths: [Int], totals: [Bool], notes: [String]) -> String {
        func line(_ left: String, _ mid: String, _ right: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: mid) + right
        }
        func rows(_ texts: [String], header: Bool) -> [String] {
            let pieces = texts.enumerated().map { c, text in
                columns[c].numeric && !header ? [cut(text, to: widths[c])] : wrap(text, to: widths[c]).map { cut($0, to: widths[c]) }
            }
            let height = pieces.map(\.count).max() ?? 1
            return (0..<height).map { i in
                "│" + pieces.enumerated().map { c, lines in
                    // A header sits on its last lines, above the values; a cell on its first.
                    let offset = header ? height - lines.count : 0
                    let text = i - offset >= 0 && i - offset < lines.count ? lines[i - offset] : ""
                    return " " + Renderer.pad(text, widths[c], right: columns[c].numeric) + " "
                }.joined(separator: "│") + "│"
            }
        }
        var out = [line("┌", "┬", "┐")] + rows(columns.map(\.header), header: true) + [line("├", "┼", "┤")]
        let count = columns.first?.cells.count ?? 0
        for r in 0..<count {
            if totals[r], r > 0 { out.append(line("├", "┼", "┤")) }
            out += rows(columns.map { $0.cells[r] }, header: false)
        }
        out.append(line("└", "┴", "┘"))
        return (out + notes).joined(separator: "\n")
    }
}

extension Renderer {
    /// Text (help, notices, messages) with each line longer than `width` broken at spaces; the
    /// continuation lines hang under the line's last column of text (after a run of two spaces,
    /// as help aligns its descriptions), else under its indentation.
    public static func fitted(_ text: String, width: Int) -> String {
        guard width > 20 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let line = String(line)
            guard BoxLayout.width(line) > width else { return line }
            let characters = Array(line)
            let indent = characters.prefix { $0 == " " }.count
            var hang = indent
            var i = indent
            while i + 1 < min(characters.count, width) {
                if characters[i] == " ", characters[i + 1] == " " {
                    var j = i
                    while j < characters.count, characters[j] == " " { j += 1 }
                    if j < width - 10 { hang = j }
                    i = j
                } else {
                    i += 1
                }
            }
            let pad = String(repeating: " ", count: hang)
            var lines: [String] = [], current = String(characters.prefix(hang))
            var rest = String(characters.dropFirst(hang))
            if hang == indent { current = pad; rest = String(characters.dropFirst(indent)) }
            for word in rest.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
                let fits = BoxLayout.width(current) + 1 + BoxLayout.width(word) <= width
                if current.trimmingCharacters(in: .whitespaces).isEmpty && current.count == hang || fits {
                    current += (current.hasSuffix(" ") || current.isEmpty ? "" : " ") + word
                } else {
                    lines.append(current)
                    current = pad + word
                }
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
