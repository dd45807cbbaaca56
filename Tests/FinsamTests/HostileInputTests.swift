import Finsam
import FinsamStore
import Foundation
import Testing

/// The catalogue of hostile and broken input: queries and files that must each end in a clear
/// error — never a crash, a hang, or a change to a loaded table, a `let` or a setting.
@Suite("Hostile input")
struct HostileInputTests {
    static let deep = String(repeating: "(", count: 100_000) + "ung" + String(repeating: ")", count: 100_000)
    static let megabyte = String(repeating: "x", count: 1 << 20)

    /// name → statements; each must fail.
    static let statements: [(String, String)] = [
        ("100 000 parentheses", "from deltagare where \(deep) show count"),
        ("100 000 open parentheses", "from deltagare where " + String(repeating: "(", count: 100_000)),
        ("100 000 closing parentheses", "from deltagare where ung" + String(repeating: ")", count: 100_000)),
        ("100 000 nots", "from deltagare where " + String(repeating: "not ", count: 100_000) + "ung"),
        ("a 1 MB value", "from deltagare where kön = " + megabyte),
        ("a 1 MB name", "from " + megabyte),
        ("a 1 MB quoted value", "from deltagare where avslutsorsak = \"\(megabyte)\""),
        ("a 1 MB line of operators", "from deltagare where " + String(repeating: "= ", count: 1 << 19)),
        ("a 1 MB list", "from deltagare where ålder in (" + Array(repeating: "1", count: 1 << 18).joined(separator: ",") + ",x)"),
        ("invalid UTF-8", String(decoding: [0x66, 0x72, 0x6F, 0x6D, 0x20, 0xC3, 0x28, 0xFF, 0xFE], as: UTF8.self)),
        ("invalid UTF-8 in a value", "from deltagare where kön = " + String(decoding: [0xE2, 0x82, 0x28], as: UTF8.self)),
        ("NUL bytes", "from deltagare\u{0} show count"),
        ("only NUL bytes", String(repeating: "\u{0}", count: 100)),
        ("control characters", "from deltagare where kön = \u{7}\u{8}\u{1B}[2J"),
        ("a right-to-left override", "from deltagare where kön = \u{202E}anniwk"),
        ("huge number", "from deltagare where ålder < 99999999999999999999999"),
        ("huge exponent", "from deltagare where ålder < 1e400"),
        ("huge top", "from deltagare show count by kön top 99999999999999999999"),
        ("negative top", "from deltagare show count by kön top -1"),
        ("huge key", "from deltagare where insats = 1e20"),
        ("huge key in a list", "from deltagare where insats in (1e300, 1e400)"),
        ("huge compared value", "from deltagare show count compare ung25 1e300 vs 1e400"),
        ("huge value of a category", "from deltagare where kön = 1e300"),
        ("huge quantile", "from deltagare show quantile(ålder, 1e308)"),
        ("huge year", "from deltagare where år = 99999999999"),
        ("huge range", "from deltagare where år in 1..99999999999"),
        ("reversed range", "from deltagare where ålder in 60..20"),
        // The fuzzer's first find: a reversed range of years trapped in the binder.
        ("fuzz: reversed year range", "from insatser where år in 4032..2022 and målgrupp is not empty show count by år across målgrupp"),
        // The long fuzzing run's find: a year past Int16's range after > trapped in the binder.
        ("fuzz: a year past Int16 after >", "from deltagare where år >00195817\nfrom insaEtkön"),
        ("huge bin edge", "from deltagare show count by bin(ålder, 1e20)"),
        ("huge date", "from deltagare where startdatum < 99999-01-01"),
        ("impossible date", "from deltagare where startdatum < 2018-02-30"),
        ("huge decimals", "set decimals 99999999999999999999"),
        ("huge expect", "from deltagare show count\nexpect 1e400"),
        ("empty text", ""),
        ("only semicolons", ";;;;"),
        ("only a comment", "-- nothing here"),
        ("only whitespace", "   \n\t\n  "),
        ("a lone from", "from"),
        ("unknown table", "from personer show count"),
        ("unknown column", "from deltagare show count by längd"),
        ("unknown value", "from deltagare where kön = annat"),
        ("unknown measure", "from deltagare show summan(ålder)"),
        ("unknown function", "from deltagare show count by round(ålder)"),
        ("unknown statement", "select * from deltagare"),
        ("unknown setting", "set colour red"),
        ("unknown related column", "from deltagare show count by förbund.färg"),
        ("unknown key", "from deltagare where förbund = atlantis"),
        ("unknown let", "from deltagare where okänd_let"),
        ("a let on itself", "let ring = ring and ung"),
        ("too many groups", "from deltagare show count by id, person"),
        ("sql of no query", "sql tables"),
        ("a table row alone", "| a | b |"),
        ("unterminated string", "from deltagare where kön = \"kvinna"),
        ("export before a result", "export to \"/nonexistent-dir/x.csv\""),
        ("export of an unknown format", "from deltagare show count\nexport to \"out.docx\""),
        ("a 1 MB setting", "set \(megabyte) on"),
        ("a 1 MB setting value", "set format \(megabyte)"),
        ("a 1 MB column", "from deltagare show count by " + megabyte),
        ("a 1 MB order key", "from deltagare show count by kön order by " + megabyte),
        ("a 1 MB export name", "from deltagare show count\nexport to \"\(megabyte)\""),
        ("a 1 MB expected column", "from deltagare show count by kön\nexpect\n| kön | \(megabyte) |\n|---|---|\n| man | 1 |"),
    ]

