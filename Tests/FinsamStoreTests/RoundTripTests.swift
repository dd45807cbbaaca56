import FinsamDataset
import FinsamStore
import Foundation
import Testing

@Suite("Write and load back")
struct RoundTripTests {
    static let dataset = BuiltInDataset.make()

    @Test("generate → write → load gives identical tables, derived columns included")
    func roundTrip() throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        let loaded = try CSVLoader.loadDataset(directory: folder.path)
        for name in TableName.allCases {
            let a = Self.dataset[name], b = loaded[name]
            #expect(a.rowCount == b.rowCount, "\(name.rawValue) rows")
            for (x, y) in zip(a.columns, b.columns) {
                #expect(x.name == y.name)
                #expect(x.data == y.data, "\(name.rawValue).\(x.name) differs after the round trip")
            }
        }
    }

    @Test("replacing a referenced table re-points references by key")
    func replaceInsatser() throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        // The same insatser in reverse order: row indices change, keys stay.
        let text = try String(contentsOfFile: folder.path + "/insatser.csv", encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines.removeFirst()
        let reversed = folder.file("insatser_reversed.csv", ([header] + lines.reversed()).joined(separator: "\n") + "\n")
        let replaced = try CSVLoader.loadTable(.insatser, from: reversed, into: Self.dataset)
        let before = Self.dataset.deltagare.references("insats").map { Self.dataset.insatser.ints("id")[Int($0)] }
        let after = replaced.deltagare.references("insats").map { replaced.insatser.ints("id")[Int($0)] }
        #expect(before == after)
        #expect(replaced.insatser.rowCount == Self.dataset.insatser.rowCount)
        #expect(replaced.insatser.ints("id").first == Self.dataset.insatser.ints("id").last)
    }

    @Test("a replacement that drops a key other tables use is refused whole")
    func replaceDroppingKey() throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        let text = try String(contentsOfFile: folder.path + "/insatser.csv", encoding: .utf8)
        let lines = text.split(separator: "\n")
        let shorter = folder.file("insatser_short.csv", lines.dropLast(5).joined(separator: "\n") + "\n")
        #expect(throws: LoadError.self) { try CSVLoader.loadTable(.insatser, from: shorter, into: Self.dataset) }
        do {
            _ = try CSVLoader.loadTable(.insatser, from: shorter, into: Self.dataset)
        } catch {
            #expect(error.message.contains("lacks"), "\(error)")
        }
    }

    @Test("a folder with one broken file loads nothing")
    func brokenFolder() throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        let text = try String(contentsOfFile: folder.path + "/deltagare.csv", encoding: .utf8)
        _ = folder.file("deltagare.csv", text.replacingOccurrences(of: ",kvinna,", with: ",kvina,"))
        #expect(throws: LoadError.self) { try CSVLoader.loadDataset(directory: folder.path) }
    }

    @Test("CRLF line ends, a BOM, quoted fields and blank lines are read")
    func tolerantReading() throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        let text = try String(contentsOfFile: folder.path + "/forbund.csv", encoding: .utf8)
        let crlf = "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
        let path = folder.file("forbund_crlf.csv", crlf)
        let loaded = try CSVLoader.loadTable(.forbund, from: path, into: Self.dataset)
        #expect(loaded.forbund.texts("namn") == Self.dataset.forbund.texts("namn"))
        #expect(loaded.forbund.bools("länsförbund") == Self.dataset.forbund.bools("länsförbund"))
    }
}
