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

    /// The rows of a sheet of an .xlsx workbook, or of an .ods spreadsheet (also a ZIP archive).
    public static func rows(path: String, sheet: String? = nil) throws(LoadError) -> [[String]] {
        if ODSReader.isSpreadsheet(path: path) { return try ODSReader.rows(path: path, sheet: sheet) }
        func fail(_ message: Message, _ hint: Message? = nil) -> LoadError { LoadError(file: path, message: message, hint: hint) }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw fail(Message(.xlsxNoZip), Message(.xlsxSaveAgain))
        }
        func part(_ name: String) -> Data? {
            guard let entry = archive[name] else { return nil }
            var data = Data()
            do { _ = try archive.extract(entry, skipCRC32: false) { data.append($0) } } catch { return nil }
            return data
        }
        guard let workbook = part("xl/workbook.xml"), let relations = part("xl/_rels/workbook.xml.rels") else {
            throw fail(Message(.xlsxNoWorkbook), Message(.xlsxSaveAgain))
        }
        let elements = Elements(workbook, named: ["sheet", "workbookPr"]).found
        let sheets = elements.filter { $0["r:id"] != nil }
        // Workbooks made on old Macs count days from 1904-01-01, 1462 days after Excel's day 0.
        let date1904 = elements.contains { ["true", "1"].contains($0["date1904"] ?? "") }
        let targets = Dictionary(Elements(relations, named: ["Relationship"]).found.map { ($0["Id"] ?? "", $0["Target"] ?? "") },
                                 uniquingKeysWith: { a, _ in a })
        let names = sheets.compactMap { $0["name"] }
        // A sheet name as typed, else ignoring case (Excel treats "Blad1" and "blad1" as one name).
        let named = sheet.map { name in sheets.first { $0["name"] == name } ?? sheets.first { $0["name"]?.lowercased() == name.lowercased() } }
        guard let chosen = named ?? sheets.first else {
            let hint = names.isEmpty ? nil : Message(.sheetsAre, names.joined(separator: ", "))
            throw fail(sheet.map { Message(.xlsxNoSheetNamed, $0) } ?? Message(.xlsxNoSheet), hint)
        }
        guard let target = chosen["r:id"].flatMap({ targets[$0] }) else { throw fail(Message(.xlsxNoPart, chosen["name"] ?? "")) }
        let sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard let sheetData = part(sheetPath) else { throw fail(Message(.xlsxLacksPart, sheetPath)) }
        let strings = part("xl/sharedStrings.xml").map(SharedStrings.read) ?? []
        let dateStyles = part("xl/styles.xml").map(DateStyles.read) ?? []
        let reader = SheetReader(strings: strings, dateStyles: dateStyles, dayOffset: date1904 ? 1462 : 0)
        // As a stream: libxml2 refuses a single chunk of over 10 MB, which a large sheet is.
        let parser = XMLParser(stream: InputStream(data: sheetData))
        parser.delegate = reader
        guard parser.parse() else {
            throw fail(Message(.xlsxBadXML, sheetPath, parser.parserError?.localizedDescription ?? ""))
        }
        if let cell = reader.uncomputedFormula {
            throw fail(Message(.xlsxFormula, chosen["name"] ?? "", cell),
                       Message(.xlsxRecalc))
        }
        return reader.rows
    }

    /// Days since 1899-12-30 (Excel's day 0, which absorbs its 1900 leap-year bug). A time of
    /// day other than midnight is kept (`2018-03-01 14:30`), so a date column can refuse it.
    static func isoDate(fromSerial serial: Double, dayOffset: Int = 0) -> String? {
        guard serial.isFinite, serial >= 1, serial < 200_000 else { return nil }
        let day = serial.rounded(.down)
        let date = Day.iso(Int32(day) + Int32(dayOffset) - 25_569)
        let seconds = Int(((serial - day) * 86_400).rounded())
        guard seconds > 0, seconds < 86_400 else { return date }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return date + " " + two(seconds / 3600) + ":" + two(seconds / 60 % 60) + (seconds % 60 == 0 ? "" : ":" + two(seconds % 60))
    }

    /// Whether a number format code shows a date or time: a d, m, y, h or s token outside
    /// quoted text, [brackets] (locale `[$-41D]`, colour `[RED]`) and backslash escapes.
    /// Elapsed-time brackets (`[h]`, `[mm]`) count as time.
    public static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false, inBracket = false, escaped = false, bracket = ""
        for ch in code.lowercased() {
            if escaped { escaped = false; continue }
            if inQuote { if ch == "\"" { inQuote = false }; continue }
            if inBracket {
                if ch == "]" {
                    inBracket = false
                    if !bracket.isEmpty, bracket.allSatisfy({ "hms".contains($0) }) { return true }
                } else { bracket.append(ch) }
                continue
            }
            switch ch {
            case "\\", "_", "*": escaped = true  // the next character is shown (or used as padding) as it is
            case "\"": inQuote = true
            case "[": inBracket = true; bracket = ""
            case "d", "m", "y", "h", "s", "å": return true
            // "General" has no date token; its letters other than those above never count.
            default: break
            }
        }
        return false
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

    static func read(_ data: Data) -> [Bool] {
        let reader = DateStyles()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        _ = parser.parse()
        // Built-in date formats: 14–22 and 45–47. Cell formats are indexed by style number, so a
        // cell's lookup is an array access.
        let dates = Set(14...22).union(45...47).union(reader.customDates)
        return reader.formats.map { dates.contains($0) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"],
               code.lowercased() != "general", XLSXReader.isDateFormat(code) {
                customDates.insert(id)
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
    let dateStyles: [Bool]
    let dayOffset: Int
    var rows: [[String]] = []
    /// The first formula cell without a saved value (such as "C7").
    var uncomputedFormula: String?
    private var row: [String] = [], rowNumber = 0
    private var column = 0, nextColumn = 0, type = "n", style = 0, text = "", inValue = false
    private var reference = "", hasFormula = false, hasValue = false

    init(strings: [String], dateStyles: [Bool], dayOffset: Int) {
        self.strings = strings
        self.dateStyles = dateStyles
        self.dayOffset = dayOffset
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
            nextColumn = 0
        case "c":
            column = attributes["r"].flatMap(Self.column) ?? nextColumn
            nextColumn = column + 1
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            reference = attributes["r"] ?? ""
            text = ""
            hasFormula = false
            hasValue = false
        case "f": hasFormula = true
        case "v", "t", "is": inValue = name != "is"; hasValue = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { text += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": inValue = false
        case "c":
            if hasFormula, !hasValue, uncomputedFormula == nil {
                uncomputedFormula = reference.isEmpty ? "R\(rowNumber)C\(column + 1)" : reference
            }
            // Formatted but empty cells are not kept: a row holds cells up to its last value.
            let value = value()
            guard !value.isEmpty else { break }
            while row.count < column { row.append("") }
            row.append(value)
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
            if dateStyles.indices.contains(style), dateStyles[style],
               let date = XLSXReader.isoDate(fromSerial: number, dayOffset: dayOffset) { return date }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return text
        }
    }
}
