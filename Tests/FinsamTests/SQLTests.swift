import Finsam
import Testing

/// `sql`: the query as one DuckDB statement. Its numbers are checked against finsam's by the
/// differential test (Tests/FinsamDifferentialTests); here: the forms, the files and the errors.
@Suite("SQL")
struct SQLTests {
    @Test("every query form becomes one statement over the CSV files")
    func forms() throws {
        let s = Session(dataset: builtIn)
        try s.run("let ung25 = ålder < 25")
        let queries = [
            "from deltagare show count",
            "from deltagare where år = 2018 show count, individer, percent by registrering",
            "from deltagare where slutår = 2018 show share(arbete_studier_slut) by åldersgrupp compare kön",
            "from deltagare show mean(ålder), median(ålder), sum(omfattning_slut), min(ålder), max(ålder), quantile(tid_i_insats, 0.9) by ung25 across kön",
            "from deltagare where försörjning_start has any (sjukpenning, a-kassa) show count by år, förbund.län compare år 2017 vs 2018",
            "from deltagare where insats.förbund.län has Skåne show distinct(kommun) by bin(ålder, 16, 30, 45) order by distinct(kommun) desc top 2",
            "from kommuner where förbund is empty show count by län",
            "from förbund where länsförbund show count, mean(antal_kommuner) by län",
            "from insatser where år in 2016..2018 show count by typ, inriktning",
        ]
        for query in queries {
            let sql = try s.sql(query)
            #expect(sql.hasPrefix("-- finsam: \(query)"))
            #expect(sql.contains("read_csv('data/"), "the built-in dataset is read from data/, as finsam generate writes it")
            #expect(sql.hasSuffix(";"))
            #expect(sql.split(separator: "\n").filter { $0.hasSuffix(";") }.count == 1, "one statement: \(query)")
        }
        #expect(try s.sql("from deltagare show count by förbund.län").contains("LEFT JOIN forbund"))
        #expect(try s.sql("from deltagare show count by år").contains("unnest("))
    }

    @Test("the sql statement at the prompt; the folder of the session or of a load")
    func statementAndFiles() throws {
        let s = Session(dataset: builtIn)
        guard case .message(let text)? = try s.run("sql from deltagare where kön = kvinna show count").first else {
            Issue.record("sql gives no message"); return
        }
        #expect(text.contains("WHERE t.\"kön\" IN ('kvinna')"))
        #expect(try s.sql("from kommuner show count", directory: "/x/y").contains("read_csv('/x/y/kommuner.csv'"))
        #expect(throws: FinsamError.self) { try s.run("sql from deltagare where kön = kvina") }
        #expect(throws: FinsamError.self) { try s.sql("tables") }
        #expect(throws: FinsamError.self) { try s.run("sql tables") }
        #expect(s.lastResult == nil, "sql runs nothing")
    }
}
