import FinsamDataset
import FinsamStore
import Foundation
import FinsamTesting
import Testing

@Suite(.inEnglish) struct BuiltInProfileTests {
    @Test func everyBuiltInProfileParses() throws {
        for (name, text) in BuiltInProfiles.texts {
            let profile = try ImportProfile.parse(text, file: name)
            #expect(profile.name == name)
            #expect(BuiltInProfiles.named(name) != nil)
        }
    }
}

/// Files in other layouts read through import profiles (the DIS profile, and one a user wrote).
@Suite("Import profiles", .inEnglish)
struct ImportProfileTests {
    static let dataset = BuiltInDataset.make()
    static let dis = BuiltInProfiles.named("dis")!
    /// An individinriktad insats of Sjuhärad in the built-in data.
    static let parameters: [(name: String, value: String)] = [("förbund", "sjuharad"), ("insats", "2902")]

    /// A DIS file as Swedish Excel saves it: ';', Windows-1252 (from Foundation's encoder), CRLF,
    /// with the spellings files have (K/M, lower case, a date with a time, YYYYMMDD).
    static let disRows = [
        "Ålder;Kön;Bostadsort;Startdatum;Avslutsdatum;Försörjning vid start;Försörjning vid avslut;Status vid avslut",
        "24;Man;Borås;2013-02-05;2013-03-28;Ingen;Lön;Avbrott",
        "49;K;mark;2013-02-15 00:00:00;20130325;Rehabiliteringspenning;Sjukpenning;Fortsatt rehabilitering",
        "",
        "31; kvinna ;Borås;2014-01-10;;Försörjningsstöd;;",
        "58;M;Borås;2014-03-01;2014-09-30;A-kassa;Studiestöd (CSN);Arbete med lönesubvention",
    ]

    static func disFile(_ folder: TemporaryFolder, _ rows: [String] = disRows, name: String = "dis.csv") throws -> String {
        let data = try #require((rows.joined(separator: "\r\n") + "\r\n").data(using: .windowsCP1252))
        return folder.file(name, bytes: Array(data))
    }

    static func load(_ path: String, lenient: Bool = false, parameters: [(name: String, value: String)] = parameters,
                     profile: ImportProfile = dis) throws(LoadError) -> (dataset: Dataset, report: LoadReport) {
        try CSVLoader.loadTableReporting(.deltagare, from: path, into: dataset,
                                         options: ImportOptions(profile: profile, parameters: parameters,
                                                                unknownValues: lenient ? .lenient : .strict))
    }

    /// A column of a loaded table as the project's writer writes it.
    static func column(_ table: Table, _ name: String) -> [String] {
        let folder = TemporaryFolder()
        let replaced = try! dataset.replacing(table)
        try! CSVWriter.write(replaced, to: folder.path)
        let records = CSVText.records(try! String(contentsOfFile: folder.path + "/" + table.name.fileName, encoding: .utf8))
        let index = records[0].firstIndex(of: name)!
        return records.dropFirst().map { $0[index] }
    }

