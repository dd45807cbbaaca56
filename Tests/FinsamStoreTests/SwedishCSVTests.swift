import FinsamDataset
import FinsamStore
import Foundation
import FinsamTesting
import Testing

/// CSV as Swedish Excel saves it: semicolons, Windows-1252, CRLF, its own header names.
@Suite("Swedish Excel CSV", .inEnglish)
struct SwedishCSVTests {
    static let dataset = BuiltInDataset.make()

    /// The project's file rewritten the way Excel writes it. Windows-1252 comes from
    /// Foundation's encoder, not from the product's decoder.
    static func excelCopy(of file: String, renaming names: [String: String], encoding: String.Encoding,
                          editing edit: (inout [String]) -> Void = { _ in }) throws -> Data {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        var lines: [String] = []
        for (number, line) in text.split(separator: "\n").enumerated() {
            // The project's writer quotes no field of these files, so commas split them.
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if number == 0 { fields = fields.map { names[$0] ?? $0.capitalized } }
            lines.append(fields.map { $0.contains(";") ? "\"\($0)\"" : $0 }.joined(separator: ";"))
        }
        edit(&lines)
        return try #require((lines.joined(separator: "\r\n") + "\r\n").data(using: encoding))
    }

    @Test("semicolons, Windows-1252, CRLF and Excel's header names load to the same table, with a report",
          arguments: [String.Encoding.windowsCP1252, .utf8])
    func excelFile(_ encoding: String.Encoding) throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        let data = try Self.excelCopy(of: folder.path + "/deltagare.csv",
                                      renaming: ["slutdatum": "Avslutsdatum", "kommun": "Bostadsort", "kön": "KÖN"], encoding: encoding)
        let path = folder.file("export.csv", bytes: Array(data))
        let (loaded, report) = try CSVLoader.loadTableReporting(.deltagare, from: path, into: Self.dataset)
        for (x, y) in zip(Self.dataset.deltagare.columns, loaded.deltagare.columns) {
            #expect(x.data == y.data, "deltagare.\(x.name) differs after loading the Excel copy")
        }
        #expect(report.rows == Self.dataset.deltagare.rowCount)
        let described = encoding == .utf8 ? "read as semicolon-separated" : "read as semicolon-separated, Windows-1252 text"
        #expect(report.notes.first == described, "\(report.notes)")
        #expect(report.notes.contains("the column 'Avslutsdatum' read as slutdatum"))
        #expect(report.notes.contains("the column 'Bostadsort' read as kommun"))
        #expect(report.missing.contains { $0.column == "slutdatum" && $0.count > 0 })
    }

    @Test("a broken Windows-1252 file names its own path and line, and changes nothing")
    func brokenExcelFile() throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        // Line 4: kön becomes "kvinnå" (å is one byte in Windows-1252).
        let data = try Self.excelCopy(of: folder.path + "/deltagare.csv", renaming: [:], encoding: .windowsCP1252) { lines in
            let fields = lines[3].split(separator: ";", omittingEmptySubsequences: false).map { $0 == "kvinna" || $0 == "man" ? "kvinnå" : String($0) }
            lines[3] = fields.joined(separator: ";")
        }
        let path = folder.file("broken.csv", bytes: Array(data))
        do {
            _ = try CSVLoader.loadTableReporting(.deltagare, from: path, into: Self.dataset)
            Issue.record("the broken file loaded")
        } catch {
            #expect(error.file == path)
            #expect(error.line == 4)
            #expect(error.description.contains("kvinnå"), "\(error)")
        }
    }

    /// Budgets as Swedish Excel formats numbers: no-break spaces between digit groups, ",00".
    static func formatted(_ n: String) -> String {
        var groups: [String] = []
        var digits = Substring(n)
        while digits.count > 3 { groups.insert(String(digits.suffix(3)), at: 0); digits = digits.dropLast(3) }
        groups.insert(String(digits), at: 0)
        return groups.joined(separator: "\u{A0}") + ",00"
    }

    @Test("whole numbers with digit groups and a decimal comma of zeros load as the numbers", arguments: [String.Encoding.windowsCP1252, .utf8])
    func formattedNumbers(_ encoding: String.Encoding) throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        let data = try Self.excelCopy(of: folder.path + "/insatser.csv", renaming: [:], encoding: encoding) { lines in
            for i in 1..<lines.count {
                var fields = lines[i].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                if !fields[8].isEmpty { fields[8] = Self.formatted(fields[8]) }   // budget
                if i == 3 { fields[6] = " " + fields[6] + ".0" }                  // startår
                lines[i] = fields.joined(separator: ";")
            }
        }
        #expect(String(decoding: data, as: UTF8.self).contains(",00") )
        let path = folder.file("insatser-excel.csv", bytes: Array(data))
        let (loaded, _) = try CSVLoader.loadTableReporting(.insatser, from: path, into: Self.dataset)
        for (x, y) in zip(Self.dataset.insatser.columns, loaded.insatser.columns) {
            #expect(x.data == y.data, "insatser.\(x.name) differs after loading formatted numbers")
        }
    }

    @Test("a number with decimals in a whole-number column is refused by its line", arguments: ["45,5", "45.25", "4 5x", "1e3"])
    func decimals(_ value: String) throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        let data = try Self.excelCopy(of: folder.path + "/deltagare.csv", renaming: [:], encoding: .utf8) { lines in
            var fields = lines[2].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            fields[6] = value  // ålder
            lines[2] = fields.joined(separator: ";")
        }
        let path = folder.file("decimals.csv", bytes: Array(data))
        do {
            _ = try CSVLoader.loadTableReporting(.deltagare, from: path, into: Self.dataset)
            Issue.record("loaded \(value)")
        } catch {
            #expect(error.line == 3 && error.message.hasPrefix("expected a whole number"), "\(error)")
        }
    }
}
