import Foundation
import ZIPFoundation

/// A cell of a worksheet: numbers are real number cells, so Excel and LibreOffice can
/// compute with them; text is inline text.
public enum WorksheetCell: Sendable, Equatable {
    case text(String)
    case number(Double)
    case empty
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
            ("xl/styles.xml", styles),
            ("xl/worksheets/sheet1.xml", worksheet(header: header, rows: rows)),
        ]
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    static func worksheet(header: [String], rows: [[WorksheetCell]]) -> String {
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
                    let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
                    xml += "<c r=\"\(reference)\"\(s)><v>\(text)</v></c>"
                case .number, .empty: continue
                }
            }
            xml += "</row>"
        }
        row(1, header.map(WorksheetCell.text), style: 1)
        for (i, cells) in rows.enumerated() { row(i + 2, cells, style: 0) }
        return xml + "</sheetData></worksheet>"
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

    /// Style 0 plain, style 1 bold (the header row).
    static let styles = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """#
}
