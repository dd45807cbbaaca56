import FinsamDataset
import FinsamStore
import Foundation
import FinsamTesting
import Testing

/// A catalogue of broken files. Each must be refused with a message naming file, line,
/// column and the offending text; the full messages are kept as a snapshot
/// (Snapshots/load-errors.txt; FINSAM_UPDATE_SNAPSHOTS=1 rewrites it).
@Suite("Broken CSV files", .inEnglish)
struct LoadErrorTests {
    static let dataset = BuiltInDataset.make()

    static let header = "id,person,förbund,insats,registrering,kön,ålder,kommun,startdatum,slutdatum,utbildning,försörjning_start,försörjning_slut,offentlig_försörjning_tid,sysselsättning_start,sysselsättning_slut,omfattning_start,omfattning_slut,arbetssökande_slut,avslutsorsak"

    /// A valid row: an individinriktad insats of Stockholms stad active in 2018.
    static let validFields: [String] = {
        let insatser = dataset.insatser, förbund = dataset.forbund
        let stockholm = Int32(förbund.texts("id").firstIndex(of: "stockholms_stad")!)
        let individ = Schema.typ.code(of: "individinriktad")!
        let (first, last) = insatser.yearRanges("år")
        let row = (0..<insatser.rowCount).first {
            insatser.references("förbund")[$0] == stockholm && insatser.codes("typ")[$0] == individ && first[$0] <= 2018 && last[$0] >= 2018
        }!
        return ["1", "100001", "stockholms_stad", String(insatser.ints("id")[row]), "personuppgifter", "kvinna", "34", "Stockholm",
                "2018-03-01", "2018-09-30", "gymnasium", "sjukpenning;försörjningsstöd", "ingen", "1–3 år", "ingen", "arbete",
                "", "50", "false", "arbete eller studier"]
    }()

    static func row(_ changes: [Int: String] = [:]) -> String {
        validFields.enumerated().map { changes[$0.offset] ?? $0.element }.joined(separator: ",")
    }

