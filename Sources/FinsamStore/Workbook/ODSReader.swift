import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads one sheet of an OpenDocument spreadsheet (.ods, what LibreOffice saves) as rows of
/// text, as `XLSXReader` does: numbers in plain notation, dates as YYYY-MM-DD (a time of day
/// kept, so a date column can refuse it), booleans as true/false. Row r is the row Calc shows.
public enum ODSReader {
    /// True when the ZIP archive is an OpenDocument spreadsheet (its mimetype entry says so).
    public static func isSpreadsheet(path: String) -> Bool {
        guard XLSXReader.isWorkbook(path: path),
              let archive = try? Archive(url: URL(fileURLWithPath: path), accessMode: .read, pathEncoding: nil),
              let entry = archive["mimetype"] else { return false }
        var data = Data()
        _ = try? archive.extract(entry, skipCRC32: true) { data.append($0) }
        return String(decoding: data, as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument.spreadsheet")
    }

    public static func rows(path: String, sheet: String? = nil) throws(LoadError) -> [[String]] {
        func fail(_ message: Message, _ hint: Message? = nil) -> LoadError { LoadError(file: path, message: message, hint: hint) }
        guard let archive = try? Archive(url: URL(fileURLWithPath: path), accessMode: .read, pathEncoding: nil), let entry = archive["content.xml"] else {
            throw fail(Message(.odsNoContent), Message(.odsSaveAgain))
        }
        var content = Data()
        do { _ = try archive.extract(entry, skipCRC32: false) { content.append($0) } } catch {
            throw fail(Message(.odsNoExtract), Message(.odsSaveAgain))
        }
        let reader = ContentReader(sheet: sheet)
        let parser = XMLParser(stream: InputStream(data: content))
        parser.delegate = reader
        guard parser.parse() || reader.done else {
            throw fail(Message(.odsBadXML, parser.parserError?.localizedDescription ?? ""))
        }
        guard reader.found else {
            let hint = reader.names.isEmpty ? nil : Message(.sheetsAre, reader.names.joined(separator: ", "))
            throw fail(sheet.map { Message(.odsNoSheetNamed, $0) } ?? Message(.odsNoSheet), hint)
        }
        return reader.rows
    }
}

/// content.xml's <table:table> of the chosen sheet into rows of text. Repeated empty rows and
/// cells (Calc writes a formatted area as one row repeated a million times) are only made
/// when a value follows them.
private final class ContentReader: NSObject, XMLParserDelegate {
    let sheet: String?
    var rows: [[String]] = []
    var names: [String] = []
    var found = false, done = false
    private var inSheet = false, inCell = false, paragraphs = 0
    private var row: [String] = [], pendingCells = 0, rowRepeat = 1, pendingRows = 0
    private var cellRepeat = 1, value: String?, text = ""

    init(sheet: String?) { self.sheet = sheet }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch qualifiedName ?? name {
        case "table:table":
            let tableName = attributes["table:name"] ?? ""
            names.append(tableName)
            guard !found else { return }
            // The sheet as typed, else ignoring case; the first without a name asked for.
            if sheet == nil || tableName == sheet || tableName.lowercased() == sheet!.lowercased() {
                inSheet = true
                found = true
            }
        case "table:table-row" where inSheet:
            row = []
            pendingCells = 0
            rowRepeat = max(1, min(Int(attributes["table:number-rows-repeated"] ?? "") ?? 1, 1_048_576))
        case "table:table-cell", "table:covered-table-cell":
            guard inSheet else { return }
            cellRepeat = max(1, min(Int(attributes["table:number-columns-repeated"] ?? "") ?? 1, 16_384))
            text = ""
            paragraphs = 0
            inCell = true
            switch attributes["office:value-type"] {
            case "float", "percentage", "currency": value = attributes["office:value"].map(Self.plainNumber)
            case "date": value = attributes["office:date-value"].map(Self.date)
            case "time": value = attributes["office:time-value"]
            case "boolean": value = attributes["office:boolean-value"]
            default: value = nil
            }
        case "text:p" where inCell:
            if paragraphs > 0 { text += "\n" }
            paragraphs += 1
        case "text:s" where inCell:
            text += String(repeating: " ", count: Int(attributes["text:c"] ?? "") ?? 1)
        case "text:tab" where inCell: text += "\t"
        case "text:line-break" where inCell: text += "\n"
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inCell, paragraphs > 0 { text += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch qualifiedName ?? name {
        case "table:table-cell", "table:covered-table-cell":
            guard inSheet else { return }
            inCell = false
            let cell = value ?? text
            if cell.isEmpty { pendingCells += cellRepeat; return }
            row += Array(repeating: "", count: pendingCells)
            pendingCells = 0
            row += Array(repeating: cell, count: cellRepeat)
        case "table:table-row" where inSheet:
            if row.isEmpty { pendingRows += rowRepeat; return }
            rows += Array(repeating: [], count: pendingRows)
            pendingRows = 0
            rows += Array(repeating: row, count: rowRepeat)
        case "table:table" where inSheet:
            inSheet = false
            done = true
            parser.abortParsing()
        default: break
        }
    }

    /// office:value as the xlsx reader writes numbers: whole numbers without decimals.
    static func plainNumber(_ text: String) -> String {
        guard let number = Double(text) else { return text }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return text
    }

    /// `2018-03-01` or `2018-03-01T14:30:00`: the date, and a time of day unless midnight.
    static func date(_ text: String) -> String {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard parts.count == 2 else { return text }
        let time = parts[1].prefix(8)
        if time.allSatisfy({ $0 == "0" || $0 == ":" }) { return String(parts[0]) }
        return String(parts[0]) + " " + (time.hasSuffix(":00") ? String(time.prefix(5)) : String(time))
    }
}
