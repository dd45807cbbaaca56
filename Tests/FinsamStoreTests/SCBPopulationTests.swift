import FinsamDataset
import FinsamStore
import Foundation
import FinsamTesting
import Testing

/// `load befolkning from … as scb`: SCB's table BE0101N1 as analysts download it, summed into
/// befolkning's bands. Fixtures: SCBFixture (CSV made from a befolkning table), and
/// Fixtures/BE0101N1.xlsx, which LibreOffice Calc wrote from Fixtures/BE0101N1-pivot.csv
/// (Tests/scb/make_scb_fixture.py).
@Suite("SCB's population table", .inEnglish)
struct SCBPopulationTests {
    static let dataset = BuiltInDataset.make()
    /// The built-in dataset with befolkning empty: what the loads fill.
    static let withoutBefolkning = Dataset(deltagare: dataset.deltagare, insatser: dataset.insatser,
                                           forbund: dataset.forbund, kommuner: dataset.kommuner)
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let scb = ImportOptions(layout: .scb)

    static func load(_ path: String, into dataset: Dataset = withoutBefolkning,
                     options: ImportOptions = scb) throws(LoadError) -> (dataset: Dataset, report: LoadReport) {
        try CSVLoader.loadTableReporting(.befolkning, from: path, into: dataset, options: options)
    }

