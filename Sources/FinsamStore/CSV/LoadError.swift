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
            out += "\n" + CaretLine.render(line: line, text: sourceLine, column: column, width: (text ?? "").count)
        }
        if let hint { out += "\n  hint: \(hint)" }
        return out
    }

    static func danglingAfterReplace(table: TableName, referencedBy: TableName, column: String, row: Int, key: String) -> LoadError {
        LoadError(file: table.fileName,
                  message: "the new \(table.rawValue) table lacks '\(key)', which \(referencedBy.rawValue).\(column) refers to (row \(row + 1))",
                  hint: "load the tables together from a folder, or keep every key that other tables use")
    }
}
