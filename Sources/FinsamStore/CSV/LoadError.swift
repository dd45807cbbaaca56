/// Why a file could not be loaded, with the place (file, line, column) and the offending
/// text, rendered like a compiler diagnostic with a caret under the field.
public struct LoadError: Error, Sendable, CustomStringConvertible, Equatable, CatalogueMessages {
    public var file: String
    /// 1-based; nil when the error concerns the whole file.
    public var line: Int?
    /// 1-based, in characters.
    public var column: Int?
    public var columnName: String?
    public var text: String?
    /// What went wrong, before it is put in a language.
    public var messageText: Message
    /// The likely fix, before it is put in a language.
    public var hintText: Message?
    /// The language `message`, `hint` and `description` are in (Swedish unless set).
    public var language: Language = Language.current
    /// The source line, for the caret display.
    public var sourceLine: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil, text: String? = nil,
                message: Message, hint: Message? = nil, sourceLine: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.text = text
        self.messageText = message
        self.hintText = hint
        self.sourceLine = sourceLine
    }

    /// The same error, in `language`.
    public func `in`(_ language: Language) -> LoadError {
        var copy = self
        copy.language = language
        return copy
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        var out = "\(place): error: \(message)"
        if let sourceLine, let line {
            out += "\n" + CaretLine.render(line: line, text: sourceLine, column: column, width: (text ?? "").count)
        }
        if let hint { out += "\n  " + Message(.hintLabel, hint).render(in: language) }
        return out
    }

    static func danglingAfterReplace(table: TableName, referencedBy: TableName, column: String, row: Int, key: String) -> LoadError {
        LoadError(file: table.fileName,
                  message: Message(.danglingKey, table.rawValue, key, referencedBy.rawValue, column, row + 1),
                  hint: Message(.danglingKeyHint))
    }
}