    static func write(_ text: String, encoding: String.Encoding, in folder: TemporaryFolder, name: String = "BE0101N1.csv") throws -> String {
        folder.file(name, bytes: Array(try #require(text.data(using: encoding))))
    }

    @Test("every kommun and year, written as SCB's CSV, loads back to the built-in befolkning")
    func wholeTable() throws {
        let folder = TemporaryFolder()
        let text = SCBFixture.text(befolkning: Self.dataset.befolkning, kommuner: Self.dataset.kommuner)
        let (loaded, report) = try Self.load(try Self.write(text, encoding: .utf8, in: folder))
        for (x, y) in zip(Self.dataset.befolkning.columns, loaded.befolkning.columns) {
            #expect(x.data == y.data, "befolkning.\(x.name) differs after SCB's layout")
        }
        #expect(report.rows == 290 * 10 * 2 * 4)
        #expect(report.notes.contains { $0.hasPrefix("read as SCB's table 'Folkmängd efter region, ålder, kön och år' with a column per year: 290 kommuner, 2013–2022") },
                "\(report.notes)")
        #expect(report.notes.contains("summed: ages 16–64 into the bands 16–29, 30–44, 45–59, 60–64; män → man, kvinnor → kvinna"))
        let left = try #require(report.notes.first { $0.hasPrefix("left out:") })
        #expect(left.contains("ages outside 16–64 (0–15, 65–100)"), "\(left)")
        #expect(left.contains("regions that are not kommuner: 00 Riket, 01 Stockholms län"), "\(left)")
        #expect(left.contains("kön totalt"), "\(left)")
        #expect(left.contains("age totals"), "\(left)")
        // The other tables are untouched.
        #expect(loaded.deltagare.rowCount == Self.dataset.deltagare.rowCount)
    }

    @Test("Windows-1252 or UTF-8 with a byte order mark; commas, semicolons or tabs",
          arguments: [(String.Encoding.windowsCP1252, ";"), (.windowsCP1252, ","), (.utf8, "\t"), (.utf8, ";")])
    func dialects(_ encoding: String.Encoding, _ separator: String) throws {
        let folder = TemporaryFolder()
        var layout = SCBFixture.Layout()
        layout.separator = separator
        layout.kommuner = ["Upplands Väsby", "Göteborg", "Åre", "Malmö"]
        // An unquoted title with commas of its own must not decide the separator.
        layout.title = "Folkmängd efter region, ålder, kön och år"
        var text = SCBFixture.text(befolkning: Self.dataset.befolkning, kommuner: Self.dataset.kommuner, layout: layout)
        if encoding == .utf8 { text = "\u{FEFF}" + text }
        let (loaded, report) = try Self.load(try Self.write(text, encoding: encoding, in: folder))
        let names = loaded.kommuner.texts("kommun")
        #expect(Set(loaded.befolkning.references("kommun").map { names[Int($0)] ?? "" }) == layout.kommuner!)
        #expect(loaded.befolkning.rowCount == 4 * 10 * 8)
        // Each row is the built-in row of the same kommun, year, kön and band.
        let expected = Self.rows(Self.dataset.befolkning, kommuner: Self.dataset.kommuner).filter { layout.kommuner!.contains($0.key[0]) }
        #expect(Self.rows(loaded.befolkning, kommuner: loaded.kommuner) == expected)
        let name = separator == ";" ? "semicolon-separated" : separator == "\t" ? "tab-separated" : "comma-separated"
        #expect(report.notes.first == (encoding == .utf8 ? "read as \(name)" : "read as \(name), Windows-1252 text"), "\(report.notes)")
    }

    /// kommun, år, kön, åldersgrupp → antal, by names.
    static func rows(_ befolkning: Table, kommuner: Table) -> [[String]: Int32] {
        let names = kommuner.texts("kommun")
        let kommun = befolkning.references("kommun"), år = befolkning.ints("år"), kön = befolkning.codes("kön")
        let grupp = befolkning.codes("åldersgrupp"), antal = befolkning.ints("antal")
        var out: [[String]: Int32] = [:]
        for row in 0..<befolkning.rowCount {
            out[[names[Int(kommun[row])] ?? "", String(år[row]), Schema.kön.name(of: kön[row]),
                 Schema.befolkningsÅldersgrupp.name(of: grupp[row])]] = antal[row]
        }
        return out
    }

    /// The band sums of the fixture, computed here from its text (a stub cell left empty
    /// repeats the one above): the loader's answer must be these.
    static func expectedSums(ofPivot path: String) throws -> [[String]: Int32] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out: [[String]: Int32] = [:]
        var region = "", age = ""
        var years: [String] = []
        for line in text.split(separator: "\r\n") {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: "\"", with: "") }
            if cells.count > 3, cells[0].isEmpty, cells[1].isEmpty, cells[2].isEmpty { years = Array(cells[3...]); continue }
            guard cells.count > 3, !years.isEmpty else { continue }
            if !cells[0].isEmpty { region = cells[0] }
            if !cells[1].isEmpty { age = cells[1] }
            guard region.prefix(4).allSatisfy(\.isNumber), region.count > 5, let a = Int(age.split(separator: " ")[0]), (16...64).contains(a),
                  cells[2] == "män" || cells[2] == "kvinnor" else { continue }
            let band = ["16–29", "30–44", "45–59", "60–64"][a < 30 ? 0 : a < 45 ? 1 : a < 60 ? 2 : 3]
            for (year, value) in zip(years, cells[3...]) {
                out[[String(region.dropFirst(5)), year, cells[2] == "män" ? "man" : "kvinna", band], default: 0] += Int32(value)!
            }
        }
        return out
    }

    @Test("a workbook LibreOffice wrote, with stub cells left empty and footnotes, sums to the bands of its figures")
    func workbook() throws {
        let expected = try Self.expectedSums(ofPivot: Self.fixtures + "/BE0101N1-pivot.csv")
        #expect(expected.count == 3 * 2 * 2 * 4)
        let (loaded, report) = try Self.load(Self.fixtures + "/BE0101N1.xlsx")
        #expect(Self.rows(loaded.befolkning, kommuner: loaded.kommuner) == expected)
        #expect(report.notes.first == "read as an Excel workbook (its first sheet)")
        #expect(report.notes.contains("read as SCB's table 'Folkmängd efter region, ålder, kön och år' with a column per year: 3 kommuner, 2021–2022"), "\(report.notes)")
        #expect(report.notes.contains { $0.contains("2 rows without figures (notes)") }, "\(report.notes)")
        // The CSV LibreOffice read gives the same.
        let (fromCSV, _) = try Self.load(Self.fixtures + "/BE0101N1-pivot.csv")
        #expect(Self.rows(fromCSV.befolkning, kommuner: fromCSV.kommuner) == expected)
        // Kiruna's men 16–29 in 2022, summed by hand from the file: a spot check of the sums.
        #expect(expected[["Kiruna", "2022", "man", "16–29"]] == (16...29).map { Self.figure(in: Self.fixtures + "/BE0101N1-pivot.csv", region: "2584 Kiruna", age: $0, sex: "män", column: 4) }.reduce(0, +))
    }

    /// One figure of the pivot fixture by scanning its lines.
    static func figure(in path: String, region: String, age: Int, sex: String, column: Int) -> Int32 {
        let lines = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\r\n").map(String.init) ?? []
        var inRegion = false, inAge = false
        for line in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: "\"", with: "") }
            guard cells.count > column else { continue }
            if !cells[0].isEmpty { inRegion = cells[0] == region }
            if !cells[1].isEmpty { inAge = cells[1] == "\(age) år" }
            if inRegion, inAge, cells[2] == sex { return Int32(cells[column])! }
        }
        return -1
    }

    @Test("män and kvinnor become man and kvinna; SCB's codes 1 and 2 too")
    func könMapping() throws {
        let folder = TemporaryFolder()
        var text = "\"region\",\"ålder\",\"kön\",\"2020\"\r\n"
        for age in 16...64 {
            text += "\"0114 Upplands Väsby\",\"\(age) år\",\"män\",10\r\n\"0114 Upplands Väsby\",\"\(age) år\",\"kvinnor\",1\r\n"
            text += "\"0115\",\"\(age)\",\"1\",2\r\n\"0115\",\"\(age)\",\"2\",3\r\n"
        }
        let (loaded, _) = try Self.load(try Self.write(text, encoding: .utf8, in: folder))
        let rows = Self.rows(loaded.befolkning, kommuner: loaded.kommuner)
        #expect(rows[["Upplands Väsby", "2020", "man", "16–29"]] == 140)
        #expect(rows[["Upplands Väsby", "2020", "kvinna", "16–29"]] == 14)
        #expect(rows[["Upplands Väsby", "2020", "man", "60–64"]] == 50)
        #expect(rows[["Vallentuna", "2020", "man", "30–44"]] == 30)
        #expect(rows[["Vallentuna", "2020", "kvinna", "45–59"]] == 45)
        #expect(rows.count == 2 * 2 * 4)
    }

    /// A small SCB file of two kommuner and 2020, with `edit` applied to its lines.
    static func small(_ folder: TemporaryFolder, encoding: String.Encoding = .utf8, edit: (inout [String]) -> Void = { _ in }) throws -> String {
        var layout = SCBFixture.Layout()
        layout.kommuner = ["Upplands Väsby", "Vallentuna"]
        let text = SCBFixture.text(befolkning: dataset.befolkning, kommuner: dataset.kommuner, layout: layout)
        var lines = text.components(separatedBy: "\r\n")
        edit(&lines)
        return try write(lines.joined(separator: "\r\n"), encoding: encoding, in: folder)
    }

    @Test("a malformed figure is an error at its line and column, in the file's own encoding", arguments: [String.Encoding.utf8, .windowsCP1252])
    func malformedNumber(_ encoding: String.Encoding) throws {
        let folder = TemporaryFolder()
        var target = 0, column = 0
        let path = try Self.small(folder, encoding: encoding) { lines in
            target = lines.firstIndex { $0.hasPrefix("\"0115 Vallentuna\",\"20 år\",\"kvinnor\"") }!
            var cells = lines[target].components(separatedBy: ",")
            cells[5] = "12x45"
            lines[target] = cells.joined(separator: ",")
            column = cells[0..<5].joined(separator: ",").count + 2
        }
        do {
            _ = try Self.load(path)
            Issue.record("the malformed file loaded")
        } catch {
            #expect(error.file == path)
            #expect(error.line == target + 1, "\(error)")
            #expect(error.column == column, "\(error)")
            #expect(error.message == "'12x45' is not a number of people", "\(error)")
            #expect(error.description.contains("^~~~~"), "\(error)")
            #expect(error.sourceLine?.hasPrefix("\"0115 Vallentuna\",\"20 år\"") == true, "\(error)")
        }
    }

    @Test("SCB's .. (not available) is an error that says what it means; – is zero")
    func missingFigure() throws {
        let folder = TemporaryFolder()
        let path = try Self.small(folder) { lines in
            let i = lines.firstIndex { $0.hasPrefix("\"0114 Upplands Väsby\",\"30 år\",\"män\"") }!
            lines[i] = lines[i].replacingOccurrences(of: ",\"män\",", with: ",\"män\",..,")
            lines[i] = lines[i].components(separatedBy: ",").dropLast().joined(separator: ",")
        }
        #expect { try Self.load(path) } throws: { ($0 as? LoadError)?.hint?.contains("SCB writes ..") == true }
        let folder2 = TemporaryFolder()
        let zero = try Self.small(folder2) { lines in
            let i = lines.firstIndex { $0.hasPrefix("\"0114 Upplands Väsby\",\"30 år\",\"män\"") }!
            lines[i] = lines[i].components(separatedBy: ",").prefix(3).joined(separator: ",") + String(repeating: ",–", count: 10)
        }
        let (loaded, _) = try Self.load(zero)
        let before = Self.rows(Self.dataset.befolkning, kommuner: Self.dataset.kommuner)[["Upplands Väsby", "2018", "man", "30–44"]]!
        let after = Self.rows(loaded.befolkning, kommuner: loaded.kommuner)[["Upplands Väsby", "2018", "man", "30–44"]]!
        #expect(after == before - Int32(SCBFixture.share(of: Int(before), age: 30)))
    }

    @Test("a failed load changes nothing: the dataset it was given keeps its befolkning")
    func failedLoad() throws {
        let folder = TemporaryFolder()
        let path = try Self.small(folder) { lines in
            let i = lines.firstIndex { $0.hasPrefix("\"0114 Upplands Väsby\",\"16 år\",\"män\"") }!
            lines[i] = lines[i].components(separatedBy: ",").prefix(3).joined(separator: ",") + ",-3" + String(repeating: ",1", count: 9)
        }
        let dataset = Self.dataset
        #expect(throws: LoadError.self) { try Self.load(path, into: dataset) }
        #expect(dataset.befolkning.rowCount == 23_200)
    }

    @Test("a region that is no kommun is refused, or left out with lenient; riket and län always left out")
    func unknownRegion() throws {
        let folder = TemporaryFolder()
        let path = try Self.small(folder) { lines in
            for i in lines.indices where lines[i].hasPrefix("\"0115 Vallentuna\"") {
                lines[i] = lines[i].replacingOccurrences(of: "\"0115 Vallentuna\"", with: "\"0199 Valentuna\"")
            }
        }
        do {
            _ = try Self.load(path)
            Issue.record("an unknown region loaded")
        } catch {
            #expect(error.message == "the region '0199 Valentuna' is neither a kommun of the kommuner table nor riket or a län", "\(error)")
            #expect(error.hint?.contains("did you mean 'Vallentuna'?") == true, "\(error)")
            #expect(error.column == 1)
        }
        var lenient = Self.scb
        lenient.unknownValues = .lenient
        let (loaded, report) = try Self.load(path, options: lenient)
        #expect(loaded.befolkning.rowCount == 10 * 8)
        #expect(report.notes.contains { $0.hasPrefix("warning: 1 region that is not a kommun of the kommuner table, left out (lenient): '0199 Valentuna'") }, "\(report.notes)")
        // By name alone, without the code, a kommun is found too.
        let folder2 = TemporaryFolder()
        let byName = try Self.small(folder2) { lines in
            for i in lines.indices { lines[i] = lines[i].replacingOccurrences(of: "\"0115 Vallentuna\"", with: "\"Vallentuna\"") }
        }
        #expect(try Self.load(byName).dataset.befolkning.rowCount == 2 * 10 * 8)
    }

    @Test("an age missing from a band is an error naming it, not a smaller sum")
    func missingAge() throws {
        let folder = TemporaryFolder()
        let path = try Self.small(folder) { lines in lines.removeAll { $0.hasPrefix("\"0114 Upplands Väsby\",\"20 år\",\"kvinnor\"") } }
        do {
            _ = try Self.load(path)
            Issue.record("a file without an age loaded")
        } catch {
            #expect(error.message.hasPrefix("the file lacks the age 20 of Upplands Väsby, kvinna, 2013"), "\(error)")
        }
        let folder2 = TemporaryFolder()
        let twice = try Self.small(folder2) { lines in
            lines.append(lines.first { $0.hasPrefix("\"0114 Upplands Väsby\",\"20 år\",\"kvinnor\"") }!)
        }
        #expect { try Self.load(twice) } throws: { ($0 as? LoadError)?.message.contains("appears twice") == true }
    }

    @Test("age groups instead of single years of age are refused with what to choose")
    func ageGroups() throws {
        let folder = TemporaryFolder()
        let path = folder.file("grupper.csv", "\"region\",\"ålder\",\"kön\",\"2020\"\n\"0114 Upplands Väsby\",\"15-19 år\",\"män\",1200\n")
        #expect { try Self.load(path) } throws: { error in
            let e = error as? LoadError
            return e?.line == 2 && e?.message == "'15-19 år' is not an age of SCB's table" && e?.hint?.contains("one-year ages") == true
        }
    }

    @Test("SCB's long layout (år as a row) loads like the wide one")
    func longLayout() throws {
        let folder = TemporaryFolder()
        var text = "\"region\";\"ålder\";\"kön\";\"år\";\"Folkmängd\"\n"
        for year in [2021, 2022] {
            for age in 0...70 {
                for (kön, n) in [("män", 3), ("kvinnor", 2), ("totalt", 5)] {
                    text += "\"0114 Upplands Väsby\";\"\(age) år\";\"\(kön)\";\"\(year)\";\(n * (year - 2020))\n"
                }
            }
        }
        let (loaded, report) = try Self.load(folder.file("lang.csv", text))
        let rows = Self.rows(loaded.befolkning, kommuner: loaded.kommuner)
        #expect(rows[["Upplands Väsby", "2022", "man", "16–29"]] == 84)    // 14 ages × 6
        #expect(rows[["Upplands Väsby", "2021", "kvinna", "60–64"]] == 10)  // 5 ages × 2
        #expect(report.notes.contains { $0.contains("with a row per year: 1 kommun, 2021–2022") }, "\(report.notes)")
    }

    @Test("without as scb, SCB's file is refused with how to read it; as scb reads befolkning only")
    func wrongUse() throws {
        let folder = TemporaryFolder()
        let path = try Self.small(folder)
        do {
            _ = try Self.load(path, options: ImportOptions())
            Issue.record("SCB's layout loaded as befolkning.csv")
        } catch {
            #expect(error.message.contains("looks like SCB's table"), "\(error)")
            #expect(error.hint == "read it with: load befolkning from \"…\" as scb")
        }
        #expect { try CSVLoader.loadTableReporting(.deltagare, from: path, into: Self.dataset, options: Self.scb) } throws: { error in
            (error as? LoadError)?.message.hasPrefix("as scb reads befolkning") == true
        }
        // A file of neither layout keeps the project format's error.
        let other = folder.file("other.csv", "kommun,år,kön,ålder,antal\n")
        #expect { try Self.load(other, options: ImportOptions()) } throws: { ($0 as? LoadError)?.message == "unknown column 'ålder' in befolkning.csv" }
        // Not SCB's table at all.
        let notSCB = folder.file("not.csv", "\"Något annat\"\n\n\"a\",\"b\"\n\"1\",\"2\"\n")
        #expect { try Self.load(notSCB) } throws: { ($0 as? LoadError)?.message.hasPrefix("no header of SCB's table") == true }
    }
}

