import FinsamDataset
import FinsamStore
import Foundation
import Testing

/// Spreadsheets written by LibreOffice Calc itself: flat ODS (.fods, plain XML) generated here,
/// converted by `soffice --headless` once per test run (one call per target format).
enum LibreOffice {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// A cell of a generated sheet.
    enum Cell {
        case text(String)
        case number(Double, style: String? = nil)
        /// An ISO date or date-time, shown through a date style.
        case date(String, style: String = "ceDate")
        case formula(String, value: Double)
        case empty(style: String? = nil)
    }

    /// Number formats the tests need, as a Swedish user sets them in Calc.
    static let styles = """
        <number:date-style style:name="Ndate"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
        <number:date-style style:name="Ndatetime"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/></number:date-style>
        <number:number-style style:name="NredP"><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
        <number:number-style style:name="Nred"><style:text-properties fo:color="#ff0000"/><number:text>-</number:text><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/><style:map style:condition="value()&gt;=0" style:apply-style-name="NredP"/></number:number-style>
        <number:number-style style:name="Nsv" number:language="sv" number:country="SE"><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
        <number:number-style style:name="Nday" number:language="sv" number:country="SE"><number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text> dagar</number:text></number:number-style>
        <style:style style:name="ceDate" style:family="table-cell" style:data-style-name="Ndate"/>
        <style:style style:name="ceDateTime" style:family="table-cell" style:data-style-name="Ndatetime"/>
        <style:style style:name="ceRed" style:family="table-cell" style:data-style-name="Nred"/>
        <style:style style:name="ceSv" style:family="table-cell" style:data-style-name="Nsv"/>
        <style:style style:name="ceDay" style:family="table-cell" style:data-style-name="Nday"/>
        <style:style style:name="ceFill" style:family="table-cell"><style:table-cell-properties fo:background-color="#ffff00"/></style:style>
        """

    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func fods(sheets: [(name: String, rows: [[Cell]])], date1904: Bool = false) -> String {
        func cell(_ c: Cell) -> String {
            switch c {
            case .text(let s): return "<table:table-cell office:value-type=\"string\"><text:p>\(escaped(s))</text:p></table:table-cell>"
            case .number(let n, let style):
                return "<table:table-cell\(style.map { " table:style-name=\"\($0)\"" } ?? "") office:value-type=\"float\" office:value=\"\(n)\"/>"
            case .date(let d, let style):
                return "<table:table-cell table:style-name=\"\(style)\" office:value-type=\"date\" office:date-value=\"\(d)\"/>"
            case .formula(let f, let value):
                return "<table:table-cell table:formula=\"\(escaped(f))\" office:value-type=\"float\" office:value=\"\(value)\"/>"
            case .empty(let style): return "<table:table-cell\(style.map { " table:style-name=\"\($0)\"" } ?? "")/>"
            }
        }
        let tables = sheets.map { sheet in
            "<table:table table:name=\"\(escaped(sheet.name))\">"
                + sheet.rows.map { "<table:table-row>" + $0.map(cell).joined() + "</table:table-row>" }.joined(separator: "\n")
                + "</table:table>"
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
            <office:automatic-styles>
            \(styles)
            </office:automatic-styles>
            <office:body><office:spreadsheet>
            \(date1904 ? "<table:calculation-settings><table:null-date table:date-value=\"1904-01-01\"/></table:calculation-settings>" : "")
            \(tables)
            </office:spreadsheet></office:body></office:document>
            """
    }

    static func soffice() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = String(dir) + "/soffice"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Converts the files to `format` into `outdir` in one soffice call, with a profile of its
    /// own (a user's running LibreOffice or a parallel test run cannot interfere).
    static func convert(_ files: [String], to format: String, outdir: String, profile: String) throws {
        guard let soffice = soffice() else {
            throw Missing(description: "LibreOffice Calc (soffice) is not installed; these tests read files it writes. Install it with scripts/install-deps.sh --test (apt-get install libreoffice-calc-nogui)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = ["-env:UserInstallation=file://" + profile, "--headless", "--convert-to", format, "--outdir", outdir] + files
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        for file in files {
            let base = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let ext = String(format.prefix { $0 != ":" })
            guard FileManager.default.fileExists(atPath: outdir + "/" + base + "." + ext) else {
                throw Missing(description: "soffice did not convert \(file) to \(ext) (exit status \(process.terminationStatus))")
            }
        }
    }

    /// The fixtures of one test run: name → path of a LibreOffice-written file.
    static let fixtures: Result<[String: String], Missing> = {
        do {
            return .success(try make())
        } catch let error as Missing {
            return .failure(error)
        } catch {
            return .failure(Missing(description: "making the LibreOffice fixtures failed: \(error)"))
        }
    }()

    static func fixture(_ name: String) throws -> String {
        let all = try fixtures.get()
        return try #require(all[name], "no fixture \(name)")
    }

    static let dataset = BuiltInDataset.make()
    nonisolated(unsafe) static let folder = TemporaryFolder()
    /// The first rows of deltagare.csv as the project writes it (header included).
    static let deltagareLines: [String] = {
        try! CSVWriter.write(dataset, to: folder.path + "/project")
        let text = try! String(contentsOfFile: folder.path + "/project/deltagare.csv", encoding: .utf8)
        return Array(text.split(separator: "\n").prefix(9).map(String.init))
    }()
    static var deltagareHeader: [String] { deltagareLines[0].split(separator: ",").map(String.init) }

    /// The project's rows as sheet cells: whole numbers as number cells through `numberStyle`,
    /// dates as date cells, the rest as text.
    static func deltagareCells(numberStyle: (String) -> String? = { _ in nil }, dateStyle: String = "ceDate") -> [[Cell]] {
        let header = deltagareHeader
        let ints: Set<String> = ["id", "person", "insats", "ålder", "omfattning_start", "omfattning_slut"]
        return [header.map(Cell.text)] + deltagareLines.dropFirst().map { line in
            // The project's writer quotes no field of these rows, so commas split them.
            zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)).map { column, value in
                if value.isEmpty { return .empty() }
                if ints.contains(column) { return .number(Double(value)!, style: numberStyle(column)) }
                if column.hasSuffix("datum") { return .date(value + "T00:00:00", style: dateStyle) }
                return .text(value)
            }
        }
    }

    private static func make() throws -> [String: String] {
        let dir = folder.path
        for sub in ["src", "xlsx", "csv", "xls", "ods"] { try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true) }
        func source(_ name: String, _ sheets: [(name: String, rows: [[Cell]])], date1904: Bool = false) -> String {
            folder.file("src/\(name).fods", fods(sheets: sheets, date1904: date1904))
        }
        // D1: grouped, red-negative and Swedish-locale number formats on whole numbers, ISO dates.
        let styled: (String) -> String? = { ["ålder": "ceRed", "omfattning_start": "ceSv", "omfattning_slut": "ceDay", "id": "ceSv"][$0] }
        let formats = source("formats", [("Blad1", deltagareCells(numberStyle: styled))])
        let mac = source("date1904", [("Blad1", deltagareCells(numberStyle: styled))], date1904: true)
        // D3: an empty row after the third data row, formatted empty rows below the data.
        var gappy = deltagareCells()
        gappy.insert([], at: 4)
        let width = deltagareHeader.count
        gappy += Array(repeating: Array(repeating: Cell.empty(style: "ceFill"), count: width), count: 3)
        let gaps = source("gaps", [("Blad1", gappy)])
        // D9: kommuner.kod typed as numbers (0114 becomes 114).
        let kommunerText = try String(contentsOfFile: dir + "/project/kommuner.csv", encoding: .utf8)
        let kommunerRows: [[Cell]] = kommunerText.split(separator: "\n").enumerated().map { n, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return fields.enumerated().map { i, f in n > 0 && i == 1 ? .number(Double(f)!) : .text(f) }
        }
        let kommuner = source("kommuner", [("Blad1", kommunerRows)])
        // D10: a formula in G7 (ålder of the sixth row); its saved value is removed afterwards.
        var formulaRows = deltagareCells()
        formulaRows[6][6] = .formula("of:=40+5", value: 45)
        let formula = source("formula", [("Blad1", formulaRows)])
        // D4/D5: date-times at midnight, yes/no and categories as people type them; via CSV.
        var typed = deltagareCells(dateStyle: "ceDateTime")
        let header = deltagareHeader
        let kön = header.firstIndex(of: "kön")!, arbetssökande = header.firstIndex(of: "arbetssökande_slut")!
        let yes = ["ja", "SANT", "1", "True"], no = ["NEJ", "falskt", "0", "FALSE"]
        for r in 1..<typed.count {
            if case .text(let k) = typed[r][kön] { typed[r][kön] = .text(r % 2 == 0 ? k.capitalized : k + " ") }
            if case .text(let b) = typed[r][arbetssökande] { typed[r][arbetssökande] = .text(b == "true" ? yes[r % 4] : no[r % 4]) }
        }
        let typedFile = source("typed", [("Blad1", typed)])
        var timed = deltagareCells(dateStyle: "ceDateTime")
        timed[3][header.firstIndex(of: "startdatum")!] = .date("2013-01-01T14:30:00", style: "ceDateTime")
        let timedFile = source("timed", [("Blad1", timed)])
        // D7: a title above the header; an empty header cell; two sheets.
        let titled = source("titled", [("Översikt", [[.text("Summering")]]),
                                        ("Deltagare", [[.text("Deltagare 2013, utdrag")], []] + deltagareCells())])
        var blank = deltagareCells()
        blank[0][2] = .empty()
        let blankHeader = source("blankheader", [("Blad1", blank)])

        let profile = dir + "/lo-profile"
        try convert([formats, mac, gaps, kommuner, formula, titled, blankHeader], to: "xlsx:Calc MS Excel 2007 XML", outdir: dir + "/xlsx", profile: profile)
        try convert([gaps, typedFile, timedFile], to: "csv:Text - txt - csv (StarCalc):59,34,76,1", outdir: dir + "/csv", profile: profile)
        try convert([formats], to: "xls:MS Excel 97", outdir: dir + "/xls", profile: profile)
        try convert([formats, gaps, titled], to: "ods:calc8", outdir: dir + "/ods", profile: profile)
        try stripFormulaValues(dir + "/xlsx/formula.xlsx")
        // Excel ends such a file with rows of separators where cells were formatted; LibreOffice
        // leaves them out, so they are added as Excel writes them.
        let gapsCSV = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/csv/gaps.csv"))
        try gapsCSV.seekToEnd()
        try gapsCSV.write(contentsOf: Data((String(repeating: ";", count: width - 1) + "\r\n;;;;\r\n").utf8))
        try gapsCSV.close()
        var paths: [String: String] = [:]
        for name in ["formats", "date1904", "gaps", "kommuner", "formula", "titled", "blankheader"] { paths[name + ".xlsx"] = dir + "/xlsx/\(name).xlsx" }
        for name in ["gaps", "typed", "timed"] { paths[name + ".csv"] = dir + "/csv/\(name).csv" }
        paths["formats.xls"] = dir + "/xls/formats.xls"
        for name in ["formats", "gaps", "titled"] { paths[name + ".ods"] = dir + "/ods/\(name).ods" }
        paths["project/deltagare.csv"] = folder.file("head.csv", deltagareLines.joined(separator: "\n") + "\n")
        return paths
    }

    /// Removes the saved values of formula cells, as a workbook written by a program that does
    /// not calculate has them (LibreOffice always saves them).
    static func stripFormulaValues(_ path: String) throws {
        let script = """
            import re, sys, zipfile, shutil
            src = sys.argv[1]; tmp = src + '.tmp'
            with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    data = zin.read(item.filename)
                    if item.filename.startswith('xl/worksheets/'):
                        data = re.sub(rb'(<f[^>]*>[^<]*</f>)<v>[^<]*</v>', rb'\\1', data)
                    zout.writestr(item, data)
            shutil.move(tmp, src)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Missing(description: "python3 could not strip the formula values of \(path)") }
    }
}
