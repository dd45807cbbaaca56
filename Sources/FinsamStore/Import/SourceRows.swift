#if canImport(Glibc)
import Glibc
#endif

/// The cells of a file in another export's layout, as text: a workbook's sheet, or CSV in
/// any dialect the loader detects. The header is the first non-empty row; each row keeps the
/// line (or Excel row) it came from.
struct SourceRows {
    var header: [String]
    var headerLine: Int
    var rows: [(line: Int, cells: [String])]
    /// How the file was read, for the load report.
    var notes: [String]

    static func read(path: String, sheet: String?) throws(LoadError) -> SourceRows {
        if XLSXReader.isWorkbook(path: path) {
            let sheetRows = try XLSXReader.rows(path: path, sheet: sheet)
            guard let first = sheetRows.firstIndex(where: { !$0.isEmpty }) else {
                throw LoadError(file: path, message: Message(.sheetEmpty), hint: Message(.sheetFirstRow))
            }
            var rows: [(Int, [String])] = []
            for index in (first + 1)..<sheetRows.count where sheetRows[index].contains(where: { !$0.isEmpty }) {
                rows.append((index + 1, sheetRows[index]))
            }
            let note = (sheet.map { Message(.readAsWorkbookSheet, $0) } ?? Message(.readAsWorkbookFirst)).localized
            return SourceRows(header: sheetRows[first], headerLine: first + 1, rows: rows, notes: [note])
        }
        if let sheet { throw notAWorkbook(path, sheet: sheet) }
        let dialect = CSVDialect.detect(path: path)
        let readPath = dialect.encoding == .windows1252 ? try Windows1252.transcodedCopy(of: path) : path
        defer { if readPath != path { unlink(readPath) } }
        let reader = try CSVRecordReader(path: readPath, separator: dialect.separator, displayPath: path)
        if reader.looksBinary { throw LoadError(file: path, message: Message(.binaryNotCSVOrXLSX)) }
        guard try reader.next() else {
            throw LoadError(file: path, line: 1, message: Message(.fileEmpty), hint: Message(.fileFirstRow))
        }
        let header = (0..<reader.fieldCount).map { reader.text(ofField: $0) }
        let headerLine = reader.line
        var rows: [(Int, [String])] = []
        while try reader.next() {
            rows.append((reader.line, (0..<reader.fieldCount).map { reader.text(ofField: $0) }))
        }
        return SourceRows(header: header, headerLine: headerLine, rows: rows,
                          notes: dialect.description.map { [Message(.readAs, $0).localized] } ?? [])
    }

    static func notAWorkbook(_ path: String, sheet: String) -> LoadError {
        LoadError(file: path, message: Message(.sheetNotWorkbook, sheet),
                  hint: Message(.sheetLeaveOut))
    }
}