@Suite("befolkning in the project's format", .inEnglish)
struct BefolkningFileTests {
    static let dataset = BuiltInDataset.make()

    @Test("a folder written before befolkning existed loads, with befolkning empty and a note")
    func olderFolder() throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        try FileManager.default.removeItem(atPath: folder.path + "/befolkning.csv")
        let (loaded, notes) = try CSVLoader.loadDatasetReporting(directory: folder.path)
        #expect(loaded.befolkning.rowCount == 0)
        #expect(loaded.befolkning.columns.map(\.name) == ["kommun", "år", "kön", "åldersgrupp", "antal", "id"])
        #expect(loaded.deltagare.rowCount == Self.dataset.deltagare.rowCount)
        #expect(notes.count == 1)
        #expect(notes.first?.contains("befolkning.csv does not exist: the befolkning table is empty") == true, "\(notes)")
        // A folder with the file has nothing to note.
        try CSVWriter.write(Self.dataset, to: folder.path)
        #expect(try CSVLoader.loadDatasetReporting(directory: folder.path).notes.isEmpty)
    }

    @Test("an empty table of every kind has its columns and no rows")
    func emptyTables() {
        for name in TableName.allCases {
            let table = Derivation.empty(name)
            #expect(table.rowCount == 0, "\(name)")
            #expect(table.columns.map(\.name) == Schema.table(name).columns.map(\.name), "\(name)")
        }
    }

    @Test("befolkning.csv has exactly the stored columns, the kommun by its name")
    func fileLayout() throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        let lines = try String(contentsOfFile: folder.path + "/befolkning.csv", encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "kommun,år,kön,åldersgrupp,antal")
        #expect(lines[1].hasPrefix("Upplands Väsby,2013,kvinna,16–29,"))
        #expect(lines.count == 23_201)
    }

    @Test("a row twice, a negative antal and an unknown band are refused by their line")
    func validation() throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        let text = try String(contentsOfFile: folder.path + "/befolkning.csv", encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let twice = folder.file("twice.csv", (lines + [lines[3]]).joined(separator: "\n") + "\n")
        #expect { try CSVLoader.loadTable(.befolkning, from: twice, into: Self.dataset) } throws: { error in
            let e = error as? LoadError
            return e?.line == lines.count + 1 && e?.message == "Upplands Väsby, 2013, kvinna, 45–59 appears twice (first on line 4)"
        }
        lines[2] = lines[2].replacingOccurrences(of: ",30–44,", with: ",30–44,-") 
        let negative = folder.file("negative.csv", lines.joined(separator: "\n") + "\n")
        #expect { try CSVLoader.loadTable(.befolkning, from: negative, into: Self.dataset) } throws: { error in
            (error as? LoadError)?.line == 3 && (error as? LoadError)?.message.contains("outside 0–") == true
        }
        lines[2] = lines[2].replacingOccurrences(of: ",30–44,-", with: ",60–,")
        let band = folder.file("band.csv", lines.joined(separator: "\n") + "\n")
        #expect { try CSVLoader.loadTable(.befolkning, from: band, into: Self.dataset) } throws: { error in
            (error as? LoadError)?.message.contains("60–") == true && (error as? LoadError)?.line == 3
        }
    }

    @Test("replacing kommuner re-points befolkning by name")
    func replacingKommuner() throws {
        let folder = TemporaryFolder()
        try CSVWriter.write(Self.dataset, to: folder.path)
        let text = try String(contentsOfFile: folder.path + "/kommuner.csv", encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let reversed = folder.file("kommuner_reversed.csv", ([header] + lines.reversed()).joined(separator: "\n") + "\n")
        let replaced = try CSVLoader.loadTable(.kommuner, from: reversed, into: Self.dataset)
        let before = Self.dataset.befolkning.references("kommun").map { Self.dataset.kommuner.texts("kommun")[Int($0)] }
        let after = replaced.befolkning.references("kommun").map { replaced.kommuner.texts("kommun")[Int($0)] }
        #expect(before == after)
    }
}
