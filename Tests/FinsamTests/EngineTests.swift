import Finsam
import Testing

/// The single-pass scan and the general aggregation path must give the same answers, cell
/// for cell, over every kind of filter, dimension and measure.
@Suite("Engine paths agree")
struct EngineTests {
    static let queries = [
        "from deltagare show count",
        "from deltagare show count, share(arbete_studier_slut) by startår, kön",
        "from deltagare where slutår = 2018 and registrering = personuppgifter show count, share(arbete_studier_slut) by åldersgrupp compare kön",
        "from deltagare where ålder < 30 show count by förbund, startår, kön",
        "from deltagare where ålder != 30 and ålder >= 20 show count by ung",
        "from deltagare where ålder in 20..25 or utbildning = okänd show count by utbildning",
        "from deltagare where not (kön = kvinna) show percent by åldersgrupp across registrering",
        "from deltagare where försörjning_start has aktivitetsersättning show individer by år across kön",
        "from deltagare where försörjning_start has all (aktivitetsersättning, försörjningsstöd) show count",
        "from deltagare where försörjning_slut is empty show count by slutår",
        "from deltagare where slutdatum is missing show count by startår",
        "from deltagare where registrering = personuppgifter show median(tid_i_insats), mean(omfattning_slut) by förbund.län",
        "from deltagare where registrering = personuppgifter and utbildning = grundskola show count by kommun",
        "from deltagare where förbund.län has Skåne show share(arbete_studier_slut), quantile(ålder, 0.9) by kommun.län",
        "from deltagare where år in 2019..2020 show count by år, kön",
        "from deltagare where år = 2018 show count by försörjning_start, kön",
        "from deltagare where startdatum >= 2022-07-01 show min(ålder), max(ålder), sum(omfattning_start) by kön",
        "from deltagare where kommun = Malmö or kommun = Göteborg show distinct(person), individer by kommun",
        "from deltagare where insats.inriktning = förberedande show count by bin(ålder, 20, 30, 40) across kön",
        "from deltagare where avslutsorsak in (sjukdom, flytt) show share(arbetssökande_slut), share(kön = man) by avslutsorsak",
        "from deltagare show mean(ålder) by sysselsättning_slut compare kön",
        "from insatser where år in 2016..2022 and målgrupp is not empty show count by år across målgrupp",
        "from insatser where år = 2018 show distinct(förbund), median(budget) by typ",
        "from förbund where kommuner has Göteborg show count",
        "from förbund where not länsförbund and antal_kommuner > 4 show count by län",
        "from kommuner where förbund is empty show count",
    ]

    @Test("groups are listed by the first by column, then within it by the next", arguments: [Session.Engine.automatic, .general])
    func groupOrder(_ engine: Session.Engine) throws {
        let s = Session(dataset: builtIn)
        s.engine = engine
        for query in ["from insatser where år in 2018..2019 show count by år, typ",
                      "from insatser where år in 2018..2019 show count by år, typ across inriktning",
                      "from deltagare where år in 2018..2019 show count by år, kön, ung"] {
            let table = try s.query(query)
            let dimensions = table.columns.indices.filter { table.columns[$0].role == .dimension }
            let labels = table.rows.filter { !$0.isTotal }.map { row in dimensions.map { row.cells[$0].labelText ?? "" } }
            #expect(labels.count >= 4)
            // Each by column's values in the order they come; the rows must be sorted by them.
            let order = dimensions.indices.map { d in labels.map { $0[d] }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } } }
            func positions(_ row: [String]) -> [Int] { row.indices.map { order[$0].firstIndex(of: row[$0])! } }
            #expect(labels.map(positions) == labels.map(positions).sorted { $0.lexicographicallyPrecedes($1) }, "\(query): \(labels)")
            #expect(labels.first?.first == "2018" && labels.last?.first == "2019", "\(query): \(labels)")
        }
    }

    @Test("every query gives the same table on both paths", arguments: queries)
    func samePaths(_ query: String) throws {
        let scan = Session(dataset: builtIn), general = Session(dataset: builtIn)
        general.engine = .general
        let a = try scan.query(query), b = try general.query(query)
        #expect(a.columns.map(\.name) == b.columns.map(\.name))
        #expect(a.rows.count == b.rows.count, "\(query): \(a.rows.count) rows against \(b.rows.count)")
        for (x, y) in zip(a.rows, b.rows) {
            #expect(x.cells == y.cells, "\(query)")
        }
        #expect(!a.rows.isEmpty)
    }

    @Test("two set dimensions: the scan expands one after the other, as the general path does")
    func twoSetDimensions() throws {
        for q in ["from deltagare where registrering = personuppgifter show count by förbund.län compare år 2017 vs 2018",
                  "from deltagare show count, share(ung) by försörjning_start, år",
                  "from deltagare where år in 2016..2018 show count by förbund.län, försörjning_start across år",
                  "from deltagare where år >= 2020 show count by förbund.län, år"] {
            let automatic = Session(dataset: builtIn), general = Session(dataset: builtIn)
            general.engine = .general
            #expect(automatic.render(try automatic.query(q)) == general.render(try general.query(q)), "\(q)")
        }
    }
}