    @Test("a DIS file in Windows-1252 loads through the profile, value by value")
    func disFileLoads() throws {
        let folder = TemporaryFolder()
        let (loaded, report) = try Self.load(try Self.disFile(folder))
        let table = loaded.deltagare
        #expect(table.rowCount == 4)
        #expect(Self.column(table, "id") == ["1", "2", "3", "4"])
        #expect(Self.column(table, "person") == ["1", "2", "3", "4"])
        #expect(Self.column(table, "förbund") == ["sjuharad", "sjuharad", "sjuharad", "sjuharad"])
        #expect(Self.column(table, "insats") == ["2902", "2902", "2902", "2902"])
        #expect(Self.column(table, "registrering") == Array(repeating: "personuppgifter", count: 4))
        #expect(Self.column(table, "kön") == ["man", "kvinna", "kvinna", "man"])
        #expect(Self.column(table, "ålder") == ["24", "49", "31", "58"])
        #expect(Self.column(table, "kommun") == ["Borås", "Mark", "Borås", "Borås"])
        #expect(Self.column(table, "startdatum") == ["2013-02-05", "2013-02-15", "2014-01-10", "2014-03-01"])
        #expect(Self.column(table, "slutdatum") == ["2013-03-28", "2013-03-25", "", "2014-09-30"])
        #expect(Self.column(table, "försörjning_start") == ["ingen", "rehabiliteringspenning", "försörjningsstöd", "a-kassa"])
        #expect(Self.column(table, "försörjning_slut") == ["ingen", "sjukpenning", "", "ingen"])
        #expect(Self.column(table, "avslutsorsak") == ["avbrott", "fortsatt rehabilitering", "", "arbete eller studier"])
        #expect(Self.column(table, "sysselsättning_slut") == ["ingen", "ingen", "", "subventionerat arbete"])
        #expect(Self.column(table, "arbetssökande_slut") == ["", "", "", "false"])
        #expect(Self.column(table, "utbildning") == ["", "", "", ""])
        #expect(report.notes.contains("read as semicolon-separated, Windows-1252 text"))
        #expect(report.notes.contains { $0.hasPrefix("read through profile dis") && $0.hasSuffix("8 columns of the file to 10 of deltagare") })
        #expect(report.notes.contains("the same on every row: registrering = personuppgifter, förbund = sjuharad, insats = 2902"))
        #expect(report.notes.contains("numbered by row: id, person"))
    }

    /// A file with values DIS's profile does not know: a status twice, a kön once.
    static let unknownRows: [String] = {
        var rows = disRows
        rows[1] = "24;Man;Borås;2013-02-05;2013-03-28;Ingen;Lön;Pension"
        rows[5] = "58;Okänt;Borås;2014-03-01;2014-09-30;A-kassa;Lön;Pension"
        return rows
    }()

