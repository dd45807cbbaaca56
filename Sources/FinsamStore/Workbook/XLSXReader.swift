import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads one worksheet of an .xlsx workbook as rows of text, the way the CSV loader reads a
/// file: shared and inline strings as they are, numbers in plain notation (whole numbers
/// without decimals), booleans as true/false, and cells formatted as dates as YYYY-MM-DD.
/// Row r of the sheet is row r of the result (empty rows stay empty), so a load error's line
/// is the row number Excel shows.
public enum XLSXReader {
    /// True when the file starts as a ZIP archive (an .xlsx workbook).
    public static func isWorkbook(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) == Data([0x50, 0x4B, 0x03, 0x04])
    }

    public static func rows(path: String, sheet: String? = nil) throws(LoadError) -> [[String]] {
        func fail(_ message: String, _ hint: String? = nil) -> LoadError { LoadError(file: path, message: message, hint: hint) }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw fail("not a readable .xlsx workbook (the ZIP archive cannot be opened)", "save the file again from Excel as .xlsx")
        }
        func part(_ name: String) -> Data? {
            guard let entry = archive[name] else { return nil }
            var data = Data()
            do { _ = try archive.extract(entry, skipCRC32: false) { data.append($0) } } catch { return nil }
            return data
        }
        guard let workbook = part("xl/workbook.xml"), let relations = part("xl/_rels/workbook.xml.rels") else {
            throw fail("the workbook has no xl/workbook.xml", "save the file again from Excel as .xlsx")
        }
        let sheets = Elements(workbook, named: ["sheet"]).found
        let targets = Dictionary(Elements(relations, named: ["Relationship"]).found.map { ($0["Id"] ?? "", $0["Target"] ?? "") },
                                 uniquingKeysWith: { a, _ in a })
        let names = sheets.compactMap { $0["name"] }
        guard let chosen = sheet.map({ name in sheets.first { $0["name"] == name } }) ?? sheets.first else {
            let hint = names.isEmpty ? nil : "the sheets are: \(names.joined(separator: ", "))"
            throw fail(sheet.map { "the workbook has no sheet named '\($0)'" } ?? "the workbook has no sheet", hint)
        }
        guard let target = chosen["r:id"].flatMap({ targets[$0] }) else { throw fail("the sheet '\(chosen["name"] ?? "")' has no part") }
        let sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard let sheetData = part(sheetPath) else { throw fail("the workbook lacks its sheet part \(sheetPath)") }
        let strings = part("xl/sharedStrings.xml").map(SharedStrings.read) ?? []
        let dateStyles = part("xl/styles.xml").map(DateStyles.read) ?? []
        let reader = SheetReader(strings: strings, dateStyles: dateStyles)
        // As a stream: libxml2 refuses a single chunk of over 10 MB, which a large sheet is.
        let parser = XMLParser(stream: InputStream(data: sheetData))
        parser.delegate = reader
        guard parser.parse() else {
            throw fail("the sheet \(sheetPath) is not well-formed XML: \(parser.parserError?.localizedDescription ?? "")")
        }
        return reader.rows
    }

    /// Days since 1899-12-30 (Excel's day 0, which absorbs its 1900 leap-year bug).
    static func isoDate(fromSerial serial: Double) -> String? {
        guard serial.isFinite, serial >= 1, serial < 200_000 else { return nil }
        return Day.iso(Int32(serial.rounded(.down)) - 25_569)
    }
}

/// Attributes of every element with one of the given names.
private final class Elements: NSObject, XMLParserDelegate {
    let names: Set<String>
    var found: [[String: String]] = []

    init(_ data: Data, named names: Set<String>) {
        self.names = names
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        _ = parser.parse()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if names.contains(name) { found.append(attributes) }
    }
}

/// xl/sharedStrings.xml: one string per <si>, the text of all its <t> runs.
private final class SharedStrings: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = "", inText = false

    static func read(_ data: Data) -> [String] {
        let reader = SharedStrings()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        _ = parser.parse()
        return reader.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "si" { current = "" }
        if name == "t" { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false }
        if name == "si" { strings.append(current) }
    }
}

/// xl/styles.xml: which cell formats (indices into cellXfs) show dates.
private final class DateStyles: NSObject, XMLParserDelegate {
    private var customDates: Set<Int> = []
    private var formats: [Int] = []
    private var inCellXfs = false

    static func read(_ data: Data) -> Set<Int> {
        let reader = DateStyles()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        _ = parser.parse()
        // Built-in date formats: 14–22 and 45–47.
        let dates = Set(14...22).union(45...47).union(reader.customDates)
        return Set(reader.formats.indices.filter { dates.contains(reader.formats[$0]) })
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "numFmt":
            // A custom format with day or year parts (not inside quotes) shows a date.
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
                let bare = code.split(separator: "\"").enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined().lowercased()
                if bare.contains("d") || bare.contains("y") || bare.contains("å") { customDates.insert(id) }
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: formats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "cellXfs" { inCellXfs = false }
    }
}

/// A worksheet's <row>/<c> elements into rows of text.
private final class SheetReader: NSObject, XMLParserDelegate {
    let strings: [String]
    let dateStyles: Set<Int>
    var rows: [[String]] = []
    private var row: [String] = [], rowNumber = 0
    private var column = 0, type = "n", style = 0, text = "", inValue = false

    init(strings: [String], dateStyles: Set<Int>) {
        self.strings = strings
        self.dateStyles = dateStyles
    }

    /// The column index of a reference such as "AB12".
    private static func column(of reference: String) -> Int? {
        var n = 0
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65, scalar.value <= 90 else { break }
            n = n * 26 + Int(scalar.value) - 64
        }
        return n > 0 ? n - 1 : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            row = []
        case "c":
            column = attributes["r"].flatMap(Self.column) ?? row.count
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            text = ""
        case "v", "t": inValue = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { text += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": inValue = false
        case "c":
            while row.count < column { row.append("") }
            row.append(value())
        case "row":
            // Rows the sheet skips are empty rows here, so row numbers stay Excel's.
            while rows.count < rowNumber - 1 { rows.append([]) }
            rows.append(row)
        default: break
        }
    }

    private func value() -> String {
        switch type {
        case "s": return Int(text).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
        case "b": return text == "1" ? "true" : "false"
        case "str", "inlineStr", "e": return text
        default:
            guard let number = Double(text) else { return text }
            if dateStyles.contains(style), let date = XLSXReader.isoDate(fromSerial: number) { return date }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return text
        }
    }
}