    /// name → file contents for `load <table>`; each must be refused.
    static func files(_ good: [String: [String]]) -> [(String, String, [UInt8])] {
        func text(_ s: String) -> [UInt8] { Array(s.utf8) }
        let d = good["deltagare.csv"]!, h = d[0], r = d[1]
        func field(_ i: Int, _ value: String) -> String {
            var fields = r.components(separatedBy: ",")
            fields[i] = value
            return fields.joined(separator: ",")
        }
        return [
            ("missing column", "deltagare", text(h.replacingOccurrences(of: ",avslutsorsak", with: "") + "\n")),
            ("unknown column", "deltagare", text(h.replacingOccurrences(of: "kön", with: "kon2") + "\n\(r)\n")),
            ("wrong type", "deltagare", text("\(h)\n\(field(6, "trettio"))\n")),
            ("unterminated quote", "deltagare", text("\(h)\n\(r)\n\"1,2,3\n")),
            ("duplicate keys", "deltagare", text("\(h)\n\(r)\n\(r)\n")),
            ("dangling reference", "deltagare", text("\(h)\n\(field(2, "atlantis"))\n")),
            ("empty file", "deltagare", []),
            ("binary file", "deltagare", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }),
            ("NUL bytes", "deltagare", text("\(h)\n") + [0, 0, 0, 10]),
            ("invalid UTF-8", "deltagare", text("\(h)\n") + [0xC3, 0x28, 0xFF, 10]),
            ("a 1 MB field", "deltagare", text("\(h)\n\(field(5, megabyte))\n")),
            ("100 000 fields", "deltagare", text("\(h)\n" + String(repeating: "1,", count: 100_000) + "\n")),
            ("huge number", "deltagare", text("\(h)\n\(field(6, "99999999999999999999"))\n")),
            ("impossible date", "deltagare", text("\(h)\n\(field(8, "2018-02-30"))\n")),
            ("end before start", "deltagare", text("\(h)\n\(field(9, "2001-01-01"))\n")),
            ("only newlines", "deltagare", text("\n\n\n")),
            ("only commas", "deltagare", text(",,,,\n,,,,\n")),
            ("header only twice", "deltagare", text("\(h)\n\(h)\n")),
            ("insatser: duplicate id", "insatser", text(good["insatser.csv"]![0] + "\n" + good["insatser.csv"]![1] + "\n" + good["insatser.csv"]![1] + "\n")),
            ("insatser: orphans deltagare", "insatser", text(good["insatser.csv"]![0] + "\n" + good["insatser.csv"]![1] + "\n")),
            ("förbund: unknown kommun", "förbund", text(good["forbund.csv"]![0] + "\nx,X,Blekinge,Atlantis\n")),
            ("kommuner: unknown förbund", "kommuner", text(good["kommuner.csv"]![0] + "\nX,9999,Blekinge,atlantis\n")),
            ("kommuner: unknown län", "kommuner", text(good["kommuner.csv"]![0] + "\nX,9999,Atlantis,ingen\n")),
        ]
    }

    /// The state a failure must leave alone: lets, settings, the tables and their contents.
    func fingerprint(_ s: Session) throws -> String {
        let tables = s.dataset.tables.map { "\($0.name.rawValue):\($0.rowCount)" }.joined(separator: ",")
        let result = try s.query("from deltagare where ung25 show count, mean(ålder) by kön")
        return "\(s.letNames) \(s.display) \(s.format) \(s.suppression as Any) \(tables) \(s.render(result, as: .csv))"
    }

    func session(_ folder: String? = nil) throws -> Session {
        let s = Session(dataset: builtIn)
        try s.run("let ung25 = ålder < 25\nset decimals 2")
        if let folder { try s.run("load kommuner from \"\(folder)/kommuner.csv\"") }   // a loaded table
        return s
    }

    /// Runs a statement that must fail quickly with a message, and leave the session as it was.
    func refuses(_ s: Session, _ text: String, _ name: String) throws {
        let before = try fingerprint(s)
        let clock = ContinuousClock(), start = clock.now
        do {
            _ = try s.query(text)
            Issue.record("\(name): no error")
        } catch {
            #expect(!error.message.isEmpty, "\(name)")
            #expect(error.description.count < 2_000, "\(name): the message is not cut to size")
        }
        #expect(clock.now - start < .seconds(10), "\(name) took \(clock.now - start)")
        #expect(try fingerprint(s) == before, "\(name) changed the session")
    }

    @Test("every hostile statement is an error that changes nothing")
    func hostileStatements() throws {
        let s = try session()
        for (name, text) in Self.statements { try refuses(s, text, name) }
    }

    @Test("every broken file is refused and changes nothing")
    func brokenFiles() throws {
        let folder = NSTemporaryDirectory() + "finsam-hostile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try CSVWriter.write(builtIn, to: folder)
        var good: [String: [String]] = [:]
        for file in ["deltagare.csv", "insatser.csv", "forbund.csv", "kommuner.csv"] {
            good[file] = Array(try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8).split(separator: "\n").prefix(3).map(String.init))
        }
        let s = try session(folder)
        let cases = Self.files(good)
        for (i, (name, table, bytes)) in cases.enumerated() {
            let path = "\(folder)/case\(i).csv"
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            try refuses(s, "load \(table) from \"\(path)\"", name)
        }
        try refuses(s, "load deltagare from \"\(folder)\"", "a directory")
        try refuses(s, "load deltagare from \"\(folder)/nonexistent.csv\"", "a missing file")
        try refuses(s, "load deltagare from \"/dev/null\"", "a device")
        #expect(Self.statements.count + cases.count + 3 >= 50, "the catalogue holds 50 or more cases")
    }

    static let disHeader = "Ålder;Kön;Bostadsort;Startdatum;Avslutsdatum;Försörjning vid start;Försörjning vid avslut;Status vid avslut"
    static let disRow = "24;Man;Borås;2013-02-05;2013-03-28;Ingen;Lön;Avbrott"
    static let dis = "as dis with förbund = sjuharad, insats = 2902"

    /// name → (the load's options, the file, a profile file's text); each must be refused.
    static let profileCases: [(String, String, String, String?)] = [
        ("an unknown profile", "as dsi", "\(disHeader)\n\(disRow)\n", nil),
        ("a profile without its parameters", "as dis", "\(disHeader)\n\(disRow)\n", nil),
        ("an unknown parameter", "\(dis), kommun = Borås", "\(disHeader)\n\(disRow)\n", nil),
        ("a parameter naming no row", "as dis with förbund = atlantis, insats = 2902", "\(disHeader)\n\(disRow)\n", nil),
        ("an insats of another förbund", "as dis with förbund = goteborg_hisingen, insats = 2902", "\(disHeader)\n\(disRow)\n", nil),
        ("with but no profile", "with förbund = sjuharad", "\(disHeader)\n\(disRow)\n", nil),
        ("lenient but no profile", "lenient", "\(disHeader)\n\(disRow)\n", nil),
        ("a sheet of a CSV file", "sheet \"Blad1\" \(dis)", "\(disHeader)\n\(disRow)\n", nil),
        ("strict twice", "\(dis) strict strict", "\(disHeader)\n\(disRow)\n", nil),
        ("a value DIS does not know", dis, "\(disHeader)\n\(disRow.replacingOccurrences(of: "Avbrott", with: "Pension"))\n", nil),
        ("a DIS file without a column", dis, "\(disHeader.replacingOccurrences(of: ";Kön", with: ""))\n24;Borås;2013-02-05;;;;\n", nil),
        ("a DIS row with a value past the header", dis, "\(disHeader)\n\(disRow);x\n", nil),
        ("a DIS file that is empty", dis, "", nil),
        ("a DIS row with an impossible date, lenient", "\(dis) lenient", "\(disHeader)\n\(disRow.replacingOccurrences(of: "2013-02-05", with: "2013-02-30"))\n", nil),
        ("a profile file that is missing", "as \"nonexistent.yaml\"", "\(disHeader)\n\(disRow)\n", nil),
        ("a profile file that is no YAML", "as \"PROFILE\"", "\(disHeader)\n\(disRow)\n", "profile: x\ncolumns: [a: b\n"),
        ("a profile file for another table", "as \"PROFILE\"", "\(disHeader)\n\(disRow)\n", "profile: x\ntable: kommuner\ncolumns:\n  Kommun: kommun\n  Kod: kod\n  Län: län\n  Förbund: förbund\n"),
        ("a profile file in Windows-1252", "as \"PROFILE\"", "\(disHeader)\n\(disRow)\n", "profile: x\ntable: deltagare\ncolumns:\n  \u{FFFD}lder: \u{FFFD}lder\n"),
    ]

    @Test("every broken load through a profile is refused and changes nothing")
    func brokenProfileLoads() throws {
        let folder = NSTemporaryDirectory() + "finsam-hostile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try CSVWriter.write(builtIn, to: folder)
        let s = try session(folder)
        for (i, (name, options, file, profile)) in Self.profileCases.enumerated() {
            let path = "\(folder)/dis\(i).csv"
            _ = FileManager.default.createFile(atPath: path, contents: file.data(using: .windowsCP1252))
            var statement = "load deltagare from \"\(path)\" \(options)"
            if let profile {
                let profilePath = "\(folder)/profile\(i).yaml"
                // The Windows-1252 case writes bytes UTF-8 cannot read.
                let bytes = profile.contains("\u{FFFD}") ? Array(profile.replacingOccurrences(of: "\u{FFFD}", with: "A").utf8).map { $0 == UInt8(ascii: "A") ? 0xC5 : $0 } : Array(profile.utf8)
                _ = FileManager.default.createFile(atPath: profilePath, contents: Data(bytes))
                statement = statement.replacingOccurrences(of: "PROFILE", with: profilePath)
            }
            try refuses(s, statement, name)
        }
        // The good file loads, so the refusals above are the cases' own.
        let path = "\(folder)/good.csv"
        _ = FileManager.default.createFile(atPath: path, contents: "\(Self.disHeader)\n\(Self.disRow)\n".data(using: .utf8))
        try s.run("load deltagare from \"\(path)\" \(Self.dis)")
        #expect(s.dataset.deltagare.rowCount == 1)
        #expect(try s.query("from deltagare where ung25 show count").rows.count >= 1, "the let survives")
    }
}