    @Test("strict (the default) refuses values the profile does not know: each with its count and first line")
    func strictRefuses() throws {
        let folder = TemporaryFolder()
        let path = try Self.disFile(folder, Self.unknownRows)
        #expect {
            try Self.load(path)
        } throws: { error in
            let e = error as! LoadError
            return e.line == 2 && e.text == "Pension"
                && e.message == "2 values that profile dis does not know, in 3 cells: Status vid avslut 'Pension' (2 rows, first on line 2), Kön 'Okänt' (1 row, line 6)"
                && e.description.contains(" 2 | 24 | Man | Borås | 2013-02-05 | 2013-03-28 | Ingen | Lön | Pension\n   |")
                && e.hint!.contains("lenient")
        }
    }

    @Test("lenient loads them as missing, and the report lists them")
    func lenientLoads() throws {
        let folder = TemporaryFolder()
        let (loaded, report) = try Self.load(try Self.disFile(folder, Self.unknownRows), lenient: true)
        #expect(Self.column(loaded.deltagare, "avslutsorsak") == ["", "fortsatt rehabilitering", "", ""])
        #expect(Self.column(loaded.deltagare, "kön") == ["man", "kvinna", "kvinna", ""])
        #expect(report.notes.contains("warning: 3 cells with values profile dis does not know, read as missing (lenient): Status vid avslut 'Pension' (2 rows, first on line 2), Kön 'Okänt' (1 row, line 6)"))
    }

    @Test("a date that is no date is unknown too; a required one cannot be read as missing")
    func impossibleDate() throws {
        let folder = TemporaryFolder()
        var rows = Self.disRows
        rows[2] = "49;K;Mark;2013-02-30;20130325;Rehabiliteringspenning;Sjukpenning;Fortsatt rehabilitering"
        let path = try Self.disFile(folder, rows)
        #expect(throws: LoadError.self) { try Self.load(path) }
        do {
            _ = try Self.load(path, lenient: true)
            Issue.record("a row without startdatum loaded")
        } catch {
            #expect(error.line == 3 && error.message.contains("a value is required for startdatum"), "\(error)")
        }
    }

    @Test("parameters: each is required, names are checked, values must exist")
    func parameters() throws {
        let folder = TemporaryFolder()
        let path = try Self.disFile(folder)
        let cases: [([(name: String, value: String)], String)] = [
            ([("förbund", "sjuharad")], "profile dis needs a value for insats: the individinriktad insats of the förbund the rows took part in (an id of insatser)"),
            ([("förbund", "sjuharad"), ("insats", "2902"), ("kommun", "Borås")], "profile dis has no parameter 'kommun'"),
            ([("förbund", "sjuhärad"), ("insats", "99999")], "'99999' in with insats = is not a value of insats (→ insatser)"),
            ([("förbund", "sjuhärads"), ("insats", "2902")], "'sjuhärads' in with förbund = is not a value of förbund (→ förbund)"),
        ]
        for (parameters, message) in cases {
            #expect(throws: LoadError.self) { try Self.load(path, parameters: parameters) }
            do { _ = try Self.load(path, parameters: parameters) } catch { #expect(error.message == message) }
        }
        // A folded spelling of a key finds it: sjuhärad is sjuharad.
        let (loaded, _) = try Self.load(path, parameters: [("Förbund", "Sjuhärad"), ("insats", "2902")])
        #expect(Self.column(loaded.deltagare, "förbund").allSatisfy { $0 == "sjuharad" })
    }

    @Test("a file that is not of the profile's layout is refused by its header, with a suggestion")
    func wrongLayout() throws {
        let folder = TemporaryFolder()
        var rows = Self.disRows
        rows[0] = rows[0].replacingOccurrences(of: "Bostadsort", with: "Bostadsorter")
        let renamed = try Self.disFile(folder, rows)
        do {
            _ = try Self.load(renamed)
            Issue.record("loaded")
        } catch {
            #expect(error.line == 1 && error.message == "the file has no column 'Bostadsort', which profile dis reads")
            #expect(error.hint == "did you mean 'Bostadsorter'? (the profile names the header)")
        }
        rows = Self.disRows
        rows[3] = "40;K;Borås;2014-01-10;;Ingen;;;extra"
        let extra = try Self.disFile(folder, rows, name: "extra.csv")
        do {
            _ = try Self.load(extra)
            Issue.record("loaded")
        } catch {
            #expect(error.line == 4 && error.message == "the row has a value in column 9, which has no header")
        }
    }

    /// A profile a user wrote for their own export, with every kind of rule.
    static let userProfile = """
    # Our förbund's export from the case system
    profile: vårt
    table: deltagare
    description: our own export
    constants:
      registrering: personuppgifter
      förbund: sjuharad
      insats: 2902
    columns:
      Löpnr: id
      Personnr: person
      Kön: kön
      Ålder vid start: ålder
      Kommun: kommun
      Start: startdatum
      Slut: slutdatum
      Utbildning:
        to: utbildning
        values:
          Grundskola: grundskola
          Gymnasium: gymnasium
          Högskola: eftergymnasial
          "": okänd
      Ersättningar: försörjning_start
      Arbetssökande efter: arbetssökande_slut
      Omfattning:
        to: omfattning_start
        optional: true
    """

    @Test("a user's profile: copied columns, a value map with an empty value, sets split on commas, ja/nej, an optional column absent")
    func userProfile() throws {
        let profile = try ImportProfile.parse(Self.userProfile, file: "vart.yaml")
        let folder = TemporaryFolder()
        let path = folder.file("export.csv", """
        Löpnr,Personnr,Kön,Ålder vid start,Kommun,Start,Slut,Utbildning,Ersättningar,Arbetssökande efter,Anteckning
        7,70,Kvinna,33,BORÅS,2015-05-04,2015-12-01,Högskola,"Sjukpenning, A-kassa",ja,ring tillbaka
        8,80,man,41,Mark,2016-01-11,,,ingen,,
        """)
        let (loaded, report) = try Self.load(path, parameters: [], profile: profile)
        let table = loaded.deltagare
        #expect(Self.column(table, "id") == ["7", "8"])
        #expect(Self.column(table, "kommun") == ["Borås", "Mark"])
        #expect(Self.column(table, "utbildning") == ["eftergymnasial", "okänd"])
        #expect(Self.column(table, "försörjning_start") == ["sjukpenning;a-kassa", "ingen"])
        #expect(Self.column(table, "arbetssökande_slut") == ["true", ""])
        #expect(report.notes.contains("warning: columns profile vårt does not read, left out: Anteckning"))
    }

    @Test("profile errors name the profile's line and column, and say what to write", arguments: [
        ("profile: x\ntable: deltagare\ncolumns:\n  Ålder: ålder\n  Kön: [kön", "x.yaml:5:12:", "not valid YAML"),
        ("profile: x\ntabel: deltagare\n", "x.yaml:2:1:", "unknown profile key 'tabel'"),
        ("profile: x\ntable: deltagarna\n", "x.yaml:2:8:", "no table is named 'deltagarna'"),
        ("profile: x\ntable: deltagare\nnumbered: [id, person]\nconstants: {registrering: anonym, förbund: sjuharad, insats: 2902}\ncolumns:\n  Start: startdatumm\n",
         "x.yaml:6:10:", "deltagare has no column 'startdatumm'"),
        ("profile: x\ntable: deltagare\ncolumns:\n  År: åldersgrupp\n", "x.yaml:4:7:", "'åldersgrupp' is derived from other columns"),
        ("profile: x\ntable: deltagare\ncolumns:\n  Start: startdatum\n", "x.yaml:1:1:", "the profile gives no value for id, which every row of deltagare needs"),
        ("profile: x\ntable: deltagare\nnumbered: [id, person]\nconstants: {registrering: anonym, förbund: sjuharad, insats: 2902}\ncolumns:\n  Start: startdatum\n  Nr: id\n",
         "x.yaml:7:3:", "id is filled twice: by numbered and by the column 'Nr'"),
        ("profile: x\ntable: deltagare\ncolumns:\n  Kön:\n    values: {K: kvinna}\n", "x.yaml:5:17:", "this value names no column"),
        ("profile: x\ntable: deltagare\nnumbered: [kön]\n", "x.yaml:3:12:", "only an int column can be numbered by row"),
    ])
    func profileErrors(_ text: String, place: String, message: String) {
        do {
            _ = try ImportProfile.parse(text, file: "x.yaml")
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.description.hasPrefix(place), "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test("a value map naming a value its column does not have is refused before any row is read")
    func badValueInMap() throws {
        let text = BuiltInProfiles.texts["dis"]!.replacingOccurrences(of: "Sjukpenning: [sjukpenning]", with: "Sjukpenning: [sjukpeng]")
        let profile = try ImportProfile.parse(text, file: "dis-kopia.yaml")
        let folder = TemporaryFolder()
        let path = try Self.disFile(folder)
        do {
            _ = try Self.load(path, profile: profile)
            Issue.record("loaded")
        } catch {
            #expect(error.file.hasPrefix("dis-kopia.yaml:"))
            #expect(error.message == "'[sjukpeng]' in the value map of 'Försörjning vid start' (for sjukpenning) is not a value of försörjning_start (set of category)")
        }
    }
}

@Suite(.inEnglish) struct ProfileTextEdgeTests {
    /// libyaml counts \r, NEL and the Unicode line separators as line ends; the caret display
    /// splits on \n only, so an error's line may lie past the last "\n" line.
    @Test("a YAML error on a line that only libyaml counts is shown, not a crash", arguments: [
        "profile: x\rtable: deltagare\rcolumns:\r  Ålder: [ålder\r\r\r",
        "profile: x\u{85}table: [deltagare\u{2028}\u{2028}\u{2029}",
        "a: b\r\r\r\r\r\r\r\r: [",
    ])
    func lineEnds(_ text: String) {
        #expect(throws: LoadError.self) { try ImportProfile.parse(text, file: "x.yaml") }
    }
}
