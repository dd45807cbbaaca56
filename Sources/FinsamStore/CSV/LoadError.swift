/// Why a file could not be loaded, with the place (file, line, column) and the offending
/// text, rendered like a compiler diagnostic with a caret under the field.
public struct LoadError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    /// 1-based; nil when the error concerns the whole file.
    public var line: Int?
    /// 1-based, in characters.
    public var column: Int?
    public var columnName: String?
    public var text: String?
    public var message: String
    public var hint: String?
    /// The source line, for the caret display.
    public var sourceLine: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil, text: String? = nil,
                message: String, hint: String? = nil, sourceLine: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.text = text
        self.message = message
        self.hint = hint
        self.sourceLine = sourceLine
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        var out = "\(place): error: \(message)"
        if let sourceLine, let line {
            let (shown, offset) = Self.window(sourceLine, around: (column ?? 1) - 1)
            let gutter = String(line)
            out += "\n \(gutter) | \(shown)"
            if let column {
                let width = max(1, min((text ?? "").count, 60))
                let pad = String(repeating: " ", count: max(0, column - 1 - offset))
                out += "\n \(String(repeating: " ", count: gutter.count)) | \(pad)^\(String(repeating: "~", count: width - 1))"
            }
        }
        if let hint { out += "\n  hint: \(hint)" }
        return out
    }

    /// A long line is cut to a window around the column so the caret stays readable;
    /// control characters show as '�' so they cannot disturb the terminal.
    private static func window(_ line: String, around column: Int) -> (String, Int) {
        let characters = line.map { c -> Character in
            if c == "\t" { return " " }
            return c.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? "\u{FFFD}" : c
        }
        guard characters.count > 120 else { return (String(characters), 0) }
        let start = max(0, min(column - 40, characters.count - 120))
        let end = min(characters.count, start + 120)
        let prefix = start > 0 ? "…" : ""
        return (prefix + String(characters[start..<end]) + (end < characters.count ? "…" : ""), start - prefix.count)
    }

    static func danglingAfterReplace(table: TableName, referencedBy: TableName, column: String, row: Int, key: String) -> LoadError {
        LoadError(file: table.fileName,
                  message: "the new \(table.rawValue) table lacks '\(key)', which \(referencedBy.rawValue).\(column) refers to (row \(row + 1))",
                  hint: "load the tables together from a folder, or keep every key that other tables use")
    }
}
