import Foundation
import ZIPFoundation

/// A cell of a worksheet: numbers are real number cells, so Excel and LibreOffice can
/// compute with them; text is inline text. A formatted number shows as the table shows it
/// (`40,9 %`, `1 234`) in the reader's own separators, its value unchanged.
public enum WorksheetCell: Sendable, Equatable {
    case text(String)
    case number(Double)
    case formatted(Double, NumberFormat)
    case empty
}

/// How a number cell displays. A percent cell holds its fraction (0,409 shows as `40,9 %`).
public enum NumberFormat: Sendable, Hashable {
    /// A whole number with thousands separators (built-in `#,##0`, id 3: the reader's separator).
    case integer
    /// With thousands separators and this many decimals.
    case decimal(Int)
    /// A fraction shown as a percent with this many decimals: `0.0 %`.
    case percent(Int)

    /// The format code (built-in codes have no code of their own here).
    public var code: String {
        func places(_ n: Int) -> String { n > 0 ? "." + String(repeating: "0", count: n) : "" }
        switch self {
        case .integer: return "#,##0"
        case .decimal(let n): return "#,##0" + places(n)
        case .percent(let n): return "0" + places(n) + " %"
        }
    }
}

/// A sheet of a workbook: title lines (bold, above the header), a bold header row, then rows.
public struct Worksheet: Sendable {
    public var name: String
    public var title: [String]
    public var header: [String]
    public var rows: [[WorksheetCell]]

    public init(name: String, title: [String] = [], header: [String], rows: [[WorksheetCell]]) {
        (self.name, self.title, self.header, self.rows) = (name, title, header, rows)
    }
}

/// Writes .xlsx workbooks (Office Open XML): the smallest set of parts that Excel and
/// LibreOffice open — content types, relationships, the workbook, its styles and one part per
/// worksheet.
public enum XLSXWriter {
    public static func write(header: [String], rows: [[WorksheetCell]], sheet: String = "finsam", to path: String) throws {
        try write([Worksheet(name: sheet, header: header, rows: rows)], to: path)
    }

    /// Sheet names are made valid (31 characters, none of `[]:*?/\`) and unique.
    public static func write(_ sheets: [Worksheet], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        let formats = formats(sheets.flatMap(\.rows))
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheets.count)),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbook(sheetNames(sheets.map(\.name)))),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheets.count)),
            ("xl/styles.xml", styles(formats)),
        ]
        for (i, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(i + 1).xml", worksheet(sheet, formats: formats)))
        }
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    /// Valid and unique sheet names: Excel refuses `[]:*?/\`, more than 31 characters and two
    /// names that differ only in case.
    public static func sheetNames(_ names: [String]) -> [String] {
        var used: Set<String> = [], out: [String] = []
        for name in names {
            var base = String(name.map { "[]:*?/\\".contains($0) ? "-" : $0 }).trimmingCharacters(in: .whitespaces)
            if base.isEmpty { base = "Blad" }
            var candidate = String(base.prefix(31)), n = 2
            while used.contains(candidate.lowercased()) {
                let suffix = " (\(n))"
                candidate = String(base.prefix(31 - suffix.count)) + suffix
                n += 1
            }
            used.insert(candidate.lowercased())
            out.append(candidate)
        }
        return out
    }

    /// The number formats the rows use, in order of first use: cell style 2 + their index.
    static func formats(_ rows: [[WorksheetCell]]) -> [NumberFormat] {
        var seen: [NumberFormat] = []
        for row in rows {
            for case .formatted(_, let format) in row where !seen.contains(format) { seen.append(format) }
        }
        return seen
    }

    static func worksheet(_ sheet: Worksheet, formats: [NumberFormat]) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        func row(_ number: Int, _ cells: [WorksheetCell], style: Int) {
            xml += "<row r=\"\(number)\">"
            for (column, cell) in cells.enumerated() {
                let reference = columnName(column) + String(number)
                let s = style > 0 ? " s=\"\(style)\"" : ""
                switch cell {
                case .text(let text): xml += "<c r=\"\(reference)\" t=\"inlineStr\"\(s)><is><t xml:space=\"preserve\">\(XMLText.escaped(text))</t></is></c>"
                case .number(let value) where value.isFinite:
                    xml += "<c r=\"\(reference)\"\(s)><v>\(Self.number(value))</v></c>"
                case .formatted(let value, let format) where value.isFinite:
                    let style = 2 + (formats.firstIndex(of: format) ?? 0)
                    xml += "<c r=\"\(reference)\" s=\"\(style)\"><v>\(Self.number(value))</v></c>"
                case .number, .formatted, .empty: continue
                }
            }
            xml += "</row>"
        }
        for (i, line) in sheet.title.enumerated() { row(i + 1, [.text(line)], style: 1) }
        let headerRow = sheet.title.count + 1
        row(headerRow, sheet.header.map(WorksheetCell.text), style: 1)
        for (i, cells) in sheet.rows.enumerated() { row(headerRow + 1 + i, cells, style: 0) }
        return xml + "</sheetData></worksheet>"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A, B, …, Z, AA, AB, …
    static func columnName(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let digit = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            n = (n - 1) / 26
        }
        return name
    }

    static func workbook(_ names: [String]) -> String {
        let sheets = names.enumerated().map { i, name in
            "<sheet name=\"\(XMLText.escaped(name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
            + "<sheets>" + sheets.joined() + "</sheets></workbook>"
    }

    static func contentTypes(_ sheets: Int) -> String {
        let overrides = (1...max(1, sheets)).map {
            "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
            + overrides.joined()
            + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#
    }

    static let rootRelationships = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """#

    /// Worksheet i is rId i; the styles come after them.
    static func workbookRelationships(_ sheets: Int) -> String {
        let worksheets = (1...max(1, sheets)).map {
            "<Relationship Id=\"rId\($0)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0).xml\"/>"
        }
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + worksheets.joined()
            + "<Relationship Id=\"rId\(max(1, sheets) + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
    }

    /// Style 0 plain, style 1 bold (the header row), then one style per number format used.
    static func styles(_ formats: [NumberFormat]) -> String {
        var custom: [String] = [], xfs: [String] = []
        for format in formats {
            let id: Int
            if format == .integer { id = 3 } else { id = 164 + custom.count; custom.append("<numFmt numFmtId=\"\(id)\" formatCode=\"\(XMLText.escaped(format.code))\"/>") }
            xfs.append("<xf numFmtId=\"\(id)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>")
        }
        let numFmts = custom.isEmpty ? "" : "<numFmts count=\"\(custom.count)\">" + custom.joined() + "</numFmts>"
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"# + numFmts
            + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
            + "<cellXfs count=\"\(2 + xfs.count)\">" + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"# + xfs.joined()
            + #"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
    }
}
