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

/// Writes a one-sheet .xlsx workbook (Office Open XML): the smallest set of parts that Excel
/// and LibreOffice open — content types, relationships, the workbook and one worksheet, with
/// a bold header row.
public enum XLSXWriter {
    public static func write(header: [String], rows: [[WorksheetCell]], sheet: String = "finsam", to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbook(sheet)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships),
            ("xl/styles.xml", styles(formats(rows))),
            ("xl/worksheets/sheet1.xml", worksheet(header: header, rows: rows)),
        ]
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    /// The number formats the rows use, in order of first use: cell style 2 + their index.
    static func formats(_ rows: [[WorksheetCell]]) -> [NumberFormat] {
        var seen: [NumberFormat] = []
        for row in rows {
            for case .formatted(_, let format) in row where !seen.contains(format) { seen.append(format) }
        }
        return seen
    }

    static func worksheet(header: [String], rows: [[WorksheetCell]]) -> String {
        let formats = formats(rows)
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
        row(1, header.map(WorksheetCell.text), style: 1)
        for (i, cells) in rows.enumerated() { row(i + 2, cells, style: 0) }
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

    static func workbook(_ sheet: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
            + "<sheets><sheet name=\"\(XMLText.escaped(String(sheet.prefix(31))))\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
    }

    static let contentTypes = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
        """#

    static let rootRelationships = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """#

    static let workbookRelationships = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
        """#

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
