import FinsamDataset
import FinsamStore
import Foundation
import FinsamTesting
import Testing

@Suite("Write and load back", .inEnglish)
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

@Suite("Large files are read in two parts", .inEnglish)
struct PartedLoadTests {
    /// Over 32 MB of deltagare.csv: the loader reads it in two halves at once.
    static let dataset = BuiltInDataset.make(seed: 7, deltagareRows: 330_000)

    @Test("a file read in two parts loads exactly as written")
    func partedRoundTrip() throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        let size = (try? FileManager.default.attributesOfItem(atPath: folder.path + "/deltagare.csv")[.size] as? Int) ?? 0
        #expect(size > 32 << 20, "the test needs a file over the parted size, got \(size) bytes")
        let loaded = try CSVLoader.loadDataset(directory: folder.path)
        for (x, y) in zip(Self.dataset.deltagare.columns, loaded.deltagare.columns) {
            #expect(x.data == y.data, "deltagare.\(x.name) differs after a parted load")
        }
    }

    @Test("an error in the second half names its true line")
    func errorInSecondHalf() throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        let path = folder.path + "/deltagare.csv"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let target = lines.count - 1000
        lines[target] = lines[target].replacingOccurrences(of: ",kvinna,", with: ",kvina,").replacingOccurrences(of: ",man,", with: ",mann,")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try CSVLoader.loadDataset(directory: folder.path)
            Issue.record("the broken file loaded")
        } catch {
            #expect(error.line == target + 1, "\(error)")
        }
    }
}
