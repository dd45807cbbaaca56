import FinsamStore

/// Output formats of a result table.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Boxed text for a terminal, a markdown table, CSV, JSON.
    case box, markdown, csv, json
}

/// Draws result tables as text: box, markdown, csv or json.
public enum Renderer {
    /// The table in `format`, with the numbers and words of `settings`.
    public static func render(_ table: ResultTable, as format: OutputFormat, settings: DisplaySettings) -> String {
        switch format {
        case .box: box(table, settings)
        case .markdown: markdown(table, settings)
        case .csv: settings.headers ? csv(table) : String(csv(table).drop { $0 != "\n" }.dropFirst())
        case .json: json(table)
        }
    }

    private static func isNumeric(_ column: ResultTable.Column) -> Bool { column.role != .dimension }

    private static func texts(_ table: ResultTable, _ settings: DisplaySettings) -> [[String]] {
        table.rows.map { $0.cells.map(settings.text) }
    }

    /// Terminal columns of a text (also for charts).
    static func width(_ s: String) -> Int { s.unicodeScalars.filter { !$0.properties.isDefaultIgnorableCodePoint }.count }

    static func pad(_ s: String, _ width: Int, right: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, width - Self.width(s)))
        return right ? fill + s : s + fill
    }

    /// Unicode box lines, numbers right-aligned, a rule above the total row; fitted to
    /// `settings.width` when set (BoxLayout).
    static func box(_ table: ResultTable, _ settings: DisplaySettings) -> String {
        BoxLayout(table, settings).render(limit: settings.width.flatMap { $0 > 0 ? $0 : nil })
    }

    static func markdown(_ table: ResultTable, _ settings: DisplaySettings) -> String {
        let body = texts(table, settings)
        // `|` would end the cell; `*` (an interval's mark) would end the total row's bold.
        func escape(_ s: String) -> String { s.replacingAll("|", with: "\\|").replacingAll("*", with: "\\*") }
        var out = ["| " + table.columns.map { escape($0.name) }.joined(separator: " | ") + " |"]
        out.append("|" + table.columns.map { isNumeric($0) ? "---:" : "---" }.joined(separator: "|") + "|")
        for (r, cells) in body.enumerated() {
            let escaped = cells.map(escape)
            let shown = table.rows[r].isTotal ? escaped.map { $0.isEmpty ? $0 : "**\($0)**" } : escaped
            out.append("| " + shown.joined(separator: " | ") + " |")
        }
        return (out + table.notes.map { "\n_\($0)_" }).joined(separator: "\n")
    }

    /// Machine numbers: dot decimals, no separators; a proportion as its percent, with its
    /// denominator in the next column. (Standard output, for programs: the same under any locale.)
    static func csv(_ table: ResultTable) -> String { csv(table, separator: ",", decimalComma: false) }

    /// `export to "x.csv"`: under Swedish, what Swedish Excel and LibreOffice open directly —
    /// `;` between fields, a decimal comma and a byte order mark; under English, as `csv`.
    public static func csvFile(_ table: ResultTable, locale: DisplayLocale) -> String {
        locale.language == .sv ? "\u{FEFF}" + csv(table, separator: ";", decimalComma: true) + "\n" : csv(table) + "\n"
    }

    private static func csv(_ table: ResultTable, separator: Character, decimalComma: Bool) -> String {
        let (header, rows) = sheet(table)
        func quote(_ s: String) -> String {
            s.contains(separator) || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingAll("\"", with: "\"\"") + "\"" : s
        }
        let glue = String(separator)
        var lines = [header.map(quote).joined(separator: glue)]
        for row in rows {
            lines.append(row.map { cell -> String in
                switch cell {
                case .text(let s): quote(s)
                case .number(let v), .formatted(let v, _): decimalComma ? number(v).replacingAll(".", with: ",") : number(v)
                case .empty: ""
                }
            }.joined(separator: glue))
        }
        return lines.joined(separator: "\n")
    }

    /// The table as machines read it (csv, xlsx): labels as text, every number a plain
    /// number, a proportion as its percent with its denominator in a column of its own.
    /// With `settings` (a workbook), numbers carry the table's format: a proportion is its fraction
    /// shown as `0.0 %`, counts `# ##0`, means with the shown decimals; an interval is one text cell.
    public static func sheet(_ table: ResultTable, settings: DisplaySettings? = nil) -> (header: [String], rows: [[WorksheetCell]]) {
        // Which columns hold shares, found once (per cell, it made a large export quadratic).
        let shares = table.columns.indices.map { c in table.rows.contains { if case .proportion = $0.cells[c] { true } else { false } } }
        var header: [String] = []
        for (c, column) in table.columns.enumerated() {
            if column.role == .interval {
                header += settings == nil ? [column.name + " lower", column.name + " upper"] : [column.name]
                continue
            }
            header.append(column.name)
            if shares[c] { header.append(column.name + " n") }
        }
        var rows: [[WorksheetCell]] = []
        for row in table.rows {
            var fields: [WorksheetCell] = []
            for (c, cell) in row.cells.enumerated() {
                if table.columns[c].role == .interval {
                    if let settings {
                        if case .interval = cell { fields.append(.text(settings.text(cell))) } else { fields.append(.empty) }
                    } else if case .interval(let i, _) = cell { fields += [.number(i.low), .number(i.high)] } else { fields += [.empty, .empty] }
                    continue
                }
                fields.append(settings.map { formatted(cell, $0) } ?? machine(cell))
                if shares[c] {
                    fields.append(cell.denominator.map { settings == nil ? .number(Double($0)) : .formatted(Double($0), .integer) } ?? .empty)
                }
            }
            rows.append(fields)
        }
        // Caveats travel with the numbers: each note a row of its own, in the first column.
        for note in table.notes { rows.append([.text(note)] + Array(repeating: .empty, count: max(0, header.count - 1))) }
        return (header, rows)
    }

    /// A cell of a workbook: its number with the format the table shows it in.
    private static func formatted(_ cell: Cell, _ settings: DisplaySettings) -> WorksheetCell {
        let d = settings.decimals
        switch cell {
        case .count(let n), .countDifference(let n): return .formatted(Double(n), .integer)
        case .proportion(let part, let whole): return whole == 0 ? .empty : .formatted(Double(part) / Double(whole), .percent(d))
        case .number(let v), .numberDifference(let v), .points(let v): return .formatted(v, .decimal(d))
        case .relative(let v): return .formatted(v / 100, .percent(d))
        default: return machine(cell)
        }
    }

    static func json(_ table: ResultTable) -> String {
        var rows: [String] = []
        for row in table.rows {
            var fields: [String] = []
            for (c, cell) in row.cells.enumerated() {
                let name = jsonString(table.columns[c].name)
                switch cell {
                case .label, .missingLabel: fields.append("\(name): \(cell.labelText.map(jsonString) ?? "null")")
                case .proportion(let part, let whole):
                    fields.append("\(name): \(whole == 0 ? "null" : number(100 * Double(part) / Double(whole)))")
                    fields.append("\(jsonString(table.columns[c].name + " n")): \(whole)")
                case .interval(let i, _): fields.append("\(name): [\(number(i.low)), \(number(i.high))]")
                case .empty, .suppressed: fields.append("\(name): null")
                default: fields.append("\(name): \(cell.value.map(number) ?? "null")")
                }
            }
            if row.isTotal { fields.append("\"total\": true") }
            rows.append("    {" + fields.joined(separator: ", ") + "}")
        }
        // One object: the rows, and the notes that say how to read them.
        let notes = table.notes.map(jsonString).joined(separator: ", ")
        return "{\n  \"rows\": [\n" + rows.joined(separator: ",\n") + "\n  ],\n  \"notes\": [\(notes)]\n}"
    }

    private static func machine(_ cell: Cell) -> WorksheetCell {
        switch cell {
        case .label(let s): .text(s)
        case .missingLabel: .text(DimensionKeys.missingLabel)
        case .empty: .empty
        case .suppressed: .text("..")
        default: cell.value.map(WorksheetCell.number) ?? .empty
        }
    }

    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        var text = String(v)
        if text.contains("e") { return text }
        // At most 6 decimals, without trailing zeros.
        let scaled = (v * 1_000_000).rounded() / 1_000_000
        text = String(scaled)
        return text
    }

    private static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16) }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