    /// name → file contents (deltagare unless the name says otherwise).
    static let cases: [(String, [UInt8])] = {
        func text(_ s: String) -> [UInt8] { Array(s.utf8) }
        let h = header
        return [
            ("valid row loads", text("\(h)\n\(row())\n")),
            ("empty file", []),
            ("unknown column", text(h.replacingOccurrences(of: "registrering", with: "registering") + "\n\(row())\n")),
            ("missing column", text(h.replacingOccurrences(of: ",avslutsorsak", with: "") + "\n")),
            ("derived column", text(h + ",åldersgrupp\n")),
            ("duplicate column", text(h.replacingOccurrences(of: "ålder", with: "kön") + "\n")),
            ("too few fields", text("\(h)\n1,100001,stockholms_stad\n")),
            ("too many fields", text("\(h)\n\(row()),extra\n")),
            ("not a number", text("\(h)\n\(row([6: "trettio"]))\n")),
            ("decimal number", text("\(h)\n\(row([6: "34.5"]))\n")),
            ("huge number", text("\(h)\n\(row([0: "99999999999"]))\n")),
            ("unknown category value", text("\(h)\n\(row([5: "kvina"]))\n")),
            ("unknown set member", text("\(h)\n\(row([11: "sjukpeng;försörjningsstöd"]))\n")),
            ("empty set member", text("\(h)\n\(row([11: "sjukpenning;;annan"]))\n")),
            ("impossible date", text("\(h)\n\(row([8: "2018-02-30"]))\n")),
            ("date in another format", text("\(h)\n\(row([8: "2018/03/01"]))\n")),
            ("boolean as another word", text("\(h)\n\(row([18: "kanske"]))\n")),
            ("unknown förbund", text("\(h)\n\(row([2: "stockholm_stad"]))\n")),
            ("unknown insats", text("\(h)\n\(row([3: "999999"]))\n")),
            ("unknown kommun", text("\(h)\n\(row([7: "Stokholm"]))\n")),
            ("required value missing", text("\(h)\n\(row([0: ""]))\n")),
            ("unterminated quote", text("\(h)\n\(row([19: "\"arbete eller studier"]))\n")),
            ("quote inside a field", text("\(h)\n\(row([19: "arbete \"eller\" studier"]))\n")),
            ("duplicate key", text("\(h)\n\(row())\n\(row([1: "100002"]))\n")),
            ("end before start", text("\(h)\n\(row([9: "2017-12-31"]))\n")),
            ("age out of range", text("\(h)\n\(row())\n\(row([0: "2", 6: "240"]))\n")),
            ("extent over 100 percent", text("\(h)\n\(row([16: "150"]))\n")),
            ("error on a later line", text("\(h)\n\(row())\n\(row([0: "2", 4: "anonymt"]))\n")),
            ("invalid UTF-8", text("\(h)\n") + text(row([5: "XX"])).split(separator: UInt8(ascii: "X"), omittingEmptySubsequences: false)
                .enumerated().flatMap { $0.offset == 0 ? Array($0.element) : [0xC3, 0x28] + Array($0.element) } + [10]),
            ("binary file", [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 1, 2, 3, 0, 0, 10, 0, 0xFF, 0xFE]),
            ("header only", text("\(h)\n")),
        ]
    }()

    /// One snapshot per language: `load-errors.sv.txt`, `load-errors.en.txt`.
    static func snapshotPath(_ language: Language) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/load-errors.\(language.rawValue).txt").path
    }

    func outcome(_ bytes: [UInt8], folder: TemporaryFolder, language: Language = Language.current) -> String {
        let path = folder.file("deltagare.csv", bytes: bytes)
        do {
            let loaded = try CSVLoader.loadTable(.deltagare, from: path, into: Self.dataset)
            return "loaded \(loaded.deltagare.rowCount) rows"
        } catch {
            return error.in(language).description.replacingOccurrences(of: folder.path + "/", with: "")
        }
    }

    @Test("every broken file is refused with its place and a hint (snapshot, each language)", arguments: Language.allCases)
    func snapshot(_ language: Language) throws {
        let folder = TemporaryFolder()
        var actual = ""
        for (name, bytes) in Self.cases {
            actual += "### \(name)\n\(outcome(bytes, folder: folder, language: language))\n\n"
        }
        if ProcessInfo.processInfo.environment["FINSAM_UPDATE_SNAPSHOTS"] == "1" {
            try actual.write(toFile: Self.snapshotPath(language), atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: Self.snapshotPath(language), encoding: .utf8)
        let expectedCases = expected.components(separatedBy: "### ").dropFirst()
        let actualCases = actual.components(separatedBy: "### ").dropFirst()
        #expect(expectedCases.count == actualCases.count)
        for (e, a) in zip(expectedCases, actualCases) { #expect(a == e) }
    }

    @Test("each broken file names its file and line", arguments: cases.dropFirst().map(\.0))
    func placed(_ name: String) throws {
        let folder = TemporaryFolder()
        let bytes = Self.cases.first { $0.0 == name }!.1
        let text = outcome(bytes, folder: folder)
        if name == "header only" { #expect(text == "loaded 0 rows"); return }
        #expect(text.hasPrefix("deltagare.csv"), "\(text)")
        #expect(text.contains(": error: "), "\(text)")
    }

    @Test("a folder, a missing file: refused without a crash")
    func notFiles() throws {
        let folder = TemporaryFolder()
        #expect(throws: LoadError.self) { try CSVLoader.loadTable(.deltagare, from: folder.path, into: Self.dataset) }
        #expect(throws: LoadError.self) { try CSVLoader.loadTable(.deltagare, from: folder.path + "/nothing.csv", into: Self.dataset) }
        #expect(throws: LoadError.self) { try CSVLoader.loadDataset(directory: folder.path + "/nowhere") }
    }

    @Test("a 2 MB field is read (the buffer grows)")
    func longField() throws {
        let folder = TemporaryFolder()
        let long = String(repeating: "x", count: 2 << 20)
        let text = outcome(Array("\(Self.header)\n\(Self.row([19: long]))\n".utf8), folder: folder)
        #expect(text.contains("unknown value"), "\(text.prefix(200))")
        #expect(text.count < 2000, "the message stays short")
    }
}
