import Finsam
import FinsamStore
import Foundation
import Testing

/// Bad queries and their full error text with caret, kept as a snapshot
/// (Snapshots/query-errors.txt; FINSAM_UPDATE_SNAPSHOTS=1 rewrites it).
@Suite("Query errors")
struct QueryErrorTests {
    static let cases: [String] = [
        "from deltagare where kön = kvina show count",
        "from deltagre show count",
        "from deltagare where kn = kvinna",
        "from deltagare show count by åldersgrup",
        "from deltagare whre år = 2018 show count",
        "from deltagare show share(ålder)",
        "from deltagare show mean(kön)",
        "from deltagare where ålder has 30",
        "from deltagare where försörjning_start = sjukpenning",
        "from deltagare where försörjning_start has sjukpeng",
        "from deltagare where registrering = personuppgifter and",
        "from deltagare where (kön = kvinna show count",
        "from deltagare show count by län",
        "from deltagare show count by förbund.lan2",
        "from deltagare where ålder < trettio",
        "from deltagare where startdatum > 2018",
        "from deltagare where avslutsorsak = fortsatt rehabilitering",
        "from deltagare show count compare kön kvinna",
        "from deltagare show count across kön compare år",
        "from deltagare show individer by år order by antal desc",
        "from kommuner show individer",
        "from deltagare where förbund = stockholm_stad show count",
        "from deltagare show count top 0",
        "from deltagare show cuont",
        "frm deltagare show count",
        "from deltagare where kön = \"kvinna show count",
        "from deltagare where ung = kanske",
        "from deltagare show quantile(ålder, 1.5)",
        "from deltagare where ålder in 20..",
        "from deltagare show count by bin(ålder, 30, 20)",
        "set format tabell",
        "expect 5",
        "load deltagare from \"/nonexistent/deltagare.csv\"",
        "from deltagare where år = 2018 show count by registrering\nexpect 32715",
        "let ung = ålder < 25",
        "let x = foo < 3",
        "from deltagare where ålder ≥ 30 and kön = 'man'",
        "from deltagare show share(ung) by kön with kön",
        "set ci 80",
        "export to \"diagram.svg\"",
        "tables\nexport to \"diagram.svg\"",
        "let unga = ålder < 25\nfrom deltagare where unga = true show count",
        "let band = bin(ålder, 20, 35)\nfrom deltagare show mean(band) by kön",
        "let band = bin(ålder, 20, 35)\nfrom deltagare show count by band order by bnad",
        "from deltagare where ålder > 30 and show count",
        "from deltagare where ålder > 30.5 show count",
        "from deltagare where startdatum > 2018-13-01 show count",
        "from deltagare where startdatum < 2019-02-29 show count",
        "from deltagare where ålder > -5 show count",
        "from deltagare where ålder > 30 where kön = man show count",
        "from deltagare where förbund.län = \"Västra Götaland\" show count",
        "from deltagare where förbund.län = Väst show count",
        "from deltagare show mean(arbete_studier_slut)",
        "let sjuk = försörjning_start has sjukpenning\nfrom insatser where sjuk show count",
        "from deltagare show count compare år 2017 vs 2035",
        // The second wave: each construct's likeliest mistake.
        "from deltagare show count, invånare by förbund",
        "from deltagare where år = 2018 show count by förbund having kön = kvinna",
        "from deltagare where år = 2018 show count by förbund having antl >= 30",
        "let stöd = case when ålder < 30 \"unga\" end",
        "let stöd = case when ålder < 30 then \"unga\"",
        "let stöd = case when försörjning_start has sjukpenning then \"FK\" else \"annat\" end\nfrom deltagare where stöd = \"Fk-ersättning\" show count",
        "from deltagare where år = 2018 show count by förbund then show mean(antal) by förbund.länsförbund",
        "from deltagare where år = 2018 show count by förbund then show mean(count) by län",
        "from deltagare show mean(omfattning_slut / omfattning_start)",
        "from deltagare where startdatum + 30 > slutdatum show count",
        "from deltagare show count by month(ålder)",
        "from deltagare show count by kön with test",
        "from deltagare show percent of rows by kön across utbildning",
        "from deltagare list kön, ålder",
        "from deltagare show count compare år 2017 vs 2018 order by skilnad desc",
        "from deltagare show count / percent by kön",
    ]

    /// One snapshot per language: `query-errors.sv.txt`, `query-errors.en.txt`.
    static func snapshotPath(_ language: Language) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/query-errors.\(language.rawValue).txt").path
    }

    func message(_ text: String, language: Language = .en) -> String {
        let session = Session(dataset: builtIn)
        session.display.locale = DisplayLocale(language: language)
        do {
            try session.run(text, name: "<query>")
            return "(no error)"
        } catch {
            return error.description
        }
    }

    @Test("every bad query gets a placed message with a caret (snapshot, each language)", arguments: Language.allCases)
    func snapshot(_ language: Language) throws {
        var actual = ""
        for text in Self.cases { actual += "### \(text)\n\(message(text, language: language))\n\n" }
        if ProcessInfo.processInfo.environment["FINSAM_UPDATE_SNAPSHOTS"] == "1" {
            try actual.write(toFile: Self.snapshotPath(language), atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: Self.snapshotPath(language), encoding: .utf8)
        let e = expected.components(separatedBy: "\n### "), a = actual.components(separatedBy: "\n### ")
        #expect(e.count == a.count, "cases differ in number")
        for (x, y) in zip(e, a) { #expect(y == x) }
    }

    @Test("each bad query fails with a position", arguments: cases)
    func placed(_ text: String) {
        let session = Session(dataset: builtIn)
        do {
            try session.run(text, name: "<query>")
            Issue.record("no error for \(text)")
        } catch {
            if !text.hasPrefix("load") { #expect(error.location != nil, "\(error)") }
            #expect(!error.message.isEmpty)
        }
    }
}
